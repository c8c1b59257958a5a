import type { Runtime } from '@tradesage/core';
import type pg from 'pg';
import { mapLimit } from './stats.ts';

export interface ConnectionCount {
  readonly total: number;
  readonly active: number;
  readonly idle: number;
}

/** Backends connected to this database, as Postgres sees them (every client, not just ours). */
export async function openConnections(pool: pg.Pool): Promise<ConnectionCount> {
  const { rows } = await pool.query<ConnectionCount>(
    `SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE state = 'active'))::int AS active,
            (count(*) FILTER (WHERE state = 'idle'))::int AS idle
       FROM pg_stat_activity
      WHERE datname = current_database()`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('pg_stat_activity returned no row');
  return row;
}

/** The ids of the `limit` oldest tenants in the registry. */
export async function tenantIds(pool: pg.Pool, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM control.tenants ORDER BY created_at, id LIMIT $1', [
    limit,
  ]);
  return rows.map((row) => row.id);
}

/**
 * Runs one Prisma query in each tenant's schema through its cached client, `parallelism` at a
 * time, so the shared pool is pushed to its maximum. Returns the users counted overall.
 */
export async function touchTenants(runtime: Runtime, ids: readonly string[], parallelism: number): Promise<number> {
  const counts = await mapLimit(ids, parallelism, (id) => runtime.db.tenant(id).user.count());
  return counts.reduce((sum, n) => sum + n, 0);
}
