import { allowAnonymous, canReadPersonalData, defineRule, or, sameTenant, type RuleTypeMap } from '@tradesage/core';
import type { AuthContext } from '../context.ts';

/** The payload of login/refresh is readable by the user the tokens were just issued to. */
const issuedInThisRequest = defineRule<AuthContext>('issuedInThisRequest', 'no_cache', (parent, _args, ctx) => {
  const id = (parent as { id?: string }).id;
  return ctx.issuedTo !== null && id === ctx.issuedTo.userId;
});

const readsPersonalData = or(issuedInThisRequest, canReadPersonalData);
const readsUser = or(issuedInThisRequest, sameTenant);

/** Entities and payloads this subgraph shares with the others; the plumbing is core's federationRules. */
export const entityRules = {
  // The answer of login/refresh, handed only to whoever presented the credentials; `user` has its own rules.
  AuthPayload: {
    accessToken: allowAnonymous,
    refreshToken: allowAnonymous,
    csrfToken: allowAnonymous,
    expiresIn: allowAnonymous,
    sessionExpiresAt: allowAnonymous,
    authenticationMethods: allowAnonymous,
    mfaEnrolmentRequiredBy: allowAnonymous,
    trustedDeviceToken: allowAnonymous,
    user: allowAnonymous,
  },
  // An entity: one rule per field (shield-coverage.ts), so a new field needs a decision.
  User: {
    id: readsUser,
    // Personal fields: the user (also in their own login payload) or users:pii:read.
    email: readsPersonalData,
    lastLoginAt: readsPersonalData,
    emailVerified: readsPersonalData,
    mfa: readsPersonalData,
  },
} satisfies RuleTypeMap;
