import { tenantKey, type Redis } from '../../runtime/redis.ts';

/**
 * API calls per tenant per UTC day, counted in Redis. The gateway calls
 * `recordApiCall` once per GraphQL request of a signed-in tenant; `tenantUsage` reads the days of
 * a period. One INCR per request, keys under the tenant's hash tag, kept 400 days.
 */
export const API_CALL_RETENTION_SECONDS = 400 * 24 * 3600;

export type UsagePeriod = 'day' | 'week' | 'month';

const PERIOD_DAYS: Readonly<Record<UsagePeriod, number>> = { day: 1, week: 7, month: 30 };

/** The UTC days of a period ending today: `from` is the start of its first day. */
export function usageWindow(period: UsagePeriod, now: Date): { from: Date; to: Date; days: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const count = PERIOD_DAYS[period];
  const days = Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  return { from: new Date(today - (count - 1) * 86_400_000), to: now, days };
}

export function apiCallCounterKey(tenantId: string, day: string): string {
  return tenantKey(tenantId, 'usage', 'api', day);
}

/** Counts one API call of the tenant; never throws (usage counting must not fail a request). */
export async function recordApiCall(redis: Redis, tenantId: string, now = new Date()): Promise<void> {
  const key = apiCallCounterKey(tenantId, now.toISOString().slice(0, 10));
  try {
    await redis.multi().incr(key).expire(key, API_CALL_RETENTION_SECONDS).exec();
  } catch {
    // Usage is best effort: Redis down loses counts, never requests.
    return;
  }
}

/** API calls of the tenant over the days of the period; null when Redis cannot answer. */
export async function readApiCalls(redis: Redis, tenantId: string, days: readonly string[]): Promise<number | null> {
  try {
    const values = await redis.mget(...days.map((day) => apiCallCounterKey(tenantId, day)));
    return values.reduce((sum, value) => sum + (value === null ? 0 : Number(value)), 0);
  } catch {
    return null;
  }
}
