import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONTROL_MIGRATIONS_DIR,
  loadMigrations,
  migrateAllTenants,
  migrateControl,
  MigrationError,
  migrateTenantSchema,
  migrationChecksum,
  TENANT_MIGRATIONS_DIR,
} from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { openTestDatabase, tempTenantMigrations, uniqueSlug } from './testing/fixtures.ts';
import { withTransaction } from './transaction.ts';

// The shipped tenant migrations; tests add theirs as 9xxx files so they sort after them.
const TENANT_MIGRATIONS = (await loadMigrations(TENANT_MIGRATIONS_DIR)).map((migration) => migration.name);

// Each test gets its own database: migrateAllTenants acts on every tenant of a database.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database() {
  const handle = await openTestDatabase();
  cleanups.push(handle.dispose);
  return handle;
}

async function migrations(extra: Record<string, string> = {}) {
  const temp = await tempTenantMigrations(extra);
  cleanups.push(temp.remove);
  return temp.dir;
}

async function appliedNames(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(`SELECT name FROM "${schema}"._migrations ORDER BY name`);
  return rows.map((row) => row.name);
}

describe('migrateControl', () => {
  it('applies each control migration exactly once, even when several processes start at once', async () => {
    const { pool } = await database();
    const shipped = (await loadMigrations(CONTROL_MIGRATIONS_DIR)).map((migration) => migration.name);
    const results = await Promise.all([migrateControl(pool), migrateControl(pool), migrateControl(pool)]);
    expect(results.flat()).toEqual(shipped);
    expect(await migrateControl(pool)).toEqual([]);
    const { rows } = await pool.query('SELECT name FROM control._migrations ORDER BY name');
    expect(rows).toEqual(shipped.map((name) => ({ name })));
  });

  it('keeps what applied before a failing control migration and resumes after the fix', async () => {
    const { pool } = await database();
    const dir = await mkdtemp(path.join(tmpdir(), 'tradesage-control-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(CONTROL_MIGRATIONS_DIR, dir, { recursive: true });
    const shipped = (await loadMigrations(CONTROL_MIGRATIONS_DIR)).map((migration) => migration.name);
    await writeFile(path.join(dir, '9999_broken.sql'), 'ALTER TABLE control.no_such_table ADD COLUMN x int;');

    await expect(migrateControl(pool, { migrationsDir: dir })).rejects.toThrow(
      /control: migration 9999_broken\.sql failed/,
    );
    expect((await pool.query('SELECT name FROM control._migrations ORDER BY name')).rows).toEqual(
      shipped.map((name) => ({ name })),
    );

    // The failed run's connection (and with it the advisory lock) is gone: a new run proceeds.
    await writeFile(path.join(dir, '9999_broken.sql'), 'ALTER TABLE control.tenants ADD COLUMN x int;');
    expect(await migrateControl(pool, { migrationsDir: dir })).toEqual(['9999_broken.sql']);
  });
});

describe('migrateTenantSchema', () => {
  it('refuses a schema that is not a tenant schema', async () => {
    const { pool } = await database();
    await expect(withTransaction(pool, (client) => migrateTenantSchema(client, 'public'))).rejects.toThrow(
      MigrationError,
    );
  });

  it('is idempotent', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Idem' });
    expect(await withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema))).toEqual([]);
    expect(await appliedNames(pool, tenant.schema)).toEqual(TENANT_MIGRATIONS);
  });

  it('detects an applied migration whose file changed', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const dir = await migrations();
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Checksum' }, { migrationsDir: dir });
    await writeFile(path.join(dir, '0001_init.sql'), 'SELECT 1; -- a statement added after it was applied\n', {
      flag: 'a',
    });
    await expect(
      withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema, { migrationsDir: dir })),
    ).rejects.toThrow(/checksum mismatch for applied migration 0001_init\.sql/);
    const [report] = await migrateAllTenants(pool, { migrationsDir: dir });
    expect(report).toMatchObject({ tenantId: tenant.id, status: 'failed', applied: [] });
    expect(report?.error).toMatch(/checksum mismatch/);
  });

  it('accepts a reworded comment, and a checksum stored by earlier releases (whole file)', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const dir = await migrations();
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Comments' }, { migrationsDir: dir });
    const file = path.join(dir, '0001_init.sql');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `-- a comment reworded after the file was applied\n\n${original}`);
    expect(
      await withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema, { migrationsDir: dir })),
    ).toEqual([]);
    // A database migrated by an earlier release holds the sha256 of the whole file as it was then.
    await pool.query(`UPDATE ${quoteIdent(tenant.schema)}._migrations SET checksum = $1 WHERE name = '0001_init.sql'`, [
      createHash('sha256')
        .update(await readFile(file, 'utf8'))
        .digest('hex'),
    ]);
    expect(
      await withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema, { migrationsDir: dir })),
    ).toEqual([]);
  });

  it('accepts the shipped files against the whole-file checksums of their first release', async () => {
    const shipped = await loadMigrations(TENANT_MIGRATIONS_DIR);
    const reworded = shipped.find((migration) => migration.name === '0003_tenants.sql');
    expect(reworded?.acceptedChecksums).toContain('b8baa6cd953a12381a8bf5214f1d5201fa7bdf60289a38d105c9256e579132ce');
    expect(reworded?.acceptedChecksums).toContain(migrationChecksum(reworded?.sql ?? ''));
  });

  it('refuses a new file that sorts before one already applied', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const dir = await migrations({ '9003_later.sql': 'SELECT 1;' });
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Order' }, { migrationsDir: dir });
    await writeFile(path.join(dir, '9002_sneaked_in.sql'), 'SELECT 1;');
    await expect(
      withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema, { migrationsDir: dir })),
    ).rejects.toThrow(/9002_sneaked_in\.sql sorts before already-applied 9003_later\.sql/);
  });

  it('refuses to run when the database has a migration this code does not know', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const newer = await migrations({ '9002_newer.sql': 'SELECT 1;' });
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Ahead' }, { migrationsDir: newer });
    await expect(withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema))).rejects.toThrow(
      /database is ahead of this code/,
    );
  });
});

