import { and, hasPermission, isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

const readRoles = and(isAuthenticated, hasPermission('roles:read'));
// Each mutation checks more in RoleService: nothing granted beyond the caller's own permissions.
const writeRoles = and(isAuthenticated, hasPermission('roles:write'));

/** Roles and permissions; `User.roles` falls under the User type's rule (self, or users:read in the tenant). */
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
  Role: isAuthenticated,
  PermissionInfo: isAuthenticated,
  MyPermissions: isAuthenticated,
} satisfies RuleTypeMap;
