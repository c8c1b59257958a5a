import type { Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { CacheTrust } from '../../runtime/redis-coherence.ts';
import {
  deferRevocations,
  deleteDeferredRevocations,
  oldestDeferredRevocations,
} from './revocation-outbox.repository.ts';
import type { SessionStateStore } from './session-state.ts';

const DRAIN_BATCH = 500;

export interface RevocationRelayMetrics {
  /** Revocations this instance could not publish and left in the outbox. */
  deferred: number;
  /** Outbox revocations this instance published later. */
  relayed: number;
  /** Revocations lost to both Redis and Postgres failing at once (logged with their ids). */
  unrecorded: number;
}

/**
 * Tells Redis about revocations already committed to Postgres, and makes sure none is lost
 * when Redis cannot be told at that moment.
 *
 * Redis may hold an encrypted `active` copy of a session cached before it was revoked. While
 * Redis is unreachable nobody reads it (every check falls back to Postgres); the danger is the
 * moment it comes back, or a partition where other instances still read it. So a revocation
 * that cannot be published goes to `control.revocation_outbox` instead, this process stops
 * trusting Redis at once, and every instance — told by the outbox's notification — stops trusting
 * it until one that reaches Redis has published what is there (runtime/redis-coherence.ts relays
 * `drain`). The operation that revoked still succeeds: Postgres, the truth, already says so.
 */
export class RevocationPublisher {
  private draining: Promise<number> | undefined;
  private readonly counters: RevocationRelayMetrics = { deferred: 0, relayed: 0, unrecorded: 0 };

  constructor(
    private readonly sessionState: SessionStateStore,
    private readonly db: Pick<Database, 'control'>,
    private readonly logger: Logger,
    private readonly trust: CacheTrust,
  ) {}

  /** Call after the revocation is committed to Postgres. Never throws for a Redis failure. */
  async publish(tenantId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    try {
      await this.sessionState.markRevoked(tenantId, sessionIds);
      return;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, tenantId, sessions: sessionIds.length },
        'revocations: redis unreachable, deferred to the outbox',
      );
    }
    this.trust.distrust('a revocation could not be published');
    try {
      await deferRevocations(this.db.control, tenantId, sessionIds);
      this.counters.deferred += sessionIds.length;
    } catch (error) {
      // Postgres holds the revocation itself; only the cached copies could outlive it (at most
      // the cache TTL, one access-token lifetime). Say exactly which.
      this.counters.unrecorded += sessionIds.length;
      this.logger.error(
        { err: (error as Error).message, tenantId, sessionIds },
        'revocations: neither redis nor the outbox could take them',
      );
    }
  }

  /**
   * Publishes what the outbox holds, oldest first, and deletes what was published. Concurrent
   * drains (several instances) are harmless: publishing a revocation twice changes nothing.
   * Returns how many were published; throws when Redis still cannot be reached.
   */
  drain(): Promise<number> {
    this.draining ??= this.drainAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainAll(): Promise<number> {
    let published = 0;
    for (;;) {
      const rows = await oldestDeferredRevocations(this.db.control, DRAIN_BATCH);
      if (rows.length === 0) return published;
      const byTenant = new Map<string, string[]>();
      for (const row of rows) {
        const ids = byTenant.get(row.tenantId) ?? [];
        ids.push(row.sessionId);
        byTenant.set(row.tenantId, ids);
      }
      for (const [tenantId, sessionIds] of byTenant) {
        await this.sessionState.markRevoked(tenantId, sessionIds);
        await deleteDeferredRevocations(this.db.control, tenantId, sessionIds);
        published += sessionIds.length;
        this.counters.relayed += sessionIds.length;
        this.logger.info({ tenantId, sessions: sessionIds.length }, 'revocations: published from the outbox');
      }
      if (rows.length < DRAIN_BATCH) return published;
    }
  }

  metrics(): Readonly<RevocationRelayMetrics> {
    return { ...this.counters };
  }
}
