import { listenForNotifications, type Database, type NotificationListener } from '@tradesage/prisma';
import type { DependencyBreaker } from './dependency-breaker.ts';
import type { Logger } from './logger.ts';
import { isRedisReady, type Redis } from './redis.ts';

/** The Redis key holding the epoch Redis was last granted (with the deployment's key prefix). */
export const CACHE_EPOCH_KEY = 'cache-epoch';
/** Postgres channel an insert into any outbox notifies (control.notify_cache_outbox). */
export const CACHE_OUTBOX_CHANNEL = 'tradesage_cache_outbox';
/** How often an instance looks at the outboxes itself, in case a notification was missed. */
export const OUTBOX_POLL_MS = 500;

/** What a reader of the cache asks: the trusted epoch, and whether a marker read agrees with it. */
export interface CacheTrust {
  /** The epoch entries must carry now, or null: Redis is not trusted, read Postgres. */
  readonly epoch: string | null;
  /** The epoch for the marker a request read in its round trip, or null (use Postgres). */
  accept(marker: string | null | undefined): string | null;
  /** A write Redis could not take: stop trusting it until the outboxes are relayed. */
  distrust(reason: string): void;
}

/** Never trusts Redis: for code that only writes to it (scripts publishing revocations). */
export const NEVER_TRUSTED: CacheTrust = { epoch: null, accept: () => null, distrust: () => undefined };

/**
 * Whether this process may believe what Redis caches (session states, permission sets, API-key
 * states), and under which epoch. Postgres is the truth; Redis is trusted only while nothing can
 * have made it older than Postgres:
 *
 * - **Epoch.** `control.cache_epoch` holds the epoch and the Redis server (its `run_id`) it was
 *   granted to; Redis holds the same epoch under CACHE_EPOCH_KEY. Every cached entry carries the
 *   epoch it was written under, and every request reads the marker in the same round trip as the
 *   entries it uses: an entry counts only when its epoch, the marker and this process's trusted
 *   epoch are the same. Before trusting Redis (at start, on every reconnection, after the breaker
 *   closes), an instance compares Redis's run_id and marker with the row, under the row's lock: a
 *   different server (restarted from an RDB or empty, a failover to a replica) or a missing or
 *   other marker (a flush, older data) is granted a new epoch first, so everything it held from
 *   before is ignored, and the marker changing under other instances makes them re-check too.
 * - **Outboxes.** A change Redis could not take (a revocation, a permission invalidation, an API
 *   key's state) waits in a Postgres outbox; the insert notifies CACHE_OUTBOX_CHANNEL. On that
 *   notification — and on the instance's own failed write, and on finding rows when it looks
 *   every OUTBOX_POLL_MS — an instance stops trusting Redis, relays the outboxes, and only then
 *   trusts it again.
 * - **Untrusted** (the epoch is null): readers take the answer from Postgres and write nothing
 *   to the cache; Redis's other uses (rate limits, locks, challenges) go on.
 *
 * What remains is the time a notification takes to reach another instance (measured in the
 * bench), bounded by OUTBOX_POLL_MS when a notification is lost.
 */
export class RedisCoherence implements CacheTrust {
  #epoch: string | null = null;
  /** The epoch last trusted: a different one tells the epoch listeners. */
  #lastEpoch: string | null = null;
  /** Bumped by every event that makes Redis untrusted; an establishment that saw one starts over. */
  #generation = 0;
  #establishing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #listener: NotificationListener | undefined;
  #stopped = false;
  readonly #drains: Array<() => Promise<unknown>> = [];
  readonly #epochListeners = new Set<(epoch: string) => void>();
  readonly #unsubscribe: Array<() => void> = [];

  constructor(
    private readonly redis: Redis,
    private readonly breaker: DependencyBreaker,
    private readonly db: Pick<Database, 'control'>,
    private readonly logger: Logger,
  ) {}

  /** The epoch entries must carry now, or null: Redis is not trusted, read Postgres. */
  get epoch(): string | null {
    return this.#epoch;
  }

  /**
   * For the marker a request read in its round trip: the epoch the request's entries must carry,
   * or null (use Postgres). A marker other than the trusted epoch makes the process re-check.
   */
  accept(marker: string | null | undefined): string | null {
    const epoch = this.#epoch;
    if (epoch !== null && marker === epoch) return epoch;
    if (epoch !== null) this.distrust('the epoch marker in redis changed');
    return null;
  }

