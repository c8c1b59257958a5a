import { allowAnonymous, createPermissions, isAuthenticated, isPlatformAdmin, sameTenant } from '@tradesage/core/graphql/shield-rules';
import { and, or } from 'graphql-shield';

export const permissions = createPermissions({
  Query: {
    _service: allowAnonymous,
    _entities: isAuthenticated,
    tenant: isAuthenticated,
    myTenant: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
  Mutation: {
    createTenant: and(isAuthenticated, isPlatformAdmin),
  },
  Tenant: or(isPlatformAdmin, sameTenant),
  User: {
    id: isAuthenticated,
    tenant: sameTenant,
  },
});
