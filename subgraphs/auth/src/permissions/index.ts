import { createPermissions, federationRules, mergeRuleTrees } from '@tradesage/core';
import { accountRules } from './account.rules.ts';
import { apiKeyRules } from './api-keys.rules.ts';
import { auditRules } from './audit.rules.ts';
import { entityRules } from './federation.rules.ts';
import { loginRules } from './login.rules.ts';
import { mfaRules } from './mfa.rules.ts';
import { oauthRules } from './oauth.rules.ts';
import { socialRules } from './social.rules.ts';
import { tokenRules } from './token.rules.ts';

/** Every field's rule, one file per area, merged; anything unlisted is denied (fallback). */
export const ruleTree = mergeRuleTrees(
  federationRules,
  entityRules,
  loginRules,
  tokenRules,
  accountRules,
  auditRules,
  mfaRules,
  apiKeyRules,
  oauthRules,
  socialRules,
);

export const permissions = createPermissions(ruleTree);
