import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { provisionTenant, quoteIdent } from '@tradesage/prisma';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../runtime/request-context.ts';
import {
  cachedAccessValue,
  invalidateTenantPermissions,
  invalidateUserPermissions,
  loadAccess,
  permissionCacheKeys,
} from './permission-cache.service.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { deleteKeysWithPrefix } from '../../runtime/testing/redis-keys.ts';
import { createTestRuntimes, TEST_REDIS_URL, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
// Nothing listens on port 1: every Redis command fails, as with Redis down.
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';
// This file's own key space: "flushing Redis" below deletes only these keys (other tests share Redis).
const PREFIX = `perm-test:${crypto.randomBytes(4).toString('hex')}:`;

let stack: TestRuntimes;
let runtime: Runtime;
let downRuntime: Runtime;
let plainRedis: Redis;
let tenantId: string;
let schema: string;

const runtimeWith = (redisUrl: string) => stack.runtime({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: PREFIX });

/** A user holding `roles`, with an open session and an access token claiming `claimed` roles. */
async function userWith(
  roles: readonly string[],
  claimed: readonly string[] = roles,
): Promise<{ id: string; headers: { authorization: string } }> {
  const id = crypto.randomUUID();
  const db = runtime.db.tenant(tenantId);
  await db.user.create({ data: { id, email: `${id}@perm.test`, roles: { create: roles.map((role) => ({ role })) } } });
  const sessionId = crypto.randomUUID();
  await db.session.create({ data: { id: sessionId, userId: id, expiresAt: new Date(Date.now() + 3_600_000) } });
  const token = (await runtime.issuer()).issue({
    userId: id,
    tenantId,
    sessionId,
    roles: claimed,
    auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
  }).token;
  return { id, headers: { authorization: `Bearer ${token}` } };
}

async function setRoles(userId: string, roles: readonly string[]): Promise<void> {
  const db = runtime.db.tenant(tenantId);
  await db.$transaction([
    db.userRole.deleteMany({ where: { userId } }),
    db.userRole.createMany({ data: roles.map((role) => ({ userId, role })) }),
  ]);
}

/** Deletes every key of this file's prefix: a Redis flush that leaves other tests' keys alone. */
const flushOwnKeys = () => deleteKeysWithPrefix(plainRedis, PREFIX);

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_core_perms');
  runtime = await runtimeWith(TEST_REDIS_URL);
  downRuntime = await runtimeWith(DEAD_REDIS_URL);
  plainRedis = new Redis(TEST_REDIS_URL);
  const tenant = await provisionTenant(runtime.db.pool, {
    slug: `perms-${crypto.randomBytes(4).toString('hex')}`,
    name: 'Permissions cache',
    status: 'active',
  });
  tenantId = tenant.id;
  schema = quoteIdent(tenant.schema);
  await runtime.db.pool.query(
    `INSERT INTO ${schema}.roles (name, parent, permissions) VALUES ('auditor', 'viewer', ARRAY['audit:read'])`,
  );
});

afterAll(async () => {
  await flushOwnKeys();
  plainRedis?.disconnect();
  await stack?.close();
});

describe('permissions come from the database, not from the token', () => {
  it('ignores the roles claim: a viewer whose token says admin gets a viewer’s permissions', async () => {
    const user = await userWith(['viewer'], ['admin', 'platform_admin']);
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['viewer']);
    expect([...(viewer?.permissions ?? [])].sort()).toEqual(['sessions:read:self', 'users:read:self']);
    expect(viewer?.isPlatformAdmin).toBe(false);
  });

  it('unions several roles, inherited permissions included', async () => {
    const user = await userWith(['auditor', 'trader']);
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['auditor', 'trader']);
    expect([...(viewer?.permissions ?? [])].sort()).toEqual([
      'audit:read',
      'sessions:read:self',
      'trades:read',
      'trades:write',
      'users:read:self',
    ]);
  });
});

