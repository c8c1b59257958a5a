import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.ts';
import type { Logger } from './logger.ts';
import { tenantKey, type Redis } from './redis.ts';

/**
 * Counters for throttling and rate limits (login attempts per address, password spraying, the
 * gateway's request budgets, ...), built on rate-limiter-flexible: atomic in Redis (one Lua script
 * per hit), so every process of every service sees one count. `RateCounter` takes any key;
 * `TenantCounter` keys per tenant with the tenant's hash tag (`rl:<name>:{t:<tenantId>}:<subject>`),
 * so its keys live on the tenant's Redis Cluster slot.
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
  /** Hits allowed in one window unless a call gives its own limit; `hit` beyond it still counts. */
  readonly points: number;
  /** Length of the (fixed) window, from the first hit. */
  readonly durationSeconds: number;
}

export interface CounterState {
  /** Hits in the current window (a blocked subject reports points + 1). */
  readonly count: number;
  /** What the count was judged against: the rule's points, or the limit the call gave. */
  readonly limit: number;
  /** Milliseconds until the window or the block ends; 0 when nothing is counted. */
  readonly msBeforeReset: number;
  /** count > limit: the subject is over the limit (or blocked) until msBeforeReset passes. */
  readonly exceeded: boolean;
  /** This hit opened a new window (first hit of the subject since the last reset). */
  readonly first: boolean;
}

/** A counter keyed by any string: the caller makes the key (and its hash tag). */
export class RateCounter {
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

  /** The key's current state, without counting. */
  async peek(key: string, limit = this.rule.points): Promise<CounterState> {
    try {
      const res = await this.#limiter.get(key);
      return res ? state(res, limit) : nothing(limit);
    } catch (error) {
      return this.#failOpen('peek', error, limit);
    }
  }

  /**
   * Counts `points` hits (default 1) and returns the new state, judged against `limit` (default the
   * rule's points: a limit that differs per subject, such as a tenant's own setting, is given per
   * call; the window is the rule's). Never rejects for being over the limit.
   */
  async hit(key: string, points = 1, limit = this.rule.points): Promise<CounterState> {
    try {
      // penalty() counts like consume() but resolves (never rejects) when over the limit.
      return state(await this.#limiter.penalty(key, points), limit);
    } catch (error) {
      return this.#failOpen('hit', error, limit);
    }
  }

  /** Takes back `points` hits counted earlier in the window (work that was refused or never done). */
  async refund(key: string, points = 1): Promise<void> {
    try {
      await this.#limiter.reward(key, points);
    } catch (error) {
      this.#failOpen('refund', error, this.rule.points);
    }
  }

  /** Marks the key over the limit for `seconds`, whatever its count. */
  async block(key: string, seconds: number): Promise<void> {
    try {
      await this.#limiter.block(key, seconds);
    } catch (error) {
      this.#failOpen('block', error, this.rule.points);
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.#limiter.delete(key);
    } catch (error) {
      this.#failOpen('reset', error, this.rule.points);
    }
  }

  #failOpen(operation: string, error: unknown, limit: number): CounterState {
    // Documented decision (see the file comment): throttling degrades to "allow" rather than
    // refusing every request when neither Redis nor the in-memory insurance can answer.
    this.#logger.error(
      { err: error instanceof Error ? error.message : String(error), counter: this.rule.name, operation },
      'rate limit counter unavailable; allowing',
    );
    return nothing(limit);
  }
}

/** A counter per tenant and subject: keys under the tenant's hash tag. */
export class TenantCounter {
  readonly rule: RateLimitRule;
  readonly #counter: RateCounter;

  /** `redis` undefined: counters in this process's memory (embedded default, unit tests). */
  constructor(rule: RateLimitRule, redis: Redis | undefined, logger: Logger) {
    this.rule = rule;
    this.#counter = new RateCounter(rule, redis, logger);
  }

  /** The subject's current state, without counting. */
  peek(tenantId: string, subject: string): Promise<CounterState> {
    return this.#counter.peek(tenantKey(tenantId, subject));
  }

  /** Counts `points` hits (default 1), judged against `limit` (default the rule's points); see RateCounter.hit. */
  hit(tenantId: string, subject: string, points = 1, limit = this.rule.points): Promise<CounterState> {
    return this.#counter.hit(tenantKey(tenantId, subject), points, limit);
  }

  refund(tenantId: string, subject: string, points = 1): Promise<void> {
    return this.#counter.refund(tenantKey(tenantId, subject), points);
  }

  /** Marks the subject over the limit for `seconds`, whatever its count. */
  block(tenantId: string, subject: string, seconds: number): Promise<void> {
    return this.#counter.block(tenantKey(tenantId, subject), seconds);
  }

  reset(tenantId: string, subject: string): Promise<void> {
    return this.#counter.reset(tenantKey(tenantId, subject));
  }
}

function state(res: RateLimiterRes, limit: number): CounterState {
  return {
    count: res.consumedPoints,
    limit,
    msBeforeReset: Math.max(0, res.msBeforeNext),
    exceeded: res.consumedPoints > limit,
    first: res.isFirstInDuration,
  };
}

function nothing(limit: number): CounterState {
  return { count: 0, limit, msBeforeReset: 0, exceeded: false, first: false };
}

/** Seconds after which a retry can succeed: `msBeforeReset` rounded up, at least 1. */
export function retryAfterSeconds(msBeforeReset: number): number {
  return Math.max(1, Math.ceil(msBeforeReset / 1000));
}

/**
 * RATE_LIMITED with the number of seconds after which a retry can succeed (at least 1), and
 * whatever else the refusal names (`scope`, `limit`, `windowSeconds`).
 */
export function rateLimitedError(
  msBeforeReset: number,
  message = 'Too many attempts, please retry later',
  details: Record<string, unknown> = {},
): AppError {
  return new AppError('RATE_LIMITED', message, {
    details: { retryAfterSeconds: retryAfterSeconds(msBeforeReset), ...details },
  });
}
