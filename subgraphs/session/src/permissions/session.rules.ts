import {
  and,
  defineRule,
  hasPermission,
  isAuthenticated,
  isSelf,
  or,
  sameTenant,
  type RuleTypeMap,
} from '@tradesage/core';
import type { SessionContext } from '../context.ts';

/** The session belongs to the caller. */
const ownsSession = defineRule<SessionContext>('ownsSession', 'no_cache', (parent, _args, ctx) => {
  return ctx.viewer !== null && (parent as { userId?: string }).userId === ctx.viewer.userId;
});

const canReadAny = hasPermission('sessions:read:any');

/** Each session is checked again: the caller's own, or an admin's of its tenant. */
const canReadSession = or(ownsSession, and(sameTenant, canReadAny));

/**
 * The device a session was opened from (address, user agent and what was parsed from it) is
 * personal data, as `User.email` is (`canReadPersonalData`): the session's owner,
 * or, in its tenant, whoever may read the session and holds `users:pii:read`. `sessions:read:any`
 * alone (a support role watching sign-ins) gets FORBIDDEN on these fields only: they are
 * nullable, so the rest of the session still arrives.
 */
const canReadSessionDevice = or(ownsSession, and(sameTenant, canReadAny, hasPermission('users:pii:read')));

export const sessionRules = {
  Query: {
    mySessions: isAuthenticated,
  },
  Mutation: {
    revokeSession: isAuthenticated,
    revokeOtherSessions: isAuthenticated,
    revokeAllSessions: isAuthenticated,
  },
  // An entity: one rule per field (shield-coverage.ts), so a new field needs a decision.
  Session: {
    id: canReadSession,
    current: canReadSession,
    createdAt: canReadSession,
    lastActiveAt: canReadSession,
    expiresAt: canReadSession,
    revokedAt: canReadSession,
    deviceType: canReadSession,
    authenticationMethods: canReadSession,
    authenticatedAt: canReadSession,
    application: canReadSession,
    user: canReadSession,
    ip: canReadSessionDevice,
    userAgent: canReadSessionDevice,
    browser: canReadSessionDevice,
    os: canReadSessionDevice,
  },
  // Reached only through Session.application, whose rule has already checked the session.
  SessionApplication: {
    clientId: isAuthenticated,
    name: isAuthenticated,
  },
  User: {
    id: isAuthenticated,
    sessions: or(isSelf, and(sameTenant, canReadAny)),
  },
} satisfies RuleTypeMap;