describe('the Redis cache of permissions', () => {
  it('is read in the session check and costs no Postgres query when warm', async () => {
    const user = await userWith(['trader']);
    await authenticate(runtime, user.headers);
    const query = vi.spyOn(runtime.db.tenant(tenantId), '$queryRawUnsafe');
    try {
      const viewer = await authenticate(runtime, user.headers);
      expect(viewer?.permissions.has('trades:write')).toBe(true);
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });

  it('keeps one entry per user, never shared', async () => {
    const admin = await userWith(['admin']);
    const viewerUser = await userWith(['viewer']);
    await authenticate(runtime, admin.headers);
    await authenticate(runtime, viewerUser.headers);
    const [adminEntry] = permissionCacheKeys(tenantId, admin.id);
    const [viewerEntry] = permissionCacheKeys(tenantId, viewerUser.id);
    expect(adminEntry).not.toBe(viewerEntry);
    const stored = (await runtime.redis.mget(adminEntry, viewerEntry)).map(
      (value, i) =>
        JSON.parse(runtime.cacheCipher.open(i === 0 ? adminEntry : viewerEntry, value ?? '') ?? 'null') as {
          u: string;
          p: string[];
        },
    );
    expect(stored[0]).toMatchObject({ u: admin.id });
    expect(stored[0]?.p).toContain('users:write');
    expect(stored[1]).toMatchObject({ u: viewerUser.id });
    expect(stored[1]?.p).not.toContain('users:write');
    // Another user's entry under this user's key (a bug, a tampered value) is not used.
    await runtime.redis.set(viewerEntry, (await runtime.redis.get(adminEntry)) ?? '', 'EX', 60);
    expect((await authenticate(runtime, viewerUser.headers))?.permissions.has('users:write')).toBe(false);
  });

  it('sees an assignment change on the next request once the user is invalidated', async () => {
    const user = await userWith(['viewer']);
    expect((await authenticate(runtime, user.headers))?.permissions.has('trades:write')).toBe(false);
    await setRoles(user.id, ['trader']);
    await invalidateUserPermissions(runtime, tenantId, [user.id]);
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['trader']);
    expect(viewer?.permissions.has('trades:write')).toBe(true);
  });

  it('sees a role definition change for every holder once the tenant is invalidated', async () => {
    await runtime.db.pool.query(
      `INSERT INTO ${schema}.roles (name, parent, permissions) VALUES ('desk', 'viewer', ARRAY['users:read'])`,
    );
    const first = await userWith(['desk']);
    const second = await userWith(['desk']);
    for (const user of [first, second])
      expect((await authenticate(runtime, user.headers))?.permissions.has('users:read')).toBe(true);
    await runtime.db.pool.query(`UPDATE ${schema}.roles SET permissions = ARRAY['audit:read'] WHERE name = 'desk'`);
    await invalidateTenantPermissions(runtime, tenantId);
    for (const user of [first, second]) {
      const viewer = await authenticate(runtime, user.headers);
      expect(viewer?.permissions.has('users:read')).toBe(false);
      expect(viewer?.permissions.has('audit:read')).toBe(true);
    }
  });

  it('never uses an entry filled from data read before a change (a slow reader racing an invalidation)', async () => {
    const user = await userWith(['admin']);
    const keys = permissionCacheKeys(tenantId, user.id);
    // The slow reader: reads the tokens, then Postgres (admin) ...
    const [, epoch, generation] = await runtime.redis.mget(...keys);
    const before = await loadAccess(runtime, tenantId, user.id);
    // ... meanwhile the user is demoted and invalidated ...
    await setRoles(user.id, ['viewer']);
    await invalidateUserPermissions(runtime, tenantId, [user.id]);
    // ... and the slow reader's fill lands last.
    await runtime.redis.set(
      keys[0],
      cachedAccessValue(runtime.cacheCipher, keys[0], user.id, before, {
        cacheEpoch: runtime.cache.epoch ?? '',
        epoch: epoch ?? null,
        generation: generation ?? null,
      }),
      'EX',
      60,
    );
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['viewer']);
    expect(viewer?.permissions.has('users:write')).toBe(false);
  });

  it('ignores an entry it did not seal: writing to Redis grants nothing', async () => {
    const user = await userWith(['viewer']);
    const [entry, epoch, generation] = permissionCacheKeys(tenantId, user.id);
    const [, epochValue, generationValue] = await runtime.redis.mget(entry, epoch, generation);
    const stamp = `${runtime.cache.epoch}/${epochValue ?? '-'}/${generationValue ?? '-'}`;
    // A well-formed entry in the plain layout the cache uses inside its seal, naming an admin.
    await runtime.redis.set(
      entry,
      JSON.stringify({ v: 2, u: user.id, s: stamp, r: ['admin'], p: ['users:write'] }),
      'EX',
      60,
    );
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['viewer']);
    expect(viewer?.permissions.has('users:write')).toBe(false);
    // Sealed with the runtime's key, the same content is trusted: the seal is what decides.
    await runtime.redis.set(
      entry,
      cachedAccessValue(
        runtime.cacheCipher,
        entry,
        user.id,
        { roles: ['admin'], permissions: ['users:write'] },
        { cacheEpoch: runtime.cache.epoch ?? '', epoch: epochValue ?? null, generation: generationValue ?? null },
      ),
      'EX',
      60,
    );
    expect((await authenticate(runtime, user.headers))?.permissions.has('users:write')).toBe(true);
  });

  it('recomputes correctly after Redis forgets everything (only this test’s keys flushed)', async () => {
    const user = await userWith(['admin']);
    await authenticate(runtime, user.headers);
    await setRoles(user.id, ['auditor']);
    // A flush loses the invalidation tokens too: what is left must still be right.
    await invalidateUserPermissions(runtime, tenantId, [user.id]);
    expect(await flushOwnKeys()).toBeGreaterThan(0);
    const viewer = await authenticate(runtime, user.headers);
    expect(viewer?.roles).toEqual(['auditor']);
    expect(viewer?.permissions.has('users:write')).toBe(false);
    expect(viewer?.permissions.has('audit:read')).toBe(true);
    // The flush took the epoch marker too: Redis is checked again (a new epoch) before it caches.
    await runtime.cache.settled();
    expect((await authenticate(runtime, user.headers))?.roles).toEqual(['auditor']);
    expect(await runtime.redis.get(permissionCacheKeys(tenantId, user.id)[0])).not.toBeNull();
  });

  it('reads Postgres on every request with Redis down: current roles, never the token, never failing open', async () => {
    const user = await userWith(['viewer'], ['admin']);
    const viewer = await authenticate(downRuntime, user.headers);
    expect(viewer?.roles).toEqual(['viewer']);
    expect(viewer?.permissions.has('users:read')).toBe(false);
    await setRoles(user.id, ['admin']);
    expect((await authenticate(downRuntime, user.headers))?.permissions.has('users:read')).toBe(true);
    // Invalidating with Redis down does not throw: the change stands in Postgres.
    await expect(invalidateUserPermissions(downRuntime, tenantId, [user.id])).resolves.toBeUndefined();
    await expect(invalidateTenantPermissions(downRuntime, tenantId)).resolves.toBeUndefined();
  });
});
