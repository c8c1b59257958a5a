import { and, defineRule, hasPermission, isAuthenticated, isSelf, or, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';
import type { SessionContext } from '../context.ts';

/** The session belongs to the caller. */
const ownsSession = defineRule<SessionContext>('ownsSession', 'no_cache', (parent, _args, ctx) => {
  return ctx.viewer !== null && (parent as { userId?: string }).userId === ctx.viewer.userId;
});

export const sessionRules = {
  Query: {
    mySessions: isAuthenticated,
  },
  Mutation: {
    revokeSession: isAuthenticated,
    revokeOtherSessions: isAuthenticated,
    revokeAllSessions: isAuthenticated,
  },
  // Each session is checked again: the caller's own, or an admin of its tenant.
  Session: or(ownsSession, and(sameTenant, hasPermission('sessions:read:any'))),
  User: {
    id: isAuthenticated,
    sessions: or(isSelf, and(sameTenant, hasPermission('sessions:read:any'))),
  },
} satisfies RuleTypeMap;
