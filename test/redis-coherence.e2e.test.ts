import { tenantKey } from '@tradesage/core';
import { CuttableProxy, PrivateRedis } from '@tradesage/core/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignRolesDocument,
  CreateApiKeyDocument,
  MeDocument,
  MyPermissionsDocument,
  RevokeApiKeyDocument,
  RevokeSessionDocument,
  StartPasskeySignInDocument,
} from '@tradesage/client';
import { addTestUser, signIn, startTestStack, useTestStack, type SignedInUser } from './support/fixtures.ts';
import { startAnotherInstance, type TestStack } from './support/test-stack.ts';

// Redis never answers ahead of Postgres, on any number of instances: two instances of one
// deployment (same database, same Redis key space) run against a redis-server of this file's
// own, each through a proxy the test can cut, and the server is restarted from an older RDB,
// flushed, frozen, or cut off from one instance while the other still reaches it.

let redis: PrivateRedis;
let proxyA: CuttableProxy;
let proxyB: CuttableProxy;
let direct: Redis;
let b: TestStack;

// Registered before useTestStack's hooks, so it runs once the stacks have stopped.
afterAll(async () => {
  await b?.stop();
  await proxyA?.close();
  await proxyB?.close();
  await redis?.dispose();
});

const [a, tenant] = useTestStack(
  async () => {
    redis = await PrivateRedis.start();
    proxyA = await CuttableProxy.start(redis.port);
    proxyB = await CuttableProxy.start(redis.port);
    const started = await startTestStack({ env: { REDIS_URL: proxyA.url } });
    direct = redis.client(started.stack.runtime.config.redisKeyPrefix);
    return started;
  },
  { prefix: 'coherent', name: 'Coherent' },
);

beforeAll(async () => {
  b = await startAnotherInstance(a, { env: { REDIS_URL: proxyB.url } });
});

const instances = () => [a, b] as const;
const signInAdmin = () => signIn(a, tenant.slug, tenant.admin.email, tenant.admin.password);
const meStatus = async (t: TestStack, token: string): Promise<number> =>
  (await t.request(MeDocument, {}, { token })).status;
const roles = async (t: TestStack, token: string) =>
  (await t.request(MyPermissionsDocument, {}, { token })).body.data?.myPermissions.roles;
const cachedSession = (sessionId: string) => direct.get(tenantKey(tenant.id, 'sess', sessionId));

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const bothTrustRedis = () =>
  until('both instances trust Redis again', () => instances().every((t) => t.stack.runtime.cache.epoch !== null));

/**
 * Asks both instances, over and over for `ms`, what `probe` answers, and returns every answer
 * that was wrong: the test expects none at all, not "eventually right".
 */
async function wrongAnswersDuring(
  ms: number,
  probe: (t: TestStack) => Promise<boolean>,
  meanwhile?: () => Promise<void>,
): Promise<string[]> {
  const wrong: string[] = [];
  const deadline = Date.now() + ms;
  let done = false;
  const side = (meanwhile ?? (async () => undefined))().finally(() => {
    done = true;
  });
  while (Date.now() < deadline || !done) {
    for (const [name, t] of [
      ['A', a],
      ['B', b],
    ] as const)
      if (!(await probe(t))) wrong.push(`${name} at ${new Date().toISOString()}`);
  }
  await side;
  return wrong;
}

