import type { Job } from '../../../runtime/jobs.ts';
import { apiKeyNoticeMail } from '../../../runtime/mail/templates.ts';
import type { Runtime } from '../../../runtime/runtime.ts';
import { recordAudit } from '../../audit/audit.repository.ts';
import { listTenantsWithSchema } from '../../tenants/tenant.repository.ts';
import { ApiKeyRepository } from '../api-key.repository.ts';

/** How long before its expiry a key's owner is told (once per key). */
export const API_KEY_EXPIRY_NOTICE_DAYS = 7;
/** Keys told about per tenant per run (the next run takes the rest). */
const BATCH = 500;

export interface ApiKeyExpiryReport {
  readonly tenants: number;
  readonly failedTenants: number;
  readonly notified: number;
}

/**
 * Tells the owner of every unrevoked key that expires within API_KEY_EXPIRY_NOTICE_DAYS, once
 * (`expiry_notice_sent_at`, set before the mail goes, so two runs never both send): a person by
 * their own address, a service account's key by whoever created it. Audited
 * `api_key.expiry_notified` in the key's tenant. One tenant failing is logged; the others go on.
 */
export async function notifyExpiringApiKeys(runtime: Runtime, now: Date): Promise<ApiKeyExpiryReport> {
  const before = new Date(now.getTime() + API_KEY_EXPIRY_NOTICE_DAYS * 86_400_000);
  const tenants = await listTenantsWithSchema(runtime.db.control);
  let notified = 0;
  let failedTenants = 0;
  for (const tenant of tenants) {
    try {
      const db = runtime.db.tenant(tenant.id);
      const keys = new ApiKeyRepository(runtime.db.control, db, tenant.id);
      for (const key of await keys.expiringUnnoticed(before, now, BATCH)) {
        if (!(await keys.markExpiryNoticed(key.id, now))) continue;
        const recipientId = key.ownerKind === 'service' ? key.createdById : key.ownerId;
        const recipient = recipientId
          ? await db.user.findUnique({ where: { id: recipientId }, select: { email: true, kind: true, status: true } })
          : null;
        if (recipient?.kind === 'person' && recipient.status === 'active')
          runtime.mailer.dispatch(
            apiKeyNoticeMail({
              to: recipient.email,
              what: `The API key "${key.name}" (tsk_${key.environment}_…${key.lastFour}) expires on ${key.expiresAt.toISOString()}; rotate it before then where it is used`,
              at: now,
            }),
          );
        await recordAudit(db, runtime.logger, null, {
          action: 'api_key.expiry_notified',
          actorId: null,
          targetType: 'api_key',
          targetId: key.id,
          data: { expiresAt: key.expiresAt.toISOString(), mailed: recipient?.kind === 'person' },
        });
        notified++;
      }
    } catch (error) {
      failedTenants++;
      runtime.logger.error(
        { err: (error as Error).message, tenantId: tenant.id, job: 'api-key-expiry' },
        'api key expiry notices: tenant failed',
      );
    }
  }
  return { tenants: tenants.length, failedTenants, notified };
}

/** The API-key domain's background jobs, for `startJobs` (the stack, or the auth subgraph started alone). */
export function apiKeyJobs(runtime: Runtime): Job[] {
  return [
    {
      name: 'api-key-expiry',
      lockKey: 'jobs:api-key-expiry:lock',
      lockTtlMs: 10 * 60_000,
      intervalMs: 60 * 60_000,
      firstRunDelayMs: 60_000,
      run: (now) => notifyExpiringApiKeys(runtime, now),
    },
  ];
}
