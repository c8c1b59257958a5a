import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateControl } from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import { BUILTIN_ROLES } from './roles.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { openTestDatabase, uniqueSlug } from './testing/fixtures.ts';

let pool: pg.Pool;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ pool, dispose } = await openTestDatabase(2));
  await migrateControl(pool);
});

afterAll(async () => {
  await dispose();
});

// core resolves built-in permissions from BUILTIN_ROLES without asking the database, so the rows
// the tenant migration seeds must be exactly that constant.
it('seeds every tenant with exactly the roles of BUILTIN_ROLES', async () => {
  const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Roles' });
  const { rows } = await pool.query<{ name: string; parent: string | null; permissions: string[]; builtin: boolean }>(
    `SELECT name, parent, permissions, builtin FROM ${quoteIdent(tenant.schema)}.roles ORDER BY name`,
  );
  const fromConstant = Object.values(BUILTIN_ROLES)
    .map((role) => ({ name: role.name, parent: role.parent, permissions: [...role.permissions], builtin: true }))
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(rows).toEqual(fromConstant);
});

it('will not let a user hold a role the tenant does not have', async () => {
  const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Role FK' });
  await expect(
    pool.query(`INSERT INTO ${quoteIdent(tenant.schema)}.users (id, email, role) VALUES (gen_random_uuid(), 'x@y.test', 'superuser')`),
  ).rejects.toThrow(/users_role_fkey/);
});
