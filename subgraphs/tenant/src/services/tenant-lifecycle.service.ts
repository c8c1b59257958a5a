import {
  BadInputError,
  NotFoundError,
  RequestService,
  revokeAllTenantSessions,
  setTenantApiKeysEnabled,
} from '@tradesage/core';
import { InvalidTransitionError, pastTense, type TenantAction } from '../errors.ts';
import { TenantRepository, type TenantChanges, type TenantRow } from '../repositories/tenant.repository.ts';
import { auditTenant } from './tenant-audit.ts';
import { nextStatus } from './tenant-lifecycle.ts';

export type ManualAction = Exclude<TenantAction, 'purge'>;

const MAX_REASON = 500;
const DAY_MS = 86_400_000;

/**
 * Moves tenants through their lifecycle (platform administrators). Suspending or cancelling ends
 * every session of the tenant at once, so its access tokens are refused on their next request;
 * logins are refused by the auth subgraph for any status but `active`. Data is kept until purge.
 */
export class TenantLifecycleService extends RequestService {
  readonly #tenants = new TenantRepository(this.runtime.db.control);

  activate(id: string): Promise<TenantRow> {
    return this.#transition(id, 'activate', () => ({ suspendedAt: null, suspensionReason: null }));
  }

  suspend(id: string, reason: string): Promise<TenantRow> {
    const why = reason.trim();
    if (why.length === 0 || why.length > MAX_REASON) {
      throw new BadInputError('BAD_USER_INPUT', `reason must be 1 to ${MAX_REASON} characters`, { field: 'reason' });
    }
    return this.#transition(id, 'suspend', (now) => ({ suspendedAt: now, suspensionReason: why }), { reason: why });
  }

  cancel(id: string): Promise<TenantRow> {
    return this.#transition(id, 'cancel', (now) => ({
      cancelledAt: now,
      purgeAfter: new Date(now.getTime() + this.runtime.config.tenants.retentionDays * DAY_MS),
    }));
  }

  /** Brings a cancelled tenant back while its data is still there (until the purge job ran). */
  restore(id: string): Promise<TenantRow> {
    return this.#transition(id, 'restore', () => ({
      cancelledAt: null,
      purgeAfter: null,
      suspendedAt: null,
      suspensionReason: null,
    }));
  }

  async #transition(
    id: string,
    action: ManualAction,
    changes: (now: Date) => TenantChanges,
    data: Record<string, string> = {},
  ): Promise<TenantRow> {
    const current = await this.#tenants.findById(id);
    if (!current) throw new NotFoundError('Tenant');
    if (current.id === (await this.runtime.platformTenantId())) {
      throw new InvalidTransitionError(action, current.status, 'The platform tenant cannot change status');
    }
    const to = nextStatus(action, current.status);
    const now = new Date();
    // Compare-and-set on the status read above: a concurrent transition (or the purge job) wins
    // cleanly and this one reports what it found instead of overwriting it.
    const updated = await this.#tenants.updateIfStatus(current.id, current.status, { status: to, ...changes(now) });
    if (!updated) {
      const latest = await this.#tenants.findById(current.id);
      throw new InvalidTransitionError(
        action,
        latest?.status ?? current.status,
        `The tenant changed meanwhile (now ${latest?.status ?? 'gone'}); try again`,
      );
    }
    let sessionsEnded = 0;
    let revocationFailed: unknown;
    if (to === 'suspended' || to === 'cancelled') {
      try {
        // Its API keys are refused while it is so (kept: a restored tenant's keys work again).
        await setTenantApiKeysEnabled(this.runtime, current.id, false);
        sessionsEnded = await revokeAllTenantSessions(
          this.runtime,
          current.id,
          to === 'suspended' ? 'tenant_suspended' : 'tenant_cancelled',
        );
      } catch (error) {
        // Audited either way; the caller still learns that ending the sessions failed.
        revocationFailed = error;
      }
    } else if (to === 'active') {
      try {
        await setTenantApiKeysEnabled(this.runtime, current.id, true);
      } catch (error) {
        revocationFailed = error;
      }
    }
    await auditTenant(
      this.runtime,
      this.caller,
      current.id,
      {
        action: `tenant.${pastTense(action)}`,
        data: {
          from: current.status,
          to,
          sessionsEnded,
          ...(revocationFailed === undefined ? {} : { sessionRevocationFailed: true }),
          ...data,
        },
      },
      { tenantLog: true, platform: true },
    );
    if (revocationFailed !== undefined) throw revocationFailed;
    this.runtime.logger.info(
      { tenantId: current.id, action, from: current.status, to, sessionsEnded },
      'tenant status changed',
    );
    return updated;
  }
}
