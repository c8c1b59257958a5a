/**
 * Public API of the data layer: tenant naming, slug rules, migrations, provisioning and the
 * per-process database (one pg.Pool, control client, cached tenant clients).
 */
export {
  createDatabase,
  type CreateDatabaseOptions,
  type ControlPrismaClient,
  type Database,
  type TenantPrismaClient,
} from './database.ts';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningEmbeddedPostgres,
} from './embedded-postgres.ts';
export { DataLayerError, isDataLayerError, type DataLayerErrorCode } from './errors.ts';
export {
  CONTROL_MIGRATIONS_DIR,
  loadMigrations,
  migrateAllTenants,
  migrateControl,
  MigrationError,
  migrateTenantSchema,
  SCHEMA_TOKEN,
  TENANT_MIGRATIONS_DIR,
  type MigrateAllTenantsOptions,
  type MigrateTenantSchemaOptions,
  type Migration,
  type MigrationSource,
  type TenantMigrationReport,
  type TenantMigrationStatus,
} from './migrator.ts';
export {
  provisionTenant,
  type ProvisionedTenant,
  type ProvisionTenantInput,
  type ProvisionTenantOptions,
  type ProvisionTenantStatus,
} from './provision-tenant.ts';
export {
  isKnownPermission,
  isPlatformPermission,
  PERMISSION_CATALOGUE,
  permissionCatalogueMarkdown,
  type Permission,
  type PermissionInfo,
  type PermissionScope,
} from './permission-catalogue.ts';
export {
  BUILTIN_ROLES,
  effectivePermissions,
  isBuiltinRoleName,
  resolvePermissions,
  ROLE_NAME_PATTERN,
  wouldCreateCycle,
  type BuiltinPermission,
  type BuiltinRoleDefinition,
  type BuiltinRoleName,
  type RoleDefinition,
} from './roles.ts';
export { listenForNotifications, type ListenOptions, type NotificationListener } from './notifications.ts';
export { isTenantSchemaName, isUuid, quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
export { PLATFORM_TENANT_SLUG, validateTenantSlug, type ValidateTenantSlugOptions } from './tenant-slug.ts';
export { withTransaction } from './transaction.ts';

// Prisma namespaces (input types, Prisma.PrismaClientKnownRequestError, ...) and model types.
export { Prisma as ControlPrisma, type SigningKey, type Tenant } from '../generated/control/client.ts';
export {
  Prisma as TenantPrisma,
  type AuditEvent,
  type RefreshToken,
  type Role,
  type Session,
  type User,
  type UserRole,
} from '../generated/tenant/client.ts';
export {
  BACKUP_FILE_SUFFIX,
  backupFileName,
  backupTenantSchema,
  findPgTools,
  PgToolsUnavailableError,
  readBackupManifest,
  restoreTenantBackup,
  TenantBackupError,
  type BackupTenantOptions,
  type PgToolOptions,
  type PgTools,
  type RestoredTenant,
  type RestoreTenantOptions,
  type TenantBackupManifest,
} from './tenant-backup.ts';
export {
  findTenantsDueForPurge,
  inspectTenantMigrations,
  purgeTenantSchema,
  tenantStorageBytes,
  tenantTableStats,
  type DueTenant,
  type TenantSchemaMigrations,
  type TenantTableStats,
} from './tenant-lifecycle.ts';
