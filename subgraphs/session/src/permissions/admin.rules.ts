import { hasPermission, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

const canReadAny = hasPermission('sessions:read:any');

/** Admins' operations; the tenant is always the caller's own (from the verified token, never input). */
export const adminRules = {
  Query: {
    userSessions: canReadAny,
    sessionStats: canReadAny,
  },
  Mutation: {
    revokeUserSessions: hasPermission('sessions:revoke:any'),
  },
  SessionStats: canReadAny,
  DeviceTypeCount: canReadAny,
  DailySessionCount: canReadAny,
} satisfies RuleTypeMap;
