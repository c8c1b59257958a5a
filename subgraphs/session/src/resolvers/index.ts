import { mergeTypeMaps } from '@tradesage/core/runtime/graphql/merge-maps';
import { DateTimeScalar } from '@tradesage/core/runtime/scalars';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { adminResolvers } from './admin.resolvers.ts';
import { sessionResolvers } from './session.resolvers.ts';

/** The session subgraph's resolvers, one file per area (own sessions, admins), merged here. */
export const resolvers: Resolvers = mergeTypeMaps<Resolvers>(
  { DateTime: DateTimeScalar },
  sessionResolvers,
  adminResolvers,
);
