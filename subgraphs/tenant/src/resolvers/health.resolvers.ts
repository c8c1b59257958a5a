import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TenantHealthService } from '../services/tenant-health.service.ts';
import { fromUsagePeriod, toUsagePeriod } from './shared.ts';

export const healthResolvers: Resolvers = {
  Query: {
    tenantHealth: async (_parent, args, ctx) => {
      const health = await new TenantHealthService(ctx.runtime).health(args.id);
      return {
        ...health,
        appliedMigrations: [...health.appliedMigrations],
        pendingMigrations: [...health.pendingMigrations],
        unknownMigrations: [...health.unknownMigrations],
        changedMigrations: [...health.changedMigrations],
        tables: health.tables.map((t) => ({ name: t.table, rows: t.rows, estimated: t.estimated, bytes: t.bytes })),
      };
    },
    tenantUsage: async (_parent, args, ctx) => {
      const usage = await new TenantHealthService(ctx.runtime).usage(
        args.tenantId ?? signedIn(ctx).viewer.tenantId,
        fromUsagePeriod(args.period),
      );
      return { ...usage, period: toUsagePeriod(usage.period) };
    },
  },
};
