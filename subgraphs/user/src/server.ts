import { type Runtime, createSubgraphServer, loadTypeDefs } from '@tradesage/core';
import { createUserContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));
// What createUserSubgraph is made of, for bench/src/shield.ts: the same schema under other rules.
export { createUserContext, permissions, resolvers };

/** The user subgraph: profiles and roles of one tenant's users. */
export function createUserSubgraph(runtime: Runtime) {
  return createSubgraphServer({
    name: 'user',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createUserContext(runtime, headers),
    logger: runtime.logger,
  });
}
