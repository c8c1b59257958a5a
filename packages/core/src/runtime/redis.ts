import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { Logger } from './logger.ts';

export type { Redis };

/**
 * A real Redis when a URL is configured; otherwise the in-process stand-in (ioredis-mock),
 * the embedded default for a first `npm start`. It keeps nothing across restarts, which is
 * safe because Postgres is the truth for sessions and revocations.
 */
export function createRedis(url: string | undefined, logger: Logger, keyPrefix = ''): Redis {
  if (!url) {
    logger.warn('REDIS_URL not set: using the in-process Redis stand-in (single process only)');
    return new RedisMock({ keyPrefix }) as unknown as Redis;
  }
  const redis = new Redis(url, {
    // Fail fast instead of queueing commands while disconnected: callers fall back to Postgres.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    lazyConnect: false,
    keyPrefix,
  });
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis error'));
  return redis;
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` or a failed attempt, whichever is
 * first; never rejects. With the offline queue off, a command sent before the connection is ready
 * fails at once ("Stream isn't writeable"), so a new runtime waits here before anything uses it.
 * A Redis that is down is not waited out: callers fall back to Postgres.
 */
export function redisSettled(redis: Redis, timeoutMs: number): Promise<void> {
  // The in-process stand-in has no connection to wait for.
  if (!(redis instanceof Redis) || redis.status === 'ready' || redis.status === 'end') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      redis.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    redis.once('error', done);
    redis.once('end', done);
  });
}

/** Keys of one tenant share a hash tag so they live on one Redis Cluster slot. */
export function tenantKey(tenantId: string, ...parts: string[]): string {
  return `{t:${tenantId}}:${parts.join(':')}`;
}
