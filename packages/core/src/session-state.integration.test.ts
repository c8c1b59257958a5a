import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateControl, provisionTenant, quoteIdent } from '@tradesage/prisma';
import { createTestDatabase, type TestDatabase } from '@tradesage/prisma/testing/test-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { tenantKey } from './redis.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { revokeSessions } from './sessions.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// Nothing listens on port 1: every Redis command fails, as with Redis down.
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

let database: TestDatabase;
let keysDir: string;
const runtimes: Runtime[] = [];
let tenantId: string;
let userId: string;

async function runtimeWith(redisUrl: string | undefined): Promise<Runtime> {
  const runtime = await createRuntime(
    loadConfig({ DATABASE_URL: database.connectionString, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), LOG_LEVEL: 'silent', SIGNING_KEYS_DIR: keysDir, BCRYPT_COST: '10' }),
    { name: 'test' },
  );
  runtimes.push(runtime);
  return runtime;
}

async function newSession(runtime: Runtime): Promise<string> {
  const id = crypto.randomUUID();
  await runtime.db.tenant(tenantId).session.create({ data: { id, userId, expiresAt: new Date(Date.now() + 3_600_000) } });
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase('tradesage_core');
  keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-keys-'));
  const runtime = await runtimeWith(REDIS_URL);
  await migrateControl(runtime.db.pool);
  userId = crypto.randomUUID();
  const tenant = await provisionTenant(runtime.db.pool, {
    slug: `state-${crypto.randomBytes(4).toString('hex')}`,
    name: 'Session state',
    status: 'active',
    seed: async (client, schema) => {
      await client.query(`INSERT INTO ${quoteIdent(schema)}.users (id, email, role) VALUES ($1, 'u@state.test', 'viewer')`, [userId]);
    },
  });
  tenantId = tenant.id;
});

afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await database?.drop();
  await fs.rm(keysDir, { recursive: true, force: true });
});

describe('session state with real Redis', () => {
  it('caches the state and sees a revocation at once', async () => {
    const runtime = runtimes[0] as Runtime;
    const id = await newSession(runtime);
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(true);
    expect(await runtime.redis.get(tenantKey(tenantId, 'sess', id))).toBe('active');
    await revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'logout');
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
  });

  it('loses nothing when Redis forgets: sessions still work and revocations still hold', async () => {
    const runtime = runtimes[0] as Runtime;
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
    const runtime = runtimes[0] as Runtime;
    const id = await newSession(runtime);
    await revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'logout');
    // The late reader's cache fill is SET NX: it must not replace "revoked".
    await runtime.redis.set(tenantKey(tenantId, 'sess', id), 'active', 'EX', 60, 'NX');
    expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
  });
});

describe('session state with Redis down', () => {
  it('falls back to Postgres and never fails open', async () => {
    const healthy = runtimes[0] as Runtime;
    const down = await runtimeWith(DEAD_REDIS_URL);
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
    const embedded = await runtimeWith(undefined);
    const id = await newSession(embedded);
    expect(await embedded.sessionState.isActive(tenantId, id)).toBe(true);
    expect(await embedded.redis.get(tenantKey(tenantId, 'sess', id))).toBe('active');
    await revokeSessions(embedded, tenantId, { sessionIds: [id] }, 'logout');
    expect(await embedded.sessionState.isActive(tenantId, id)).toBe(false);
    await embedded.redis.set(tenantKey(tenantId, 'sess', id), 'active', 'EX', 60, 'NX');
    expect(await embedded.redis.get(tenantKey(tenantId, 'sess', id))).toBe('revoked');
  });
});
