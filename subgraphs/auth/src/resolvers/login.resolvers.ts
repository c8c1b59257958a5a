import { signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { LockoutService } from '../services/lockout.service.ts';
import { LoginService } from '../services/login.service.ts';
import { issued } from './shared.ts';
import { deliverTokens } from './token-delivery.ts';

export const loginResolvers: Resolvers = {
  Mutation: {
    login: async (_parent, { input }, ctx, info) =>
      deliverTokens(
        ctx,
        issued(ctx, info, await new LoginService(ctx.runtime).login(input, ctx)),
        input.refreshTokenDelivery,
      ),
    unlockUser: (_parent, { userId }, ctx) => new LockoutService(ctx.runtime, signedIn(ctx)).unlockUser(userId),
  },
};
