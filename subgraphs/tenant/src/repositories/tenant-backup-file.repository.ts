import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@tradesage/core';
import {
  BACKUP_FILE_SUFFIX,
  backupFileName,
  backupTenantSchema,
  readBackupManifest,
  type BackupTenantOptions,
  type TenantBackupManifest,
} from '@tradesage/prisma';

/** manual: made on demand (tenant:backup, backupTenant); retention_export: the purge job's export. */
export type BackupKind = 'manual' | 'retention_export';

/** One backup file, as clients see it: its name in its folder, never where that folder is. */
export interface BackupFile {
  readonly fileName: string;
  readonly kind: BackupKind;
  readonly createdAt: Date;
  readonly sizeBytes: number;
  readonly migrationCount: number;
}

export interface BackupDatabase {
  readonly pool: Parameters<typeof backupTenantSchema>[0];
  /** What pg_dump connects with (DATABASE_URL). */
  readonly connectionString: string;
}

/**
 * The backup folders (DATA_DIR/backups for manual backups, TENANT_EXPORT_DIR for the retention
 * job's exports): the only code of this subgraph that reads them or writes a backup into them.
 * Whose a file is comes from its header (`readBackupManifest`), never from its name.
 */
export class TenantBackupFileRepository {
  constructor(
    private readonly folders: Readonly<Record<BackupKind, string>>,
    private readonly logger: Logger,
  ) {}

  /** The backups of the tenant in every folder, newest first. */
  async listFor(tenantId: string): Promise<BackupFile[]> {
    const found: BackupFile[] = [];
    const seen = new Set<string>();
    for (const [kind, folder] of Object.entries(this.folders) as Array<[BackupKind, string]>) {
      // One folder configured for both kinds is listed once, as the first kind.
      if (seen.has(folder)) continue;
      seen.add(folder);
      for (const fileName of await backupFileNames(folder)) {
        const file = path.join(folder, fileName);
        let manifest: TenantBackupManifest;
        let sizeBytes: number;
        try {
          ({ manifest } = await readBackupManifest(file));
          ({ size: sizeBytes } = await stat(file));
        } catch (error) {
          // Not a backup (or gone meanwhile): not listed; logged for the operator.
          this.logger.warn({ file, err: (error as Error).message }, 'tenant backups: a file was skipped');
          continue;
        }
        if (manifest.tenant.id === tenantId) found.push(describe(fileName, kind, manifest, sizeBytes));
      }
    }
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.fileName.localeCompare(b.fileName));
  }

  /**
   * Writes a backup of the tenant into the manual folder, named as `npm run tenant:backup` names it
   * (`backupTenantSchema`: atomically, mode 0600). Throws PgToolsUnavailableError without pg_dump.
   */
  async write(
    db: BackupDatabase,
    tenant: { readonly id: string; readonly slug: string },
    now: Date,
    options: BackupTenantOptions,
  ): Promise<BackupFile> {
    const fileName = backupFileName(tenant.slug, now);
    const file = path.join(this.folders.manual, fileName);
    const manifest = await backupTenantSchema(db.pool, db.connectionString, tenant.id, file, options);
    return describe(fileName, 'manual', manifest, (await stat(file)).size);
  }
}

/** The names of the regular files of `folder` that end like a backup; none when it does not exist. */
async function backupFileNames(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    // Symbolic links are not followed: a listing shows only what was written into the folder.
    return entries.filter((entry) => entry.isFile() && entry.name.endsWith(BACKUP_FILE_SUFFIX)).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function describe(fileName: string, kind: BackupKind, manifest: TenantBackupManifest, sizeBytes: number): BackupFile {
  return {
    fileName,
    kind,
    createdAt: new Date(manifest.createdAt),
    sizeBytes,
    migrationCount: manifest.migrations.length,
  };
}
