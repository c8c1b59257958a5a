/**
 * `npm run tenant:restore -- <file> [--into <new-slug>]`: restores a tenant backup (from
 * `tenant:backup`, or an export the retention job wrote before a purge).
 *
 * - Without --into: into the tenant it came from. Its schema is replaced in one transaction (or
 *   recreated after a purge or on another database); a cancelled or purged tenant is active again.
 * - With --into: as a new tenant (new id, new schema, that slug, no custom domain).
 *
 * Every session in the restored data is ended, and the ended sessions are published to Redis so
 * access tokens issued before the restore are refused at once. Then pending migrations run.
 */
import { parseArgs } from 'node:util';
import { createLogger, createRedis, loadConfigOrExit, RevocationPublisher, SessionStateStore } from '@tradesage/core';
import { createDatabase, restoreTenantBackup } from '@tradesage/prisma';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { into: { type: 'string' } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error('usage: npm run tenant:restore -- <file> [--into <new-slug>]');
    return 2;
  }
  const config = loadConfigOrExit();
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is not set: point it at the database to restore into');
    return 2;
  }
  const logger = createLogger({ level: config.logLevel, name: 'tenant-restore' });
  const db = createDatabase({ connectionString: config.databaseUrl.reveal(), maxConnections: 2 });
  try {
    const restored = await restoreTenantBackup(db.pool, config.databaseUrl.reveal(), file, {
      ...(config.tenants.pgBinDir ? { binDir: config.tenants.pgBinDir } : {}),
      ...(values.into === undefined ? {} : { intoSlug: values.into }),
    });
    if (config.redisUrl && restored.endedSessionIds.length > 0) {
      const redis = createRedis(config.redisUrl.reveal(), logger, config.redisKeyPrefix);
      try {
        // Postgres already says revoked; this only overwrites cached `active` states (through the
        // outbox, which running instances drain, when Redis cannot be reached from here).
        const state = new SessionStateStore(redis, async () => 'revoked', logger, config.tokens.accessTtlSeconds);
        await new RevocationPublisher(state, db, logger).publish(restored.tenantId, restored.endedSessionIds);
      } finally {
        redis.disconnect();
      }
    }
    console.log(
      `restored tenant ${restored.slug} (${restored.tenantId}, ${restored.mode})` +
        `${restored.migrated.length > 0 ? `, then applied ${restored.migrated.join(', ')}` : ''}; ${restored.endedSessionIds.length} sessions ended`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`tenant:restore failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
