import { and, isAuthenticated, isPlatformAdmin, type RuleTypeMap } from '@tradesage/core';

const platformOnly = and(isAuthenticated, isPlatformAdmin);

export const backupRules = {
  // A backup holds a whole tenant (password hashes included): the platform operator's alone,
  // never a tenant's own admins'.
  Query: {
    tenantBackups: platformOnly,
  },
  Mutation: {
    backupTenant: platformOnly,
  },
  // Reached only through the two fields above; platform-only again, should it ever be reached another way.
  TenantBackup: {
    fileName: platformOnly,
    kind: platformOnly,
    createdAt: platformOnly,
    sizeBytes: platformOnly,
    migrationCount: platformOnly,
  },
} satisfies RuleTypeMap;
