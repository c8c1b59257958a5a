import type { DeviceType, Resolvers } from '../__generated__/resolvers-types.ts';
import { signedIn } from '@tradesage/core';
import { serviceOf } from './shared.ts';

const DEVICE_TYPES: readonly DeviceType[] = ['DESKTOP', 'MOBILE', 'TABLET', 'OTHER'];

/** Admins' view of their tenant's sessions (`sessions:read:any`, `sessions:revoke:any`); never another tenant's. */
export const adminResolvers: Resolvers = {
  Query: {
    // The loader reads the caller's tenant schema only: another tenant's user id yields nothing.
    userSessions: (_parent, args, ctx) => {
      signedIn(ctx);
      return ctx.loaders.openSessionsByUserId.load(args.userId);
    },
    tenantSessions: (_parent, args, ctx) =>
      serviceOf(ctx).page(args, {
        userId: args.filter?.userId ?? undefined,
        deviceType: args.filter?.deviceType?.toLowerCase(),
      }),
    sessionStats: async (_parent, _args, ctx) => {
      const stats = await serviceOf(ctx).stats();
      return {
        activeSessions: stats.activeSessions,
        activeByDeviceType: DEVICE_TYPES.map((deviceType) => ({
          deviceType,
          count: stats.activeByDeviceType.get(deviceType.toLowerCase()) ?? 0,
        })),
        newSessionsPerDay: stats.newSessionsPerDay.map((row) => ({ day: row.day, count: row.count })),
        averageSessionLengthSeconds: stats.averageSessionLengthSeconds,
      };
    },
  },
  Mutation: {
    revokeUserSessions: (_parent, args, ctx) => serviceOf(ctx).revokeForUser(args.userId),
    revokeTenantSession: (_parent, args, ctx) => serviceOf(ctx).revokeInTenant(args.id),
  },
};
