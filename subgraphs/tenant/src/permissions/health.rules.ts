import { isAuthenticated, type RuleTypeMap } from '@tradesage/core';
import { ownTenantWith } from './rules.ts';

export const healthRules = {
  Query: {
    tenantHealth: ownTenantWith('id', 'tenant:read'),
    tenantUsage: ownTenantWith('tenantId', 'tenant:read'),
  },
  // Reached only through the two fields above; `tenant` is a Tenant with its own rule.
  TenantHealth: {
    tenant: isAuthenticated,
    schemaPresent: isAuthenticated,
    migrationsCurrent: isAuthenticated,
    appliedMigrations: isAuthenticated,
    pendingMigrations: isAuthenticated,
    unknownMigrations: isAuthenticated,
    changedMigrations: isAuthenticated,
    tables: isAuthenticated,
    lastActivityAt: isAuthenticated,
  },
  TenantTableStats: {
    name: isAuthenticated,
    rows: isAuthenticated,
    estimated: isAuthenticated,
    bytes: isAuthenticated,
  },
  TenantUsage: {
    tenant: isAuthenticated,
    period: isAuthenticated,
    from: isAuthenticated,
    to: isAuthenticated,
    users: isAuthenticated,
    maxUsers: isAuthenticated,
    activeSessions: isAuthenticated,
    sessionsStarted: isAuthenticated,
    storageBytes: isAuthenticated,
    apiCalls: isAuthenticated,
  },
  TenantUserCounts: {
    total: isAuthenticated,
    active: isAuthenticated,
    invited: isAuthenticated,
    disabled: isAuthenticated,
    deleted: isAuthenticated,
  },
} satisfies RuleTypeMap;
