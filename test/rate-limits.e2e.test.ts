import crypto from 'node:crypto';
import { createRuntime, type Runtime } from '@tradesage/core';
import { createGateway, type RunningGateway } from '@tradesage/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, UpdateTenantSettingsDocument } from '@tradesage/client';
import {
  sessionOf,
  addSignedInUser,
  addTestUser,
  codeOf,
  createTestTenant,
  detailsOf,
  platformAdminToken,
  startTestStack,
  useTestStack,
  type GraphQLResponse,
  type RequestOptions,
} from './support/fixtures.ts';

// Rate limits at the gateway, counted in Redis: per client address for anonymous requests, per
// user, per tenant (its `rateLimits.requestsPerMinute`), and sign-in attempts per tenant and
// address (`rateLimits.loginAttemptsPerMinute`, at the auth subgraph). Budgets are small so the
// tests stay fast; each test spends the budget of an address, a user or a tenant of its own.
// TRUST_PROXY=loopback lets a test be any client address (X-Forwarded-For from 127.0.0.1).
const ADDRESS_BUDGET = 50;
const USER_BUDGET = 100;

const [t] = useTestStack(() =>
  startTestStack({
    env: {
      RATE_LIMIT_ADDRESS_PER_MINUTE: String(ADDRESS_BUDGET),
      RATE_LIMIT_USER_PER_MINUTE: String(USER_BUDGET),
      TRUST_PROXY: 'loopback',
    },
  }),
);

/** A client address no other test uses. */
const newAddress = () => `198.51.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;
const from = (ip: string): RequestOptions => ({ headers: { 'x-forwarded-for': ip } });
/** The cheapest operation: the gateway answers it without calling a subgraph. */
const ping = (options: RequestOptions = {}) => t.raw('{ __typename }', {}, options);

/** Sends until one request is refused: the number answered before it, and the refusal; fails past `atMost`. */
async function spendUntilRefused(
  send: () => Promise<GraphQLResponse<unknown>>,
  atMost: number,
): Promise<{ answered: number; refused: GraphQLResponse<unknown> }> {
  for (let answered = 0; answered <= atMost; answered++) {
    const res = await send();
    if (res.status === 429) return { answered, refused: res };
    expect(res.status).toBe(200);
  }
  throw new Error(`more than ${atMost} requests answered: no limit`);
}

function expectRefusal(res: GraphQLResponse<unknown>, scope: string, limit: number): void {
  expect(res.status).toBe(429);
  expect(codeOf(res)).toBe('RATE_LIMITED');
  const details = detailsOf(res);
  expect(details).toMatchObject({ scope, limit, windowSeconds: 60 });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(details?.['retryAfterSeconds']).toBe(retryAfter);
}

describe('anonymous requests, per client address', () => {
  it(`allows ${ADDRESS_BUDGET} a minute from one address, then answers 429 with Retry-After and RATE_LIMITED`, async () => {
    const ip = newAddress();
    const { answered, refused } = await spendUntilRefused(() => ping(from(ip)), ADDRESS_BUDGET);
    expect(answered).toBe(ADDRESS_BUDGET);
    expectRefusal(refused, 'address', ADDRESS_BUDGET);
    expect(refused.body.data ?? null).toBeNull();
    // Operators see it: the refusal is counted by scope on /metrics.
    const metrics = await (await fetch(new URL('/metrics', t.gatewayUrl))).text();
    expect(
      Number(/^tradesage_rate_limit_rejections_total\{scope="address"\} (\d+)$/m.exec(metrics)?.[1]),
    ).toBeGreaterThanOrEqual(1);
    // Another address has its own budget; a signed-in request from the same address is not anonymous.
    expect((await ping(from(newAddress()))).status).toBe(200);
    const tenant = await createTestTenant(t, { prefix: 'rladdr' });
    expect((await t.request(MeDocument, {}, { token: tenant.admin.token, ...from(ip) })).status).toBe(200);
  });

  it('counts documents that never run (unparsable, invalid), and refuses them too once over', async () => {
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_BUDGET; i++) {
      const res = await t.raw(i % 2 ? '{ nosuchfield }' : '{ broken', {}, from(ip));
      expect(res.status).toBe(400);
      expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"address";r=${ADDRESS_BUDGET - 1 - i};t=\\d+$`));
    }
    expectRefusal(await ping(from(ip)), 'address', ADDRESS_BUDGET);
    expectRefusal(await t.raw('{ broken', {}, from(ip)), 'address', ADDRESS_BUDGET);
  });
});

