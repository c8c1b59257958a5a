import path from 'node:path';
import type { Runtime } from '@tradesage/core';
import { backupTenantSchema, type PgTools, findTenantsDueForPurge, purgeTenantSchema } from '@tradesage/prisma';
import { PURGE_BATCH_SIZE } from '../config.ts';
import { auditTenant } from './tenant-audit.ts';

export interface PurgeReport {
  readonly tenantId: string;
  readonly slug: string;
  /** purged: exported then dropped; skipped: restored meanwhile; failed: nothing dropped. */
  readonly outcome: 'purged' | 'skipped' | 'failed';
  readonly exportFile?: string;
  readonly error?: string;
}

export interface PurgeOptions {
  readonly exportDir?: string;
  readonly limit?: number;
  readonly tools?: PgTools;
}

/**
 * The retention job: every cancelled tenant whose `purge_after` has passed at
 * `now` is exported (the same file `npm run tenant:backup` writes, restorable with
 * `tenant:restore`), then its schema is dropped and it is marked `purged`. No export, no drop: a
 * tenant whose export fails stays cancelled and is tried again on the next run. `now` is a
 * parameter so tests can move the clock.
 */
export async function purgeExpiredTenants(
  runtime: Runtime,
  now: Date,
  options: PurgeOptions = {},
): Promise<PurgeReport[]> {
  const connectionString = runtime.config.databaseUrl?.reveal();
  if (!connectionString) throw new Error('purgeExpiredTenants needs DATABASE_URL');
  const exportDir = options.exportDir ?? runtime.config.tenants.exportDir;
  const due = await findTenantsDueForPurge(runtime.db.pool, now, options.limit ?? PURGE_BATCH_SIZE);
  const reports: PurgeReport[] = [];
  for (const tenant of due) {
    const exportFile = path.join(
      exportDir,
      `${tenant.slug}-${tenant.id}-${now.toISOString().replaceAll(':', '')}.tsbackup`,
    );
    try {
      await backupTenantSchema(
        runtime.db.pool,
        connectionString,
        tenant.id,
        exportFile,
        options.tools
          ? { tools: options.tools }
          : runtime.config.tenants.pgBinDir
            ? { binDir: runtime.config.tenants.pgBinDir }
            : {},
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      runtime.logger.error({ tenantId: tenant.id, err: message }, 'purge: export failed, tenant kept');
      reports.push({ tenantId: tenant.id, slug: tenant.slug, outcome: 'failed', error: message });
      continue;
    }
    if (!(await purgeTenantSchema(runtime.db.pool, tenant.id, now))) {
      runtime.logger.info(
        { tenantId: tenant.id, exportFile },
        'purge: tenant no longer due (restored meanwhile); export kept',
      );
      reports.push({ tenantId: tenant.id, slug: tenant.slug, outcome: 'skipped', exportFile });
      continue;
    }
    await auditTenant(
      runtime,
      null,
      tenant.id,
      {
        action: 'tenant.purged',
        data: { slug: tenant.slug, exportFile: path.basename(exportFile), purgeAfter: tenant.purgeAfter.toISOString() },
      },
      { tenantLog: false, platform: true },
    );
    runtime.logger.info({ tenantId: tenant.id, exportFile }, 'purge: tenant exported and purged');
    reports.push({ tenantId: tenant.id, slug: tenant.slug, outcome: 'purged', exportFile });
  }
  return reports;
}
