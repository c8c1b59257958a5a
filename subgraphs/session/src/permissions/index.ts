import { allowAnonymous, createPermissions, hasPermission, isAuthenticated, isSelf, sameTenant } from '@tradesage/core/graphql/shield-rules';
import { and, or, rule } from 'graphql-shield';
import type { SessionContext } from '../context.ts';

/** The session belongs to the caller. */
const ownsSession = rule({ cache: 'no_cache' })((parent: { userId?: string }, _args, ctx: SessionContext) => {
  return ctx.viewer !== null && parent.userId === ctx.viewer.userId;
});

export const permissions = createPermissions({
  Query: {
    _service: allowAnonymous,
    _entities: isAuthenticated,
    mySessions: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
  Mutation: {
    revokeSession: isAuthenticated,
  },
  Session: or(ownsSession, and(sameTenant, hasPermission('sessions:read:any'))),
  User: {
    id: isAuthenticated,
    sessions: or(isSelf, and(sameTenant, hasPermission('sessions:read:any'))),
  },
});
