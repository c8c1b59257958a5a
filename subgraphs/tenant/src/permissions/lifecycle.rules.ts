import { and, isAuthenticated, isPlatformAdmin, type RuleTypeMap } from '@tradesage/core';

const platformOnly = and(isAuthenticated, isPlatformAdmin);

export const lifecycleRules = {
  Mutation: {
    activateTenant: platformOnly,
    suspendTenant: platformOnly,
    cancelTenant: platformOnly,
    restoreTenant: platformOnly,
  },
} satisfies RuleTypeMap;
