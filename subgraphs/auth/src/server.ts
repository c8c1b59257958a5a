import type { Runtime } from '@tradesage/core';
import { createSubgraphServer } from '@tradesage/core/graphql/subgraph-server';
import { loadTypeDefs } from '@tradesage/core/graphql/type-defs';
import { createAuthContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/** The auth subgraph: credentials, tokens and sessions' birth. */
export function createAuthSubgraph(runtime: Runtime) {
  return createSubgraphServer({
    name: 'auth',
    typeDefs,
    resolvers,
    permissions,
    context: (request) => createAuthContext(runtime, request),
    logger: runtime.logger,
  });
}
