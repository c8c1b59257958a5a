import { hasPermission, isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

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
  FeatureFlag: isAuthenticated,
  FeatureFlagDefinition: admin,
} satisfies RuleTypeMap;
