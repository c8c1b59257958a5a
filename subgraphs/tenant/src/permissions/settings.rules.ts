import { isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';
import { ownTenantWith } from './rules.ts';

export const settingsRules = {
  Query: {
    tenantSettings: ownTenantWith('tenantId', 'tenant:read', 'tenant:settings:write'),
  },
  Mutation: {
    updateTenantSettings: ownTenantWith('tenantId', 'tenant:settings:write'),
  },
  // Reached only through the two fields above.
  TenantSettings: isAuthenticated,
  TenantPasswordPolicy: isAuthenticated,
  TenantLockoutSettings: isAuthenticated,
  TenantSessionSettings: isAuthenticated,
  TenantSignupSettings: isAuthenticated,
  TenantMfaSettings: isAuthenticated,
  TenantRateLimits: isAuthenticated,
} satisfies RuleTypeMap;
