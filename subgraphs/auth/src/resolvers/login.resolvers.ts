import { UnauthenticatedError } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { LockoutService } from '../services/lockout.service.ts';
import { LoginService } from '../services/login.service.ts';
import { issued, meta } from './shared.ts';
import { deliverTokens } from './token-delivery.ts';

export const loginResolvers: Resolvers = {
  Mutation: {
    login: async (_parent, { input }, ctx, info) =>
      deliverTokens(
        ctx,
        issued(ctx, info, await new LoginService(ctx.runtime).login(input, meta(ctx))),
        input.refreshTokenDelivery,
      ),
    unlockUser: async (_parent, { userId }, ctx) => {
      if (!ctx.viewer || !ctx.tenantDb) throw new UnauthenticatedError();
      return new LockoutService(ctx.tenantDb, ctx.logger).unlockUser(ctx.viewer, userId, meta(ctx));
    },
  },
};
