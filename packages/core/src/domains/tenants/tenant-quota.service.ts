import { AppError } from '../../runtime/errors.ts';
import type { Database } from '@tradesage/prisma';
import { countSeatedUsers, findTenantPlan } from './tenant.repository.ts';

/** What the quota check uses: the control and tenant schemas, and which tenant is the platform's (no quota). */
export interface TenantQuotaDeps {
  readonly db: Database;
  platformTenantId(): Promise<string | null>;
}

/**
 * Plans and their quotas (control.tenants.plan; the SQL check constraint lists the same names).
 * `null` is no limit. Users count unless disabled or deleted: an invited user holds a seat.
 */
export const TENANT_PLANS = ['free', 'team', 'enterprise'] as const;
export type TenantPlan = (typeof TENANT_PLANS)[number];

export interface PlanLimits {
  readonly maxUsers: number | null;
}

export const PLAN_LIMITS: Readonly<Record<TenantPlan, PlanLimits>> = Object.freeze({
  free: Object.freeze({ maxUsers: 25 }),
  team: Object.freeze({ maxUsers: 500 }),
  enterprise: Object.freeze({ maxUsers: null }),
});

export function isTenantPlan(value: string): value is TenantPlan {
  return (TENANT_PLANS as readonly string[]).includes(value);
}

/** Limits of a stored plan; an unknown plan (which the check constraint prevents) gets the smallest. */
export function planLimits(plan: string): PlanLimits {
  return isTenantPlan(plan) ? PLAN_LIMITS[plan] : PLAN_LIMITS.free;
}

export class QuotaExceededError extends AppError {
  constructor(quota: 'users', limit: number, plan: string) {
    super('QUOTA_EXCEEDED', `The ${plan} plan allows at most ${limit} users; disable a user or change plan`, {
      details: { quota, limit, plan },
    });
  }
}

/**
 * Throws QUOTA_EXCEEDED when `adding` more users would pass the tenant's plan limit. Call it on
 * every path that creates a user (invitation, sign-up, admin create) before inserting. The
 * platform tenant has no quota. Two concurrent creations can both pass the count; a path that
 * must be exact takes `pg_advisory_xact_lock(hashtext('users:' || tenantId))` around count + insert.
 */
export async function assertUserQuota(deps: TenantQuotaDeps, tenantId: string, adding = 1): Promise<void> {
  if (tenantId === (await deps.platformTenantId())) return;
  const plan = await findTenantPlan(deps.db.control, tenantId);
  if (plan === null) return;
  const { maxUsers } = planLimits(plan);
  if (maxUsers === null) return;
  if ((await countSeatedUsers(deps.db.tenant(tenantId))) + adding > maxUsers)
    throw new QuotaExceededError('users', maxUsers, plan);
}
