import { hasPermission, type RuleTypeMap } from '@tradesage/core';

const canReadAny = hasPermission('sessions:read:any');

/** Admins' operations; the tenant is always the caller's own (from the verified token, never input). */
export const adminRules = {
  Query: {
    userSessions: canReadAny,
    sessionStats: canReadAny,
    tenantSessions: canReadAny,
  },
  Mutation: {
    revokeUserSessions: hasPermission('sessions:revoke:any'),
    revokeTenantSession: hasPermission('sessions:revoke:any'),
  },
  // The page's shape; each Session in it is checked again by its own rules.
  SessionConnection: { edges: canReadAny, pageInfo: canReadAny },
  SessionEdge: { cursor: canReadAny, node: canReadAny },
  SessionPageInfo: { hasNextPage: canReadAny, endCursor: canReadAny },
  // Tenant-wide counts, no user or device in them; reached only through `sessionStats`.
  SessionStats: {
    activeSessions: canReadAny,
    activeByDeviceType: canReadAny,
    newSessionsPerDay: canReadAny,
    averageSessionLengthSeconds: canReadAny,
  },
  DeviceTypeCount: { deviceType: canReadAny, count: canReadAny },
  DailySessionCount: { day: canReadAny, count: canReadAny },
} satisfies RuleTypeMap;
