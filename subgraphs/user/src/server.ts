import { defineSubgraph } from '@tradesage/core';
import { createUserContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

// What createUserSubgraph is made of, for bench/src/shield.ts: the same schema under other rules.
export { createUserContext, permissions, resolvers };

/** The user subgraph: profiles and roles of one tenant's users. */
const user = defineSubgraph('user', new URL('./schema/', import.meta.url), {
  resolvers,
  permissions,
  context: createUserContext,
});

export const { typeDefs, create: createUserSubgraph } = user;
