import fs from 'node:fs';
import { parse } from 'graphql';
import type { Runtime } from '@tradesage/core';
import { createSubgraphServer } from '@tradesage/core/graphql/subgraph-server';
import { createSessionContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = parse(fs.readFileSync(new URL('./schema/session.graphql', import.meta.url), 'utf8'));

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
