/** Helpers for tests and benchmarks only (throwaway databases and schemas): never imported by production code. */
export { createTestDatabase, type TestDatabase } from './test-database.ts';
export {
  ignoreTerminatedByDrop,
  openMigratedTestDatabase,
  openTestDatabase,
  schemaExists,
  tempTenantMigrations,
  uniqueSlug,
} from './fixtures.ts';
