import {
  allowAnonymous,
  and,
  hasPermission,
  isAuthenticated,
  recentAuthentication,
  type RuleTypeMap,
} from '@tradesage/core';

/**
 * Social sign-in. Connections are the tenant's settings (`tenant:settings:write`), read from the
 * caller's own schema; writing one (where the tenant's users sign in, and with which role they
 * register) needs a recent sign-in. The providers a sign-in page offers are public, as the page
 * is; finishing a sign-in is anonymous, as `login` is (the ticket is the credential). A user's
 * identities are their own; linking a new one needs a recent sign-in. The personal root fields
 * refuse keys and applications' tokens before any rule (domains/api-keys/session-only.ts).
 */
const settings = hasPermission('tenant:settings:write');

export const socialRules = {
  Query: {
    socialProviders: allowAnonymous,
    socialConnections: settings,
    myIdentities: isAuthenticated,
  },
  Mutation: {
    completeSocialSignIn: allowAnonymous,
    createSocialConnection: and(settings, recentAuthentication),
    updateSocialConnection: and(settings, recentAuthentication),
    deleteSocialConnection: settings,
    startSocialLink: and(isAuthenticated, recentAuthentication),
    confirmSocialLink: isAuthenticated,
    unlinkIdentity: isAuthenticated,
  },
  SocialConnection: {
    provider: settings,
    clientId: settings,
    allowedDomains: settings,
    autoRegister: settings,
    defaultRole: settings,
    enabled: settings,
    microsoftTenant: settings,
    createdAt: settings,
    updatedAt: settings,
  },
  SocialLinkStart: { url: isAuthenticated, expiresAt: isAuthenticated },
  // The caller's own identities (myIdentities, confirmSocialLink answer only those).
  UserIdentity: {
    id: isAuthenticated,
    provider: isAuthenticated,
    email: isAuthenticated,
    linkedAt: isAuthenticated,
    lastUsedAt: isAuthenticated,
  },
} satisfies RuleTypeMap;
