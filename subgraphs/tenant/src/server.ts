import { defineSubgraph } from '@tradesage/core';
import { createTenantContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export { bootstrapPlatform } from './services/platform-bootstrap.service.ts';
export { seedDemoTenant, type DemoCredentials } from './services/demo-seed.service.ts';
export { provisionTenantWithUsers } from './services/tenant-provisioning.service.ts';
export { resetTenantSignUpThrottle } from './services/tenant-registry.service.ts';
export { purgeExpiredTenants, type PurgeReport } from './services/tenant-purge.service.ts';
export { startPurgeScheduler, tenantJobs, type PurgeScheduler } from './jobs/purge.job.ts';

/**
 * The tenant subgraph: the registry, onboarding, lifecycle, settings, flags, health, usage and
 * backups.
 * Its retention job is listed by `tenantJobs`, started by the stack or by the subgraph run alone.
 */
const tenant = defineSubgraph('tenant', new URL('./schema/', import.meta.url), {
  resolvers,
  permissions,
  context: createTenantContext,
});

export const { typeDefs, create: createTenantSubgraph } = tenant;
