import {
  activeTenantBySlug,
  fromGraphEnum,
  signedIn,
  SocialAccountService,
  SocialRepository,
  toGraphEnum,
} from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { TRUSTED_DEVICE_COOKIE } from '../services/refresh-cookie.ts';
import { SocialConnectionService } from '../services/social/social-connection.service.ts';
import { SocialSignInService } from '../services/social/social-sign-in.service.ts';
import { signInResult } from './login.resolvers.ts';

export const socialResolvers: Resolvers = {
  Query: {
    socialProviders: async (_parent, { tenant }, ctx) => {
      const found = await activeTenantBySlug(ctx.runtime.db.control, tenant.trim().toLowerCase());
      if (!found) return [];
      const connections = await new SocialRepository(ctx.runtime.db.tenant(found.id)).connections();
      return connections
        .filter((connection) => connection.enabled)
        .map((connection) => toGraphEnum(connection.provider));
    },
    socialConnections: (_parent, _args, ctx) => new SocialConnectionService(ctx.runtime, signedIn(ctx)).list(),
    myIdentities: (_parent, _args, ctx) => new SocialAccountService(ctx.runtime, signedIn(ctx)).identities(),
  },
  Mutation: {
    completeSocialSignIn: async (_parent, { input }, ctx, info) => {
      const outcome = await new SocialSignInService(ctx.runtime).complete(
        {
          ticket: input.ticket,
          trustedDeviceToken: input.trustedDeviceToken ?? ctx.http.cookies.get(TRUSTED_DEVICE_COOKIE),
        },
        ctx,
      );
      return signInResult(ctx, info, outcome, input.refreshTokenDelivery);
    },
    createSocialConnection: (_parent, { input }, ctx) => {
      const { provider, ...rest } = input;
      return new SocialConnectionService(ctx.runtime, signedIn(ctx)).create(fromGraphEnum(provider), rest);
    },
    updateSocialConnection: (_parent, { provider, input }, ctx) =>
      new SocialConnectionService(ctx.runtime, signedIn(ctx)).update(fromGraphEnum(provider), input),
    deleteSocialConnection: (_parent, { provider }, ctx) =>
      new SocialConnectionService(ctx.runtime, signedIn(ctx)).delete(fromGraphEnum(provider)),
    startSocialLink: (_parent, { provider }, ctx) =>
      new SocialAccountService(ctx.runtime, signedIn(ctx)).startLink(fromGraphEnum(provider)),
    confirmSocialLink: (_parent, { token }, ctx) =>
      new SocialAccountService(ctx.runtime, signedIn(ctx)).confirmPendingLink(token),
    unlinkIdentity: (_parent, { id }, ctx) => new SocialAccountService(ctx.runtime, signedIn(ctx)).unlink(id),
  },
  SocialConnection: {
    provider: (connection) => toGraphEnum(connection.provider),
  },
  UserIdentity: {
    provider: (identity) => toGraphEnum(identity.provider),
  },
};
