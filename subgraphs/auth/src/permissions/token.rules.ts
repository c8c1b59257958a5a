import { allowAnonymous, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

export const tokenRules = {
  // refresh is anonymous: holding a valid refresh token (or the cookie plus the CSRF header) is the credential.
  Mutation: { refresh: allowAnonymous, logout: isAuthenticated, logoutEverywhere: isAuthenticated },
} satisfies RuleTypeMap;
