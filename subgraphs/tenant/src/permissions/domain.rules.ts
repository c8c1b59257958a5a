import type { RuleTypeMap } from '@tradesage/core';
import { ownTenantWith } from './rules.ts';

export const domainRules = {
  Mutation: {
    setTenantDomain: ownTenantWith('id', 'tenant:settings:write'),
  },
} satisfies RuleTypeMap;
