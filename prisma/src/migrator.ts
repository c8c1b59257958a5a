import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type pg from 'pg';
import { isTenantSchemaName, quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { withTransaction } from './transaction.ts';

/**
 * The project's own migrator: plain SQL files, applied to the
 * `control` schema once and to every tenant schema, each schema keeping its own `_migrations`
 * table. Prisma Migrate is not used: it cannot apply one migration set to N schemas, and its
 * schema engine binary cannot be installed here.
 */

export const CONTROL_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/control', import.meta.url));
export const TENANT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/tenant', import.meta.url));

/** Tenant migrations are written once; this token stands for the tenant's quoted schema name. */
export const SCHEMA_TOKEN = '__SCHEMA__';

const CONTROL_SCHEMA = 'control';
const MIGRATIONS_TABLE = '_migrations';

export interface Migration {
  /** File name, e.g. `0001_init.sql`; files apply in name order. */
  readonly name: string;
  /** migrationChecksum of the file as written (before the schema token is replaced); stored when applied. */
  readonly checksum: string;
  /** Every stored checksum that means "this file was applied": `checksum` and those of earlier releases. */
  readonly acceptedChecksums: readonly string[];
  readonly sql: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What a migration does is its statements, so its checksum leaves out whole-line `--` comments,
 * blank lines and trailing spaces: rewording a comment never strands a database, while any change
 * to a statement is still refused.
 */
export function migrationChecksum(sql: string): string {
  const statements = sql
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !line.trimStart().startsWith('--'));
  return sha256(statements.join('\n'));
}

/**
 * Earlier releases stored the sha256 of the whole file, comments included. A file unchanged since
 * still hashes to it; for files whose comments were reworded since, the old whole-file checksums
 * are listed here, by `<folder>/<file>`.
 */
const WHOLE_FILE_CHECKSUMS_BEFORE_REWORDING: Readonly<Record<string, readonly string[]>> = {
  'control/0001_init.sql': ['2d5520033b415396237cf739bf6203a131f9340211691878e72b9ce449ff7ecd'],
  'control/0002_tenant_lifecycle.sql': ['b44c2769f83e1a6934b62798ddbc4db084e460caacc2b12f9e67f921e12065c0'],
  'control/0003_revocation_outbox.sql': ['d654f17edb9b8187fad2fc94343e738b9b5c5854c8595619ef03dd09bda0d3f6'],
  'control/0004_permission_invalidations.sql': ['ec7662e33ec9ee075fe61bbc045843268fdeb52aec5fe2a2d9cd8e285382572d'],
  'tenant/0003_tenants.sql': ['b8baa6cd953a12381a8bf5214f1d5201fa7bdf60289a38d105c9256e579132ce'],
  'tenant/0004_session_devices.sql': ['300a1b33b39582178e93e606a391302fbe0251ff0cddc5f9d485002cea089c96'],
  'tenant/0005_user_profiles.sql': ['227ae1b3bc271cdfed68d6be41bcfe2d997406118fdfc2671bbe89d49d889ee2'],
  'tenant/0006_custom_roles.sql': ['d992e4f00a730b5e88894daf0904bffdd897723aa45d215c26e82f60e096d2fe'],
};

export class MigrationError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationSource {
  /** Directory of `*.sql` files; defaults to the package's own migrations. Tests point it elsewhere. */
  migrationsDir?: string;
}

export async function loadMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      const checksum = migrationChecksum(sql);
      const earlier = WHOLE_FILE_CHECKSUMS_BEFORE_REWORDING[`${path.basename(dir)}/${name}`] ?? [];
      return { name, sql, checksum, acceptedChecksums: [checksum, sha256(sql), ...earlier] };
    }),
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function ensureMigrationsTable(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${quoteIdent(MIGRATIONS_TABLE)} (
       name text PRIMARY KEY,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
}

async function readApplied(client: pg.ClientBase, schema: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `SELECT name, checksum FROM ${quoteIdent(schema)}.${quoteIdent(MIGRATIONS_TABLE)} ORDER BY name`,
  );
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

/**
 * Which files still have to run, after checking that history is intact: an applied file
 * whose text changed, an applied migration this code does not know (the database is ahead of
 * the code), or a new file sorting before one already applied are all errors — applying
 * anyway would leave schemas that no single migration history describes.
 */
function pendingMigrations(
  schema: string,
  migrations: readonly Migration[],
  applied: ReadonlyMap<string, string>,
): Migration[] {
  const known = new Set(migrations.map((migration) => migration.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) {
      throw new MigrationError(
        `${schema}: applied migration ${name} has no file here; the database is ahead of this code`,
      );
    }
    const file = migrations.find((migration) => migration.name === name);
    if (file !== undefined && !file.acceptedChecksums.includes(checksum)) {
      throw new MigrationError(
        `${schema}: checksum mismatch for applied migration ${name} (database ${checksum}, file ${file.checksum}); never edit an applied migration, add a new one`,
      );
    }
  }
  const lastApplied = [...applied.keys()].sort().at(-1);
  const pending = migrations.filter((migration) => !applied.has(migration.name));
  const outOfOrder = lastApplied === undefined ? undefined : pending.find((migration) => migration.name < lastApplied);
  if (outOfOrder !== undefined) {
    throw new MigrationError(
      `${schema}: migration ${outOfOrder.name} sorts before already-applied ${lastApplied}; rename it to sort last`,
    );
  }
  return pending;
}

async function applyMigration(client: pg.ClientBase, schema: string, migration: Migration, sql: string): Promise<void> {
  try {
    // A simple-protocol query may hold many statements; it runs inside the caller's transaction.
    await client.query(sql);
  } catch (error) {
    throw new MigrationError(`${schema}: migration ${migration.name} failed: ${errorMessage(error)}`, { cause: error });
  }
  await client.query(
    `INSERT INTO ${quoteIdent(schema)}.${quoteIdent(MIGRATIONS_TABLE)} (name, checksum) VALUES ($1, $2)`,
    [migration.name, migration.checksum],
  );
}

function renderTenantSql(migration: Migration, schema: string): string {
  return migration.sql.replaceAll(SCHEMA_TOKEN, quoteIdent(schema));
}

/**
 * Applies pending control-schema migrations, each file in its own transaction, under a
 * session-level advisory lock so that several processes starting at once apply them once.
 * Returns the names applied by this call.
 */
export async function migrateControl(pool: pg.Pool, options: MigrationSource = {}): Promise<string[]> {
  const migrations = await loadMigrations(options.migrationsDir ?? CONTROL_MIGRATIONS_DIR);
  const client = await pool.connect();
  let discard: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [CONTROL_SCHEMA]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(CONTROL_SCHEMA)}`);
    await ensureMigrationsTable(client, CONTROL_SCHEMA);
    const pending = pendingMigrations(CONTROL_SCHEMA, migrations, await readApplied(client, CONTROL_SCHEMA));
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await applyMigration(client, CONTROL_SCHEMA, migration, migration.sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          throw new MigrationError(`${errorMessage(error)} (and ROLLBACK failed: ${errorMessage(rollbackError)})`, {
            cause: error,
          });
        });
        throw error;
      }
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [CONTROL_SCHEMA]);
    return pending.map((migration) => migration.name);
  } catch (error) {
    // On any failure the connection is destroyed instead of pooled: ending the session releases
    // the advisory lock, and a session in an unknown state never serves another query.
    discard = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(discard);
  }
}

export interface MigrateTenantSchemaOptions extends MigrationSource {
  /** Already-loaded migrations (saves re-reading the files for every tenant). */
  migrations?: readonly Migration[];
}

async function migrateTenantSchemaWith(
  client: pg.ClientBase,
  schema: string,
  migrations: readonly Migration[],
  maxMigrations: number,
): Promise<string[]> {
  // Only names made by tenantSchemaName(): this function must never be pointed at
  // `public`, `control` or another schema by mistake.
  if (!isTenantSchemaName(schema)) {
    throw new MigrationError(`${JSON.stringify(schema)} is not a tenant schema name`);
  }
  // Serialises migrators of the same schema (two deploys at once, or a provision racing the
  // CLI); released automatically at COMMIT/ROLLBACK of the caller's transaction.
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [schema]);
  await ensureMigrationsTable(client, schema);
  const pending = pendingMigrations(schema, migrations, await readApplied(client, schema)).slice(0, maxMigrations);
  for (const migration of pending) {
    await applyMigration(client, schema, migration, renderTenantSql(migration, schema));
  }
  return pending.map((migration) => migration.name);
}

/**
 * Applies every pending tenant migration to `schema` inside the caller's open transaction
 * (the caller commits or rolls back; provisionTenant uses this so a new tenant appears whole
 * or not at all). The schema must already exist. Returns the names applied.
 */
export async function migrateTenantSchema(
  client: pg.ClientBase,
  schema: string,
  options: MigrateTenantSchemaOptions = {},
): Promise<string[]> {
  const migrations = options.migrations ?? (await loadMigrations(options.migrationsDir ?? TENANT_MIGRATIONS_DIR));
  return migrateTenantSchemaWith(client, schema, migrations, Number.POSITIVE_INFINITY);
}

export type TenantMigrationStatus = 'up-to-date' | 'migrated' | 'failed';

export interface TenantMigrationReport {
  tenantId: string;
  slug: string;
  schema: string;
  /** Migrations applied to this tenant by this run (also on failure: those before the failing one). */
  applied: string[];
  status: TenantMigrationStatus;
  error?: string;
}

export interface MigrateAllTenantsOptions extends MigrationSource {
  /** Tenants migrated at once; each holds one pooled connection while it runs. */
  concurrency?: number;
  /** Called as each tenant finishes, so a CLI can show progress over thousands of tenants. */
  onTenant?: (report: TenantMigrationReport) => void;
}

async function migrateOneTenant(
  pool: pg.Pool,
  tenant: { id: string; slug: string },
  migrations: readonly Migration[],
): Promise<TenantMigrationReport> {
  const applied: string[] = [];
  let schema = '';
  try {
    schema = tenantSchemaName(tenant.id);
    // One file per transaction: a crash or a failing file keeps everything applied before it,
    // and the next run resumes at the first pending file.
    for (;;) {
      const step = await withTransaction(pool, (client) => migrateTenantSchemaWith(client, schema, migrations, 1));
      if (step.length === 0) break;
      applied.push(...step);
    }
    return {
      tenantId: tenant.id,
      slug: tenant.slug,
      schema,
      applied,
      status: applied.length > 0 ? 'migrated' : 'up-to-date',
    };
  } catch (error) {
    return { tenantId: tenant.id, slug: tenant.slug, schema, applied, status: 'failed', error: errorMessage(error) };
  }
}

/**
 * Brings every tenant that still has a schema (status other than `purged`) up to date, with at
 * most `concurrency` tenants at a time. One tenant failing never stops the others: the result
 * reports each tenant, in registry order, and the caller decides what a failure means.
 */
export async function migrateAllTenants(
  pool: pg.Pool,
  options: MigrateAllTenantsOptions = {},
): Promise<TenantMigrationReport[]> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MigrationError('concurrency must be a positive integer');
  }
  const migrations = await loadMigrations(options.migrationsDir ?? TENANT_MIGRATIONS_DIR);
  const { rows: tenants } = await pool.query<{ id: string; slug: string }>(
    `SELECT id::text AS id, slug FROM control.tenants WHERE status <> 'purged' ORDER BY created_at, id`,
  );
  const limit = pLimit(concurrency);
  return Promise.all(
    tenants.map((tenant) =>
      limit(async () => {
        const report = await migrateOneTenant(pool, tenant, migrations);
        options.onTenant?.(report);
        return report;
      }),
    ),
  );
}
