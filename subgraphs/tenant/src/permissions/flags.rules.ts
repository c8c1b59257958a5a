import { hasPermission, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

const admin = hasPermission('tenant:settings:write');

export const flagRules = {
  Query: {
    // Always the caller's own tenant, evaluated for the caller.
    featureFlags: isAuthenticated,
    featureFlagDefinitions: admin,
  },
  Mutation: {
    createFeatureFlag: admin,
    updateFeatureFlag: admin,
    deleteFeatureFlag: admin,
  },
  // The caller's own answer per flag (its rules, e.g. allowed user ids, are in the definition).
  FeatureFlag: { key: isAuthenticated, on: isAuthenticated },
  FeatureFlagDefinition: {
    key: admin,
    description: admin,
    kind: admin,
    enabled: admin,
    percentage: admin,
    allowedUserIds: admin,
    startsAt: admin,
    endsAt: admin,
    createdAt: admin,
    updatedAt: admin,
  },
} satisfies RuleTypeMap;
