import {
  cachedTenantSettings,
  DEFAULT_TENANT_SETTINGS,
  RateCounter,
  TenantCounter,
  type Caller,
  type CounterState,
  type Runtime,
} from '@tradesage/core';

/**
 * The gateway's request budgets, counted in Redis so every gateway instance spends one budget:
 * - `address`: requests without an access token, per client address (RATE_LIMIT_ADDRESS_PER_MINUTE);
 * - `user`: a signed-in user's requests (RATE_LIMIT_USER_PER_MINUTE);
 * - `tenant`: every request of a tenant's users (the tenant's `rateLimits.requestsPerMinute`).
 * Each is a fixed one-minute window from the first request. A request spends its weight (see
 * operation-weight.ts) in each budget that applies; refused requests count too, in the budget that
 * refused them only: a user over their own budget does not spend their tenant's.
 *
 * Redis down: each budget falls back to an in-memory counter with the same limits in each gateway
 * process (core rate-limit.ts), so the limits hold per process, looser by the number of
 * processes, and never off.
 */
export type LimitScope = 'address' | 'user' | 'tenant';

export const RATE_LIMIT_WINDOW_SECONDS = 60;

export interface ScopeState extends CounterState {
  readonly scope: LimitScope;
}

export interface RateVerdict {
  /** Every budget the request was counted in, after counting. */
  readonly states: readonly ScopeState[];
  /** The budget that refuses the request (the one that frees last when several do); null: it may go on. */
  readonly refusedBy: ScopeState | null;
}

/** A client address as a key: its own hash tag, so address counters spread over a Redis Cluster. */
function addressKey(ip: string | undefined): string {
  return `{a:${ip && ip.length <= 64 ? ip : 'unknown'}}`;
}

const TENANT_SUBJECT = 'all';

export class EdgeRateLimiter {
  readonly #runtime: Runtime;
  readonly #address: RateCounter;
  readonly #user: TenantCounter;
  readonly #tenant: TenantCounter;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    const { config, logger } = runtime;
    // Without REDIS_URL the runtime's Redis is the in-process stand-in: count in memory instead.
    const redis = config.redisUrl ? runtime.redis : undefined;
    const rule = (name: string, points: number) => ({ name, points, durationSeconds: RATE_LIMIT_WINDOW_SECONDS });
    this.#address = new RateCounter(rule('edge-address', config.rateLimits.addressPerMinute), redis, logger);
    this.#user = new TenantCounter(rule('edge-user', config.rateLimits.userPerMinute), redis, logger);
    this.#tenant = new TenantCounter(
      rule('edge-tenant', DEFAULT_TENANT_SETTINGS.rateLimits.requestsPerMinute),
      redis,
      logger,
    );
  }

  /** Counts a request of `weight` in every budget of its caller; says which budget, if any, refuses it. */
  async charge(caller: Pick<Caller, 'viewer' | 'ip'>, weight: number): Promise<RateVerdict> {
    const { viewer } = caller;
    if (!viewer) {
      const address = { scope: 'address' as const, ...(await this.#address.hit(addressKey(caller.ip), weight)) };
      return { states: [address], refusedBy: address.exceeded ? address : null };
    }
    const { tenantId, userId } = viewer;
    const tenantLimit = await this.#tenantLimit(tenantId);
    const [user, tenant] = await Promise.all([
      this.#user.hit(tenantId, userId, weight),
      this.#tenant.hit(tenantId, TENANT_SUBJECT, weight, tenantLimit),
    ]);
    // Only the budget that refuses keeps the charge of a refused request.
    if (user.exceeded && !tenant.exceeded) await this.#tenant.refund(tenantId, TENANT_SUBJECT, weight);
    if (tenant.exceeded && !user.exceeded) await this.#user.refund(tenantId, userId, weight);
    const states: ScopeState[] = [
      { scope: 'user', ...user },
      { scope: 'tenant', ...tenant },
    ];
    const refused = states.filter((s) => s.exceeded).sort((a, b) => b.msBeforeReset - a.msBeforeReset);
    return { states, refusedBy: refused[0] ?? null };
  }

  /** The tenant's requests per minute, from its settings (cached per process, at most 30 s old). */
  async #tenantLimit(tenantId: string): Promise<number> {
    try {
      return (await cachedTenantSettings(this.#runtime, tenantId)).rateLimits.requestsPerMinute;
    } catch (error) {
      // The registry cannot be read: the default budget still holds (never unlimited).
      this.#runtime.logger.warn(
        { err: error instanceof Error ? error.message : String(error), tenantId },
        'tenant settings unavailable; default request budget applies',
      );
      return DEFAULT_TENANT_SETTINGS.rateLimits.requestsPerMinute;
    }
  }
}