describe('Redis restarted from an older RDB (or a failover to a lagging replica)', () => {
  it('serves neither the revoked session nor the demoted admin it still holds, not even once, on either instance', async () => {
    const admin = await signInAdmin();
    const victim = await signInAdmin();
    const demoted = await addTestUser(a, tenant, 'admin');
    const demotedUser = await signIn(a, tenant.slug, demoted.email, demoted.password);
    await bothTrustRedis();
    // Warm: both instances cache the victim's session and the admin's permissions.
    for (const t of instances()) {
      expect(await meStatus(t, victim.token)).toBe(200);
      expect(await roles(t, demotedUser.token)).toEqual(['admin']);
    }
    const activeCopy = await cachedSession(victim.sessionId);
    expect(activeCopy).toMatch(/^e1\./);
    const epochBefore = a.stack.runtime.cache.epoch;
    const older = await redis.snapshot();

    expect(
      (await a.request(RevokeSessionDocument, { id: victim.sessionId }, { token: admin.token })).body.errors,
    ).toBeUndefined();
    expect(
      (await b.request(AssignRolesDocument, { userId: demoted.id, roles: ['viewer'] }, { token: admin.token })).body
        .errors,
    ).toBeUndefined();
    for (const t of instances()) {
      expect(await meStatus(t, victim.token)).toBe(401);
      expect(await roles(t, demotedUser.token)).toEqual(['viewer']);
    }

    const wrong = await wrongAnswersDuring(
      2_000,
      async (t) =>
        (await meStatus(t, victim.token)) === 401 && JSON.stringify(await roles(t, demotedUser.token)) === '["viewer"]',
      async () => {
        await redis.restart({ from: older });
        // The stale copy is really back in Redis: only the epoch keeps it from being used.
        expect(await cachedSession(victim.sessionId)).toBe(activeCopy);
        await bothTrustRedis();
      },
    );
    expect(wrong).toEqual([]);
    // Redis is trusted again, under a new epoch; the admin's own session works throughout.
    expect(Number(a.stack.runtime.cache.epoch)).toBeGreaterThan(Number(epochBefore));
    expect(b.stack.runtime.cache.epoch).toBe(a.stack.runtime.cache.epoch);
    for (const t of instances()) expect(await meStatus(t, admin.token)).toBe(200);
  });

  it('a revocation made through A while Redis is down is never served by B when Redis comes back with older data', async () => {
    const admin = await signInAdmin();
    const victim = await signInAdmin();
    await bothTrustRedis();
    for (const t of instances()) expect(await meStatus(t, victim.token)).toBe(200);
    const older = await redis.snapshot();

    await redis.kill();
    expect(
      (await a.request(RevokeSessionDocument, { id: victim.sessionId }, { token: admin.token })).body.errors,
    ).toBeUndefined();
    const wrong = await wrongAnswersDuring(
      1_500,
      async (t) => (await meStatus(t, victim.token)) === 401,
      async () => {
        await redis.restart({ from: older });
        await bothTrustRedis();
      },
    );
    expect(wrong).toEqual([]);
    expect(await cachedSession(victim.sessionId)).toBe('revoked');
  });
});

describe('one instance cut off from Redis while the other still reaches it', () => {
  it('a revocation A could not publish is never served by B from the copy Redis still holds', async () => {
    const admin = await signInAdmin();
    const victim = await signInAdmin();
    await bothTrustRedis();
    for (const t of instances()) expect(await meStatus(t, victim.token)).toBe(200);
    const activeCopy = await cachedSession(victim.sessionId);

    proxyA.partition();
    expect(
      (await a.request(RevokeSessionDocument, { id: victim.sessionId }, { token: admin.token })).body.errors,
    ).toBeUndefined();
    // From the moment A answered, B refuses the session, though Redis may still hold the copy.
    const wrong = await wrongAnswersDuring(1_000, async (t) => (await meStatus(t, victim.token)) === 401);
    expect(wrong).toEqual([]);
    // B relayed A's revocation: the copy in Redis is now the revocation, and B trusts Redis again.
    await until('B has relayed the revocation', async () => (await cachedSession(victim.sessionId)) === 'revoked');
    expect(activeCopy).not.toBe('revoked');
    await until('B trusts Redis again', () => b.stack.runtime.cache.epoch !== null);
    proxyA.heal();
    await bothTrustRedis();
    for (const t of instances()) expect(await meStatus(t, victim.token)).toBe(401);
  });
});

