import { fromGraphEnum, signedIn, toGraphEnum } from '@tradesage/core';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { ServiceAccountRepository } from '../repositories/service-account.repository.ts';
import { AuthorizedAppsService } from '../services/oauth/authorized-apps.service.ts';
import { OAuthClientService } from '../services/oauth/oauth-client.service.ts';

export const oauthResolvers: Resolvers = {
  Query: {
    oauthClients: (_parent, _args, ctx) => new OAuthClientService(ctx.runtime, signedIn(ctx)).list(),
    oauthClient: (_parent, { id }, ctx) => new OAuthClientService(ctx.runtime, signedIn(ctx)).find(id),
    oauthProvider: (_parent, _args, ctx) => new OAuthClientService(ctx.runtime, signedIn(ctx)).provider(),
    myAuthorizedApps: (_parent, _args, ctx) => new AuthorizedAppsService(ctx.runtime, signedIn(ctx)).list(),
  },
  Mutation: {
    createOAuthClient: (_parent, { input }, ctx) =>
      new OAuthClientService(ctx.runtime, signedIn(ctx)).create({
        ...input,
        kind: fromGraphEnum(input.kind),
        authMethod: input.authMethod ? fromGraphEnum(input.authMethod) : undefined,
      }),
    updateOAuthClient: (_parent, { id, input }, ctx) =>
      new OAuthClientService(ctx.runtime, signedIn(ctx)).update(id, input),
    rotateOAuthClientSecret: (_parent, { id }, ctx) =>
      new OAuthClientService(ctx.runtime, signedIn(ctx)).rotateSecret(id),
    deleteOAuthClient: (_parent, { id }, ctx) => new OAuthClientService(ctx.runtime, signedIn(ctx)).delete(id),
    revokeAppAuthorization: (_parent, { clientId }, ctx) =>
      new AuthorizedAppsService(ctx.runtime, signedIn(ctx)).revoke(clientId),
  },
  OAuthClient: {
    kind: (client) => toGraphEnum(client.kind),
    authMethod: (client) => toGraphEnum(client.authMethod),
    redirectUris: (client) => [...client.redirectUris],
    postLogoutRedirectUris: (client) => [...client.postLogoutRedirectUris],
    scopes: (client) => [...client.scopes],
    createdBy: (client) => client.createdById,
    serviceAccount: async (client, _args, ctx) => {
      if (!client.serviceAccountId) return null;
      const db = ctx.runtime.db.tenant(signedIn(ctx).viewer.tenantId);
      const account = await new ServiceAccountRepository(db).findById(client.serviceAccountId);
      return account ? { id: account.id, name: account.name } : null;
    },
  },
  AuthorizedApp: {
    scopes: (app) => [...app.scopes],
  },
};
