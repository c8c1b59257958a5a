import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRuntime, loadConfig, type Runtime } from '@tradesage/core';
import { migrateControl } from '@tradesage/prisma';
import { createTestDatabase, type TestDatabase } from '@tradesage/prisma/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from './demo-seed.service.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let database: TestDatabase;
let dataDir: string;
let runtime: Runtime;

beforeAll(async () => {
  database = await createTestDatabase('tradesage_demo_seed');
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-demo-'));
  runtime = await createRuntime(
    loadConfig({
      DATABASE_URL: database.connectionString,
      REDIS_URL,
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      BCRYPT_COST: '10',
    }),
    { name: 'demo-seed-test' },
  );
  await migrateControl(runtime.db.pool);
});

afterAll(async () => {
  await runtime?.close();
  await database?.drop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the demo tenant on a reused data folder', () => {
  it('prints on a restart only the first passwords that still sign in', async () => {
    const first = await seedDemoTenant(runtime, dataDir);
    expect(first.reused).toBe(false);
    expect(first.users.map((u) => u.role)).toEqual(['admin', 'trader', 'viewer']);
    expect(first.users.every((u) => typeof u.password === 'string' && u.password.length >= 16)).toBe(true);

    const again = await seedDemoTenant(runtime, dataDir);
    expect(again).toEqual({ ...first, reused: true });

    // The trader changed their password; the viewer was deactivated.
    const tenant = await runtime.db.control.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
    const db = runtime.db.tenant(tenant.id);
    await db.user.update({
      where: { email: 'trader@demo.tradesage.dev' },
      data: { passwordHash: await runtime.passwords.hash('a-new-password-of-their-own') },
    });
    await db.user.update({ where: { email: 'viewer@demo.tradesage.dev' }, data: { status: 'disabled' } });

    const restarted = await seedDemoTenant(runtime, dataDir);
    expect(restarted.reused).toBe(true);
    expect(restarted.users).toEqual([
      first.users[0],
      { role: 'trader', email: 'trader@demo.tradesage.dev', password: null },
      { role: 'viewer', email: 'viewer@demo.tradesage.dev', password: null },
    ]);
  });
});
