import { NotFoundError, RequestService, tenantKey, tryRedisLock, type RedisLock, type Runtime } from '@tradesage/core';
import { PgToolsUnavailableError } from '@tradesage/prisma';
import { BackupInProgressError, BackupUnavailableError, TenantPurgedError } from '../errors.ts';
import { TenantBackupFileRepository, type BackupFile } from '../repositories/tenant-backup-file.repository.ts';
import { TenantRepository, type TenantRow } from '../repositories/tenant.repository.ts';
import { auditTenant } from './tenant-audit.ts';

/** The backup lock lives this long unless kept alive: a holder that dies frees its tenant within it. */
const BACKUP_LOCK_TTL_MS = 60_000;

/** The tenants each runtime (one per process, one per test stack) is backing up now. */
const backingUp = new WeakMap<Runtime, Set<string>>();

/**
 * Backups of one tenant for platform administrators: the files `tenant:backup`, `backupTenant`
 * and the retention job wrote, and a new one on demand. Restoring stays the operator's
 * `npm run tenant:restore`: it replaces a schema from a file, which no API call should do.
 */
export class TenantBackupService extends RequestService {
  readonly #tenants = new TenantRepository(this.runtime.db.control);
  readonly #files = new TenantBackupFileRepository(
    { manual: this.runtime.config.tenants.backupDir, retention_export: this.runtime.config.tenants.exportDir },
    this.runtime.logger,
  );

  /** The tenant's backup files, newest first; a purged tenant's export among them. */
  async list(tenantId: string): Promise<BackupFile[]> {
    const tenant = await this.#tenant(tenantId);
    return this.#files.listFor(tenant.id);
  }

  /** Writes a backup of the tenant now (as `npm run tenant:backup` does) and audits it. */
  async backup(tenantId: string): Promise<BackupFile> {
    const tenant = await this.#tenant(tenantId);
    if (tenant.status === 'purged') throw new TenantPurgedError();
    const connectionString = this.runtime.config.databaseUrl?.reveal();
    if (!connectionString) throw new Error('backupTenant needs DATABASE_URL');
    const { pgBinDir } = this.runtime.config.tenants;
    const release = await this.#lock(tenant.id);
    let backup: BackupFile;
    try {
      backup = await this.#files.write(
        { pool: this.runtime.db.pool, connectionString },
        tenant,
        new Date(),
        pgBinDir ? { binDir: pgBinDir } : {},
      );
    } catch (error) {
      if (error instanceof PgToolsUnavailableError) {
        // The folders looked in and the versions found are for the operator, not the caller.
        this.runtime.logger.error({ tenantId: tenant.id, err: error.message }, 'tenant backup: no usable pg_dump');
        throw new BackupUnavailableError({ cause: error });
      }
      throw error;
    } finally {
      await release();
    }
    await auditTenant(
      this.runtime,
      this.caller,
      tenant.id,
      {
        action: 'tenant.backed_up',
        data: { fileName: backup.fileName, sizeBytes: backup.sizeBytes, migrationCount: backup.migrationCount },
      },
      { tenantLog: true, platform: true },
    );
    this.runtime.logger.info({ tenantId: tenant.id, fileName: backup.fileName }, 'tenant backed up');
    return backup;
  }

  /**
   * One backup of a tenant at a time (BACKUP_IN_PROGRESS otherwise): a Redis lock, so instances
   * see each other's backups, kept alive while pg_dump runs however long it takes. In front of it
   * an in-process guard, which also holds when Redis cannot be reached: instances then no longer
   * see each other, which costs at most a second dump, never a broken file (each is written aside
   * and renamed into place when complete). Resolves to the release.
   */
  async #lock(tenantId: string): Promise<() => Promise<void>> {
    let local = backingUp.get(this.runtime);
    if (!local) {
      local = new Set();
      backingUp.set(this.runtime, local);
    }
    const here = local;
    if (here.has(tenantId)) throw new BackupInProgressError();
    here.add(tenantId);
    let lock: RedisLock | null | undefined;
    try {
      lock = await tryRedisLock(this.runtime.redis, tenantKey(tenantId, 'backup', 'lock'), {
        ttlMs: BACKUP_LOCK_TTL_MS,
        keepAlive: true,
        onKeepAliveError: (error) =>
          this.runtime.logger.warn({ tenantId, err: (error as Error).message }, 'tenant backup: lock not extended'),
      });
    } catch (error) {
      this.runtime.logger.warn(
        { tenantId, err: (error as Error).message },
        'tenant backup: Redis unreachable, only backups of this instance are kept apart',
      );
    }
    if (lock === null) {
      here.delete(tenantId);
      throw new BackupInProgressError();
    }
    const held = lock;
    return async () => {
      here.delete(tenantId);
      await held?.release().catch((error: unknown) => {
        this.runtime.logger.warn(
          { tenantId, err: (error as Error).message },
          'tenant backup: could not release its lock; it expires by itself',
        );
      });
    };
  }

  async #tenant(tenantId: string): Promise<TenantRow> {
    const tenant = await this.#tenants.findById(tenantId);
    if (!tenant) throw new NotFoundError('Tenant');
    return tenant;
  }
}
