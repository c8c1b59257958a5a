import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient as ControlClient } from '../generated/control/client.ts';
import { PrismaClient as TenantClient } from '../generated/tenant/client.ts';
import { provisionTenant } from './provision-tenant.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { openMigratedTestDatabase, uniqueSlug } from './testing/fixtures.ts';
import { findSchemaDrift, generatedClientDrift } from './testing/schema-drift.ts';

// A test fails when the SQL and the Prisma models disagree.
const CONTROL_PRISMA = fileURLToPath(new URL('../control.prisma', import.meta.url));
const TENANT_PRISMA = fileURLToPath(new URL('../tenant.prisma', import.meta.url));
const MIGRATOR_TABLES = ['_migrations'];
// Integrity rules the SQL adds that Prisma does not model as relations (see 0001_init.sql).
const TENANT_SQL_ONLY_FOREIGN_KEYS = ['roles_parent_fkey'];

let pool: pg.Pool;

beforeAll(async () => {
  const opened = await openMigratedTestDatabase(2);
  pool = opened.pool;
  return opened.dispose;
});

async function tenantDrift(schema: string): Promise<string[]> {
  const client = await pool.connect();
  try {
    return await findSchemaDrift(client, {
      schema,
      prismaSchemaFile: TENANT_PRISMA,
      ignoreTables: MIGRATOR_TABLES,
      sqlOnlyForeignKeys: TENANT_SQL_ONLY_FOREIGN_KEYS,
    });
  } finally {
    client.release();
  }
}

describe('SQL migrations match the Prisma models', () => {
  it('control schema matches control.prisma', async () => {
    const client = await pool.connect();
    try {
      expect(
        await findSchemaDrift(client, {
          schema: 'control',
          prismaSchemaFile: CONTROL_PRISMA,
          ignoreTables: MIGRATOR_TABLES,
        }),
      ).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('a tenant schema matches tenant.prisma', async () => {
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Drift' });
    expect(await tenantDrift(tenant.schema)).toEqual([]);
  });

  it('the generated clients were generated from the current .prisma files', async () => {
    // No connection is opened: the adapter connects on the first query only.
    const control = new ControlClient({ adapter: new PrismaPg({ connectionString: 'postgres://unused' }) });
    const tenant = new TenantClient({ adapter: new PrismaPg({ connectionString: 'postgres://unused' }) });
    expect(await generatedClientDrift(control, CONTROL_PRISMA)).toEqual([]);
    expect(await generatedClientDrift(tenant, TENANT_PRISMA)).toEqual([]);
  });
});

describe('the drift check itself', () => {
  // Proves the check would catch real mistakes, so an empty result above means something.
  it('reports nullability, type, default, extra column, missing index and foreign key changes', async () => {
    const tenant = await provisionTenant(pool, { slug: uniqueSlug(), name: 'Drifted' });
    const s = quoteIdent(tenant.schema);
    await pool.query(`
      ALTER TABLE ${s}.users ALTER COLUMN email DROP NOT NULL;
      ALTER TABLE ${s}.users ALTER COLUMN locked_until TYPE timestamp(3);
      ALTER TABLE ${s}.users ALTER COLUMN status SET DEFAULT 'disabled';
      ALTER TABLE ${s}.users ADD COLUMN nickname text;
      DROP INDEX ${s}.sessions_user_id_idx;
      ALTER TABLE ${s}.refresh_tokens DROP CONSTRAINT refresh_tokens_session_id_fkey;
      ALTER TABLE ${s}.refresh_tokens ADD CONSTRAINT refresh_tokens_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES ${s}.sessions (id) ON DELETE SET NULL;
      CREATE TABLE ${s}.stray (id int);
    `);
    const problems = await tenantDrift(tenant.schema);
    const expectations = [
      /users\.email .*SQL is NULL, model field is required/,
      /users\.locked_until .*SQL type timestamp, model expects timestamptz/,
      /users\.status .*@default\("active"\) but SQL DEFAULT .* evaluates to "disabled"/,
      /users\.nickname: column exists in SQL but not in model User/,
      /plain index on sessions\(user_id\): in the model, missing in SQL/,
      /foreign key refresh_tokens\(session_id\) -> sessions\(id\) ON DELETE Cascade ON UPDATE Cascade: in the model, missing in SQL/,
      /stray: table exists in SQL but no model maps to it/,
    ];
    for (const expected of expectations) {
      expect(
        problems.some((problem) => expected.test(problem)),
        `${expected} in\n${problems.join('\n')}`,
      ).toBe(true);
    }
  });
});
