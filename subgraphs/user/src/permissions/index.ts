import { createPermissions, federationRules, mergeRuleTrees } from '@tradesage/core';
import { activityRules } from './activity.rules.ts';
import { preferenceRules } from './preference.rules.ts';
import { profileRules } from './profile.rules.ts';
import { roleRules } from './roles.rules.ts';
import { userAdminRules } from './user-admin.rules.ts';
import { userRules } from './user.rules.ts';

/** Every field's rule, one file per area, merged; anything unlisted is denied (fallback). */
export const ruleTree = mergeRuleTrees(
  federationRules,
  userRules,
  profileRules,
  userAdminRules,
  preferenceRules,
  activityRules,
  roleRules,
);

export const permissions = createPermissions(ruleTree);
