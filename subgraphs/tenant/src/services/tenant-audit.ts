import { recordAudit, type AuditAction, type AuditResult, type Runtime } from '@tradesage/core';

/** Who did it: a signed-in user (with the request's metadata), or the platform itself (jobs). */
export interface AuditActor {
  readonly userId: string | null;
  readonly tenantId: string | null;
  readonly requestId?: string;
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ userId: null, tenantId: null });

export interface TenantAuditEvent {
  readonly action: AuditAction;
  readonly result?: AuditResult;
  readonly data?: Record<string, string | number | boolean | null>;
}

/**
 * Audits something done to a tenant, in up to two logs:
 * - the tenant's own (when its schema exists), so its admins see who changed their tenant;
 * - the platform tenant's, whenever the actor is not a member of that tenant (platform admins,
 *   jobs) or `platform` is set (lifecycle): the durable record, which outlives a purge.
 */
export async function auditTenant(
  runtime: Runtime,
  actor: AuditActor,
  tenantId: string,
  event: TenantAuditEvent,
  options: { tenantLog: boolean; platform?: boolean },
): Promise<void> {
  const base = {
    action: event.action,
    actorId: actor.userId,
    targetType: 'tenant',
    targetId: tenantId,
    result: event.result ?? 'success',
    ip: actor.ip,
    userAgent: actor.userAgent,
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
  } as const;
  const crossTenant = actor.tenantId !== tenantId;
  const data = { ...event.data, ...(crossTenant ? { actorTenantId: actor.tenantId } : {}) };
  if (options.tenantLog) await recordAudit(runtime.db.tenant(tenantId), runtime.logger, { ...base, data });
  const platformId = await runtime.platformTenantId();
  if (platformId && platformId !== tenantId && (crossTenant || options.platform === true)) {
    await recordAudit(runtime.db.tenant(platformId), runtime.logger, { ...base, data });
  }
}
