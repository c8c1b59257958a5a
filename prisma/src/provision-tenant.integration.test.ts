import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataLayerError, type DataLayerErrorCode } from './errors.ts';
import { loadMigrations, migrateControl, TENANT_MIGRATIONS_DIR } from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import { quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { PLATFORM_TENANT_SLUG } from './tenant-slug.ts';
import {
  openMigratedTestDatabase,
  openTestDatabase,
  schemaExists,
  tempTenantMigrations,
  uniqueSlug,
} from './testing/fixtures.ts';

let pool: pg.Pool;

beforeAll(async () => {
  const opened = await openMigratedTestDatabase();
  pool = opened.pool;
  return opened.dispose;
});

async function counts(): Promise<{ tenants: number; schemas: number }> {
  const { rows } = await pool.query<{ tenants: number; schemas: number }>(
    `SELECT (SELECT count(*)::int FROM control.tenants) AS tenants, (SELECT count(*)::int FROM pg_namespace) AS schemas`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('no counts');
  return row;
}

async function clientCodeOf(promise: Promise<unknown>): Promise<DataLayerErrorCode> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DataLayerError)) throw new Error(`expected a DataLayerError, got ${String(error)}`);
  return error.clientCode;
}

describe('provisionTenant', () => {
  it('creates the registry row, the schema, every migration and runs the seed in that schema', async () => {
    const slug = uniqueSlug();
    const adminId = randomUUID();
    const tenant = await provisionTenant(pool, {
      slug,
      name: '  Acme Trading  ',
      domain: `${slug}.example.com`,
      status: 'active',
      seed: async (client, schema) => {
        await client.query(`INSERT INTO ${quoteIdent(schema)}.users (id, email) VALUES ($1, $2)`, [
          adminId,
          'admin@acme.test',
        ]);
        await client.query(`INSERT INTO ${quoteIdent(schema)}.user_roles (user_id, role) VALUES ($1, 'admin')`, [
          adminId,
        ]);
      },
    });

    expect(tenant).toEqual({
      id: tenant.id,
      slug,
      name: 'Acme Trading',
      status: 'active',
      schema: tenantSchemaName(tenant.id),
    });
    const { rows } = await pool.query('SELECT slug, name, domain, status, plan FROM control.tenants WHERE id = $1', [
      tenant.id,
    ]);
    expect(rows).toEqual([
      { slug, name: 'Acme Trading', domain: `${slug}.example.com`, status: 'active', plan: 'free' },
    ]);
    expect((await pool.query(`SELECT name FROM ${quoteIdent(tenant.schema)}._migrations`)).rows).toEqual(
      (await loadMigrations(TENANT_MIGRATIONS_DIR)).map((migration) => ({ name: migration.name })),
    );
    expect((await pool.query(`SELECT user_id AS id, role FROM ${quoteIdent(tenant.schema)}.user_roles`)).rows).toEqual([
      { id: adminId, role: 'admin' },
    ]);
  });

  it('defaults to a pending tenant with a random uuid', async () => {
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Defaults' });
    expect(tenant.status).toBe('pending');
    expect(tenant.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each<[string, DataLayerErrorCode]>([
    ['a";drop schema public cascade;--', 'INVALID_SLUG'],
    ['public', 'RESERVED_SLUG'],
    ['control', 'RESERVED_SLUG'],
    ['pg_catalog', 'RESERVED_SLUG'],
    ['information_schema', 'RESERVED_SLUG'],
    [PLATFORM_TENANT_SLUG, 'RESERVED_SLUG'],
    ['x'.repeat(64), 'INVALID_SLUG'],
    ['UPPER', 'INVALID_SLUG'],
    ['Ünïcode', 'INVALID_SLUG'],
  ])('refuses slug %j with %s and creates nothing', async (slug, code) => {
    const before = await counts();
    const id = randomUUID();
    expect(await clientCodeOf(provisionTenant(pool, { id, slug, name: 'Refused' }))).toBe(code);
    expect(await counts()).toEqual(before);
    expect(await schemaExists(pool, tenantSchemaName(id))).toBe(false);
    // The injection attempt did nothing either.
    expect(await schemaExists(pool, 'public')).toBe(true);
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a bad domain', { name: 'Bad domain', domain: 'not a domain' }],
    ['an uppercase domain', { name: 'Upper domain', domain: 'ACME.example.com' }],
    ['a non-uuid id', { name: 'Bad id', id: 'tenant-1' }],
  ])('refuses %s as BAD_USER_INPUT before touching the database', async (_what, fields) => {
    const before = await counts();
    expect(await clientCodeOf(provisionTenant(pool, { slug: uniqueSlug(), ...fields }))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('lets the internal bootstrap create the platform tenant', async () => {
    // Own database: `platform` is unique per registry and other tests must not depend on it.
    const own = await openTestDatabase(2);
    try {
      await migrateControl(own.pool);
      const platform = await provisionTenant(own.pool, {
        slug: PLATFORM_TENANT_SLUG,
        name: 'Platform',
        status: 'active',
        allowReservedSlug: true,
      });
      expect(platform.slug).toBe('platform');
    } finally {
      await own.dispose();
    }
  });

  it('is all-or-nothing: a seed that throws leaves no schema and no registry row', async () => {
    const before = await counts();
    const id = randomUUID();
    const slug = uniqueSlug();
    const failure = new Error('seed exploded');
    await expect(
      provisionTenant(pool, {
        id,
        slug,
        name: 'Rolled back',
        seed: async (client, schema) => {
          await client.query(`INSERT INTO ${quoteIdent(schema)}.users (id, email) VALUES ($1, 'a@b.test')`, [
            randomUUID(),
          ]);
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(await counts()).toEqual(before);
    expect(await schemaExists(pool, tenantSchemaName(id))).toBe(false);
    expect((await pool.query('SELECT 1 FROM control.tenants WHERE slug = $1', [slug])).rowCount).toBe(0);
    // The slug is free again.
    await provisionTenant(pool, { slug, name: 'Second try' });
  });

  it('is all-or-nothing when a migration fails', async () => {
    const migrations = await tempTenantMigrations({ '0002_broken.sql': 'SELECT * FROM __SCHEMA__.missing;' });
    try {
      const before = await counts();
      const id = randomUUID();
      await expect(
        provisionTenant(pool, { id, slug: uniqueSlug(), name: 'Broken' }, { migrationsDir: migrations.dir }),
      ).rejects.toThrow(/0002_broken\.sql failed/);
      expect(await counts()).toEqual(before);
      expect(await schemaExists(pool, tenantSchemaName(id))).toBe(false);
    } finally {
      await migrations.remove();
    }
  });

  it('gives SLUG_TAKEN for a duplicate slug and leaves nothing of the second attempt', async () => {
    const slug = uniqueSlug();
    await provisionTenant(pool, { slug, name: 'First' });
    const before = await counts();
    const id = randomUUID();
    expect(await clientCodeOf(provisionTenant(pool, { id, slug, name: 'Second' }))).toBe('SLUG_TAKEN');
    expect(await counts()).toEqual(before);
    expect(await schemaExists(pool, tenantSchemaName(id))).toBe(false);
  });

  it('gives exactly one winner when two requests race for a slug', async () => {
    const slug = uniqueSlug();
    const results = await Promise.allSettled([
      provisionTenant(pool, { slug, name: 'A' }),
      provisionTenant(pool, { slug, name: 'B' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(
      rejected?.status === 'rejected' && rejected.reason instanceof DataLayerError && rejected.reason.clientCode,
    ).toBe('SLUG_TAKEN');
  });

  it('refuses a domain that belongs to another tenant', async () => {
    const domain = `${uniqueSlug()}.example.com`;
    await provisionTenant(pool, { slug: uniqueSlug(), name: 'Owner', domain });
    expect(await clientCodeOf(provisionTenant(pool, { slug: uniqueSlug(), name: 'Squatter', domain }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses an id that already exists', async () => {
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Original' });
    expect(await clientCodeOf(provisionTenant(pool, { id: tenant.id, slug: uniqueSlug(), name: 'Clone' }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
