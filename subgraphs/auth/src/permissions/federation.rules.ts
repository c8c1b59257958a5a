import {
  allowAnonymous,
  canReadPersonalData,
  defineRule,
  isAuthenticated,
  or,
  sameTenant,
  type RuleTypeMap,
} from '@tradesage/core/graphql/shield-rules';
import type { AuthContext } from '../context.ts';

/** The payload of login/refresh is readable by the user the tokens were just issued to. */
const issuedInThisRequest = defineRule<AuthContext>('issuedInThisRequest', 'no_cache', (parent, _args, ctx) => {
  const id = (parent as { id?: string }).id;
  return ctx.issuedTo !== null && id === ctx.issuedTo.userId;
});

const readsPersonalData = or(issuedInThisRequest, canReadPersonalData);
const readsUser = or(issuedInThisRequest, sameTenant);

export const federationRules = {
  Query: {
    // Federation plumbing: `_service` serves the SDL (composition happens at build time, so
    // this reveals nothing the schema file does not); `_entities` needs a signed-in caller.
    _service: allowAnonymous,
    _entities: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
  // The answer of login/refresh, handed only to whoever presented the credentials; `user` has its own rules.
  AuthPayload: {
    accessToken: allowAnonymous,
    refreshToken: allowAnonymous,
    csrfToken: allowAnonymous,
    expiresIn: allowAnonymous,
    sessionExpiresAt: allowAnonymous,
    user: allowAnonymous,
  },
  // An entity: one rule per field (shield-coverage.ts), so a new field needs a decision.
  User: {
    id: readsUser,
    // Personal fields: the user (also in their own login payload) or users:pii:read.
    email: readsPersonalData,
    lastLoginAt: readsPersonalData,
    emailVerified: readsPersonalData,
  },
} satisfies RuleTypeMap;
