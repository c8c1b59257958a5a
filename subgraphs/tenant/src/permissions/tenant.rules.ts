import { allowAnonymous, and, isAuthenticated, isPlatformAdmin, or, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

export const tenantRules = {
  Query: {
    // The resolver answers null for another tenant unless the caller is a platform administrator.
    tenant: isAuthenticated,
    myTenant: isAuthenticated,
    tenants: and(isAuthenticated, isPlatformAdmin),
  },
  Mutation: {
    createTenant: and(isAuthenticated, isPlatformAdmin),
    // Anonymous by design; refused unless TENANT_SELF_SIGNUP, and throttled per IP, in the service.
    signUpTenant: allowAnonymous,
    setTenantPlan: and(isAuthenticated, isPlatformAdmin),
  },
  Tenant: or(isPlatformAdmin, sameTenant),
  // Pages are only handed to platform administrators (Query.tenants); each node has its own rule.
  TenantConnection: isAuthenticated,
  TenantEdge: isAuthenticated,
  TenantPageInfo: isAuthenticated,
  User: {
    id: isAuthenticated,
    tenant: sameTenant,
  },
} satisfies RuleTypeMap;
