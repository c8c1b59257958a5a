import { allowAnonymous, and, createPermissions, isAuthenticated, isPlatformAdmin, or, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

export const ruleTree = {
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
} satisfies RuleTypeMap;

export const permissions = createPermissions(ruleTree);
