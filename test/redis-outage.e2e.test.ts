import { tenantKey } from '@tradesage/core';
import { CuttableProxy, PrivateRedis } from '@tradesage/core/testing';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AssignRolesDocument, MeDocument, MyPermissionsDocument, RevokeSessionDocument } from '@tradesage/client';
import { addTestUser, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

// With Redis stopped the gateway and the subgraphs check Postgres and never fail
// open; a revocation made while Redis cannot be reached holds after it comes back, even where
// Redis kept a cached `active` copy of the session from before the revocation (a partition).
// The stack runs against a redis-server of this file's own, reached through a proxy the test
// can cut, so stopping it does not disturb the machine's shared Redis.

let redis: PrivateRedis;
let proxy: CuttableProxy;
let direct: Redis;

// Registered before useTestStack's hooks, so it runs once the stack has stopped.
afterAll(async () => {
  direct?.disconnect();
  await proxy?.close();
  await redis?.dispose();
});

const [t, tenant] = useTestStack(
  async () => {
    redis = await PrivateRedis.start();
    proxy = await CuttableProxy.start(redis.port);
    const started = await startTestStack({ env: { REDIS_URL: proxy.url } });
    direct = redis.client(started.stack.runtime.config.redisKeyPrefix);
    return started;
  },
  { prefix: 'outage', name: 'Outage' },
);

/** A new session of the tenant's admin. */
const signInAdmin = () => signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
const meStatus = async (token: string): Promise<number> => (await t.request(MeDocument, {}, { token })).status;

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Connected again, and trusted again: the breaker's probe closed it and what Redis missed was relayed. */
const redisReady = () =>
  until(
    'the stack trusts redis again',
    async () => t.stack.runtime.redis.status === 'ready' && t.stack.runtime.cache.epoch !== null,
  );
const cached = (sessionId: string) => direct.get(tenantKey(tenant.id, 'sess', sessionId));

describe('Redis stopped', () => {
  it('every check falls back to Postgres: live sessions work, revoked ones are refused, revoking still works', async () => {
    const [admin, ended, endedWhileDown] = [await signInAdmin(), await signInAdmin(), await signInAdmin()];
    for (const session of [admin, ended, endedWhileDown]) expect(await meStatus(session.token)).toBe(200);
    expect(
      (await t.request(RevokeSessionDocument, { id: ended.sessionId }, { token: admin.token })).body.errors,
    ).toBeUndefined();

    await redis.kill();
    expect(await meStatus(admin.token)).toBe(200);
    expect(await meStatus(ended.token)).toBe(401);
    // A revocation while Redis is down: Postgres, the truth, takes it and the operation succeeds.
    const revoked = await t.request(RevokeSessionDocument, { id: endedWhileDown.sessionId }, { token: admin.token });
    expect(revoked.body.errors).toBeUndefined();
    expect(await meStatus(endedWhileDown.token)).toBe(401);

    // Back, empty (a restart without persistence): everything rebuilt from Postgres.
    await redis.start();
    await redisReady();
    expect(await meStatus(admin.token)).toBe(200);
    expect(await meStatus(ended.token)).toBe(401);
    expect(await meStatus(endedWhileDown.token)).toBe(401);
    expect(await cached(ended.sessionId)).toBe('revoked');
  });
});

describe('partition between the stack and Redis', () => {
  it('a revocation made while Redis is cut off overrides the cached active copy once it is reachable again', async () => {
    const admin = await signInAdmin();
    const victim = await signInAdmin();
    expect(await meStatus(victim.token)).toBe(200);
    const before = await cached(victim.sessionId);
    expect(before).toMatch(/^e1\./); // the encrypted active copy

    proxy.partition();
    const revoked = await t.request(RevokeSessionDocument, { id: victim.sessionId }, { token: admin.token });
    expect(revoked.body.errors).toBeUndefined();
    expect(await meStatus(victim.token)).toBe(401);
    // Redis itself still holds the stale active copy, and the revocation waits in the outbox.
    expect(await cached(victim.sessionId)).toBe(before);
    const waiting = await t.stack.runtime.db.control.revocationOutbox.findMany({ where: { tenantId: tenant.id } });
    expect(waiting.map((row) => row.sessionId)).toContain(victim.sessionId);

    proxy.heal();
    await redisReady();
    await until(
      'the outbox is drained',
      async () => (await t.stack.runtime.db.control.revocationOutbox.count({ where: { tenantId: tenant.id } })) === 0,
    );
    expect(await cached(victim.sessionId)).toBe('revoked');
    expect(await meStatus(victim.token)).toBe(401);
    expect(await meStatus(admin.token)).toBe(200);
    expect(t.stack.runtime.revocations.metrics()).toMatchObject({
      deferred: expect.any(Number) as unknown,
      relayed: expect.any(Number) as unknown,
    });
    expect(t.stack.runtime.revocations.metrics().relayed).toBeGreaterThanOrEqual(1);
  });
});

describe('a role change while Redis is cut off', () => {
  it('applies on the next request once Redis is reachable again, despite the permissions cached before it', async () => {
    const admin = await signInAdmin();
    const viewer = await addTestUser(t, tenant, 'viewer');
    const userId = viewer.id;
    const user = await signIn(t, tenant.slug, viewer.email, viewer.password);
    const roles = async (token: string) =>
      (await t.request(MyPermissionsDocument, {}, { token })).body.data?.myPermissions.roles;
    // Cached in Redis: the viewer's permissions.
    expect(await roles(user.token)).toEqual(['viewer']);

    proxy.partition();
    const assigned = await t.request(AssignRolesDocument, { userId, roles: ['trader'] }, { token: admin.token });
    expect(assigned.body.errors).toBeUndefined();
    // Redis cannot be reached: Postgres answers, with the new role at once.
    expect(await roles(user.token)).toEqual(['trader']);
    const waiting = await t.stack.runtime.db.control.permissionInvalidation.findMany({
      where: { tenantId: tenant.id },
    });
    expect(waiting.map((row) => row.userId)).toEqual([userId]);

    proxy.heal();
    await redisReady();
    await until(
      'the invalidation is applied',
      async () =>
        (await t.stack.runtime.db.control.permissionInvalidation.count({ where: { tenantId: tenant.id } })) === 0,
    );
    // The viewer entry cached before the change is still in Redis, but no longer used.
    expect(await roles(user.token)).toEqual(['trader']);
  });
});
