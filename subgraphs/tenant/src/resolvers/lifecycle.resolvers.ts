import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantLifecycleService } from '../services/tenant-lifecycle.service.ts';
import { actorOf } from './shared.ts';

export const lifecycleResolvers: Resolvers = {
  Mutation: {
    activateTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, actorOf(ctx)).activate(args.id),
    suspendTenant: (_parent, args, ctx) =>
      new TenantLifecycleService(ctx.runtime, actorOf(ctx)).suspend(args.id, args.reason),
    cancelTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, actorOf(ctx)).cancel(args.id),
    restoreTenant: (_parent, args, ctx) => new TenantLifecycleService(ctx.runtime, actorOf(ctx)).restore(args.id),
  },
};
