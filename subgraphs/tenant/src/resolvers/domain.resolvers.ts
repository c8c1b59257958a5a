import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantDomainService } from '../services/tenant-domain.service.ts';

export const domainResolvers: Resolvers = {
  Mutation: {
    setTenantDomain: (_parent, args, ctx) =>
      new TenantDomainService(ctx.runtime, signedIn(ctx)).setDomain(args.id, args.domain ?? null),
  },
};
