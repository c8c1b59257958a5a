import type { Logger } from './logger.ts';
import { tenantKey, type Redis } from './redis.ts';

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
export class SessionStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly loadFromDatabase: SessionStateLoader,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
  ) {}

  async isActive(tenantId: string, sessionId: string): Promise<boolean> {
    const key = tenantKey(tenantId, 'sess', sessionId);
    let cached: string | null;
    try {
      cached = await this.redis.get(key);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session state: redis unavailable, checking postgres');
      return (await this.loadFromDatabase(tenantId, sessionId)) === 'active';
    }
    if (cached === 'active') return true;
    if (cached === 'revoked') return false;
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
