import { type Runtime, createSubgraphServer, type SubgraphServer, loadTypeDefs } from '@tradesage/core';
import { createTenantContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';
import { startPurgeScheduler } from './services/purge-scheduler.ts';

export { bootstrapPlatform } from './services/platform-bootstrap.service.ts';
export { seedDemoTenant, type DemoCredentials } from './services/demo-seed.service.ts';
export { provisionTenantWithUsers } from './services/tenant-provisioning.service.ts';
export { resetTenantSignUpThrottle } from './services/tenant-registry.service.ts';
export { purgeExpiredTenants, type PurgeReport } from './services/tenant-purge.service.ts';
export { startPurgeScheduler, type PurgeScheduler } from './services/purge-scheduler.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

export interface TenantSubgraphOptions {
  /** Run the retention (purge) job on a timer while the server runs. Default true. */
  readonly purgeScheduler?: boolean;
}

/**
 * The tenant subgraph: the registry, onboarding, lifecycle, settings, flags, health and usage.
 * While it listens, it also runs the retention job (one instance at a time, Redis lock).
 */
export function createTenantSubgraph(runtime: Runtime, options: TenantSubgraphOptions = {}): SubgraphServer {
  const server = createSubgraphServer({
    name: 'tenant',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createTenantContext(runtime, headers),
    logger: runtime.logger,
  });
  return {
    schema: server.schema,
    async start(port, host, gatewayCredentials) {
      const running = await server.start(port, host, gatewayCredentials);
      const scheduler = options.purgeScheduler === false ? undefined : startPurgeScheduler(runtime);
      return {
        ...running,
        async stop() {
          scheduler?.stop();
          await running.stop();
        },
      };
    },
  };
}
