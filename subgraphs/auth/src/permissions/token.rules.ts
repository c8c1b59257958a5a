import { allowAnonymous, isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

export const tokenRules = {
  Mutation: { refresh: allowAnonymous, logout: isAuthenticated },
} satisfies RuleTypeMap;
