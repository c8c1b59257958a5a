import { allowAnonymous, and, createPermissions, hasPermission, isAuthenticated, isSelf, or, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

const canReadUser = or(isSelf, and(sameTenant, hasPermission('users:read')));

export const ruleTree = {
  Query: {
    _service: allowAnonymous,
    _entities: isAuthenticated,
    me: isAuthenticated,
    user: and(isAuthenticated, hasPermission('users:read')),
    users: and(isAuthenticated, hasPermission('users:read')),
  },
  _Service: { sdl: allowAnonymous },
  Mutation: {
    updateMyProfile: isAuthenticated,
    deactivateUser: and(isAuthenticated, hasPermission('users:write')),
    reactivateUser: and(isAuthenticated, hasPermission('users:write')),
  },
  User: canReadUser,
  UserConnection: isAuthenticated,
  UserEdge: isAuthenticated,
  PageInfo: isAuthenticated,
} satisfies RuleTypeMap;

export const permissions = createPermissions(ruleTree);
