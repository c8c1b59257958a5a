import { and, hasPermission, isAuthenticated, sameTenant, type RuleTypeMap } from '@tradesage/core';

const canReadAudit = hasPermission('audit:read');
const canReadEvent = and(canReadAudit, sameTenant);

export const auditRules = {
  Query: { auditEvents: canReadAudit },
  // Wrappers (allow-listed in permissions.test.ts): each node is checked by the rules below.
  AuditEventConnection: isAuthenticated,
  AuditEventEdge: isAuthenticated,
  AuditEventPageInfo: isAuthenticated,
  // Each event is checked again: the reader's permission and the event's tenant.
  AuditEvent: {
    id: canReadEvent,
    at: canReadEvent,
    action: canReadEvent,
    result: canReadEvent,
    actorId: canReadEvent,
    targetType: canReadEvent,
    targetId: canReadEvent,
    ip: canReadEvent,
    userAgent: canReadEvent,
    requestId: canReadEvent,
    data: canReadEvent,
  },
} satisfies RuleTypeMap;