describe('migrateAllTenants', () => {
  it('resumes after a failing file from the next pending file, one transaction per file', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Resume' });
    const dir = await migrations({
      '9002_add_notes.sql': 'CREATE TABLE __SCHEMA__.notes (id int PRIMARY KEY);',
      '9003_broken.sql': 'INSERT INTO __SCHEMA__.no_such_table VALUES (1);',
      '9004_after.sql': 'ALTER TABLE __SCHEMA__.notes ADD COLUMN body text;',
    });

    const [failed] = await migrateAllTenants(pool, { migrationsDir: dir });
    expect(failed).toMatchObject({
      tenantId: tenant.id,
      schema: tenant.schema,
      status: 'failed',
      applied: ['9002_add_notes.sql'],
    });
    expect(failed?.error).toMatch(/9003_broken\.sql failed/);
    // 9002 committed on its own; the failing 9003 left nothing behind.
    expect(await appliedNames(pool, tenant.schema)).toEqual([...TENANT_MIGRATIONS, '9002_add_notes.sql']);
    await pool.query(`SELECT id FROM "${tenant.schema}".notes`);

    await writeFile(path.join(dir, '9003_broken.sql'), 'INSERT INTO __SCHEMA__.notes VALUES (1);');
    const [resumed] = await migrateAllTenants(pool, { migrationsDir: dir });
    expect(resumed).toMatchObject({ status: 'migrated', applied: ['9003_broken.sql', '9004_after.sql'] });
    expect((await pool.query(`SELECT id, body FROM "${tenant.schema}".notes`)).rows).toEqual([{ id: 1, body: null }]);

    const [again] = await migrateAllTenants(pool, { migrationsDir: dir });
    expect(again).toMatchObject({ status: 'up-to-date', applied: [] });
  });

  it('reports every tenant and carries on past a failed one; purged tenants are skipped', async () => {
    const { pool } = await database();
    await migrateControl(pool);
    const tenants = [];
    for (let i = 0; i < 4; i++) tenants.push(await provisionTenant(pool, { slug: uniqueSlug(), name: `Tenant ${i}` }));
    const [first, broken, third, purged] = tenants;
    if (!first || !broken || !third || !purged) throw new Error('tenants not provisioned');
    // A tenant whose schema went missing fails; the others must still be migrated.
    await pool.query(`DROP SCHEMA "${broken.schema}" CASCADE`);
    await pool.query(`UPDATE control.tenants SET status = 'purged' WHERE id = $1`, [purged.id]);
    await pool.query(`DROP SCHEMA "${purged.schema}" CASCADE`);
    const dir = await migrations({ '9002_add_flags.sql': 'CREATE TABLE __SCHEMA__.flags (name text PRIMARY KEY);' });

    const seen: string[] = [];
    const reports = await migrateAllTenants(pool, {
      migrationsDir: dir,
      concurrency: 2,
      onTenant: (report) => seen.push(report.tenantId),
    });

    // Registry order is creation order; tenants made in the same millisecond may swap, so match by id.
    const byId = (id: string) => reports.find((report) => report.tenantId === id);
    expect(reports.map((report) => report.tenantId).sort()).toEqual([first.id, broken.id, third.id].sort());
    expect(seen.sort()).toEqual([first.id, broken.id, third.id].sort());
    expect(byId(first.id)).toMatchObject({
      status: 'migrated',
      applied: ['9002_add_flags.sql'],
      slug: first.slug,
      schema: first.schema,
    });
    expect(byId(broken.id)).toMatchObject({ status: 'failed', applied: [] });
    expect(byId(broken.id)?.error).toMatch(/does not exist/);
    expect(byId(third.id)).toMatchObject({ status: 'migrated', applied: ['9002_add_flags.sql'] });

    const rerun = await migrateAllTenants(pool, { migrationsDir: dir });
    expect(
      rerun
        .filter((report) => report.status === 'up-to-date')
        .map((report) => report.tenantId)
        .sort(),
    ).toEqual([first.id, third.id].sort());
    expect(rerun.find((report) => report.tenantId === broken.id)?.status).toBe('failed');
  });

  it('rejects a nonsensical concurrency', async () => {
    const { pool } = await database();
    await expect(migrateAllTenants(pool, { concurrency: 0 })).rejects.toThrow(/concurrency/);
  });
});
