import type { DeviceType, Resolvers } from '../__generated__/resolvers-types.ts';
import { signedIn } from '@tradesage/core';
import { serviceOf } from './shared.ts';

/** The caller's own sessions: listing and ending them. */
export const sessionResolvers: Resolvers = {
  Query: {
    mySessions: (_parent, _args, ctx) => ctx.loaders.openSessionsByUserId.load(signedIn(ctx).viewer.userId),
  },
  Mutation: {
    revokeSession: (_parent, args, ctx) => serviceOf(ctx).revokeOwn(args.id),
    revokeOtherSessions: (_parent, _args, ctx) => serviceOf(ctx).revokeOthers(),
    revokeAllSessions: (_parent, _args, ctx) => serviceOf(ctx).revokeAll(),
  },
  Session: {
    __resolveReference: (reference, ctx) => ctx.loaders.sessionById.load(reference.id),
    current: (session, _args, ctx) => session.id === ctx.viewer?.sessionId,
    deviceType: (session) => session.deviceType.toUpperCase() as DeviceType,
    authenticationMethods: (session) => session.amr,
    authenticatedAt: (session) => session.authTime,
    application: async (session, _args, ctx) =>
      session.oauthClientId
        ? { clientId: session.oauthClientId, name: await ctx.loaders.applicationName.load(session.oauthClientId) }
        : null,
    user: (session) => ({ id: session.userId, tenantId: session.tenantId }),
  },
  User: {
    // Users are resolved only inside the caller's tenant schema; the tenant id lets shield check it.
    __resolveReference: (reference, ctx) => ({ id: reference.id, tenantId: signedIn(ctx).viewer.tenantId }),
    sessions: (user, _args, ctx) => ctx.loaders.openSessionsByUserId.load(user.id),
  },
};
