import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { migrateTenantSchema } from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import { BUILTIN_ROLES } from './roles.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { openMigratedTestDatabase, tempTenantMigrations, uniqueSlug } from './testing/fixtures.ts';
import { withTransaction } from './transaction.ts';

let pool: pg.Pool;

beforeAll(async () => {
  const opened = await openMigratedTestDatabase(2);
  pool = opened.pool;
  return opened.dispose;
});

// The seeded built-in rows and BUILTIN_ROLES must be the same roles (permissions compared as sets:
// migrations append to the arrays).
it('seeds every tenant with exactly the roles of BUILTIN_ROLES', async () => {
  const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Roles' });
  const { rows } = await pool.query<{ name: string; parent: string | null; permissions: string[]; builtin: boolean }>(
    `SELECT name, parent, permissions, builtin FROM ${quoteIdent(tenant.schema)}.roles ORDER BY name`,
  );
  const fromConstant = Object.values(BUILTIN_ROLES)
    .map((role) => ({ name: role.name, parent: role.parent, permissions: [...role.permissions].sort(), builtin: true }))
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(rows.map((row) => ({ ...row, permissions: [...row.permissions].sort() }))).toEqual(fromConstant);
  expect(rows.every((row) => new Set(row.permissions).size === row.permissions.length)).toBe(true);
});

it('will not let a user hold a role the tenant does not have, nor delete a role still held', async () => {
  const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Role FK' });
  const s = quoteIdent(tenant.schema);
  const userId = randomUUID();
  await pool.query(`INSERT INTO ${s}.users (id, email) VALUES ($1, 'x@y.test')`, [userId]);
  await expect(
    pool.query(`INSERT INTO ${s}.user_roles (user_id, role) VALUES ($1, 'superuser')`, [userId]),
  ).rejects.toThrow(/user_roles_role_fkey/);
  await pool.query(`INSERT INTO ${s}.roles (name, parent, permissions) VALUES ('desk', 'viewer', ARRAY['audit:read'])`);
  await pool.query(`INSERT INTO ${s}.user_roles (user_id, role) VALUES ($1, 'desk')`, [userId]);
  await expect(pool.query(`DELETE FROM ${s}.roles WHERE name = 'desk'`)).rejects.toThrow(/user_roles_role_fkey/);
  // Deleting the user takes their role assignments along.
  await pool.query(`DELETE FROM ${s}.users WHERE id = $1`, [userId]);
  expect((await pool.query(`SELECT 1 FROM ${s}.user_roles`)).rowCount).toBe(0);
});

it('refuses role names outside the allowed pattern in the database too', async () => {
  const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Role names' });
  for (const name of ['Admin', 'a', 'x y', '1role', 'é-role']) {
    await expect(
      pool.query(`INSERT INTO ${quoteIdent(tenant.schema)}.roles (name, parent) VALUES ($1, 'viewer')`, [name]),
    ).rejects.toThrow(/roles_name_check/);
  }
});

// 0006 replaces users.role by user_roles: every existing user keeps exactly their role.
it('moves every existing user role into user_roles', async () => {
  const migrations = await tempTenantMigrations();
  try {
    for (const file of await readdir(migrations.dir)) if (file >= '0006') await rm(path.join(migrations.dir, file));
    const ids = { admin: randomUUID(), trader: randomUUID(), viewer: randomUUID() };
    const tenant = await provisionTenant(
      pool,
      {
        slug: uniqueSlug(),
        name: 'Before 0006',
        seed: async (client, schema) => {
          for (const [role, id] of Object.entries(ids)) {
            await client.query(`INSERT INTO ${quoteIdent(schema)}.users (id, email, role) VALUES ($1, $2, $3)`, [
              id,
              `${role}@m.test`,
              role,
            ]);
          }
        },
      },
      { migrationsDir: migrations.dir },
    );
    const applied = await withTransaction(pool, (client) => migrateTenantSchema(client, tenant.schema));
    expect(applied.some((name) => name.startsWith('0006'))).toBe(true);
    const s = quoteIdent(tenant.schema);
    const { rows } = await pool.query<{ user_id: string; role: string }>(
      `SELECT user_id, role FROM ${s}.user_roles ORDER BY role`,
    );
    expect(rows).toEqual([
      { user_id: ids.admin, role: 'admin' },
      { user_id: ids.trader, role: 'trader' },
      { user_id: ids.viewer, role: 'viewer' },
    ]);
    const columns = await pool.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users' AND column_name = 'role'`,
      [tenant.schema],
    );
    expect(columns.rowCount).toBe(0);
    const admin = await pool.query<{ permissions: string[] }>(
      `SELECT permissions FROM ${s}.roles WHERE name = 'admin'`,
    );
    expect(admin.rows[0]?.permissions).toEqual(expect.arrayContaining(['roles:read', 'roles:write']));
  } finally {
    await migrations.remove();
  }
});
