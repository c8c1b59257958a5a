import { readApiCalls } from '@tradesage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantDocument, LoginDocument, MyTenantDocument, TenantUsageDocument } from './__generated__/graphql.ts';
import { randomPassword, startTestStack, uniqueSlug, type TestStack } from './support/test-stack.ts';

/** Issue 5, item 5: API calls are counted at the gateway, per tenant, and `tenantUsage` reports them. */
let t: TestStack;
let platformToken = '';

async function login(tenant: string, email: string, password: string): Promise<string> {
  const res = await t.request(LoginDocument, { input: { tenant, email, password } });
  if (!res.body.data) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data.login.accessToken;
}

async function newTenant(prefix: string): Promise<{ id: string; adminToken: string }> {
  const slug = uniqueSlug(prefix);
  const adminEmail = `admin@${slug}.example.com`;
  const adminPassword = randomPassword();
  const res = await t.request(
    CreateTenantDocument,
    { input: { slug, name: `Tenant ${slug}`, adminEmail, adminPassword } },
    { token: platformToken },
  );
  const id = res.body.data?.createTenant.id;
  if (!id) throw new Error(`createTenant failed: ${JSON.stringify(res.body.errors)}`);
  return { id, adminToken: await login(slug, adminEmail, adminPassword) };
}

/** Today's counter as Redis holds it (UTC day), read without going through the gateway. */
async function countedToday(tenantId: string): Promise<number | null> {
  return readApiCalls(t.stack.runtime.redis, tenantId, [new Date().toISOString().slice(0, 10)]);
}

beforeAll(async () => {
  t = await startTestStack();
  platformToken = await login('platform', t.platformAdmin.email, t.platformAdmin.password);
});

afterAll(async () => {
  await t?.stop();
});

describe('API calls counted at the gateway', () => {
  it("counts a tenant admin's queries on that tenant only, and tenantUsage reports them", async () => {
    const tenant = await newTenant('apic');
    const other = await newTenant('apio');
    const otherBefore = await countedToday(other.id);

    const N = 5;
    for (let i = 0; i < N; i++) {
      const res = await t.request(MyTenantDocument, {}, { token: tenant.adminToken });
      expect(res.body.data?.myTenant.id).toBe(tenant.id);
    }

    const usage = await t.request(TenantUsageDocument, { period: 'DAY' }, { token: tenant.adminToken });
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
      { token: platformToken },
    );
    expect(otherUsage.body.errors).toBeUndefined();
    expect(otherUsage.body.data?.tenantUsage.apiCalls).toBe(otherBefore);
  });
});