describe('Redis flushed', () => {
  it('a revoked API key stays refused on both instances, though its published revocation is gone', async () => {
    const admin = await signInAdmin();
    await bothTrustRedis();
    const created = await a.request(
      CreateApiKeyDocument,
      { input: { name: 'flush', scopes: ['users:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
      { token: admin.token },
    );
    expect(created.body.errors).toBeUndefined();
    const { secret, apiKey } = created.body.data?.createApiKey ?? { secret: '', apiKey: { id: '' } };
    const keyStatus = async (t: TestStack) =>
      (await t.request(MeDocument, {}, { headers: { 'x-api-key': secret } })).status;
    // Each instance has looked the key up once and keeps its facts.
    for (const t of instances()) expect(await keyStatus(t)).toBe(200);
    expect(
      (await b.request(RevokeApiKeyDocument, { id: apiKey.id }, { token: admin.token })).body.errors,
    ).toBeUndefined();
    for (const t of instances()) expect(await keyStatus(t)).toBe(401);

    const wrong = await wrongAnswersDuring(
      1_500,
      async (t) => (await keyStatus(t)) === 401,
      async () => {
        await redis.flushAll();
        await until('Redis is on a new epoch', async () => (await direct.get('cache-epoch')) !== null);
        await bothTrustRedis();
      },
    );
    expect(wrong).toEqual([]);
  });
});

describe('Redis frozen (the process stopped, its connections open)', () => {
  let admin: SignedInUser;

  it('stops waiting once detected: sessions checked in Postgres, sign-in works, a revocation holds; back after the thaw', async () => {
    admin = await signInAdmin();
    const victim = await signInAdmin();
    await bothTrustRedis();
    const breaker = a.stack.runtime.dependencies.redis;
    expect(breaker.state).toBe('closed');

    await redis.freeze();
    try {
      // The first requests wait out the command deadline; a few of them open the breaker.
      await until(
        'the breaker opened',
        async () => (await meStatus(a, admin.token)) === 200 && breaker.state === 'open',
      );
      expect(a.stack.runtime.cache.epoch).toBeNull();
      const refusedBefore = breaker.window().rejected;
      for (let i = 0; i < 5; i++) expect(await meStatus(a, admin.token)).toBe(200);
      // Those requests never went to Redis: the breaker refused their commands at once.
      expect(breaker.window().rejected).toBeGreaterThan(refusedBefore);
      expect((await signIn(a, tenant.slug, tenant.admin.email, tenant.admin.password)).token).toBeTruthy();
      expect(
        (await a.request(RevokeSessionDocument, { id: victim.sessionId }, { token: admin.token })).body.errors,
      ).toBeUndefined();
      expect(await meStatus(a, victim.token)).toBe(401);
      // Operators see it: the breaker open, the cache not trusted.
      expect(await redisHealth(a)).toMatchObject({ breaker: { state: 'open' }, cache: { trusted: false } });
      // What lives in Redis alone (a passkey ceremony's challenge) cannot be served: 503, retry soon.
      const ceremony = await a.request(StartPasskeySignInDocument, { tenant: tenant.slug });
      expect(ceremony.status).toBe(503);
      expect(ceremony.body.errors?.[0]?.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
      expect(Number(ceremony.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await redis.thaw();
    }
    await until('the breaker closed', () => breaker.state === 'closed');
    await bothTrustRedis();
    for (const t of instances()) {
      expect(await meStatus(t, victim.token)).toBe(401);
      expect(await meStatus(t, admin.token)).toBe(200);
    }
    expect(await cachedSession(victim.sessionId)).toBe('revoked');
    expect(await redisHealth(a)).toMatchObject({ breaker: { state: 'closed' }, cache: { trusted: true } });
  });
});

async function redisHealth(t: TestStack): Promise<unknown> {
  // The report is reused for a second: wait that out so it is read now.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const response = await fetch(new URL('/health/details', t.gatewayUrl));
  return ((await response.json()) as { redis: unknown }).redis;
}
