import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLayerError } from './errors.ts';
import { migrateControl } from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import {
  backupTenantSchema,
  findPgTools,
  PgToolsUnavailableError,
  readBackupManifest,
  restoreTenantBackup,
} from './tenant-backup.ts';
import {
  inspectTenantMigrations,
  purgeTenantSchema,
  tenantStorageBytes,
  tenantTableStats,
} from './tenant-lifecycle.ts';
import { quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { openTestDatabase, schemaExists, uniqueSlug } from './testing/fixtures.ts';

let pool: pg.Pool;
let connectionString: string;
let dispose: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  let db;
  ({ pool, dispose, db } = await openTestDatabase(4));
  connectionString = db.connectionString;
  await migrateControl(pool);
  dir = await mkdtemp(path.join(tmpdir(), 'tradesage-backup-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await dispose();
});

/** A tenant with real rows: two users, an open and a revoked session, audit events, a flag. */
async function tenantWithData(): Promise<{
  id: string;
  slug: string;
  schema: string;
  userIds: string[];
  openSession: string;
}> {
  const slug = uniqueSlug('bk');
  const userIds = [randomUUID(), randomUUID()];
  const openSession = randomUUID();
  const tenant = await provisionTenant(pool, {
    slug,
    name: "O'Brien & Co",
    status: 'active',
    seed: async (client, schema) => {
      const s = quoteIdent(schema);
      await client.query(
        `INSERT INTO ${s}.users (id, email, password_hash) VALUES ($1, 'a@bk.test', 'hash-a'), ($2, 'b@bk.test', 'hash-b')`,
        userIds,
      );
      await client.query(`INSERT INTO ${s}.user_roles (user_id, role) VALUES ($1, 'admin'), ($2, 'viewer')`, userIds);
      await client.query(
        `INSERT INTO ${s}.sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
        [openSession, userIds[0]],
      );
      await client.query(
        `INSERT INTO ${s}.sessions (id, user_id, expires_at, revoked_at, revoked_reason) VALUES ($1, $2, now() + interval '1 day', now(), 'logout')`,
        [randomUUID(), userIds[1]],
      );
      await client.query(
        `INSERT INTO ${s}.audit_events (action, data) VALUES ('login.succeeded', '{"note": "it''s here"}'), ('logout', '{}')`,
      );
      await client.query(`INSERT INTO ${s}.feature_flags (key, kind, percentage) VALUES ('rollout', 'percentage', 40)`);
    },
  });
  await pool.query(
    `UPDATE control.tenants SET settings = '{"passwordPolicy": {"minLength": 14}}', plan = 'team' WHERE id = $1`,
    [tenant.id],
  );
  return { id: tenant.id, slug, schema: tenant.schema, userIds, openSession };
}

async function snapshot(schema: string) {
  const s = quoteIdent(schema);
  return {
    users: (
      await pool.query(
        `SELECT u.id, u.email, ur.role, u.password_hash FROM ${s}.users u JOIN ${s}.user_roles ur ON ur.user_id = u.id ORDER BY u.email`,
      )
    ).rows,
    sessions: (await pool.query(`SELECT id, user_id FROM ${s}.sessions ORDER BY id`)).rows,
    audit: (await pool.query(`SELECT action, data FROM ${s}.audit_events ORDER BY id`)).rows,
    flags: (await pool.query(`SELECT key, kind, percentage FROM ${s}.feature_flags`)).rows,
  };
}

describe('tenant backup and restore', () => {
  it('round-trips a tenant through backup, drop and restore into the same tenant', async () => {
    const tenant = await tenantWithData();
    const before = await snapshot(tenant.schema);
    const file = path.join(dir, `${tenant.slug}.tsbackup`);
    const manifest = await backupTenantSchema(pool, connectionString, tenant.slug, file);
    expect(manifest.tenant).toMatchObject({
      id: tenant.id,
      slug: tenant.slug,
      plan: 'team',
      settings: { passwordPolicy: { minLength: 14 } },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readBackupManifest(file)).manifest.migrations).toContain('0003_tenants.sql');

    // Lose the tenant: schema dropped, registry row gone (a different database, or a disaster).
    await pool.query(`DROP SCHEMA ${quoteIdent(tenant.schema)} CASCADE`);
    await pool.query('DELETE FROM control.tenants WHERE id = $1', [tenant.id]);

    const restored = await restoreTenantBackup(pool, connectionString, file);
    expect(restored).toMatchObject({
      tenantId: tenant.id,
      slug: tenant.slug,
      schema: tenant.schema,
      mode: 'recreated',
      migrated: [],
    });
    expect(await snapshot(tenant.schema)).toEqual(before);
    const { rows } = await pool.query('SELECT slug, name, status, plan, settings FROM control.tenants WHERE id = $1', [
      tenant.id,
    ]);
    expect(rows).toEqual([
      {
        slug: tenant.slug,
        name: "O'Brien & Co",
        status: 'active',
        plan: 'team',
        settings: { passwordPolicy: { minLength: 14 } },
      },
    ]);
    // A restore never brings a session back to life.
    const open = await pool.query(`SELECT id FROM ${quoteIdent(tenant.schema)}.sessions WHERE revoked_at IS NULL`);
    expect(open.rowCount).toBe(0);
    expect(restored.endedSessionIds).toEqual([tenant.openSession]);
    expect((await inspectTenantMigrations(pool, tenant.id)).current).toBe(true);
  });

  it('replaces a live schema in one transaction, and leaves it untouched when the restore fails', async () => {
    const tenant = await tenantWithData();
    const file = path.join(dir, `${tenant.slug}.tsbackup`);
    await backupTenantSchema(pool, connectionString, tenant.id, file);
    await pool.query(`DELETE FROM ${quoteIdent(tenant.schema)}.users WHERE email = 'b@bk.test'`);
    const newSession = randomUUID();
    await pool.query(
      `INSERT INTO ${quoteIdent(tenant.schema)}.sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
      [newSession, tenant.userIds[0]],
    );

    const restored = await restoreTenantBackup(pool, connectionString, file);
    expect(restored.mode).toBe('replaced');
    expect((await snapshot(tenant.schema)).users.map((u: { email: string }) => u.email)).toEqual([
      'a@bk.test',
      'b@bk.test',
    ]);
    expect([...restored.endedSessionIds].sort()).toEqual([tenant.openSession, newSession].sort());
    const leftovers = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
      `${tenant.schema}_%`,
    ]);
    expect(leftovers.rowCount).toBe(0);

    // A truncated archive fails half-way through: everything rolls back.
    const broken = path.join(dir, 'broken.tsbackup');
    const { manifest, archiveOffset } = await readBackupManifest(file);
    const whole = await import('node:fs/promises').then((fs) => fs.readFile(file));
    await writeFile(
      broken,
      Buffer.concat([
        whole.subarray(0, archiveOffset),
        whole.subarray(archiveOffset, archiveOffset + Math.floor((whole.length - archiveOffset) / 2)),
      ]),
    );
    expect(manifest.tenant.id).toBe(tenant.id);
    await pool.query(`INSERT INTO ${quoteIdent(tenant.schema)}.feature_flags (key, kind) VALUES ('kept', 'boolean')`);
    await expect(restoreTenantBackup(pool, connectionString, broken)).rejects.toThrow(/pg_restore|psql/);
    expect(
      (await pool.query(`SELECT key FROM ${quoteIdent(tenant.schema)}.feature_flags WHERE key = 'kept'`)).rowCount,
    ).toBe(1);
    const stray = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${tenant.schema}_%`]);
    expect(stray.rowCount).toBe(0);
  });

  it('restores into a new tenant while the original lives on', async () => {
    const tenant = await tenantWithData();
    const before = await snapshot(tenant.schema);
    const file = path.join(dir, `${tenant.slug}-copy.tsbackup`);
    await backupTenantSchema(pool, connectionString, tenant.slug, file);

    const intoSlug = uniqueSlug('copy');
    const copy = await restoreTenantBackup(pool, connectionString, file, { intoSlug });
    expect(copy.tenantId).not.toBe(tenant.id);
    expect(copy).toMatchObject({ slug: intoSlug, schema: tenantSchemaName(copy.tenantId), mode: 'copied' });
    expect(await snapshot(copy.schema)).toEqual(before);
    expect(await snapshot(tenant.schema)).toEqual(before);
    const original = await pool.query(
      `SELECT count(*)::int AS n FROM ${quoteIdent(tenant.schema)}.sessions WHERE revoked_at IS NULL`,
    );
    expect(original.rows[0]).toEqual({ n: 1 });
    const { rows } = await pool.query('SELECT slug, status, plan, domain FROM control.tenants WHERE id = $1', [
      copy.tenantId,
    ]);
    expect(rows).toEqual([{ slug: intoSlug, status: 'active', plan: 'team', domain: null }]);
    // Sequences moved with the schema: the copy keeps counting on its own.
    await pool.query(`INSERT INTO ${quoteIdent(copy.schema)}.audit_events (action) VALUES ('after.copy')`);

    await expect(restoreTenantBackup(pool, connectionString, file, { intoSlug })).rejects.toMatchObject({
      clientCode: 'SLUG_TAKEN',
    });
    await expect(restoreTenantBackup(pool, connectionString, file, { intoSlug: 'public' })).rejects.toBeInstanceOf(
      DataLayerError,
    );
  });
});

describe('the pg tools and the backup header', () => {
  it('uses only the folder given for the tools, and refuses one without them or with an older pg_dump', async () => {
    const empty = await mkdtemp(path.join(dir, 'bin-empty-'));
    await expect(findPgTools(pool, { binDir: empty })).rejects.toBeInstanceOf(PgToolsUnavailableError);
    const tenant = await tenantWithData();
    await expect(
      backupTenantSchema(pool, connectionString, tenant.id, path.join(dir, 'never.tsbackup'), { binDir: empty }),
    ).rejects.toBeInstanceOf(PgToolsUnavailableError);

    // A pg_dump older than the server: pg_dump would refuse to dump it.
    const old = await mkdtemp(path.join(dir, 'bin-old-'));
    for (const tool of ['pg_dump', 'pg_restore', 'psql']) {
      await writeFile(path.join(old, tool), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
      await chmod(path.join(old, tool), 0o755);
    }
    await expect(findPgTools(pool, { binDir: old })).rejects.toThrow(/version 9, older than the server/);

    // Found by itself, the server's own version (or newer) is used.
    const found = await findPgTools(pool);
    expect(path.basename(found.pgDump)).toBe('pg_dump');
  });

  it('reads a header only when it is a backup of this version', async () => {
    const tenant = await tenantWithData();
    const file = path.join(dir, `${tenant.slug}-header.tsbackup`);
    const manifest = await backupTenantSchema(pool, connectionString, tenant.id, file);
    expect((await readBackupManifest(file)).manifest).toEqual(manifest);

    const magic = 'TRADESAGE-TENANT-BACKUP 1';
    const cases = {
      'not a backup': 'hello\nworld\n',
      'no manifest line': `${magic}\n`,
      'not JSON': `${magic}\n{oops\n`,
      'no createdAt': `${magic}\n${JSON.stringify({ ...manifest, createdAt: 'yesterday' })}\n`,
      'no migrations': `${magic}\n${JSON.stringify({ ...manifest, migrations: 'all' })}\n`,
      'no tenant': `${magic}\n${JSON.stringify({ ...manifest, tenant: null })}\n`,
      'another schema': `${magic}\n${JSON.stringify({ ...manifest, schema: 'public' })}\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const bad = path.join(dir, `bad-${randomUUID()}.tsbackup`);
      await writeFile(bad, text);
      await expect(readBackupManifest(bad), name).rejects.toMatchObject({ clientCode: 'BAD_USER_INPUT' });
    }
  });
});

