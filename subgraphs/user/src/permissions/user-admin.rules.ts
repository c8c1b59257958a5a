import { and, hasPermission, isAuthenticated, recentAuthentication, type RuleTypeMap } from '@tradesage/core';

/**
 * Deleting a user is for admins, in their own tenant by construction (the tenant comes from the
 * token), after a recent strong sign-in (step-up).
 */
export const userAdminRules = {
  Mutation: { deleteUser: and(isAuthenticated, hasPermission('users:write'), recentAuthentication) },
} satisfies RuleTypeMap;
