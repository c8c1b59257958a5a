import type { Runtime } from '@tradesage/core';
import { createSubgraphServer } from '@tradesage/core/graphql/subgraph-server';
import { loadTypeDefs } from '@tradesage/core/graphql/type-defs';
import { createTenantContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export { bootstrapPlatform } from './services/platform-bootstrap.service.ts';
export { seedDemoTenant, type DemoCredentials } from './services/demo-seed.service.ts';
export { provisionTenantWithUsers } from './services/tenant-provisioning.service.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/** The tenant subgraph: the registry, provisioning and the tenant of a user. */
export function createTenantSubgraph(runtime: Runtime) {
  return createSubgraphServer({
    name: 'tenant',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createTenantContext(runtime, headers),
    logger: runtime.logger,
  });
}
