import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantKey } from '../../runtime/redis.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { SealingCipher } from '../../runtime/sealing-cipher.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { SessionStateStore } from './session-state.ts';
import { revokeSessions } from './session-revocation.service.ts';

// Nothing listens on port 1: every Redis command fails, as with Redis down.
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

let stack: TestRuntimes;
let runtime: Runtime;
let tenantId: string;
let userId: string;

async function newSession(runtime: Runtime): Promise<string> {
  const id = crypto.randomUUID();
  await runtime.db.tenant(tenantId).session.create({
    data: {
      id,
      userId,
      expiresAt: new Date(Date.now() + 3_600_000),
      ip: '203.0.113.77',
      userAgent: 'SecretBrowser/9.9 (HotCopyTest)',
    },
  });
  return id;
}

/** A store over the runtime's Redis and Postgres, with the given SESSION_CACHE_KEYS. */
function storeWith(runtime: Runtime, keys: readonly Buffer[]): SessionStateStore {
  return new SessionStateStore(
    runtime.redis,
    async (tenant, sessionId) => {
      const row = await runtime.db.tenant(tenant).session.findUnique({ where: { id: sessionId } });
      if (!row || row.revokedAt || row.expiresAt <= new Date()) return 'revoked';
      return {
        state: 'active',
        userId: row.userId,
        expiresAt: row.expiresAt,
        ip: row.ip,
        userAgent: row.userAgent,
        lastActiveAt: row.lastActiveAt,
      };
    },
    runtime.logger,
    60,
    runtime.cache,
    new SealingCipher(keys),
  );
}

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_core');
  runtime = await stack.runtime();
  ({ tenantId, userId } = await provisionTestTenant(runtime, 'state'));
});

afterAll(async () => {
  await stack?.close();
});

describe('session state with real Redis', () => {
  it('caches the state and sees a revocation at once', async () => {
    const id = await newSession(runtime);
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(true);
    expect(await runtime.redis.get(tenantKey(tenantId, 'sess', id))).toMatch(/^e1\./);
    await revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'logout');
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
  });

  it('loses nothing when Redis forgets: sessions still work and revocations still hold', async () => {
    const live = await newSession(runtime);
    const ended = await newSession(runtime);
    await runtime.sessionState.isActive(tenantId, live);
    await revokeSessions(runtime, tenantId, { sessionIds: [ended] }, 'logout');
    // A flush or restart of Redis, limited to this tenant's keys (other test files share Redis).
    await runtime.redis.del(tenantKey(tenantId, 'sess', live), tenantKey(tenantId, 'sess', ended));
    expect(await runtime.sessionState.isActive(tenantId, live)).toBe(true);
    expect(await runtime.sessionState.isActive(tenantId, ended)).toBe(false);
  });

  it('a reader that loaded "active" before a revoke cannot overwrite the revocation', async () => {
    const id = await newSession(runtime);
    await revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'logout');
    // The late reader's cache fill is SET NX: it must not replace "revoked".
    await runtime.sessionState.prime(tenantId, id, null);
    await runtime.redis.set(tenantKey(tenantId, 'sess', id), 'active', 'EX', 60, 'NX');
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
  });
});

