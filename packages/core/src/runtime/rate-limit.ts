import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.ts';
import type { Logger } from './logger.ts';
import { tenantKey, type Redis } from './redis.ts';

/**
 * Counters for throttling (login attempts per address, password spraying, ...), built on
 * rate-limiter-flexible: atomic in Redis (one Lua script per hit), so every process of every
 * service sees one count. Keys are per tenant and carry the tenant's hash tag
 * (`rl:<name>:{t:<tenantId>}:<subject>`), so they live on the tenant's Redis Cluster slot.
 *
 * Without REDIS_URL (the embedded single-process default) counters live in this process's memory.
 * With Redis unreachable, each counter falls back to an in-memory insurance limiter with the same
 * rule (per process, so limits are looser by the number of processes, but never off); if even
 * that fails, the error is logged and the request allowed — throttling is a second line of
 * defence, the per-account lockout lives in Postgres and never fails open.
 */
export interface RateLimitRule {
  /** Short name, part of the key: `login-ip-failures`. */
  readonly name: string;
  /** Hits allowed in one window; `hit` beyond it still counts, `peek` reports `exceeded`. */
  readonly points: number;
  /** Length of the (fixed) window, from the first hit. */
  readonly durationSeconds: number;
}

export interface CounterState {
  /** Hits in the current window (a blocked subject reports points + 1). */
  readonly count: number;
  /** Milliseconds until the window or the block ends; 0 when nothing is counted. */
  readonly msBeforeReset: number;
  /** count > points: the subject is over the limit (or blocked) until msBeforeReset passes. */
  readonly exceeded: boolean;
  /** This hit opened a new window (first hit of the subject since the last reset). */
  readonly first: boolean;
}

const NOTHING: CounterState = Object.freeze({ count: 0, msBeforeReset: 0, exceeded: false, first: false });

export class TenantCounter {
  readonly rule: RateLimitRule;
  readonly #limiter: RateLimiterAbstract;
  readonly #logger: Logger;

  /** `redis` undefined: counters in this process's memory (embedded default, unit tests). */
  constructor(rule: RateLimitRule, redis: Redis | undefined, logger: Logger) {
    this.rule = rule;
    this.#logger = logger;
    const options = { keyPrefix: `rl:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
    this.#limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
  }

  /** The subject's current state, without counting. */
  async peek(tenantId: string, subject: string): Promise<CounterState> {
    try {
      const res = await this.#limiter.get(tenantKey(tenantId, subject));
      return res ? this.#state(res) : NOTHING;
    } catch (error) {
      return this.#failOpen('peek', error);
    }
  }

  /** Counts `points` hits (default 1) and returns the new state. Never rejects for being over the limit. */
  async hit(tenantId: string, subject: string, points = 1): Promise<CounterState> {
    try {
      // penalty() counts like consume() but resolves (never rejects) when over the limit.
      return this.#state(await this.#limiter.penalty(tenantKey(tenantId, subject), points));
    } catch (error) {
      return this.#failOpen('hit', error);
    }
  }

  /** Marks the subject over the limit for `seconds`, whatever its count. */
  async block(tenantId: string, subject: string, seconds: number): Promise<void> {
    try {
      await this.#limiter.block(tenantKey(tenantId, subject), seconds);
    } catch (error) {
      this.#failOpen('block', error);
    }
  }

  async reset(tenantId: string, subject: string): Promise<void> {
    try {
      await this.#limiter.delete(tenantKey(tenantId, subject));
    } catch (error) {
      this.#failOpen('reset', error);
    }
  }

  #state(res: RateLimiterRes): CounterState {
    return {
      count: res.consumedPoints,
      msBeforeReset: Math.max(0, res.msBeforeNext),
      exceeded: res.consumedPoints > this.rule.points,
      first: res.isFirstInDuration,
    };
  }

  #failOpen(operation: string, error: unknown): CounterState {
    // Documented decision (see the class comment): throttling degrades to "allow" rather than
    // refusing every login when neither Redis nor the in-memory insurance can answer.
    this.#logger.error(
      { err: error instanceof Error ? error.message : String(error), counter: this.rule.name, operation },
      'rate limit counter unavailable; allowing',
    );
    return NOTHING;
  }
}

/** RATE_LIMITED with the number of seconds after which a retry can succeed (at least 1). */
export function rateLimitedError(msBeforeReset: number, message = 'Too many attempts, please retry later'): AppError {
  return new AppError('RATE_LIMITED', message, {
    details: { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeReset / 1000)) },
  });
}
