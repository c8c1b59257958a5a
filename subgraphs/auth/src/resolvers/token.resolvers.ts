import { UnauthenticatedError } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TokenService } from '../services/token.service.ts';
import { issued, meta } from './shared.ts';

export const tokenResolvers: Resolvers = {
  Mutation: {
    refresh: async (_parent, { input }, ctx) => issued(ctx, await new TokenService(ctx.runtime).refresh(input.refreshToken, meta(ctx))),
    logout: async (_parent, _args, ctx) => {
      if (!ctx.viewer) throw new UnauthenticatedError();
      return new TokenService(ctx.runtime).logout(ctx.viewer, meta(ctx));
    },
  },
};
