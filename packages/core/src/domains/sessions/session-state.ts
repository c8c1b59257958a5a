import crypto from 'node:crypto';
import type { Logger } from '../../runtime/logger.ts';
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

/**
 * Whether a session may still be used, answered with one Redis round trip on the hot path.
 *
 * Redis holds a cache of each session's state, never the only copy: a miss (flushed or
 * restarted Redis) reloads from Postgres, and an unreachable Redis falls back to Postgres
 * on every request. It never fails open.
 *
 * Revocation writes Postgres first, then overwrites the cached state with `revoked`. A
 * reader that loaded `active` before the revoke fills the cache with SET NX, so it can never
 * overwrite a `revoked` written meanwhile.
 */
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
  /** The values of `alsoGet`'s keys, in order, when the session is active and Redis answered (absent with Redis down). */
  readonly alsoGot?: ReadonlyArray<string | null>;
}

/** lastActiveAt is written at most once per this many seconds per session. */
export const TOUCH_INTERVAL_SECONDS = 60;
/** How long the last seen user agent of a session is remembered (the longest refresh lifetime). */
const USER_AGENT_TTL_SECONDS = 90 * 24 * 3600;

export function userAgentFingerprint(userAgent: string): string {
  return crypto.createHash('sha256').update(userAgent, 'utf8').digest('base64url').slice(0, 22);
}

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
    cipher?: SealingCipher,
  ) {
    this.cipher = cipher ?? new SealingCipher([crypto.randomBytes(32)]);
  }

  /** The encrypted Redis value for an active session (AAD: the Redis key). */
  sealHotCopy(tenantId: string, sessionId: string, row: ActiveSessionRow | null): string {
    const copy: SessionHotCopy = {
      state: 'active',
      userId: row?.userId ?? null,
      expiresAt: row?.expiresAt.toISOString() ?? null,
      ip: row?.ip ?? null,
      userAgent: row?.userAgent ?? null,
      lastActiveAt: row?.lastActiveAt.toISOString() ?? null,
    };
    return this.cipher.seal(tenantKey(tenantId, 'sess', sessionId), JSON.stringify(copy));
  }

  /** The hot copy in a cached value, or null when it is not one we can trust (rotated-out key, tampered, legacy). */
  openHotCopy(key: string, value: string): SessionHotCopy | null {
    const plaintext = this.cipher.open(key, value);
    if (plaintext === null) return null;
    try {
      const copy = JSON.parse(plaintext) as SessionHotCopy;
      return copy.state === 'active' ? copy : null;
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
      results = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
      const failed = results.find(([error]) => error);
      if (results.length === 0 || failed) throw failed?.[0] ?? new Error('empty pipeline reply');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: redis unavailable, checking postgres');
      return {
        active: stateOf(await this.loadFromDatabase(tenantId, sessionId)) === 'active',
        touchDue: false,
        userAgentChanged: false,
      };
    }
    let index = 0;
    const cached = results[index++]?.[1] as string | null;
    const touchDue = options.touch ? results[index++]?.[1] === 'OK' : false;
    let userAgentChanged: boolean | 'unknown' = false;
    if (options.userAgent !== undefined) {
      const previous = results[index]?.[1] as string | null;
      userAgentChanged = previous === null ? 'unknown' : previous !== userAgentFingerprint(options.userAgent);
    }
    // The MGET is always the last command of the pipeline.
    const alsoGot = options.alsoGet?.length ? { alsoGot: results.at(-1)?.[1] as Array<string | null> } : {};
    if (cached === REVOKED) return { active: false, touchDue: false, userAgentChanged: false };
    if (cached !== null && cached !== undefined) {
      const copy = this.openHotCopy(key, cached);
      if (copy) {
        // Past its absolute expiry while still cached: over, whatever the cache says.
        if (copy.expiresAt !== null && Date.parse(copy.expiresAt) <= (options.now ?? new Date()).getTime()) {
          return { active: false, touchDue: false, userAgentChanged: false };
        }
        return { active: true, touchDue, userAgentChanged, session: copy, ...alsoGot };
      }
      // Undecryptable (key rotated out, tampered, legacy plain value): a miss, never active.
      this.logger.warn({ tenantId, sessionId }, 'session state: cached value did not decrypt, reloading from postgres');
    }
    const filled = await this.fillFromDatabase(
      tenantId,
      sessionId,
      key,
      cached !== null && cached !== undefined ? cached : null,
    );
    const active = filled !== null;
    return {
      active,
      touchDue: active && touchDue,
      userAgentChanged: active ? userAgentChanged : false,
      ...(filled ? { session: filled, ...alsoGot } : {}),
    };
  }

  /**
   * Reloads from Postgres and caches the answer. An empty key is filled with SET NX, so a fill
   * can never overwrite a `revoked` written meanwhile. An undecryptable value is replaced only if
   * it is still the same value (compare-and-set in one script), for the same reason.
   */
  private async fillFromDatabase(
    tenantId: string,
    sessionId: string,
    key: string,
    undecryptable: string | null,
  ): Promise<SessionHotCopy | null> {
    const loaded = await this.loadFromDatabase(tenantId, sessionId);
    const value =
      stateOf(loaded) === 'active'
        ? this.sealHotCopy(tenantId, sessionId, typeof loaded === 'string' ? null : loaded)
        : REVOKED;
    try {
      if (undecryptable === null) await this.redis.set(key, value, 'EX', this.ttlSeconds, 'NX');
      else await this.redis.eval(REPLACE_IF_UNCHANGED, 1, key, undecryptable, value, String(this.ttlSeconds));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: could not cache');
    }
    return value === REVOKED ? null : this.openHotCopy(key, value);
  }

  /** Caches an active session's hot copy (login, tests); SET NX like every fill. */
  async prime(tenantId: string, sessionId: string, row: ActiveSessionRow | null): Promise<void> {
    await this.redis.set(
      tenantKey(tenantId, 'sess', sessionId),
      this.sealHotCopy(tenantId, sessionId, row),
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

/** SET key value EX ttl only if key still holds the expected (undecryptable) value. */
const REPLACE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end return 0`;
