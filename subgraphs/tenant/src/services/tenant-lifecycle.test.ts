import { outcomeOf } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import type { TenantAction } from '../errors.ts';
import { nextStatus, type TenantStatusValue } from './tenant-lifecycle.ts';

const STATUSES: TenantStatusValue[] = ['pending', 'active', 'suspended', 'cancelled', 'purged'];
const ACTIONS: TenantAction[] = ['activate', 'suspend', 'cancel', 'restore', 'purge'];

const outcome = (action: TenantAction, from: TenantStatusValue) => outcomeOf(() => nextStatus(action, from));

describe('tenant lifecycle', () => {
  it('allows exactly the transitions of the table, and refuses every other with INVALID_TRANSITION', () => {
    const table = Object.fromEntries(
      ACTIONS.map((action) => [action, Object.fromEntries(STATUSES.map((from) => [from, outcome(action, from)]))]),
    );
    expect(table).toEqual({
      activate: {
        pending: 'active',
        active: 'INVALID_TRANSITION',
        suspended: 'active',
        cancelled: 'INVALID_TRANSITION',
        purged: 'INVALID_TRANSITION',
      },
      suspend: {
        pending: 'INVALID_TRANSITION',
        active: 'suspended',
        suspended: 'INVALID_TRANSITION',
        cancelled: 'INVALID_TRANSITION',
        purged: 'INVALID_TRANSITION',
      },
      cancel: {
        pending: 'cancelled',
        active: 'cancelled',
        suspended: 'cancelled',
        cancelled: 'INVALID_TRANSITION',
        purged: 'INVALID_TRANSITION',
      },
      restore: {
        pending: 'INVALID_TRANSITION',
        active: 'INVALID_TRANSITION',
        suspended: 'INVALID_TRANSITION',
        cancelled: 'active',
        purged: 'INVALID_TRANSITION',
      },
      purge: {
        pending: 'INVALID_TRANSITION',
        active: 'INVALID_TRANSITION',
        suspended: 'INVALID_TRANSITION',
        cancelled: 'purged',
        purged: 'INVALID_TRANSITION',
      },
    });
  });

  it('says how to get a purged tenant back', () => {
    expect(() => nextStatus('restore', 'purged')).toThrow(/tenant:restore/);
  });
});
