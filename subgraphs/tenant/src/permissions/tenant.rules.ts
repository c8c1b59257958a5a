import {
  allowAnonymous,
  and,
  isAuthenticated,
  isPlatformAdmin,
  or,
  sameTenant,
  type RuleTypeMap,
} from '@tradesage/core';

const canReadTenant = or(isPlatformAdmin, sameTenant);

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
  // An entity: one rule per field (shield-coverage.ts), so a new field needs a decision.
  Tenant: {
    id: canReadTenant,
    slug: canReadTenant,
    name: canReadTenant,
    status: canReadTenant,
    plan: canReadTenant,
    domain: canReadTenant,
    createdAt: canReadTenant,
    suspendedAt: canReadTenant,
    suspensionReason: canReadTenant,
    cancelledAt: canReadTenant,
    purgeAfter: canReadTenant,
    purgedAt: canReadTenant,
  },
  // Pages are only handed to platform administrators (Query.tenants); each node has its own rules
  // (wrappers, allow-listed in permissions.test.ts).
  TenantConnection: isAuthenticated,
  TenantEdge: isAuthenticated,
  TenantPageInfo: isAuthenticated,
  User: {
    id: isAuthenticated,
    tenant: sameTenant,
  },
} satisfies RuleTypeMap;
