import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateControl } from '../migrator.ts';
import { provisionTenant } from '../provision-tenant.ts';
import { openTestDatabase, uniqueSlug } from '../testing/fixtures.ts';

const run = promisify(execFile);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const migrateCli = fileURLToPath(new URL('./migrate.ts', import.meta.url));

let pool: pg.Pool;
let connectionString: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  const handle = await openTestDatabase(2);
  ({ pool, dispose } = handle);
  connectionString = handle.db.connectionString;
});

afterAll(async () => {
  await dispose();
});

async function migrateCommand(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [tsxCli, migrateCli, '--concurrency', '2', connectionString]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

it('prints a status per tenant and exits non-zero while any tenant fails', { timeout: 60_000 }, async () => {
  await migrateControl(pool);
  const healthy = await provisionTenant(pool, { slug: uniqueSlug('ok'), name: 'Healthy' });
  const broken = await provisionTenant(pool, { slug: uniqueSlug('bad'), name: 'Broken' });
  await pool.query(`DROP SCHEMA "${broken.schema}" CASCADE`);

  const failing = await migrateCommand();
  expect(failing.code).toBe(1);
  expect(failing.stdout).toMatch(/control: up to date/);
  expect(failing.stdout).toMatch(new RegExp(`up-to-date\\s+${healthy.slug}\\s+${healthy.schema}`));
  expect(failing.stdout).toMatch(new RegExp(`failed\\s+${broken.slug}\\s+${broken.schema}`));
  expect(failing.stdout).toMatch(/tenants: 2, migrated 0, up to date 1, failed 1/);

  await pool.query(`UPDATE control.tenants SET status = 'purged' WHERE id = $1`, [broken.id]);
  const passing = await migrateCommand();
  expect(passing.code).toBe(0);
  expect(passing.stdout).toMatch(/tenants: 1, migrated 0, up to date 1, failed 0/);
});
