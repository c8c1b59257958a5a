import { type Runtime, createSubgraphServer, loadTypeDefs } from '@tradesage/core';
import { createSessionContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/** The session subgraph: devices and sessions, and ending them. */
export function createSessionSubgraph(runtime: Runtime) {
  return createSubgraphServer({
    name: 'session',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createSessionContext(runtime, headers),
    logger: runtime.logger,
  });
}
