import { mergeTypeMaps, DateTimeScalar } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { backupResolvers } from './backup.resolvers.ts';
import { domainResolvers } from './domain.resolvers.ts';
import { flagResolvers } from './flags.resolvers.ts';
import { healthResolvers } from './health.resolvers.ts';
import { lifecycleResolvers } from './lifecycle.resolvers.ts';
import { settingsResolvers } from './settings.resolvers.ts';
import { tenantResolvers } from './tenant.resolvers.ts';

/** The tenant subgraph's resolvers, one file per area, merged here. */
export const resolvers: Resolvers = mergeTypeMaps<Resolvers>(
  { DateTime: DateTimeScalar },
  tenantResolvers,
  lifecycleResolvers,
  settingsResolvers,
  flagResolvers,
  healthResolvers,
  backupResolvers,
  domainResolvers,
);
