import type pg from 'pg';
import { loadMigrations, TENANT_MIGRATIONS_DIR, type MigrationSource } from './migrator.ts';
import { quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { withTransaction } from './transaction.ts';

/**
 * What the tenant subgraph needs to know about a tenant's schema that Prisma cannot say: whether
 * it exists, whether its migrations are current, how big it is — and the one step of the
 * lifecycle that is pure DDL, dropping it.
 */

export interface TenantSchemaMigrations {
  readonly schema: string;
  readonly present: boolean;
  readonly applied: readonly string[];
  /** Shipped with this code, not applied yet. */
  readonly pending: readonly string[];
  /** Applied, but no such file here (the database is ahead of this code). */
  readonly unknown: readonly string[];
  /** Applied, but the file changed since. */
  readonly changed: readonly string[];
  /** Present, nothing pending, unknown or changed. */
  readonly current: boolean;
}

export async function inspectTenantMigrations(
  pool: pg.Pool,
  tenantId: string,
  options: MigrationSource = {},
): Promise<TenantSchemaMigrations> {
  const schema = tenantSchemaName(tenantId);
  const shipped = await loadMigrations(options.migrationsDir ?? TENANT_MIGRATIONS_DIR);
  const { rows: present } = await pool.query<{ has_table: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS has_table FROM pg_namespace WHERE nspname = $2`,
    [`${quoteIdent(schema)}._migrations`, schema],
  );
  if (present.length === 0) {
    return {
      schema,
      present: false,
      applied: [],
      pending: shipped.map((m) => m.name),
      unknown: [],
      changed: [],
      current: false,
    };
  }
  const applied = present[0]?.has_table
    ? (
        await pool.query<{ name: string; checksum: string }>(
          `SELECT name, checksum FROM ${quoteIdent(schema)}._migrations ORDER BY name`,
        )
      ).rows
    : [];
  const byName = new Map(shipped.map((m) => [m.name, m.acceptedChecksums]));
  const appliedNames = new Set(applied.map((row) => row.name));
  const pending = shipped.filter((m) => !appliedNames.has(m.name)).map((m) => m.name);
  const unknown = applied.filter((row) => !byName.has(row.name)).map((row) => row.name);
  const changed = applied
    .filter((row) => byName.has(row.name) && !byName.get(row.name)?.includes(row.checksum))
    .map((row) => row.name);
  return {
    schema,
    present: true,
    applied: applied.map((row) => row.name),
    pending,
    unknown,
    changed,
    current: pending.length === 0 && unknown.length === 0 && changed.length === 0,
  };
}

export interface TenantTableStats {
  readonly table: string;
  readonly rows: number;
  /** True when `rows` is the planner's estimate (large tables), not a count. */
  readonly estimated: boolean;
  /** Table, indexes and TOAST. */
  readonly bytes: number;
}

// Tables that grow without bound are estimated (pg_class.reltuples) instead of counted.
const ESTIMATED_TABLES: ReadonlySet<string> = new Set(['audit_events', 'refresh_tokens']);

/** Every table of the tenant's schema (the migrator's own excepted), with rows and bytes. */
export async function tenantTableStats(pool: pg.Pool, tenantId: string): Promise<TenantTableStats[]> {
  const schema = tenantSchemaName(tenantId);
  const { rows } = await pool.query<{ table: string; estimate: number; bytes: string }>(
    `SELECT c.relname AS table, c.reltuples::float8 AS estimate, pg_total_relation_size(c.oid)::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> '_migrations'
      ORDER BY c.relname`,
    [schema],
  );
  const stats: TenantTableStats[] = [];
  for (const row of rows) {
    // reltuples is -1 until the table was first analysed: count it then.
    if (ESTIMATED_TABLES.has(row.table) && row.estimate >= 0) {
      stats.push({ table: row.table, rows: Math.round(row.estimate), estimated: true, bytes: Number(row.bytes) });
      continue;
    }
    const { rows: counted } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${quoteIdent(schema)}.${quoteIdent(row.table)}`,
    );
    stats.push({ table: row.table, rows: Number(counted[0]?.n ?? 0), estimated: false, bytes: Number(row.bytes) });
  }
  return stats;
}

/** Bytes on disk of every relation in the tenant's schema (tables, indexes, TOAST). */
export async function tenantStorageBytes(pool: pg.Pool, tenantId: string): Promise<number> {
  const { rows } = await pool.query<{ bytes: string | null }>(
    `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
    [tenantSchemaName(tenantId)],
  );
  return Number(rows[0]?.bytes ?? 0);
}

export interface DueTenant {
  readonly id: string;
  readonly slug: string;
  readonly purgeAfter: Date;
}

/** Cancelled tenants whose retention ended at `now`, oldest first. */
export async function findTenantsDueForPurge(pool: pg.Pool, now: Date, limit: number): Promise<DueTenant[]> {
  const { rows } = await pool.query<{ id: string; slug: string; purge_after: Date }>(
    `SELECT id::text AS id, slug, purge_after FROM control.tenants
      WHERE status = 'cancelled' AND purge_after <= $1 ORDER BY purge_after, id LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => ({ id: row.id, slug: row.slug, purgeAfter: row.purge_after }));
}

/**
 * Drops a cancelled tenant's schema and marks it `purged`, in one transaction, but only if it is
 * still cancelled and due at `now` under a row lock: a restore that won the race keeps its data.
 * Returns false when the tenant was not (or no longer) due.
 */
export async function purgeTenantSchema(pool: pg.Pool, tenantId: string, now: Date): Promise<boolean> {
  const schema = tenantSchemaName(tenantId);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ due: boolean }>(
      `SELECT status = 'cancelled' AND purge_after <= $2 AS due FROM control.tenants WHERE id = $1 FOR UPDATE`,
      [tenantId, now],
    );
    if (!rows[0]?.due) return false;
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await client.query(
      `UPDATE control.tenants SET status = 'purged', purged_at = $2, updated_at = CURRENT_TIMESTAMP WHERE id = $1`,
      [tenantId, now],
    );
    return true;
  });
}