describe('tenant schema inspection and purge', () => {
  it('reports migrations, rows and bytes, and purges only a due cancelled tenant', async () => {
    const tenant = await tenantWithData();
    const migrations = await inspectTenantMigrations(pool, tenant.id);
    expect(migrations).toMatchObject({ present: true, pending: [], unknown: [], changed: [], current: true });
    const stats = await tenantTableStats(pool, tenant.id);
    expect(stats.find((s) => s.table === 'users')).toMatchObject({ rows: 2, estimated: false });
    expect(stats.find((s) => s.table === '_migrations')).toBeUndefined();
    expect(await tenantStorageBytes(pool, tenant.id)).toBeGreaterThan(0);

    const now = new Date();
    expect(await purgeTenantSchema(pool, tenant.id, now)).toBe(false);
    await pool.query(
      `UPDATE control.tenants SET status = 'cancelled', cancelled_at = $2, purge_after = $2 WHERE id = $1`,
      [tenant.id, now],
    );
    expect(await purgeTenantSchema(pool, tenant.id, new Date(now.getTime() - 1000))).toBe(false);
    expect(await purgeTenantSchema(pool, tenant.id, now)).toBe(true);
    expect(await schemaExists(pool, tenant.schema)).toBe(false);
    expect((await pool.query('SELECT status FROM control.tenants WHERE id = $1', [tenant.id])).rows).toEqual([
      { status: 'purged' },
    ]);
    expect(await inspectTenantMigrations(pool, tenant.id)).toMatchObject({ present: false, current: false });
  });
});
