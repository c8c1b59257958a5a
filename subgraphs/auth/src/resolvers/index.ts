import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { UnauthenticatedError } from '@tradesage/core';
import { DateTimeScalar } from '@tradesage/core/scalars';
import type { AuthContext } from '../context.ts';
import type { SecurityUser } from '../repositories/user.repository.ts';
import { AuthService, type IssuedTokens } from '../services/auth.service.ts';

type LoginArgs = { input: { tenant: string; email: string; password: string } };
type RefreshArgs = { input: { refreshToken: string } };

function meta(ctx: AuthContext) {
  return { requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent };
}

function issued(ctx: AuthContext, tokens: IssuedTokens): IssuedTokens {
  ctx.issuedTo = { userId: tokens.user.id, tenantId: tokens.user.tenantId };
  return tokens;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Mutation: {
    login: async (_: unknown, { input }: LoginArgs, ctx: AuthContext) => issued(ctx, await new AuthService(ctx.runtime).login(input, meta(ctx))),
    refresh: async (_: unknown, { input }: RefreshArgs, ctx: AuthContext) =>
      issued(ctx, await new AuthService(ctx.runtime).refresh(input.refreshToken, meta(ctx))),
    logout: async (_: unknown, _args: unknown, ctx: AuthContext) => {
      if (!ctx.viewer) throw new UnauthenticatedError();
      return new AuthService(ctx.runtime).logout(ctx.viewer, meta(ctx));
    },
  },
  User: {
    __resolveReference: (reference: { id: string }, ctx: AuthContext): Promise<SecurityUser | null> => ctx.loaders.userById.load(reference.id),
  },
};
