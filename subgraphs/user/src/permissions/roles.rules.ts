import { and, hasPermission, isAuthenticated, recentAuthentication, type RuleTypeMap } from '@tradesage/core';
import { canReadUser } from './user.rules.ts';

const readRoles = and(isAuthenticated, hasPermission('roles:read'));
// Each mutation checks more in RoleService: nothing granted beyond the caller's own permissions.
// Role changes are sensitive: a recent strong sign-in too (step-up).
const writeRoles = and(isAuthenticated, hasPermission('roles:write'), recentAuthentication);

/** Roles and permissions; `User.roles` is read like the rest of the user (self, or users:read in the tenant). */
export const roleRules = {
  Query: {
    roles: readRoles,
    role: readRoles,
    permissionCatalogue: readRoles,
    myPermissions: isAuthenticated,
  },
  Mutation: {
    createRole: writeRoles,
    updateRole: writeRoles,
    deleteRole: writeRoles,
    assignRoles: writeRoles,
  },
  // Reached only through the fields above, which decide who may see them.
  Role: {
    name: isAuthenticated,
    description: isAuthenticated,
    parent: isAuthenticated,
    permissions: isAuthenticated,
    effectivePermissions: isAuthenticated,
    builtin: isAuthenticated,
    userCount: isAuthenticated,
    createdAt: isAuthenticated,
    updatedAt: isAuthenticated,
  },
  PermissionInfo: {
    name: isAuthenticated,
    scope: isAuthenticated,
    description: isAuthenticated,
    unlocks: isAuthenticated,
  },
  MyPermissions: { roles: isAuthenticated, permissions: isAuthenticated },
  User: { roles: canReadUser },
} satisfies RuleTypeMap;
