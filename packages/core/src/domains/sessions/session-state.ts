import crypto from 'node:crypto';
import type { Logger } from '../../runtime/logger.ts';
import { CACHE_EPOCH_KEY, type CacheTrust } from '../../runtime/redis-coherence.ts';
import { tenantKey, type Redis } from '../../runtime/redis.ts';
import { SealingCipher } from '../../runtime/sealing-cipher.ts';
import { API_CALL_RETENTION_SECONDS, apiCallCounterKey } from '../tenants/tenant-usage.ts';

export type SessionState = 'active' | 'revoked';

/**
 * The hot copy of an active session kept in Redis, encrypted (AES-256-GCM, SESSION_CACHE_KEYS).
 * Revocation markers stay the plain word `revoked`: they carry nothing about the session.
 */
export interface SessionHotCopy {
  readonly state: 'active';
  /** The cache epoch it was written under (runtime/redis-coherence.ts): any other is a miss. */
  readonly epoch: string;
  readonly userId: string | null;
  /** ISO timestamps. */
  readonly expiresAt: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly lastActiveAt: string | null;
}

/** What the loader may give for an active session: the row's details (cached encrypted) or just the state. */
export interface ActiveSessionRow {
  readonly userId: string;
  readonly expiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly lastActiveAt: Date;
}

/** Reads the truth from Postgres: the session's state (with its row when active) in the tenant schema. */
export type SessionStateLoader = (
  tenantId: string,
  sessionId: string,
) => Promise<SessionState | ({ state: 'active' } & ActiveSessionRow)>;

const REVOKED = 'revoked';

/** What else the gateway asks Redis on the same request, folded into the state check's round trip. */
export interface SessionCheckOptions {
  /** Take the once-a-minute `lastActiveAt` gate (SET NX EX 60): `touchDue` says whether to write. */
  readonly touch?: boolean;
  /** Count one API call of the tenant for today (domains/tenants/tenant-usage.ts). */
  readonly countApiCall?: boolean;
  /** The request's user agent: remembered per session, `userAgentChanged` says when it differs. */
  readonly userAgent?: string | undefined;
  /** More keys to read (MGET) in the same round trip, e.g. the caller's cached permissions (domains/permissions/permission-cache.service.ts). */
  readonly alsoGet?: readonly string[];
  readonly now?: Date;
}

export interface SessionCheck {
  readonly active: boolean;
  /** This request won the once-a-minute gate: write `lastActiveAt` (false with Redis down). */
  readonly touchDue: boolean;
  /**
   * The user agent differs from the one last seen in this session: true once per change.
   * `unknown`: Redis had no record (first request, flushed Redis); compare with Postgres.
   */
  readonly userAgentChanged: boolean | 'unknown';
  /** The decrypted hot copy when the session is active (absent with Redis down). */
  readonly session?: SessionHotCopy;
  /**
   * The values of `alsoGet`'s keys, in order, with the cache epoch they must carry to count, when
   * the session is active and Redis is trusted (absent otherwise: Redis down, or not trusted yet).
   */
  readonly alsoGot?: CachedValues;
}

/** Values read from Redis in a request's round trip, and the epoch an entry among them must carry. */
export interface CachedValues {
  readonly values: ReadonlyArray<string | null>;
  readonly epoch: string;
}

/** lastActiveAt is written at most once per this many seconds per session. */
export const TOUCH_INTERVAL_SECONDS = 60;
/** How long the last seen user agent of a session is remembered (the longest refresh lifetime). */
const USER_AGENT_TTL_SECONDS = 90 * 24 * 3600;

export function userAgentFingerprint(userAgent: string): string {
  return crypto.createHash('sha256').update(userAgent, 'utf8').digest('base64url').slice(0, 22);
}

/**
 * Whether a session may still be used, answered with one Redis round trip on the hot path.
 *
 * Redis holds a cache of each session's state, never the only copy: a miss (flushed or
 * restarted Redis) reloads from Postgres, and an unreachable or untrusted Redis (see
 * runtime/redis-coherence.ts) is not read at all: Postgres answers every request. It never
 * fails open. An active copy counts only under the current cache epoch, read in the same round
 * trip, so a Redis back with older data (a restart from an RDB, a failover) cannot answer for
 * a session Postgres has since ended.
 *
 * Revocation writes Postgres first, then overwrites the cached state with `revoked` (a session
 * never comes back, so `revoked` needs no epoch). A reader that loaded `active` before the revoke
 * fills the cache with SET NX (or replaces only the very value it read), so it can never
 * overwrite a `revoked` written meanwhile.
 */
