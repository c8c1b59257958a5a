import { and, hasPermission, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

/** Deleting a user is for admins, in their own tenant by construction (the tenant comes from the token). */
export const userAdminRules = {
  Mutation: { deleteUser: and(isAuthenticated, hasPermission('users:write')) },
} satisfies RuleTypeMap;
