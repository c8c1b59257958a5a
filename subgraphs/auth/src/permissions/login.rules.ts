import { allowAnonymous, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

export const loginRules = {
  Mutation: { login: allowAnonymous },
} satisfies RuleTypeMap;
