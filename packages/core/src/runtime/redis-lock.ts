import crypto from 'node:crypto';
import type { Redis } from './redis.ts';

// Deletes the lock only if it is still ours: an expired lock taken over by another holder stays.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Extends the lock only if it is still ours, for the same reason.
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLock {
  /** Gives the lock up if it is still this holder's (stops keeping it alive first). */
  release(): Promise<void>;
}

export interface RedisLockOptions {
  /** How long the lock lives unless released (or kept alive). */
  readonly ttlMs: number;
  /**
   * Extend the lock every third of its TTL while it is held: for work of unknown length (a
   * backup), so a holder that dies loses the lock within `ttlMs` while a slow one keeps it.
   */
  readonly keepAlive?: boolean;
  /** Told when keeping the lock alive failed (Redis unreachable): it may expire before the work ends. */
  readonly onKeepAliveError?: (error: unknown) => void;
}

/**
 * One holder at a time across every instance sharing the Redis: `SET key token NX PX ttl`, given
 * up by compare-and-delete. Resolves to null when someone else holds the lock; rejects when Redis
 * cannot be asked (the caller decides whether to go on without it).
 */
export async function tryRedisLock(redis: Redis, key: string, options: RedisLockOptions): Promise<RedisLock | null> {
  const token = crypto.randomUUID();
  if ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') return null;
  const keepAlive = options.keepAlive
    ? setInterval(
        () => {
          redis.eval(EXTEND, 1, key, token, options.ttlMs).catch((error: unknown) => options.onKeepAliveError?.(error));
        },
        Math.max(1, Math.floor(options.ttlMs / 3)),
      )
    : undefined;
  keepAlive?.unref();
  return {
    async release() {
      clearInterval(keepAlive);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
