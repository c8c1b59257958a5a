import type { RuleTypeMap } from '@tradesage/core/runtime/graphql/shield-rules';
import { ownTenantWith } from './rules.ts';

export const domainRules = {
  Mutation: {
    setTenantDomain: ownTenantWith('id', 'tenant:settings:write'),
  },
} satisfies RuleTypeMap;
