import { and, defineRule, hasPermission, isAuthenticated, or, sameTenant, type RuleTypeMap } from '@tradesage/core';

/** `userActivity(userId:)` asks for the caller's own activity. Depends on the arguments: never cached. */
const asksForOwnActivity = defineRule('asksForOwnActivity', 'no_cache', (_parent, args, ctx) => {
  return ctx.viewer !== null && typeof args['userId'] === 'string' && args['userId'] === ctx.viewer.userId;
});

/** A user_activity row of the caller. */
const ownsActivity = defineRule('ownsActivity', 'no_cache', (parent, _args, ctx) => {
  return ctx.viewer !== null && (parent as { userId?: unknown }).userId === ctx.viewer.userId;
});

const canReadUsers = hasPermission('users:read');
const canReadActivity = or(ownsActivity, and(sameTenant, canReadUsers));
const canReadActivityDevice = or(ownsActivity, and(sameTenant, hasPermission('users:pii:read')));

/**
 * Activity: your own, or any user's of your tenant with users:read (admins).
 * Each row is checked again; its address and user agent are personal data (users:pii:read).
 */
export const activityRules = {
  Query: {
    userActivity: and(isAuthenticated, or(asksForOwnActivity, canReadUsers)),
    dailyActiveUsers: and(isAuthenticated, canReadUsers),
  },
  UserActivity: {
    id: canReadActivity,
    userId: canReadActivity,
    kind: canReadActivity,
    at: canReadActivity,
    count: canReadActivity,
    ip: canReadActivityDevice,
    userAgent: canReadActivityDevice,
  },
  // Wrappers (allow-listed in permissions.test.ts): each node is checked by the rules above.
  UserActivityConnection: isAuthenticated,
  UserActivityEdge: isAuthenticated,
  DailyActiveUsers: { date: canReadUsers, count: canReadUsers },
} satisfies RuleTypeMap;
