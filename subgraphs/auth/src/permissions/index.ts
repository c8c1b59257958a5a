import { allowAnonymous, createPermissions, isAuthenticated, sameTenant } from '@tradesage/core/graphql/shield-rules';
import { or, rule } from 'graphql-shield';
import type { AuthContext } from '../context.ts';

/** The payload of login/refresh is readable by the user the tokens were just issued to. */
const issuedInThisRequest = rule({ cache: 'no_cache' })((parent: { id?: string }, _args, ctx: AuthContext) => {
  return ctx.issuedTo !== null && parent.id === ctx.issuedTo.userId;
});

export const permissions = createPermissions({
  Query: {
    // Federation plumbing: `_service` serves the SDL (composition happens at build time, so
    // this reveals nothing the schema file does not); `_entities` needs a signed-in caller.
    _service: allowAnonymous,
    _entities: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
  Mutation: {
    login: allowAnonymous,
    refresh: allowAnonymous,
    logout: isAuthenticated,
  },
  AuthPayload: allowAnonymous,
  User: or(issuedInThisRequest, sameTenant),
});
