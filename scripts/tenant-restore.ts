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
import {
  createLogger,
  createRedis,
  loadConfigOrExit,
  NEVER_TRUSTED,
  RevocationPublisher,
  SessionStateStore,
} from '@tradesage/core';
import { restoreTenantBackup } from '@tradesage/prisma';
import { runTenantCommand, withTenantDatabase } from './tenant-command.ts';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { into: { type: 'string' } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error('usage: npm run tenant:restore -- <file> [--into <new-slug>]');
    return 2;
  }
  const config = loadConfigOrExit();
  return withTenantDatabase(config, 'the database to restore into', async (db, connectionString) => {
    const logger = createLogger({ level: config.logLevel, name: 'tenant-restore' });
    const restored = await restoreTenantBackup(db.pool, connectionString, file, {
      ...(config.tenants.pgBinDir ? { binDir: config.tenants.pgBinDir } : {}),
      ...(values.into === undefined ? {} : { intoSlug: values.into }),
    });
    if (config.redisUrl && restored.endedSessionIds.length > 0) {
      const { redis } = createRedis(config.redisUrl.reveal(), logger, { keyPrefix: config.redisKeyPrefix });
      try {
        // Postgres already says revoked; this only overwrites cached `active` states (through the
        // outbox, which running instances drain, when Redis cannot be reached from here).
        const state = new SessionStateStore(
          redis,
          async () => 'revoked',
          logger,
          config.tokens.accessTtlSeconds,
          NEVER_TRUSTED,
        );
        await new RevocationPublisher(state, db, logger, NEVER_TRUSTED).publish(
          restored.tenantId,
          restored.endedSessionIds,
        );
      } finally {
        redis.disconnect();
      }
    }
    console.log(
      `restored tenant ${restored.slug} (${restored.tenantId}, ${restored.mode})` +
        `${restored.migrated.length > 0 ? `, then applied ${restored.migrated.join(', ')}` : ''}; ${restored.endedSessionIds.length} sessions ended`,
    );
    return 0;
  });
}

await runTenantCommand('tenant:restore', main);
