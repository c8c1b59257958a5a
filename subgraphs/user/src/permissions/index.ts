import { allowAnonymous, createPermissions, hasPermission, isAuthenticated, isSelf, sameTenant } from '@tradesage/core/graphql/shield-rules';
import { and, or } from 'graphql-shield';

const canReadUser = or(isSelf, and(sameTenant, hasPermission('users:read')));

export const permissions = createPermissions({
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
  },
  User: canReadUser,
  UserConnection: isAuthenticated,
  UserEdge: isAuthenticated,
  PageInfo: isAuthenticated,
});
