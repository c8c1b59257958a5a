import crypto from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  DEFAULT_TENANT_SETTINGS,
  metrics,
  rateLimitedError,
  TenantCounter,
  type Logger,
  type Redis,
  type Runtime,
} from '@tradesage/core';

/**
 * Login throttling per client address, per tenant (OWASP ASVS 5.0 6.3.1, NIST SP 800-63B-4 §3.2.2),
 * on top of the per-account lockout. Counters live in Redis under the tenant's hash tag.
 *
 * - Attempts from one address: at most the tenant's `rateLimits.loginAttemptsPerMinute` (default
 *   20) per minute; past it the address is refused (RATE_LIMITED, retryAfterSeconds, scope `login`)
 *   until the minute ends. Each attempt counts before its password is hashed, so a burst is capped
 *   as it arrives; the login service gives back the ones that succeed (colleagues behind one
 *   address never use up each other's budget) and the ones answered BUSY (no password compared).
 * - Failures from one address: from the 10th failure in 15 minutes every attempt from it waits
 *   first (250 ms, doubling per failure, at most 2 s — a timer, never a busy wait); at 30 failures
 *   the address is refused (RATE_LIMITED, retryAfterSeconds) for 15 minutes.
 * - Password spraying (one address trying many accounts, each only a few times, which per-account
 *   lockout never sees): more than 20 distinct accounts failed from one address in one hour
 *   refuses the address for an hour.
 * A success does not reset an address's counters: one valid account must not buy an attacker
 * fresh attempts against the others. Unknown tenants count under one shared pseudo-tenant.
 * The failure and spraying limits are constants, not tenant settings: they protect the platform as
 * much as the tenant.
 */
export const LOGIN_THROTTLE = Object.freeze({
  /** Window of the tenant's attempts-per-minute setting. */
  attemptWindowSeconds: 60,
  /** Failures per address per tenant in one window. */
  failureWindowSeconds: 15 * 60,
  /** Failures after which every attempt is delayed. */
  delayAfterFailures: 10,
  firstDelayMs: 250,
  maxDelayMs: 2_000,
  /** Failures after which the address is refused for `blockSeconds`. */
  rejectAfterFailures: 30,
  blockSeconds: 15 * 60,
  /** Distinct accounts failed from one address in `sprayWindowSeconds` before it is refused. */
  sprayAccounts: 20,
  sprayWindowSeconds: 60 * 60,
});

/** Tenant part of the key for a login whose tenant does not exist. */
const UNKNOWN_TENANT = 'unknown';

export type ThrottleReason = 'address_failures' | 'spraying';

export interface ThrottleVerdict {
  /** How long the attempt waited before being checked (0 below the delay threshold). */
  readonly delayedMs: number;
}

export interface FailureVerdict {
  /** Set when this failure started a block of the address. */
  readonly blocked: { readonly reason: ThrottleReason; readonly seconds: number } | null;
}

/** Delay before an attempt from an address with `failures` recent failures. */
export function throttleDelayMs(failures: number): number {
  if (failures < LOGIN_THROTTLE.delayAfterFailures) return 0;
  const doublings = Math.min(failures - LOGIN_THROTTLE.delayAfterFailures, 16);
  return Math.min(LOGIN_THROTTLE.maxDelayMs, LOGIN_THROTTLE.firstDelayMs * 2 ** doublings);
}

export class LoginThrottle {
  readonly #attempts: TenantCounter;
  readonly #failures: TenantCounter;
  /** One hit per (address, account) per hour: `first` tells a new account apart. */
  readonly #accountsSeen: TenantCounter;
  readonly #sprayed: TenantCounter;
  readonly #sleep: (ms: number) => Promise<unknown>;

