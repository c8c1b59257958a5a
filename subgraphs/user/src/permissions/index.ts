import { allowAnonymous, and, createPermissions, hasPermission, isAuthenticated, isSelf, mergeRuleTrees, or, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';
import { activityRules } from './activity.rules.ts';
import { preferenceRules } from './preference.rules.ts';
import { profileRules } from './profile.rules.ts';
import { roleRules } from './roles.rules.ts';
import { userAdminRules } from './user-admin.rules.ts';

export const canReadUser = or(isSelf, and(sameTenant, hasPermission('users:read')));

const userRules = {
  Query: {
    _service: allowAnonymous,
    _entities: isAuthenticated,
    me: isAuthenticated,
    user: and(isAuthenticated, hasPermission('users:read')),
    users: and(isAuthenticated, hasPermission('users:read')),
  },
  _Service: { sdl: allowAnonymous },
  Mutation: {
    updateMyProfile: isAuthenticated,
    deactivateUser: and(isAuthenticated, hasPermission('users:write')),
    reactivateUser: and(isAuthenticated, hasPermission('users:write')),
  },
  // Every field of a user the caller may read; personal fields are narrowed in profile.rules.ts.
  User: { '*': canReadUser },
  UserConnection: isAuthenticated,
  UserEdge: isAuthenticated,
  PageInfo: isAuthenticated,
} satisfies RuleTypeMap;

/** Every field's rule, one file per area, merged; anything unlisted is denied (fallback). */
export const ruleTree = mergeRuleTrees(userRules, profileRules, userAdminRules, preferenceRules, activityRules, roleRules);

export const permissions = createPermissions(ruleTree);
