import { createPermissions, federationRules, mergeRuleTrees } from '@tradesage/core';
import { adminRules } from './admin.rules.ts';
import { sessionRules } from './session.rules.ts';

/** Every field's rule, one file per area, merged; anything unlisted is denied (fallback). */
export const ruleTree = mergeRuleTrees(federationRules, sessionRules, adminRules);

export const permissions = createPermissions(ruleTree);