  constructor(redis: Redis | undefined, logger: Logger, options: { sleep?: (ms: number) => Promise<unknown> } = {}) {
    const t = LOGIN_THROTTLE;
    // The limit is each tenant's own setting, given per attempt; the rule's points are the default.
    this.#attempts = new TenantCounter(
      {
        name: 'login-ip-attempts',
        points: DEFAULT_TENANT_SETTINGS.rateLimits.loginAttemptsPerMinute,
        durationSeconds: t.attemptWindowSeconds,
      },
      redis,
      logger,
    );
    this.#failures = new TenantCounter(
      { name: 'login-ip-failures', points: t.rejectAfterFailures - 1, durationSeconds: t.failureWindowSeconds },
      redis,
      logger,
    );
    this.#accountsSeen = new TenantCounter(
      { name: 'login-ip-account', points: 1, durationSeconds: t.sprayWindowSeconds },
      redis,
      logger,
    );
    this.#sprayed = new TenantCounter(
      { name: 'login-ip-spray', points: t.sprayAccounts, durationSeconds: t.sprayWindowSeconds },
      redis,
      logger,
    );
    this.#sleep = options.sleep ?? ((ms) => sleepFor(ms));
  }

  /**
   * Before checking a password: counts the attempt against the tenant's attempts per minute
   * (`attemptsPerMinute`, its `rateLimits.loginAttemptsPerMinute`), refuses an address that is
   * blocked or over that budget (RATE_LIMITED), delays one with many recent failures. Runs before
   * any hashing, so a refused attempt costs no bcrypt.
   */
  async beforeAttempt(
    tenantId: string | null,
    ip: string | undefined,
    attemptsPerMinute = this.#attempts.rule.points,
  ): Promise<ThrottleVerdict> {
    const tenant = tenantId ?? UNKNOWN_TENANT;
    const address = addressKey(ip);
    const [attempts, failures, sprayed] = await Promise.all([
      this.#attempts.hit(tenant, address, 1, attemptsPerMinute),
      this.#failures.peek(tenant, address),
      this.#sprayed.peek(tenant, address),
    ]);
    if (failures.exceeded || sprayed.exceeded) {
      metrics.rateLimitRejected('login');
      throw rateLimitedError(
        Math.max(failures.exceeded ? failures.msBeforeReset : 0, sprayed.exceeded ? sprayed.msBeforeReset : 0),
      );
    }
    if (attempts.exceeded) {
      throw rateLimitedError(attempts.msBeforeReset, 'Too many sign-in attempts, please retry later', {
        scope: 'login',
        limit: attempts.limit,
        windowSeconds: LOGIN_THROTTLE.attemptWindowSeconds,
      });
    }
    const delayedMs = throttleDelayMs(failures.count);
    if (delayedMs > 0) await this.#sleep(delayedMs);
    return { delayedMs };
  }

  /** Gives an attempt back: it succeeded, or was answered without comparing a password (BUSY). */
  async refundAttempt(tenantId: string | null, ip: string | undefined): Promise<void> {
    await this.#attempts.refund(tenantId ?? UNKNOWN_TENANT, addressKey(ip));
  }

  /** After a failed attempt: counts it for the address and for spraying (`account` is what was typed). */
  async afterFailure(tenantId: string | null, ip: string | undefined, account: string): Promise<FailureVerdict> {
    const tenant = tenantId ?? UNKNOWN_TENANT;
    const address = addressKey(ip);
    const failures = await this.#failures.hit(tenant, address);
    if (failures.count >= LOGIN_THROTTLE.rejectAfterFailures) {
      await this.#failures.block(tenant, address, LOGIN_THROTTLE.blockSeconds);
      // Only the failure that crosses the line starts a block (and is audited).
      return {
        blocked:
          failures.count === LOGIN_THROTTLE.rejectAfterFailures
            ? { reason: 'address_failures', seconds: LOGIN_THROTTLE.blockSeconds }
            : null,
      };
    }
    // The account is hashed: typed identifiers (sometimes a password typed in the wrong field) are not stored.
    const seen = await this.#accountsSeen.hit(tenant, `${address}:${accountKey(account)}`);
    if (!seen.first) return { blocked: null };
    const sprayed = await this.#sprayed.hit(tenant, address);
    if (sprayed.count > LOGIN_THROTTLE.sprayAccounts) {
      await this.#sprayed.block(tenant, address, LOGIN_THROTTLE.sprayWindowSeconds);
      return {
        blocked:
          sprayed.count === LOGIN_THROTTLE.sprayAccounts + 1
            ? { reason: 'spraying', seconds: LOGIN_THROTTLE.sprayWindowSeconds }
            : null,
      };
    }
    return { blocked: null };
  }
}

function addressKey(ip: string | undefined): string {
  return ip && ip.length <= 64 ? ip : 'unknown-address';
}

function accountKey(account: string): string {
  return crypto.createHash('sha256').update(account.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

const throttles = new WeakMap<Runtime, LoginThrottle>();

/** The process's throttle for a runtime: the in-memory variant must be shared by every request. */
export function loginThrottleFor(runtime: Runtime): LoginThrottle {
  let throttle = throttles.get(runtime);
  if (!throttle) {
    throttle = new LoginThrottle(runtime.config.redisUrl ? runtime.redis : undefined, runtime.logger);
    throttles.set(runtime, throttle);
  }
  return throttle;
}
