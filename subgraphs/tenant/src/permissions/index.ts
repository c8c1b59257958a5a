import { createPermissions, federationRules, mergeRuleTrees } from '@tradesage/core';
import { backupRules } from './backup.rules.ts';
import { domainRules } from './domain.rules.ts';
import { flagRules } from './flags.rules.ts';
import { healthRules } from './health.rules.ts';
import { lifecycleRules } from './lifecycle.rules.ts';
import { settingsRules } from './settings.rules.ts';
import { tenantRules } from './tenant.rules.ts';

/** Every field's rule, one file per area, merged; anything unlisted is denied (fallback). */
export const ruleTree = mergeRuleTrees(
  federationRules,
  tenantRules,
  lifecycleRules,
  settingsRules,
  flagRules,
  healthRules,
  backupRules,
  domainRules,
);

export const permissions = createPermissions(ruleTree);
