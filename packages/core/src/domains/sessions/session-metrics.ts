import { quoteIdent, tenantSchemaName, type Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import { metrics } from '../../runtime/observability/metrics.ts';
import { listTenantsWithSchema } from '../tenants/tenant.repository.ts';

/** Tenant schemas counted per statement (one UNION ALL), so thousands of tenants stay a few queries. */
const TENANTS_PER_QUERY = 200;

/**
 * Makes this process report `tradesage_active_sessions`: sessions neither revoked nor expired, in
 * every tenant schema, counted at most every 30 s when scraped. Called by the process that serves
 * sessions (the session subgraph), so deployments that run several processes report it once per
 * session-subgraph instance (read it with `max`).
 */
export function reportActiveSessions(deps: { readonly db: Database; readonly logger: Logger }): void {
  metrics.countActiveSessionsWith(async () => {
    try {
      return await countActiveSessions(deps.db, new Date());
    } catch (error) {
      deps.logger.error({ err: (error as Error).message }, 'active sessions: count failed, reporting the last one');
      throw error;
    }
  });
}

export async function countActiveSessions(db: Database, now: Date): Promise<number> {
  const tenants = await listTenantsWithSchema(db.control);
  let total = 0;
  for (let i = 0; i < tenants.length; i += TENANTS_PER_QUERY) {
    // Schema names come from tenant ids through the one naming function, always quoted.
    const counts = tenants
      .slice(i, i + TENANTS_PER_QUERY)
      .map(
        (tenant) =>
          `SELECT count(*) AS n FROM ${quoteIdent(tenantSchemaName(tenant.id))}.sessions WHERE revoked_at IS NULL AND expires_at > $1`,
      );
    const result = await db.pool.query<{ total: string | null }>(
      `SELECT sum(n)::text AS total FROM (${counts.join(' UNION ALL ')}) AS per_tenant`,
      [now],
    );
    total += Number(result.rows[0]?.total ?? 0);
  }
  return total;
}