export class SessionStateStore {
  private readonly cipher: SealingCipher;

  /**
   * `cipher`: the SESSION_CACHE_KEYS cipher shared by every process. Without one (scripts that
   * only publish revocations) a random per-process key is used: other processes cannot read its
   * hot copies, which for them is a cache miss (reload from Postgres), never an active session.
   */
  constructor(
    private readonly redis: Redis,
    private readonly loadFromDatabase: SessionStateLoader,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
    private readonly trust: CacheTrust,
    cipher?: SealingCipher,
  ) {
    this.cipher = cipher ?? new SealingCipher([crypto.randomBytes(32)]);
  }

  /** The encrypted Redis value for an active session (AAD: the Redis key). */
  sealHotCopy(tenantId: string, sessionId: string, row: ActiveSessionRow | null, epoch: string): string {
    const copy: SessionHotCopy = {
      state: 'active',
      epoch,
      userId: row?.userId ?? null,
      expiresAt: row?.expiresAt.toISOString() ?? null,
      ip: row?.ip ?? null,
      userAgent: row?.userAgent ?? null,
      lastActiveAt: row?.lastActiveAt.toISOString() ?? null,
    };
    return this.cipher.seal(tenantKey(tenantId, 'sess', sessionId), JSON.stringify(copy));
  }

  /**
   * The hot copy in a cached value, or null when it is not one we can trust (rotated-out key,
   * tampered, legacy, or written under another cache epoch).
   */
  openHotCopy(key: string, value: string, epoch: string): SessionHotCopy | null {
    const plaintext = this.cipher.open(key, value);
    if (plaintext === null) return null;
    try {
      const copy = JSON.parse(plaintext) as SessionHotCopy;
      return copy.state === 'active' && copy.epoch === epoch ? copy : null;
    } catch {
      return null;
    }
  }

  async isActive(tenantId: string, sessionId: string): Promise<boolean> {
    return (await this.check(tenantId, sessionId)).active;
  }

  /**
   * The session's state, plus whatever else the request needs from Redis (the lastActiveAt gate,
   * the API-call counter, the user-agent record, the cached permissions), all in ONE pipelined
   * round trip. Only a cache miss costs more (Postgres, then SET NX). With Redis down: Postgres
   * answers the state, and the extras are skipped (no lastActiveAt write, no count, no user-agent
   * record, no `alsoGot`), never failed open.
   */
  async check(tenantId: string, sessionId: string, options: SessionCheckOptions = {}): Promise<SessionCheck> {
    if (this.trust.epoch === null) return this.fromDatabase(tenantId, sessionId);
    const key = tenantKey(tenantId, 'sess', sessionId);
    const uaKey = tenantKey(tenantId, 'sess-ua', sessionId);
    let results: Array<[Error | null, unknown]>;
    try {
      const pipeline = this.redis.pipeline();
      pipeline.get(key);
      if (options.touch)
        pipeline.set(tenantKey(tenantId, 'sess-touch', sessionId), '1', 'EX', TOUCH_INTERVAL_SECONDS, 'NX');
      if (options.userAgent !== undefined) {
        pipeline.getset(uaKey, userAgentFingerprint(options.userAgent));
        pipeline.expire(uaKey, USER_AGENT_TTL_SECONDS);
      }
      if (options.countApiCall) {
        const usageKey = apiCallCounterKey(tenantId, (options.now ?? new Date()).toISOString().slice(0, 10));
        pipeline.incr(usageKey);
        pipeline.expire(usageKey, API_CALL_RETENTION_SECONDS);
      }
      if (options.alsoGet?.length) pipeline.mget(...options.alsoGet);
      // Last, after every entry: a flush or a new epoch between the reads shows here.
      pipeline.get(CACHE_EPOCH_KEY);
      results = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
      const failed = results.find(([error]) => error);
      if (results.length === 0 || failed) throw failed?.[0] ?? new Error('empty pipeline reply');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: redis unavailable, checking postgres');
      return this.fromDatabase(tenantId, sessionId);
    }
    const epoch = this.trust.accept(results.at(-1)?.[1] as string | null);
    if (epoch === null) return this.fromDatabase(tenantId, sessionId);
    let index = 0;
    const cached = results[index++]?.[1] as string | null;
    const touchDue = options.touch ? results[index++]?.[1] === 'OK' : false;
    let userAgentChanged: boolean | 'unknown' = false;
    if (options.userAgent !== undefined) {
      const previous = results[index]?.[1] as string | null;
      userAgentChanged = previous === null ? 'unknown' : previous !== userAgentFingerprint(options.userAgent);
    }
    // The MGET is the last command before the epoch marker.
    const alsoGot = options.alsoGet?.length
      ? { alsoGot: { values: results.at(-2)?.[1] as Array<string | null>, epoch } }
      : {};
    if (cached === REVOKED) return { active: false, touchDue: false, userAgentChanged: false };
    if (cached !== null && cached !== undefined) {
      const copy = this.openHotCopy(key, cached, epoch);
      if (copy) {
        // Past its absolute expiry while still cached: over, whatever the cache says.
        if (copy.expiresAt !== null && Date.parse(copy.expiresAt) <= (options.now ?? new Date()).getTime()) {
          return { active: false, touchDue: false, userAgentChanged: false };
        }
        return { active: true, touchDue, userAgentChanged, session: copy, ...alsoGot };
      }
      // Another epoch's, undecryptable (key rotated out, tampered, legacy plain value): a miss, never active.
      this.logger.debug({ tenantId, sessionId }, 'session state: cached value not usable, reloading from postgres');
    }
    const filled = await this.fillFromDatabase(
      tenantId,
      sessionId,
      key,
      cached !== null && cached !== undefined ? cached : null,
      epoch,
    );
    const active = filled !== null;
    return {
      active,
      touchDue: active && touchDue,
      userAgentChanged: active ? userAgentChanged : false,
      ...(filled ? { session: filled, ...alsoGot } : {}),
    };
  }

