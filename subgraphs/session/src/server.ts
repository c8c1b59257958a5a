import { defineSubgraph } from '@tradesage/core';
import { createSessionContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

/** The session subgraph: devices and sessions, and ending them. */
const session = defineSubgraph('session', new URL('./schema/', import.meta.url), {
  resolvers,
  permissions,
  context: createSessionContext,
});

export const { typeDefs, create: createSessionSubgraph } = session;
