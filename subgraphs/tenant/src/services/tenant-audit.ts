import { recordAudit, type AuditEntry, type Caller, type Runtime } from '@tradesage/core';

export type TenantAuditEvent = Pick<AuditEntry, 'action' | 'result' | 'data'>;

/**
 * Audits something done to a tenant by `caller` (null: the platform itself, a job), in up to two logs:
 * - the tenant's own (when its schema exists), so its admins see who changed their tenant;
 * - the platform tenant's, whenever the caller is not a member of that tenant (platform admins,
 *   jobs) or `platform` is set (lifecycle): the durable record, which outlives a purge.
 */
export async function auditTenant(
  runtime: Runtime,
  caller: Caller | null,
  tenantId: string,
  event: TenantAuditEvent,
  options: { tenantLog: boolean; platform?: boolean },
): Promise<void> {
  const actorTenantId = caller?.viewer?.tenantId ?? null;
  const crossTenant = actorTenantId !== tenantId;
  const entry: AuditEntry = {
    action: event.action,
    targetType: 'tenant',
    targetId: tenantId,
    result: event.result ?? 'success',
    data: { ...event.data, ...(crossTenant ? { actorTenantId } : {}) },
  };
  if (options.tenantLog) await recordAudit(runtime.db.tenant(tenantId), runtime.logger, caller, entry);
  const platformId = await runtime.platformTenantId();
  if (platformId && platformId !== tenantId && (crossTenant || options.platform === true)) {
    await recordAudit(runtime.db.tenant(platformId), runtime.logger, caller, entry);
  }
}