describe('the encrypted hot copy (AES-256-GCM, SESSION_CACHE_KEYS)', () => {
  it('keeps no user id, ip or user agent in clear in Redis, and decrypts to the hot copy', async () => {
    const id = await newSession(runtime);
    const check = await runtime.sessionState.check(tenantId, id);
    expect(check.active).toBe(true);
    const stored = (await runtime.redis.get(tenantKey(tenantId, 'sess', id))) as string;
    expect(stored).toMatch(/^e1\./);
    for (const clear of [userId, '203.0.113.77', 'SecretBrowser', 'HotCopyTest', 'active'])
      expect(stored).not.toContain(clear);
    const decoded = Buffer.from(stored.split('.')[2] as string, 'base64url').toString('latin1');
    for (const clear of [userId, '203.0.113.77', 'SecretBrowser']) expect(decoded).not.toContain(clear);
    // From the cache (second call): the decrypted copy carries the row.
    const cached = await runtime.sessionState.check(tenantId, id);
    expect(cached.session).toMatchObject({
      state: 'active',
      userId,
      ip: '203.0.113.77',
      userAgent: 'SecretBrowser/9.9 (HotCopyTest)',
    });
  });

  it('decrypts with an old key after rotation, and a rotated-out key is a miss reloaded from Postgres', async () => {
    const oldKey = crypto.randomBytes(32);
    const newKey = crypto.randomBytes(32);
    const id = await newSession(runtime);
    const key = tenantKey(tenantId, 'sess', id);
    expect(await storeWith(runtime, [oldKey]).isActive(tenantId, id)).toBe(true);
    const sealedWithOld = await runtime.redis.get(key);
    // Rotated in: the new key encrypts, the old one still decrypts the cached copy (no reload).
    const rotated = storeWith(runtime, [newKey, oldKey]);
    const fromCache = await rotated.check(tenantId, id);
    expect(fromCache).toMatchObject({ active: true, session: { userId } });
    expect(await runtime.redis.get(key)).toBe(sealedWithOld);
    // Rotated out: the old copy does not decrypt; it is reloaded from Postgres and re-sealed with the new key.
    const rotatedOut = storeWith(runtime, [newKey]);
    expect(await rotatedOut.isActive(tenantId, id)).toBe(true);
    const resealed = await runtime.redis.get(key);
    expect(resealed).not.toBe(sealedWithOld);
    expect(rotatedOut.openHotCopy(key, resealed as string, runtime.cache.epoch ?? '')).toMatchObject({ userId });
    // And a revoked session whose stale copy is undecryptable is refused, never taken as active.
    await runtime.redis.set(key, sealedWithOld as string, 'EX', 60);
    await runtime.db.tenant(tenantId).session.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(await rotatedOut.isActive(tenantId, id)).toBe(false);
    expect(await runtime.redis.get(key)).toBe('revoked');
  });

  it('a tampered value is a cache miss: reloaded from Postgres, never taken as active', async () => {
    const live = await newSession(runtime);
    const ended = await newSession(runtime);
    await runtime.sessionState.isActive(tenantId, live);
    const liveKey = tenantKey(tenantId, 'sess', live);
    const sealed = (await runtime.redis.get(liveKey)) as string;
    const [prefix, kid, payload] = sealed.split('.') as [string, string, string];
    const raw = Buffer.from(payload, 'base64url');
    raw[raw.length - 20] = (raw[raw.length - 20] as number) ^ 0x01;
    const tampered = `${prefix}.${kid}.${raw.toString('base64url')}`;
    await runtime.redis.set(liveKey, tampered, 'EX', 60);
    expect(await runtime.sessionState.isActive(tenantId, live)).toBe(true);
    expect(await runtime.redis.get(liveKey)).not.toBe(tampered);
    // A valid active copy moved onto a revoked session's key fails its AAD: Postgres says revoked.
    await revokeSessions(runtime, tenantId, { sessionIds: [ended] }, 'logout');
    const endedKey = tenantKey(tenantId, 'sess', ended);
    await runtime.redis.set(endedKey, (await runtime.redis.get(liveKey)) as string, 'EX', 60);
    expect(await runtime.sessionState.isActive(tenantId, ended)).toBe(false);
    // A plain legacy 'active' is no hot copy either.
    await runtime.redis.set(endedKey, 'active', 'EX', 60);
    expect(await runtime.sessionState.isActive(tenantId, ended)).toBe(false);
    expect(await runtime.redis.get(endedKey)).toBe('revoked');
  });
});

describe('races on real Postgres and Redis (optimistic locking)', () => {
  it('two revokes of one session: exactly one reports it ended and the version moves once', async () => {
    for (let round = 0; round < 20; round++) {
      const id = await newSession(runtime);
      const before = await runtime.db
        .tenant(tenantId)
        .session.findUniqueOrThrow({ where: { id }, select: { version: true } });
      const [a, b] = await Promise.all([
        revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'logout'),
        revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'revoked_by_user'),
      ]);
      expect([...a, ...b]).toEqual([id]);
      const after = await runtime.db
        .tenant(tenantId)
        .session.findUniqueOrThrow({ where: { id }, select: { version: true, revokedAt: true } });
      expect(after.revokedAt).not.toBeNull();
      expect(after.version).toBe(before.version + 1);
      expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
    }
  });
});

describe('session state with Redis down', () => {
  it('falls back to Postgres and never fails open', async () => {
    const healthy = runtime;
    const down = await stack.runtime({ REDIS_URL: DEAD_REDIS_URL });
    const live = await newSession(healthy);
    const ended = await newSession(healthy);
    await revokeSessions(healthy, tenantId, { sessionIds: [ended] }, 'logout');
    expect(await down.sessionState.isActive(tenantId, live)).toBe(true);
    expect(await down.sessionState.isActive(tenantId, ended)).toBe(false);
    expect(await down.sessionState.isActive(tenantId, crypto.randomUUID())).toBe(false);
  });
});

describe('the in-process Redis stand-in (embedded default)', () => {
  it('gives the same answers', async () => {
    const embedded = await stack.runtime({ REDIS_URL: undefined });
    const id = await newSession(embedded);
    expect(await embedded.sessionState.isActive(tenantId, id)).toBe(true);
    expect(await embedded.redis.get(tenantKey(tenantId, 'sess', id))).toMatch(/^e1\./);
    await revokeSessions(embedded, tenantId, { sessionIds: [id] }, 'logout');
    expect(await embedded.sessionState.isActive(tenantId, id)).toBe(false);
    await embedded.redis.set(tenantKey(tenantId, 'sess', id), 'active', 'EX', 60, 'NX');
    expect(await embedded.redis.get(tenantKey(tenantId, 'sess', id))).toBe('revoked');
  });
});
