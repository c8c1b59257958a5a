/**
 * `npm run tenant:backup -- <slug|id> [file]`: writes one tenant's backup — its schema through
 * pg_dump (that schema only) and its registry row — to `file` (default
 * DATA_DIR/backups/<slug>-<time>.tsbackup), readable by its owner only (it holds password hashes).
 * Restore it with `npm run tenant:restore -- <file> [--into <new-slug>]`. Platform administrators
 * make the same backup through the API (`backupTenant`) and list them (`tenantBackups`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@tradesage/core';
import { backupFileName, backupTenantSchema } from '@tradesage/prisma';
import { runTenantCommand, withTenantDatabase } from './tenant-command.ts';

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true });
  const [tenant, file] = positionals;
  if (!tenant || positionals.length > 2) {
    console.error('usage: npm run tenant:backup -- <slug|id> [file]');
    return 2;
  }
  const config = loadConfigOrExit();
  return withTenantDatabase(config, 'the database that holds the tenant', async (db, connectionString) => {
    // The folder and name `backupTenant` uses too, so `tenantBackups` lists both alike.
    const target = file ?? path.join(config.tenants.backupDir, backupFileName(tenant, new Date()));
    const manifest = await backupTenantSchema(
      db.pool,
      connectionString,
      tenant,
      target,
      config.tenants.pgBinDir ? { binDir: config.tenants.pgBinDir } : {},
    );
    console.log(
      `backed up tenant ${manifest.tenant.slug} (${manifest.tenant.id}, ${manifest.migrations.length} migrations) to ${path.resolve(target)}`,
    );
    return 0;
  });
}

await runTenantCommand('tenant:backup', main);
