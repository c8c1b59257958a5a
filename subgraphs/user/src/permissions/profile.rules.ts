import { canReadPersonalData, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

/**
 * Personal fields (issue 6, item 5): the user themself, or users:pii:read in the same tenant.
 * Anyone else who may read the user gets FORBIDDEN on the field alone (it is nullable).
 */
export const profileRules = {
  User: { email: canReadPersonalData },
} satisfies RuleTypeMap;
