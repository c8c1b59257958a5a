import { type Runtime, createSubgraphServer, type SubgraphServer, loadTypeDefs } from '@tradesage/core';
import { createTenantContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export { bootstrapPlatform } from './services/platform-bootstrap.service.ts';
export { seedDemoTenant, type DemoCredentials } from './services/demo-seed.service.ts';
export { provisionTenantWithUsers } from './services/tenant-provisioning.service.ts';
export { resetTenantSignUpThrottle } from './services/tenant-registry.service.ts';
export { purgeExpiredTenants, type PurgeReport } from './services/tenant-purge.service.ts';
export { startPurgeScheduler, tenantJobs, type PurgeScheduler } from './jobs/purge.job.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/**
 * The tenant subgraph: the registry, onboarding, lifecycle, settings, flags, health and usage.
 * Its retention job is listed by `tenantJobs`, started by the stack or by the subgraph run alone.
 */
export function createTenantSubgraph(runtime: Runtime): SubgraphServer {
  return createSubgraphServer({
    name: 'tenant',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createTenantContext(runtime, headers),
    logger: runtime.logger,
  });
}
