import type { Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { AlertWebhook, SecurityAlert } from '../../runtime/observability/alert-webhook.ts';
import { metrics, type SecuritySeverity } from '../../runtime/observability/metrics.ts';
import { recordAudit, type AuditAction, type AuditSource } from './audit.repository.ts';

/**
 * Security events with an automated answer (OWASP ASVS 5.0 V16.3: security events are logged;
 * NIST SP 800-61: detect, then contain): each is detected where it happens, already answered (the address
 * blocked, the user throttled) by the time it is reported, and then
 * - recorded in the tenant's audit log with its severity (`data.severity`),
 * - counted (`tradesage_security_events_total{kind,severity}`) and logged as a warning,
 * - sent to the alert webhook when one is configured (in the background, never failing the request).
 */
export type SecurityEventKind = 'brute_force' | 'unusual_api_volume';

export interface SecurityEvent {
  readonly kind: SecurityEventKind;
  readonly severity: SecuritySeverity;
  /** The tenant whose audit log records it; null: none (a tenant that does not exist), alert only. */
  readonly tenantId: string | null;
  /** The user it is about, when there is one. */
  readonly userId?: string;
  /** The audit action it is recorded as (`login.throttled`, `api.throttled`). */
  readonly action: AuditAction;
  readonly response: SecurityAlert['response'];
  /** Counts and reasons; never credentials, tokens or anything the client typed. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export interface SecurityEventDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly alerts: AlertWebhook;
  /** The process's name, for the alert. */
  readonly name: string;
}

export async function reportSecurityEvent(
  deps: SecurityEventDeps,
  source: AuditSource,
  event: SecurityEvent,
): Promise<void> {
  metrics.securityEvent(event.kind, event.severity);
  deps.logger.warn(
    {
      kind: event.kind,
      severity: event.severity,
      requestId: source.requestId,
      tenantId: event.tenantId,
      userId: event.userId,
      ip: source.ip,
      response: event.response,
      ...event.details,
    },
    'security event',
  );
  deps.alerts.send({
    type: 'tradesage.security_event',
    kind: event.kind,
    severity: event.severity,
    at: new Date().toISOString(),
    service: deps.name,
    requestId: source.requestId ?? null,
    tenantId: event.tenantId,
    userId: event.userId ?? null,
    ip: source.ip ?? null,
    response: event.response,
    details: event.details,
  });
  if (event.tenantId === null) return;
  await recordAudit(deps.db.tenant(event.tenantId), deps.logger, source, {
    action: event.action,
    actorId: event.userId ?? null,
    ...(event.userId ? { targetType: 'user', targetId: event.userId } : {}),
    result: 'refused',
    data: { severity: event.severity, blockedSeconds: event.response.seconds, ...event.details },
  });
}
