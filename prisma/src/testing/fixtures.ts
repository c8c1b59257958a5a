import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateControl, TENANT_MIGRATIONS_DIR } from '../migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** A slug no other test uses. */
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

const ADMIN_SHUTDOWN = '57P01';

/**
 * pool.end() can resolve while a connection is still closing; DROP DATABASE ... WITH (FORCE)
 * then terminates it, which is expected here. Anything else is a real failure.
 */
export function ignoreTerminatedByDrop(error: Error): void {
  if ((error as Error & { code?: string }).code !== ADMIN_SHUTDOWN) {
    process.emitWarning(`test pool: ${error.message}`);
  }
}

/** A fresh database with a pool on it; `dispose` ends the pool and drops the database. */
export async function openTestDatabase(
  max = 8,
): Promise<{ db: TestDatabase; pool: pg.Pool; dispose(): Promise<void> }> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.connectionString, max });
  pool.on('error', ignoreTerminatedByDrop);
  return {
    db,
    pool,
    dispose: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

/** The same, with the control schema migrated: where tenants can be provisioned. */
export async function openMigratedTestDatabase(max = 8): ReturnType<typeof openTestDatabase> {
  const opened = await openTestDatabase(max);
  await migrateControl(opened.pool);
  return opened;
}

/**
 * A temporary tenant migrations directory: the shipped files plus `extra` (name -> SQL), so a
 * test can add a failing or a later migration without touching the real ones.
 */
export async function tempTenantMigrations(
  extra: Record<string, string> = {},
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tradesage-tenant-migrations-'));
  await cp(TENANT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await writeFile(path.join(dir, name), sql);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function schemaExists(pool: pg.Pool, schema: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}
