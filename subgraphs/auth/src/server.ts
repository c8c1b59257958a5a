import fs from 'node:fs';
import { parse } from 'graphql';
import type { Runtime } from '@tradesage/core';
import { createSubgraphServer } from '@tradesage/core/graphql/subgraph-server';
import { createAuthContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = parse(fs.readFileSync(new URL('./schema/auth.graphql', import.meta.url), 'utf8'));

/** The auth subgraph: credentials, tokens and sessions' birth. */
export function createAuthSubgraph(runtime: Runtime) {
  return createSubgraphServer({
    name: 'auth',
    typeDefs,
    resolvers,
    permissions,
    context: ({ headers }) => createAuthContext(runtime, headers),
    logger: runtime.logger,
  });
}
