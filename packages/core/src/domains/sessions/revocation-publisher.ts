import type { Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { Redis } from '../../runtime/redis.ts';
import {
  deferRevocations,
  deleteDeferredRevocations,
  oldestDeferredRevocations,
} from './revocation-outbox.repository.ts';
import type { SessionStateStore } from './session-state.ts';

/** How often each instance looks for revocations another instance could not publish. */
export const REVOCATION_RELAY_INTERVAL_MS = 5_000;
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
 * that cannot be published goes to `control.revocation_outbox` instead, and every instance that
 * can reach Redis publishes what is there and deletes it: at once when its Redis connection
 * becomes ready again, and every REVOCATION_RELAY_INTERVAL_MS otherwise. The operation that
 * revoked still succeeds: Postgres, the truth, already says so.
 */
export class RevocationPublisher {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private readonly onReady = () => void this.drainEverything().catch(() => undefined);
  /** Other outboxes the same relay drains (permission-cache invalidations). */
  private readonly otherDrains: Array<() => Promise<unknown>> = [];
  private readonly counters: RevocationRelayMetrics = { deferred: 0, relayed: 0, unrecorded: 0 };

  constructor(
    private readonly sessionState: SessionStateStore,
    private readonly db: Pick<Database, 'control'>,
    private readonly logger: Logger,
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

  /** Another outbox of changes Redis must learn, drained with this one (same triggers). */
  alsoDrain(drain: () => Promise<unknown>): void {
    this.otherDrains.push(drain);
  }

  private async drainEverything(): Promise<void> {
    await this.drain();
    for (const drain of this.otherDrains) await drain();
  }

  /** Drains when `redis` (re)connects and on an interval. */
  start(redis: Redis, intervalMs = REVOCATION_RELAY_INTERVAL_MS): void {
    if (this.timer) return;
    redis.on('ready', this.onReady);
    this.timer = setInterval(() => {
      this.drainEverything().catch((error: unknown) =>
        this.logger.debug({ err: (error as Error).message }, 'outbox not drained yet'),
      );
    }, intervalMs);
    this.timer.unref();
    this.stopListening = () => redis.off('ready', this.onReady);
  }

  private stopListening: () => void = () => undefined;

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening();
    await this.draining?.catch(() => undefined);
  }

  metrics(): Readonly<RevocationRelayMetrics> {
    return { ...this.counters };
  }
}
