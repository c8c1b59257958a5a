import { signedIn } from '@tradesage/core';
import type { Resolvers, TenantBackup } from '../__generated__/resolvers-types.ts';
import type { BackupFile } from '../repositories/tenant-backup-file.repository.ts';
import { TenantBackupService } from '../services/tenant-backup.service.ts';
import { toBackupKind } from './shared.ts';

function toTenantBackup(file: BackupFile): TenantBackup {
  return { ...file, kind: toBackupKind(file.kind) };
}

export const backupResolvers: Resolvers = {
  Query: {
    tenantBackups: async (_parent, args, ctx) =>
      (await new TenantBackupService(ctx.runtime, signedIn(ctx)).list(args.tenantId)).map(toTenantBackup),
  },
  Mutation: {
    backupTenant: async (_parent, args, ctx) =>
      toTenantBackup(await new TenantBackupService(ctx.runtime, signedIn(ctx)).backup(args.tenantId)),
  },
};
