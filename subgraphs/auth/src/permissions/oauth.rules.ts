import { and, hasPermission, isAuthenticated, recentAuthentication, type RuleTypeMap } from '@tradesage/core';

/**
 * The tenant's OAuth / OpenID Connect applications and a user's authorizations of them. Clients
 * are read from the caller's own tenant schema, so a client is of the caller's tenant by
 * construction; every field of one is a manager's (`oauth:manage`). Registering a client, changing
 * where its codes go or what it may ask for, and rolling its secret need a recent sign-in
 * (step-up, which neither a key nor an application's token ever has). A user's authorized
 * applications are their own. Every root field here but `oauthProvider` refuses keys and
 * applications' tokens before any rule (domains/api-keys/session-only.ts).
 */
const manage = hasPermission('oauth:manage');

export const oauthRules = {
  Query: {
    oauthClients: manage,
    oauthClient: manage,
    oauthProvider: manage,
    myAuthorizedApps: isAuthenticated,
  },
  Mutation: {
    createOAuthClient: and(manage, recentAuthentication),
    updateOAuthClient: and(manage, recentAuthentication),
    rotateOAuthClientSecret: and(manage, recentAuthentication),
    deleteOAuthClient: manage,
    revokeAppAuthorization: isAuthenticated,
  },
  OAuthClient: {
    id: manage,
    name: manage,
    kind: manage,
    firstParty: manage,
    redirectUris: manage,
    postLogoutRedirectUris: manage,
    scopes: manage,
    authMethod: manage,
    secretLastFour: manage,
    serviceAccount: manage,
    createdAt: manage,
    updatedAt: manage,
    createdBy: manage,
  },
  OAuthClientServiceAccount: { id: manage, name: manage },
  // The answer of the caller's own createOAuthClient / rotateOAuthClientSecret.
  CreatedOAuthClient: { client: manage, secret: manage },
  OAuthProviderInfo: { issuer: manage, discoveryUrl: manage, scopes: manage },
  // The caller's own applications (myAuthorizedApps answers only those).
  AuthorizedApp: {
    clientId: isAuthenticated,
    name: isAuthenticated,
    firstParty: isAuthenticated,
    scopes: isAuthenticated,
    activeSessions: isAuthenticated,
    lastSignInAt: isAuthenticated,
  },
} satisfies RuleTypeMap;