  /** Postgres alone decides (Redis down or not trusted): none of the extras. */
  private async fromDatabase(tenantId: string, sessionId: string): Promise<SessionCheck> {
    return {
      active: stateOf(await this.loadFromDatabase(tenantId, sessionId)) === 'active',
      touchDue: false,
      userAgentChanged: false,
    };
  }

  /**
   * Reloads from Postgres and caches the answer under `epoch`. An empty key is filled with SET
   * NX, so a fill can never overwrite a `revoked` written meanwhile. A value that was not usable
   * (another epoch's, undecryptable) is replaced only if it is still the same value
   * (compare-and-set in one script), for the same reason.
   */
  private async fillFromDatabase(
    tenantId: string,
    sessionId: string,
    key: string,
    unusable: string | null,
    epoch: string,
  ): Promise<SessionHotCopy | null> {
    const loaded = await this.loadFromDatabase(tenantId, sessionId);
    const value =
      stateOf(loaded) === 'active'
        ? this.sealHotCopy(tenantId, sessionId, typeof loaded === 'string' ? null : loaded, epoch)
        : REVOKED;
    try {
      if (unusable === null) await this.redis.set(key, value, 'EX', this.ttlSeconds, 'NX');
      else await this.redis.eval(REPLACE_IF_UNCHANGED, 1, key, unusable, value, String(this.ttlSeconds));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: could not cache');
    }
    return value === REVOKED ? null : this.openHotCopy(key, value, epoch);
  }

  /** Caches an active session's hot copy (login, tests) when Redis is trusted; SET NX like every fill. */
  async prime(tenantId: string, sessionId: string, row: ActiveSessionRow | null): Promise<void> {
    const epoch = this.trust.epoch;
    if (epoch === null) return;
    await this.redis.set(
      tenantKey(tenantId, 'sess', sessionId),
      this.sealHotCopy(tenantId, sessionId, row, epoch),
      'EX',
      this.ttlSeconds,
      'NX',
    );
  }

  /**
   * Overwrites the cached state of these sessions with `revoked`. Throws when Redis cannot take
   * it: call through RevocationPublisher, which keeps the revocation in the outbox until it can.
   */
  async markRevoked(tenantId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of sessionIds) pipeline.set(tenantKey(tenantId, 'sess', id), REVOKED, 'EX', this.ttlSeconds);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (results.length !== sessionIds.length || failed) throw failed?.[0] ?? new Error('incomplete pipeline reply');
  }
}

function stateOf(loaded: SessionState | { state: 'active' }): SessionState {
  return typeof loaded === 'string' ? loaded : loaded.state;
}

/** SET key value EX ttl only if key still holds the expected (unusable) value. */
const REPLACE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end return 0`;
