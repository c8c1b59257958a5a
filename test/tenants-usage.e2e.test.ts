import { readApiCalls } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { MyTenantDocument, TenantUsageDocument } from '@tradesage/client';
import { createTestTenant, platformAdminToken, startTestStack, useTestStack } from './support/fixtures.ts';

/** API calls are counted at the gateway, per tenant, and `tenantUsage` reports them. */
const [t] = useTestStack(startTestStack);

/** Today's counter as Redis holds it (UTC day), read without going through the gateway. */
async function countedToday(tenantId: string): Promise<number | null> {
  return readApiCalls(t.stack.runtime.redis, tenantId, [new Date().toISOString().slice(0, 10)]);
}

describe('API calls counted at the gateway', () => {
  it("counts a tenant admin's queries on that tenant only, and tenantUsage reports them", async () => {
    const tenant = await createTestTenant(t, { prefix: 'apic' });
    const other = await createTestTenant(t, { prefix: 'apio' });
    const otherBefore = await countedToday(other.id);

    const N = 5;
    for (let i = 0; i < N; i++) {
      const res = await t.request(MyTenantDocument, {}, { token: tenant.admin.token });
      expect(res.body.data?.myTenant.id).toBe(tenant.id);
    }

    const usage = await t.request(TenantUsageDocument, { period: 'DAY' }, { token: tenant.admin.token });
    expect(usage.body.errors).toBeUndefined();
    expect(usage.body.data?.tenantUsage.tenant.id).toBe(tenant.id);
    expect(usage.body.data?.tenantUsage.apiCalls).toBeGreaterThanOrEqual(N);
    // The count is fire-and-forget: poll until the N queries and the usage query itself are in.
    await expect.poll(() => countedToday(tenant.id)).toBeGreaterThanOrEqual(N + 1);

    // The other tenant saw none of it; the platform admin reads its usage (counted on the platform tenant).
    expect(await countedToday(other.id)).toBe(otherBefore);
    const otherUsage = await t.request(
      TenantUsageDocument,
      { period: 'DAY', tenantId: other.id },
      { token: await platformAdminToken(t) },
    );
    expect(otherUsage.body.errors).toBeUndefined();
    expect(otherUsage.body.data?.tenantUsage.apiCalls).toBe(otherBefore);
  });
});
