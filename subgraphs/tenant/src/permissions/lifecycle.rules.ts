import { and, isAuthenticated, isPlatformAdmin, type RuleTypeMap } from '@tradesage/core/runtime/graphql/shield-rules';

const platformOnly = and(isAuthenticated, isPlatformAdmin);

export const lifecycleRules = {
  Mutation: {
    activateTenant: platformOnly,
    suspendTenant: platformOnly,
    cancelTenant: platformOnly,
    restoreTenant: platformOnly,
  },
} satisfies RuleTypeMap;
