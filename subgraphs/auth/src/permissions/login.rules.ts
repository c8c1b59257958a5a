import { allowAnonymous, and, hasPermission, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

export const loginRules = {
  Mutation: {
    login: allowAnonymous,
    // Same tenant by construction: the service looks the user up in the caller's own schema.
    unlockUser: and(isAuthenticated, hasPermission('users:write')),
  },
} satisfies RuleTypeMap;
