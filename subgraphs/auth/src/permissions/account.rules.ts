import {
  allowAnonymous,
  and,
  hasPermission,
  isAuthenticated,
  recentAuthentication,
  type RuleTypeMap,
} from '@tradesage/core';

/**
 * Account flows. The anonymous ones are gated by what they take instead of a session: a tenant
 * whose settings allow sign-up, or a single-use token from an email. The signed-in ones act on
 * the caller only (their id comes from the verified token); inviting needs users:write, in the
 * caller's own tenant by construction.
 */
export const accountRules = {
  Query: {
    // A tenant's password policy is no secret (the pages show it); unknown tenants get the defaults.
    passwordRequirements: allowAnonymous,
    // A custom domain is public DNS; the page served there shows whose it is.
    tenantForDomain: allowAnonymous,
  },
  DomainTenant: { slug: allowAnonymous, name: allowAnonymous },
  PasswordRequirements: {
    minLength: allowAnonymous,
    maxBytes: allowAnonymous,
    requireUppercase: allowAnonymous,
    requireLowercase: allowAnonymous,
    requireDigit: allowAnonymous,
    requireSymbol: allowAnonymous,
  },
  Mutation: {
    // Sensitive: a recent strong sign-in first (step-up), then the current password as well.
    changePassword: and(isAuthenticated, recentAuthentication),
    requestPasswordReset: allowAnonymous,
    resetPassword: allowAnonymous,
    requestEmailChange: and(isAuthenticated, recentAuthentication),
    verifyEmail: allowAnonymous,
    resendVerificationEmail: isAuthenticated,
    signUp: allowAnonymous,
    inviteUser: and(isAuthenticated, hasPermission('users:write')),
    acceptInvitation: allowAnonymous,
  },
} satisfies RuleTypeMap;
