import { findAppError, signedIn } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TokenService } from '../services/token.service.ts';
import { issued } from './shared.ts';
import { clearRefreshCookies, deliverTokens, presentedRefreshToken, refreshDelivery } from './token-delivery.ts';

export const tokenResolvers: Resolvers = {
  Mutation: {
    refresh: async (_parent, { input }, ctx, info) => {
      const presented = presentedRefreshToken(ctx, input.refreshToken);
      const delivery = refreshDelivery(presented, input.refreshTokenDelivery);
      try {
        return deliverTokens(
          ctx,
          issued(ctx, info, await new TokenService(ctx.runtime).refresh(presented.token, ctx)),
          delivery,
        );
      } catch (error) {
        // A cookie that no longer works is deleted, so the browser stops sending it.
        const code = findAppError(error)?.code;
        if (
          presented.source === 'cookie' &&
          (code === 'INVALID_REFRESH_TOKEN' || code === 'MFA_REQUIRED' || code === 'MFA_ENROLMENT_REQUIRED')
        )
          clearRefreshCookies(ctx);
        throw error;
      }
    },
    logout: async (_parent, _args, ctx) => {
      const ended = await new TokenService(ctx.runtime).logout(signedIn(ctx).viewer, ctx);
      clearRefreshCookies(ctx);
      return ended;
    },
    logoutEverywhere: async (_parent, _args, ctx) => {
      const ended = await new TokenService(ctx.runtime).logoutEverywhere(signedIn(ctx).viewer, ctx);
      clearRefreshCookies(ctx);
      return ended;
    },
  },
};
