import { ApiKeyRepository, displayApiKey, fromGraphEnum, signedIn, toGraphEnum, type ApiKeyRow } from '@tradesage/core';
import type { ApiKeyStatus, Resolvers } from '../__generated__/resolvers-types.ts';
import { ApiKeyService } from '../services/api-keys/api-key.service.ts';
import { revokeLeakedApiKeys } from '../services/api-keys/leaked-keys.service.ts';
import { ServiceAccountService } from '../services/api-keys/service-account.service.ts';

function statusOf(key: ApiKeyRow, now = Date.now()): ApiKeyStatus {
  if (key.revokedAt) return 'REVOKED';
  return key.expiresAt.getTime() <= now ? 'EXPIRED' : 'ACTIVE';
}

export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_parent, { ownerId }, ctx) => new ApiKeyService(ctx.runtime, signedIn(ctx)).list(ownerId),
    apiKeyPolicy: async (_parent, _args, ctx) => {
      const policy = await new ApiKeyService(ctx.runtime, signedIn(ctx)).policy();
      return { ...policy, environment: toGraphEnum(policy.environment) };
    },
    serviceAccounts: (_parent, _args, ctx) => new ServiceAccountService(ctx.runtime, signedIn(ctx)).list(),
  },
  Mutation: {
    createApiKey: (_parent, { input }, ctx) => new ApiKeyService(ctx.runtime, signedIn(ctx)).create(input),
    rotateApiKey: (_parent, { input }, ctx) =>
      new ApiKeyService(ctx.runtime, signedIn(ctx)).rotate(input.id, fromGraphEnum(input.overlap)),
    revokeApiKey: (_parent, { id }, ctx) => new ApiKeyService(ctx.runtime, signedIn(ctx)).revoke(id),
    createServiceAccount: (_parent, { input }, ctx) =>
      new ServiceAccountService(ctx.runtime, signedIn(ctx)).create(input),
    deleteServiceAccount: (_parent, { id }, ctx) => new ServiceAccountService(ctx.runtime, signedIn(ctx)).delete(id),
    revokeLeakedApiKeys: (_parent, { keys }, ctx) => revokeLeakedApiKeys(ctx.runtime, ctx, keys),
  },
  ApiKey: {
    ownerKind: (key) => (key.ownerKind === 'service' ? 'SERVICE_ACCOUNT' : 'USER'),
    environment: (key) => toGraphEnum(key.environment),
    display: (key) => displayApiKey(key.environment, key.lastFour),
    scopes: (key) => [...key.scopes],
    allowedCidrs: (key) => [...key.allowedCidrs],
    status: (key) => statusOf(key),
    createdBy: (key) => key.createdById,
    usage: (key, { days }, ctx) => new ApiKeyService(ctx.runtime, signedIn(ctx)).usage(key, days ?? 30),
  },
  ServiceAccount: {
    roles: (account) => [...account.roles],
    createdBy: (account) => account.createdById,
    apiKeys: (account, _args, ctx) => {
      const viewer = signedIn(ctx).viewer;
      return new ApiKeyRepository(ctx.runtime.db.control, ctx.runtime.db.tenant(viewer.tenantId), viewer.tenantId).list(
        [account.id],
      );
    },
  },
};
