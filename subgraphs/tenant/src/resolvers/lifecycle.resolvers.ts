import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantLifecycleService } from '../services/tenant-lifecycle.service.ts';

export const lifecycleResolvers: Resolvers = {
  Mutation: {
    activateTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, signedIn(ctx)).activate(args.id),
    suspendTenant: (_parent, args, ctx) =>
      new TenantLifecycleService(ctx.runtime, signedIn(ctx)).suspend(args.id, args.reason),
    cancelTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, signedIn(ctx)).cancel(args.id),
    restoreTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, signedIn(ctx)).restore(args.id),
  },
};
