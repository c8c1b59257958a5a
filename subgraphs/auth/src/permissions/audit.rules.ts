import { and, hasPermission, isAuthenticated, sameTenant, type RuleTypeMap } from '@tradesage/core/graphql/shield-rules';

const canReadAudit = hasPermission('audit:read');

export const auditRules = {
  Query: { auditEvents: canReadAudit },
  AuditEventConnection: isAuthenticated,
  AuditEventEdge: isAuthenticated,
  AuditEventPageInfo: isAuthenticated,
  // Each event is checked again: the reader's permission and the event's tenant.
  AuditEvent: and(canReadAudit, sameTenant),
} satisfies RuleTypeMap;
