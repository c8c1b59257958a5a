import { isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';
import { ownTenantWith } from './rules.ts';

export const healthRules = {
  Query: {
    tenantHealth: ownTenantWith('id', 'tenant:read'),
    tenantUsage: ownTenantWith('tenantId', 'tenant:read'),
  },
  // Reached only through the two fields above; `tenant` is a Tenant with its own rule.
  TenantHealth: isAuthenticated,
  TenantTableStats: isAuthenticated,
  TenantUsage: isAuthenticated,
  TenantUserCounts: isAuthenticated,
} satisfies RuleTypeMap;
