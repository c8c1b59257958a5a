import { canReadPersonalData, type RuleTypeMap } from '@tradesage/core';
import { canReadUser } from './user.rules.ts';

/**
 * Profile fields: whoever may read the user (the user themself, or users:read in the tenant).
 * Personal fields: the user themself, or users:pii:read in the same tenant;
 * anyone else who may read the user gets FORBIDDEN on the field alone (it is nullable).
 */
export const profileRules = {
  User: {
    email: canReadPersonalData,
    displayName: canReadUser,
    locale: canReadUser,
    timezone: canReadUser,
    avatarUrl: canReadUser,
    deletedAt: canReadUser,
  },
} satisfies RuleTypeMap;
