import { defineSubgraph } from '@tradesage/core';
import { createAuthContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

/** The auth subgraph: credentials, tokens and sessions' birth. */
const auth = defineSubgraph('auth', new URL('./schema/', import.meta.url), {
  resolvers,
  permissions,
  context: createAuthContext,
});

export const { typeDefs, create: createAuthSubgraph } = auth;
