import { and, hasPermission, isAuthenticated, isSelf, or, sameTenant, type RuleTypeMap } from '@tradesage/core';

/** A user the caller may read: themself, or any user of their tenant with users:read. */
export const canReadUser = or(isSelf, and(sameTenant, hasPermission('users:read')));

export const userRules = {
  Query: {
    me: isAuthenticated,
    user: and(isAuthenticated, hasPermission('users:read')),
    users: and(isAuthenticated, hasPermission('users:read')),
  },
  Mutation: {
    updateMyProfile: isAuthenticated,
    deactivateUser: and(isAuthenticated, hasPermission('users:write')),
    reactivateUser: and(isAuthenticated, hasPermission('users:write')),
  },
  // An entity: one rule per field (shield-coverage.ts), so a new field needs a decision. The other
  // areas' fields are in their own files (profile.rules.ts, with the personal ones; roles.rules.ts).
  User: {
    id: canReadUser,
    firstName: canReadUser,
    lastName: canReadUser,
    status: canReadUser,
    createdAt: canReadUser,
  },
  // Wrappers (allow-listed in permissions.test.ts): each node is a User with the rules above.
  UserConnection: isAuthenticated,
  UserEdge: isAuthenticated,
  PageInfo: isAuthenticated,
} satisfies RuleTypeMap;
