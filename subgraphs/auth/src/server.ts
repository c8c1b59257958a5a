import { type Runtime, createSubgraphServer, loadTypeDefs } from '@tradesage/core';
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
