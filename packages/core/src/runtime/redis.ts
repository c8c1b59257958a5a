import { Redis, ReplyError, type RedisOptions } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { DependencyBreaker } from './dependency-breaker.ts';
import type { Logger } from './logger.ts';

export type { Redis };

export interface RedisSettings {
  readonly keyPrefix?: string;
  /** Deadline of every command (REDIS_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** How long the open breaker waits before probing (REDIS_BREAKER_RESET_MS). */
  readonly breakerResetMs?: number;
}

/** Redis and its breaker: every command of the process goes through `breaker` (see GuardedRedis). */
export interface RedisConnection {
  readonly redis: Redis;
  readonly breaker: DependencyBreaker;
}

type SendCommand = Redis['sendCommand'];

/**
 * An ioredis client whose every command — single, pipelined, a script, a rate limiter's — passes
 * its breaker: while the breaker is closed the command is sent and its outcome counted (a reply
 * error such as WRONGTYPE is Redis answering, not a failure); while it is open the command is
 * refused at once with DependencyUnavailableError, without touching the socket, so a frozen Redis
 * costs a request nothing once detected. The connection's own handshake is never refused.
 */
class GuardedRedis extends Redis {
  #breaker: DependencyBreaker | undefined;

  guardWith(breaker: DependencyBreaker): void {
    this.#breaker = breaker;
  }

  /** PING without the breaker: the breaker's own half-open probe. */
  probe(): Promise<string> {
    return super.ping();
  }

  override sendCommand(...args: Parameters<SendCommand>): ReturnType<SendCommand> {
    const breaker = this.#breaker;
    if (!breaker || this.status === 'connect' || args[0].name === 'ping') return super.sendCommand(...args);
    const [command] = args;
    if (!breaker.available) {
      command.reject(breaker.refusal());
      return command.promise;
    }
    return breaker.observe(super.sendCommand(...args) as Promise<unknown>);
  }
}

/**
 * A real Redis when a URL is configured; otherwise the in-process stand-in (ioredis-mock),
 * the embedded default for a first `npm start`. It keeps nothing across restarts, which is
 * safe because Postgres is the truth for sessions and revocations (and its breaker never opens).
 */
export function createRedis(url: string | undefined, logger: Logger, settings: RedisSettings = {}): RedisConnection {
  const keyPrefix = settings.keyPrefix ?? '';
  const resetMs = settings.breakerResetMs ?? 1_000;
  if (!url) {
    logger.warn('REDIS_URL not set: using the in-process Redis stand-in (single process only)');
    const redis = new RedisMock({ keyPrefix }) as unknown as Redis;
    return { redis, breaker: new DependencyBreaker({ name: 'redis', resetMs, probe: () => redis.ping() }, logger) };
  }
  const options: RedisOptions = {
    // Fail fast instead of queueing commands while disconnected: callers fall back to Postgres.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: settings.timeoutMs ?? 250,
    lazyConnect: false,
    keyPrefix,
  };
  const redis = new GuardedRedis(url, options);
  const breaker = new DependencyBreaker(
    {
      name: 'redis',
      resetMs,
      probe: () => redis.probe(),
      isFailure: (error) => !(error instanceof ReplyError),
    },
    logger,
  );
  redis.guardWith(breaker);
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis error'));
  return { redis, breaker };
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

/** Connected and able to take commands (the in-process stand-in always is). */
export function isRedisReady(redis: Redis): boolean {
  return !(redis instanceof Redis) || redis.status === 'ready';
}

/** Keys of one tenant share a hash tag so they live on one Redis Cluster slot. */
export function tenantKey(tenantId: string, ...parts: string[]): string {
  return `{t:${tenantId}}:${parts.join(':')}`;
}
