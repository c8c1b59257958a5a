import { isAuthenticated, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

/** Preferences are only ever the caller's own: the services take the user from the verified token. */
export const preferenceRules = {
  Query: { myPreferences: isAuthenticated },
  Mutation: { setPreference: isAuthenticated, resetPreference: isAuthenticated },
  Preference: isAuthenticated,
} satisfies RuleTypeMap;
