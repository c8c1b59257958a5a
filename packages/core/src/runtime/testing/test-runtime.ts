import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateControl, provisionTenant, quoteIdent } from '@tradesage/prisma';
import { createTestDatabase, type TestDatabase } from '@tradesage/prisma/testing';
import { loadConfig, type Config } from '../config.ts';
import { createRuntime, type Runtime } from '../runtime.ts';

/**
 * A throwaway database and data folder for one integration test file, with runtimes on them:
 * every runtime shares the database, the signing keys and the control schema (migrated once),
 * and `close` ends the runtimes (in the order they were made), drops the database and removes the folder.
 */
export interface TestRuntimes {
  readonly database: TestDatabase;
  /** DATA_DIR of every runtime: signing keys, outbox and exports land below it. */
  readonly dataDir: string;
  /** The settings of a runtime on this stack: `env` over the test defaults. */
  config(env?: Record<string, string | undefined>): Config;
  /** A runtime on this stack, closed by `close`; the first one migrates the control schema. */
  runtime(env?: Record<string, string | undefined>, name?: string): Promise<Runtime>;
  close(): Promise<void>;
}

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function createTestRuntimes(prefix: string): Promise<TestRuntimes> {
  const database = await createTestDatabase(prefix);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  const runtimes: Runtime[] = [];
  let migrated: Promise<unknown> | undefined;
  const config = (env: Record<string, string | undefined> = {}) =>
    loadConfig({
      DATABASE_URL: database.connectionString,
      REDIS_URL: TEST_REDIS_URL,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      DATA_DIR: dataDir,
      BCRYPT_COST: '10',
      ...env,
    });
  return {
    database,
    dataDir,
    config,
    async runtime(env = {}, name = 'test') {
      const runtime = await createRuntime(config(env), { name });
      runtimes.push(runtime);
      migrated ??= migrateControl(runtime.db.pool);
      await migrated;
      await runtime.cache.verify();
      return runtime;
    },
    async close() {
      for (const runtime of runtimes.splice(0)) await runtime.close();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new active tenant (slug `${prefix}-<random>`) holding one user, whose id is returned. */
export async function provisionTestTenant(
  runtime: Runtime,
  prefix: string,
  email = `u@${prefix}.test`,
): Promise<{ tenantId: string; userId: string }> {
  const userId = crypto.randomUUID();
  const tenant = await provisionTenant(runtime.db.pool, {
    slug: `${prefix}-${crypto.randomBytes(4).toString('hex')}`,
    name: prefix,
    status: 'active',
    seed: async (client, schema) => {
      await client.query(`INSERT INTO ${quoteIdent(schema)}.users (id, email) VALUES ($1, $2)`, [userId, email]);
    },
  });
  return { tenantId: tenant.id, userId };
}