  /** Stops trusting Redis at once, and re-establishes trust as soon as it can. */
  distrust(reason: string): void {
    this.#generation += 1;
    if (this.#epoch !== null) this.logger.info({ reason }, 'redis cache: not trusted until checked again');
    this.#epoch = null;
    this.#establish();
  }

  /** An outbox the relay applies before trusting Redis; throws while Redis cannot take it. */
  relays(drain: () => Promise<unknown>): void {
    this.#drains.push(drain);
  }

  /** Called with the new epoch when it changes: per-process caches kept valid by Redis start over. */
  onEpochChange(listener: (epoch: string) => void): () => void {
    this.#epochListeners.add(listener);
    return () => this.#epochListeners.delete(listener);
  }

  /** Resolves once the current attempt at trusting Redis has ended (trusted or not). */
  async settled(): Promise<void> {
    await this.#establishing;
  }

  /**
   * Tries to trust Redis now, if it is not trusted, and resolves once that attempt has ended (after
   * the control schema's migrations, which the first attempt of a new deployment ran before).
   */
  async verify(): Promise<void> {
    if (this.#epoch === null) this.#establish();
    await this.settled();
  }

  /**
   * Starts watching: Redis's connection and breaker, the outbox channel (over its own
   * connection to `connectionString`) and the outbox poll.
   */
  start(connectionString: string | undefined): void {
    const onClose = () => this.distrust('redis connection lost');
    const onReady = () => this.distrust('redis connected');
    this.redis.on('close', onClose);
    this.redis.on('ready', onReady);
    this.#unsubscribe.push(() => {
      this.redis.off('close', onClose);
      this.redis.off('ready', onReady);
    });
    this.#unsubscribe.push(
      this.breaker.onStateChange((state) => {
        if (state === 'open') this.distrust('redis breaker opened');
        else if (state === 'closed') this.#establish();
      }),
    );
    if (connectionString)
      this.#listener = listenForNotifications(connectionString, CACHE_OUTBOX_CHANNEL, {
        onNotification: () => this.distrust('a change waits in an outbox'),
        onListening: () => this.distrust('outbox notifications (re)started'),
        onError: (error) => this.logger.warn({ err: error.message }, 'redis cache: outbox notifications lost'),
      });
    this.#timer = setInterval(() => void this.#poll(), OUTBOX_POLL_MS);
    this.#timer.unref();
    this.#establish();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    await this.#listener?.close();
    await this.#establishing?.catch(() => undefined);
  }

  async #poll(): Promise<void> {
    if (this.#epoch === null) {
      this.#establish();
      return;
    }
    try {
      const [row] = await this.db.control.$queryRaw<Array<{ waiting: boolean }>>`
        SELECT EXISTS (SELECT 1 FROM control.revocation_outbox)
            OR EXISTS (SELECT 1 FROM control.permission_invalidations)
            OR EXISTS (SELECT 1 FROM control.redis_outbox) AS waiting`;
      if (row?.waiting) this.distrust('a change waits in an outbox');
    } catch (error) {
      this.logger.debug({ err: (error as Error).message }, 'redis cache: outboxes not read');
    }
  }

  #establish(): void {
    if (this.#stopped) return;
    this.#establishing ??= this.#establishLoop().finally(() => {
      this.#establishing = undefined;
    });
  }

  async #establishLoop(): Promise<void> {
    for (;;) {
      if (this.#stopped || !this.breaker.available || !isRedisReady(this.redis)) return;
      const generation = this.#generation;
      let epoch: string;
      try {
        for (const drain of this.#drains) await drain();
        epoch = await this.#grantedEpoch();
      } catch (error) {
        // Tried again on the next poll, reconnection or closing of the breaker.
        this.logger.debug({ err: (error as Error).message }, 'redis cache: not trusted yet');
        return;
      }
      if (generation !== this.#generation) continue;
      const changed = epoch !== this.#lastEpoch;
      this.#lastEpoch = epoch;
      this.#epoch = epoch;
      if (changed)
        for (const listener of this.#epochListeners) {
          try {
            listener(epoch);
          } catch (error) {
            this.logger.error({ err: (error as Error).message }, 'redis cache: epoch listener failed');
          }
        }
      this.logger.info({ epoch }, 'redis cache: trusted');
      return;
    }
  }

  /**
   * The epoch of the Redis we are connected to: the stored one when Redis is the server it was
   * granted to and still holds its marker; otherwise a new one, granted under the row's lock.
   */
  async #grantedEpoch(): Promise<string> {
    const runId = /run_id:([0-9a-f]+)/.exec(await this.redis.info('server'))?.[1] ?? 'unknown';
    return this.db.control.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ epoch: bigint; redis_run_id: string | null }>>`
        SELECT epoch, redis_run_id FROM control.cache_epoch WHERE id = 1 FOR UPDATE`;
      if (!row) throw new Error('control.cache_epoch has no row');
      const marker = await this.redis.get(CACHE_EPOCH_KEY);
      if (row.redis_run_id === runId && marker === String(row.epoch)) return marker;
      const [granted] = await tx.$queryRaw<Array<{ epoch: bigint }>>`
        UPDATE control.cache_epoch SET epoch = epoch + 1, redis_run_id = ${runId}, updated_at = now()
        WHERE id = 1 RETURNING epoch`;
      const epoch = String(granted?.epoch);
      await this.redis.set(CACHE_EPOCH_KEY, epoch);
      // The deployment's first Redis is no news; any later change of Redis is worth a warning.
      const level = row.redis_run_id === null ? 'info' : 'warn';
      this.logger[level](
        { epoch, redisChanged: row.redis_run_id !== runId, markerFound: marker !== null },
        'redis cache: new epoch granted; every entry cached before it is ignored',
      );
      return epoch;
    });
  }
}
