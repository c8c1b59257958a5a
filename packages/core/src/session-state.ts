import crypto from 'node:crypto';
import type { Logger } from './logger.ts';
import { tenantKey, type Redis } from './redis.ts';
import { API_CALL_RETENTION_SECONDS, apiCallCounterKey } from './tenant-usage.ts';

export type SessionState = 'active' | 'revoked';

/** Reads the truth from Postgres: the session's state in the tenant schema. */
export type SessionStateLoader = (tenantId: string, sessionId: string) => Promise<SessionState>;

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
  /** Count one API call of the tenant for today (tenant-usage.ts). */
  readonly countApiCall?: boolean;
  /** The request's user agent: remembered per session, `userAgentChanged` says when it differs. */
  readonly userAgent?: string | undefined;
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
}

/** lastActiveAt is written at most once per this many seconds per session. */
export const TOUCH_INTERVAL_SECONDS = 60;
/** How long the last seen user agent of a session is remembered (the longest refresh lifetime). */
const USER_AGENT_TTL_SECONDS = 90 * 24 * 3600;

export function userAgentFingerprint(userAgent: string): string {
  return crypto.createHash('sha256').update(userAgent, 'utf8').digest('base64url').slice(0, 22);
}

export class SessionStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly loadFromDatabase: SessionStateLoader,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
  ) {}

  async isActive(tenantId: string, sessionId: string): Promise<boolean> {
    return (await this.check(tenantId, sessionId)).active;
  }

  /**
   * The session's state, plus whatever else the request needs from Redis (the lastActiveAt gate,
   * the API-call counter, the user-agent record), all in ONE pipelined round trip. Only a cache
   * miss costs more (Postgres, then SET NX). With Redis down: Postgres answers the state, and the
   * extras are skipped (no lastActiveAt write, no count, no user-agent record), never failed open.
   */
  async check(tenantId: string, sessionId: string, options: SessionCheckOptions = {}): Promise<SessionCheck> {
    const key = tenantKey(tenantId, 'sess', sessionId);
    const uaKey = tenantKey(tenantId, 'sess-ua', sessionId);
    let results: Array<[Error | null, unknown]>;
    try {
      const pipeline = this.redis.pipeline();
      pipeline.get(key);
      if (options.touch) pipeline.set(tenantKey(tenantId, 'sess-touch', sessionId), '1', 'EX', TOUCH_INTERVAL_SECONDS, 'NX');
      if (options.userAgent !== undefined) {
        pipeline.getset(uaKey, userAgentFingerprint(options.userAgent));
        pipeline.expire(uaKey, USER_AGENT_TTL_SECONDS);
      }
      if (options.countApiCall) {
        const usageKey = apiCallCounterKey(tenantId, (options.now ?? new Date()).toISOString().slice(0, 10));
        pipeline.incr(usageKey);
        pipeline.expire(usageKey, API_CALL_RETENTION_SECONDS);
      }
      results = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
      const failed = results.find(([error]) => error);
      if (results.length === 0 || failed) throw failed?.[0] ?? new Error('empty pipeline reply');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: redis unavailable, checking postgres');
      return { active: (await this.loadFromDatabase(tenantId, sessionId)) === 'active', touchDue: false, userAgentChanged: false };
    }
    let index = 0;
    const cached = results[index++]?.[1] as string | null;
    const touchDue = options.touch ? results[index++]?.[1] === 'OK' : false;
    let userAgentChanged: boolean | 'unknown' = false;
    if (options.userAgent !== undefined) {
      const previous = results[index]?.[1] as string | null;
      userAgentChanged = previous === null ? 'unknown' : previous !== userAgentFingerprint(options.userAgent);
    }
    if (cached === 'active') return { active: true, touchDue, userAgentChanged };
    if (cached === 'revoked') return { active: false, touchDue: false, userAgentChanged: false };
    const active = await this.fillFromDatabase(tenantId, sessionId, key);
    return { active, touchDue: active && touchDue, userAgentChanged: active ? userAgentChanged : false };
  }

  private async fillFromDatabase(tenantId: string, sessionId: string, key: string): Promise<boolean> {
    const state = await this.loadFromDatabase(tenantId, sessionId);
    try {
      await this.redis.set(key, state, 'EX', this.ttlSeconds, 'NX');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: could not cache');
    }
    return state === 'active';
  }

  /** Call after the revocation is committed to Postgres. */
  async markRevoked(tenantId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of sessionIds) pipeline.set(tenantKey(tenantId, 'sess', id), 'revoked', 'EX', this.ttlSeconds);
      await pipeline.exec();
    } catch (error) {
      // Postgres already holds the revocation; with Redis unreachable readers check Postgres.
      // A stale `active` entry cannot survive either: readers fall back while Redis is down,
      // and entries expire after ttlSeconds.
      this.logger.error({ err: (error as Error).message, sessions: sessionIds.length }, 'session state: could not publish revocation');
      throw error;
    }
  }
}
