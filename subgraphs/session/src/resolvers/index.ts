import { mergeTypeMaps, DateTimeScalar } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { adminResolvers } from './admin.resolvers.ts';
import { sessionResolvers } from './session.resolvers.ts';

/** The session subgraph's resolvers, one file per area (own sessions, admins), merged here. */
export const resolvers: Resolvers = mergeTypeMaps<Resolvers>(
  { DateTime: DateTimeScalar },
  sessionResolvers,
  adminResolvers,
);
