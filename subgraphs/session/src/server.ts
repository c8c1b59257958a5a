import { defineSubgraph, reportActiveSessions, type Runtime } from '@tradesage/core';
import { createSessionContext } from './context.ts';
import { permissions } from './permissions/index.ts';
import { resolvers } from './resolvers/index.ts';

/** The session subgraph: devices and sessions, and ending them. */
const session = defineSubgraph('session', new URL('./schema/', import.meta.url), {
  resolvers,
  permissions,
  context: createSessionContext,
});

export const { typeDefs } = session;

/** The session subgraph for one process; that process also reports the active-session count in its metrics. */
export function createSessionSubgraph(runtime: Runtime): ReturnType<typeof session.create> {
  reportActiveSessions(runtime);
  return session.create(runtime);
}
