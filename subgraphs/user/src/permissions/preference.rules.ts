import { isAuthenticated, type RuleTypeMap } from '@tradesage/core';

/** Preferences are only ever the caller's own: the services take the user from the verified token. */
export const preferenceRules = {
  Query: { myPreferences: isAuthenticated },
  Mutation: { setPreference: isAuthenticated, resetPreference: isAuthenticated },
  // Reached only through the fields above, which decide whose preferences they are.
  Preference: {
    key: isAuthenticated,
    value: isAuthenticated,
    isDefault: isAuthenticated,
    defaultValue: isAuthenticated,
    description: isAuthenticated,
    updatedAt: isAuthenticated,
  },
} satisfies RuleTypeMap;
