import type { GraphQLResolveInfo } from 'graphql';
import { signedIn } from '@tradesage/core';
import type { RefreshTokenDelivery, Resolvers } from '../__generated__/resolvers-types.ts';
import type { AuthContext } from '../context.ts';
import { LockoutService } from '../services/lockout.service.ts';
import { LoginService, type LoginOutcome } from '../services/login.service.ts';
import { TRUSTED_DEVICE_COOKIE } from '../services/refresh-cookie.ts';
import { issued } from './shared.ts';
import { deliverTokens } from './token-delivery.ts';
import { toFactorKind } from './mfa.resolvers.ts';

/** A first sign-in step's answer (`SignInResult`): the second factor it waits for, or the session. */
export function signInResult(
  ctx: AuthContext,
  info: GraphQLResolveInfo,
  outcome: LoginOutcome,
  delivery: RefreshTokenDelivery | null | undefined,
) {
  if (outcome.kind === 'challenge')
    return {
      __typename: 'MfaChallenge' as const,
      challengeToken: outcome.challenge.token,
      expiresAt: outcome.challenge.expiresAt,
      factors: outcome.challenge.factors.map(toFactorKind),
      passkeyOptions: outcome.passkeyOptions,
    };
  return { __typename: 'AuthPayload' as const, ...deliverTokens(ctx, issued(ctx, info, outcome.tokens), delivery) };
}

export const loginResolvers: Resolvers = {
  Mutation: {
    login: async (_parent, { input }, ctx, info) => {
      const outcome = await new LoginService(ctx.runtime).login(
        { ...input, trustedDeviceToken: input.trustedDeviceToken ?? ctx.http.cookies.get(TRUSTED_DEVICE_COOKIE) },
        ctx,
      );
      return signInResult(ctx, info, outcome, input.refreshTokenDelivery);
    },
    completeSignIn: async (_parent, { input }, ctx, info) => {
      const { tokens, trustedDevice } = await new LoginService(ctx.runtime).complete(input, ctx);
      return deliverTokens(ctx, issued(ctx, info, tokens), input.refreshTokenDelivery, new Date(), trustedDevice);
    },
    startPasskeySignIn: async (_parent, { tenant }, ctx) => {
      const started = await new LoginService(ctx.runtime).startPasskeySignIn(tenant);
      return { challengeToken: started.token, passkeyOptions: started.options, expiresAt: started.expiresAt };
    },
    signInWithPasskey: async (_parent, { input }, ctx, info) =>
      deliverTokens(
        ctx,
        issued(ctx, info, await new LoginService(ctx.runtime).signInWithPasskey(input, ctx)),
        input.refreshTokenDelivery,
      ),
    unlockUser: (_parent, { userId }, ctx) => new LockoutService(ctx.runtime, signedIn(ctx)).unlockUser(userId),
  },
};
