import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateControl } from './migrator.ts';
import { provisionTenant } from './provision-tenant.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { ignoreTerminatedByDrop, uniqueSlug } from './testing/fixtures.ts';

// Defence in depth: the application's database role — an ordinary role with
// CREATE on its database, not a superuser — migrates and provisions tenants, yet cannot create
// objects in `public`, nor in a schema another role owns.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INSUFFICIENT_PRIVILEGE = '42501';

let db: TestDatabase;
let admin: pg.Client;
const appRole = `tradesage_app_${randomBytes(4).toString('hex')}`;
const otherRole = `tradesage_other_${randomBytes(4).toString('hex')}`;
const pools: pg.Pool[] = [];

function poolAs(role: string): pg.Pool {
  const url = new URL(db.connectionString);
  url.username = role;
  url.password = 'app-password';
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on('error', ignoreTerminatedByDrop);
  pools.push(pool);
  return pool;
}

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error as { code?: string }).code,
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  admin = new pg.Client({ connectionString: db.connectionString });
  await admin.connect();
  for (const role of [appRole, otherRole]) {
    await admin.query(
      `CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD 'app-password' NOSUPERUSER NOCREATEDB NOCREATEROLE`,
    );
    await admin.query(`GRANT CONNECT, CREATE ON DATABASE ${quoteIdent(db.name)} TO ${quoteIdent(role)}`);
  }
  // As a cluster older than PostgreSQL 15 would have it: everyone may create in public.
  await admin.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await admin?.end();
  await db?.drop();
  const cluster = new pg.Client({ connectionString: ADMIN_URL });
  await cluster.connect();
  try {
    for (const role of [appRole, otherRole]) await cluster.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  } finally {
    await cluster.end();
  }
});

describe('the application role', () => {
  it('migrates and provisions as an ordinary role, and then cannot create objects in public', async () => {
    // The control migration is applied by the database owner (operators run it once), which
    // revokes CREATE on public from everyone.
    const owner = new pg.Pool({ connectionString: db.connectionString, max: 2 });
    pools.push(owner);
    await owner.query(`ALTER SCHEMA public OWNER TO CURRENT_USER`);
    await migrateControl(owner);
    await owner.query(
      `GRANT USAGE ON SCHEMA control TO ${quoteIdent(appRole)}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA control TO ${quoteIdent(appRole)}`,
    );

    const app = poolAs(appRole);
    expect(await errorCode(app.query('CREATE TABLE public.sneaky (id int)'))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await errorCode(app.query('CREATE TABLE control.sneaky (id int)'))).toBe(INSUFFICIENT_PRIVILEGE);

    // It owns what it provisions, and only that.
    const tenant = await provisionTenant(app, { slug: uniqueSlug('dd'), name: 'Defence' });
    const other = poolAs(otherRole);
    expect(await errorCode(other.query('CREATE TABLE public.sneaky (id int)'))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await errorCode(other.query(`CREATE TABLE ${quoteIdent(tenant.schema)}.sneaky (id int)`))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await errorCode(other.query(`SELECT * FROM ${quoteIdent(tenant.schema)}.users`))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });
});