describe('signed-in requests', () => {
  it(`allow ${USER_BUDGET} a minute per user (weighted by root fields), then 429 for that user only`, async () => {
    const tenant = await createTestTenant(t, { prefix: 'rluser' });
    const user = await addSignedInUser(t, tenant, 'viewer');
    // Three aliased root fields weigh three requests.
    const heavy = await t.raw('{ a: me { id } b: me { id } c: me { id } }', {}, { token: user.token });
    expect(heavy.status).toBe(200);
    expect(heavy.headers.get('ratelimit')).toMatch(
      new RegExp(`^"user";r=${USER_BUDGET - 3};t=\\d+, "tenant";r=\\d+;t=\\d+$`),
    );
    const { answered, refused } = await spendUntilRefused(() => ping({ token: user.token }), USER_BUDGET);
    expect(answered).toBe(USER_BUDGET - 3);
    expectRefusal(refused, 'user', USER_BUDGET);
    // The user's refused requests did not spend the tenant's budget, and the admin goes on.
    const admin = await ping({ token: tenant.admin.token });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('ratelimit')).toMatch(
      new RegExp(`^"user";r=${USER_BUDGET - 1};t=\\d+, "tenant";r=${6000 - USER_BUDGET - 1};t=\\d+$`),
    );
  });

  it('carry RateLimit-Policy and RateLimit on every answer, per draft-ietf-httpapi-ratelimit-headers', async () => {
    const tenant = await createTestTenant(t, { prefix: 'rlhdr' });
    const first = await t.request(MeDocument, {}, { token: tenant.admin.token });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe(`"user";q=${USER_BUDGET};w=60, "tenant";q=6000;w=60`);
    const [, userLeft, userReset, tenantLeft, tenantReset] =
      /^"user";r=(\d+);t=(\d+), "tenant";r=(\d+);t=(\d+)$/.exec(first.headers.get('ratelimit') ?? '') ?? [];
    expect([Number(userLeft), Number(tenantLeft)]).toEqual([USER_BUDGET - 1, 5999]);
    for (const reset of [userReset, tenantReset]) {
      expect(Number(reset)).toBeGreaterThanOrEqual(1);
      expect(Number(reset)).toBeLessThanOrEqual(60);
    }
    const anonymous = await ping(from(newAddress()));
    expect(anonymous.headers.get('ratelimit-policy')).toBe(`"address";q=${ADDRESS_BUDGET};w=60`);
    expect(anonymous.headers.get('ratelimit')).toMatch(new RegExp(`^"address";r=${ADDRESS_BUDGET - 1};t=\\d+$`));
  });
});

describe('the tenant setting rateLimits.requestsPerMinute', () => {
  it('allows the tenant 60 a minute across its users, then 429; a new value applies at once', async () => {
    const tenant = await createTestTenant(t, {
      prefix: 'rltenant',
      settings: { rateLimits: { requestsPerMinute: 60 } },
    });
    const other = await createTestTenant(t, { prefix: 'rlother' });
    const colleague = await addSignedInUser(t, tenant, 'viewer');
    for (let i = 0; i < 30; i++) expect((await ping({ token: tenant.admin.token })).status).toBe(200);
    const { answered, refused } = await spendUntilRefused(() => ping({ token: colleague.token }), 60);
    expect(answered).toBe(30);
    expectRefusal(refused, 'tenant', 60);
    expectRefusal(await ping({ token: tenant.admin.token }), 'tenant', 60);
    // Other tenants are not affected.
    expect((await ping({ token: other.admin.token })).status).toBe(200);

    // 62 counted so far (60 answered, 2 refused). The platform raises the tenant to 120.
    const raised = await t.request(
      UpdateTenantSettingsDocument,
      { input: { rateLimits: { requestsPerMinute: 120 } }, tenantId: tenant.id },
      { token: await platformAdminToken(t) },
    );
    expect(raised.body.data?.updateTenantSettings.rateLimits.requestsPerMinute).toBe(120);
    const again = await spendUntilRefused(() => ping({ token: colleague.token }), 120);
    expect(again.answered).toBe(120 - 62);
    expectRefusal(again.refused, 'tenant', 120);
  });
});

