import {
  allowAnonymous,
  and,
  defineRule,
  ForbiddenError,
  hasPermission,
  isAuthenticated,
  recentAuthentication,
  UnauthenticatedError,
  type ApiKeyRow,
  type RuleTypeMap,
} from '@tradesage/core';
import type { AuthContext } from '../context.ts';

/**
 * API keys and service accounts. Every key is read from the caller's own tenant schema, so a key
 * is of the caller's tenant by construction; its fields are then the owner's or a manager's
 * (`apikeys:manage`). Making and rolling keys, and managing service accounts, need a recent
 * sign-in (step-up, which a key never has). The session-only fields refuse keys before any rule
 * (domains/api-keys/session-only.ts). Reporting leaked keys is open to anyone.
 */
const manage = hasPermission('apikeys:manage');

const ownKeyOrManager = defineRule<AuthContext>('ownKeyOrManager', 'parent', (parent, _args, ctx) => {
  const viewer = ctx.viewer;
  if (!viewer) return new UnauthenticatedError();
  const key = parent as ApiKeyRow;
  return key.ownerId === viewer.userId || viewer.permissions.has('apikeys:manage') ? true : new ForbiddenError();
});

export const apiKeyRules = {
  Query: {
    apiKeys: isAuthenticated,
    apiKeyPolicy: isAuthenticated,
    serviceAccounts: manage,
  },
  Mutation: {
    createApiKey: and(isAuthenticated, recentAuthentication),
    rotateApiKey: and(isAuthenticated, recentAuthentication),
    revokeApiKey: isAuthenticated,
    createServiceAccount: and(manage, recentAuthentication),
    deleteServiceAccount: and(manage, recentAuthentication),
    revokeLeakedApiKeys: allowAnonymous,
  },
  ApiKey: {
    id: ownKeyOrManager,
    name: ownKeyOrManager,
    ownerId: ownKeyOrManager,
    ownerKind: ownKeyOrManager,
    environment: ownKeyOrManager,
    display: ownKeyOrManager,
    lastFour: ownKeyOrManager,
    scopes: ownKeyOrManager,
    allowedCidrs: ownKeyOrManager,
    rateLimitPerMinute: ownKeyOrManager,
    status: ownKeyOrManager,
    expiresAt: ownKeyOrManager,
    createdAt: ownKeyOrManager,
    createdBy: ownKeyOrManager,
    rotatedFrom: ownKeyOrManager,
    revokedAt: ownKeyOrManager,
    lastUsedAt: ownKeyOrManager,
    lastUsedIp: ownKeyOrManager,
    usage: ownKeyOrManager,
  },
  ApiKeyUsageDay: { day: isAuthenticated, requests: isAuthenticated },
  ApiKeyPolicy: { maxLifetimeDays: isAuthenticated, environment: isAuthenticated },
  // The answer of the caller's own createApiKey / rotateApiKey.
  CreatedApiKey: { apiKey: isAuthenticated, secret: isAuthenticated },
  ServiceAccount: {
    id: manage,
    name: manage,
    description: manage,
    roles: manage,
    createdAt: manage,
    createdBy: manage,
    apiKeys: manage,
  },
  LeakedApiKeysReport: { received: allowAnonymous },
} satisfies RuleTypeMap;
