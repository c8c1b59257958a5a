import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantDomainService } from '../services/tenant-domain.service.ts';
import { actorOf } from './shared.ts';

export const domainResolvers: Resolvers = {
  Mutation: {
    setTenantDomain: (_parent, args, ctx) =>
      new TenantDomainService(ctx.runtime, actorOf(ctx)).setDomain(args.id, args.domain ?? null),
  },
};
