import { outcomeOf } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import { normaliseTenantDomain } from './tenant-domain.ts';

const platform = ['app.tradesage.com', 'tradesage.local'];

const outcome = (domain: string) => outcomeOf(() => normaliseTenantDomain(domain, platform));

describe('custom tenant domains', () => {
  it('accepts DNS names, forgiving case and a trailing dot', () => {
    expect(outcome('trading.acme.com')).toBe('trading.acme.com');
    expect(outcome(' Trading.ACME.com. ')).toBe('trading.acme.com');
    expect(outcome('xn--bcher-kva.ch')).toBe('xn--bcher-kva.ch');
    expect(outcome('acme.tradesage.com')).toBe('acme.tradesage.com');
  });

  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '[::1]',
    '::1',
    'localhost',
    'foo.localhost',
    'printer.local',
    'db.internal',
    'acme.example',
    'router.home.arpa',
    'acme',
    'acme.com/path',
    'user@acme.com',
    'acme..com',
    '-acme.com',
    'ac_me.com',
    'bücher.de',
    `${'a'.repeat(64)}.com`,
    'app.tradesage.com',
    'evil.app.tradesage.com',
    'x.tradesage.local',
  ])('refuses %s', (domain) => {
    expect(outcome(domain)).toBe('BAD_USER_INPUT');
  });
});
