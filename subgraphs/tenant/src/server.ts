import fs from 'node:fs';
import { parse } from 'graphql';
import type { Runtime } from '@tradesage/core';
import { createSubgraphServer } from '@tradesage/core/graphql/subgraph-server';
import { createTenantContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export { bootstrapPlatform } from './services/platform-bootstrap.service.ts';
export { seedDemoTenant, type DemoCredentials } from './services/demo-seed.service.ts';
export { provisionTenantWithUsers } from './services/tenant-provisioning.service.ts';

export const typeDefs = parse(fs.readFileSync(new URL('./schema/tenant.graphql', import.meta.url), 'utf8'));

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