describe('the tenant setting rateLimits.loginAttemptsPerMinute', () => {
  it('refuses sign-in attempts from one address past the number its tenant allows, with 429 and Retry-After', async () => {
    const tenant = await createTestTenant(t, { prefix: 'rllogin' });
    const set = await t.request(
      UpdateTenantSettingsDocument,
      { input: { rateLimits: { loginAttemptsPerMinute: 3 } } },
      { token: tenant.admin.token },
    );
    expect(set.body.errors).toBeUndefined();
    const user = await addTestUser(t, tenant, 'viewer');
    const ip = newAddress();
    const login = (password: string, address = ip) =>
      t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password } }, from(address));
    // Successful sign-ins are given back: colleagues behind one address do not spend the budget.
    for (let i = 0; i < 3; i++)
      expect(sessionOf((await login(user.password)).body.data?.login).accessToken).toEqual(expect.any(String));
    for (let i = 0; i < 3; i++) expect(codeOf(await login(`wrong-guess-${i}-xx`))).toBe('INVALID_CREDENTIALS');
    const refused = await login(user.password);
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(detailsOf(refused)).toMatchObject({ scope: 'login', limit: 3, windowSeconds: 60 });
    expect(Number(refused.headers.get('retry-after'))).toBe(detailsOf(refused)?.['retryAfterSeconds']);
    // Another address signs in.
    expect(sessionOf((await login(user.password, newAddress())).body.data?.login).accessToken).toEqual(
      expect.any(String),
    );

    // Another value changes it: 4 attempts counted from `ip` so far (3 failed, 1 refused), 6 allowed now.
    const raised = await t.request(
      UpdateTenantSettingsDocument,
      { input: { rateLimits: { loginAttemptsPerMinute: 6 } } },
      { token: tenant.admin.token },
    );
    expect(raised.body.errors).toBeUndefined();
    expect(sessionOf((await login(user.password)).body.data?.login).accessToken).toEqual(expect.any(String));
    for (let i = 4; i < 6; i++) expect(codeOf(await login(`wrong-guess-${i}-xx`))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await login(user.password))).toBe('RATE_LIMITED');
  });
});

describe('two gateway instances on one Redis', () => {
  let second: Runtime;
  let gateway: RunningGateway;

  beforeAll(async () => {
    second = await createRuntime(t.stack.runtime.config, { name: 'second-gateway' });
    gateway = await createGateway(second, { subgraphUrls: t.stack.subgraphUrls }).start(0, '127.0.0.1');
  });

  afterAll(async () => {
    await gateway?.stop();
    await second?.close();
  });

  it('share one budget: what one instance counted, the other refuses', async () => {
    const user = await addSignedInUser(t, await createTestTenant(t, { prefix: 'rltwo' }), 'viewer');
    const half = USER_BUDGET / 2;
    for (let i = 0; i < half; i++) expect((await ping({ token: user.token })).status).toBe(200);
    for (let i = 0; i < half; i++) expect((await ping({ token: user.token, url: gateway.url })).status).toBe(200);
    expectRefusal(await ping({ token: user.token }), 'user', USER_BUDGET);
    expectRefusal(await ping({ token: user.token, url: gateway.url }), 'user', USER_BUDGET);

    const ip = newAddress();
    for (let i = 0; i < ADDRESS_BUDGET; i++)
      expect((await ping({ ...from(ip), ...(i % 2 ? { url: gateway.url } : {}) })).status).toBe(200);
    expectRefusal(await ping({ ...from(ip), url: gateway.url }), 'address', ADDRESS_BUDGET);
    expectRefusal(await ping(from(ip)), 'address', ADDRESS_BUDGET);
  });
});

describe('a gateway built with the request budgets left out (benchmarks only)', () => {
  let second: Runtime;
  let gateway: RunningGateway;

  beforeAll(async () => {
    second = await createRuntime(t.stack.runtime.config, { name: 'unlimited-gateway' });
    gateway = await createGateway(second, {
      subgraphUrls: t.stack.subgraphUrls,
      features: { rateLimits: false },
    }).start(0, '127.0.0.1');
  });

  afterAll(async () => {
    await gateway?.stop();
    await second?.close();
  });

  it('counts nothing and sends no RateLimit fields; the gateway as shipped still has the whole budget', async () => {
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_BUDGET + 5; i++) {
      const res = await ping({ ...from(ip), url: gateway.url });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    const { answered, refused } = await spendUntilRefused(() => ping(from(ip)), ADDRESS_BUDGET);
    expect(answered).toBe(ADDRESS_BUDGET);
    expectRefusal(refused, 'address', ADDRESS_BUDGET);
  });
});
