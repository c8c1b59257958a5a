import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'account.locked'
  | 'account.unlocked'
  | 'token.refreshed'
  | 'token.reuse_detected'
  | 'session.revoked'
  | 'sessions.revoked_all'
  | 'sessions.revoked_others'
  | 'sessions.revoked_for_user'
  | 'sessions.limit_enforced'
  | 'session.ip_refused'
  | 'session.user_agent_changed'
  | 'password.changed'
  | 'password.reset_requested'
  | 'password.reset'
  | 'email.verification_sent'
  | 'email.verified'
  | 'email.change_requested'
  | 'user.signed_up'
  | 'user.invited'
  | 'invitation.accepted'
  | 'user.profile_updated'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.roles_changed'
  | 'role.created'
  | 'role.updated'
  | 'role.deleted'
  | 'user.deleted'
  | 'user.preferences_changed'
  | 'signing_key.rotated'
  | 'tenant.created'
  | 'tenant.signed_up'
  | 'tenant.activated'
  | 'tenant.suspended'
  | 'tenant.cancelled'
  | 'tenant.restored'
  | 'tenant.purged'
  | 'tenant.settings_updated'
  | 'tenant.domain_changed'
  | 'tenant.plan_changed'
  | 'feature_flag.created'
  | 'feature_flag.updated'
  | 'feature_flag.deleted';

/** success: it happened; failure: the caller got it wrong (bad password); refused: a rule stopped it (locked, throttled). */
export type AuditResult = 'success' | 'failure' | 'refused';

export interface AuditEventInput {
  readonly action: AuditAction;
  readonly actorId?: string | null;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly result?: AuditResult;
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly requestId?: string;
  /** Never credentials or tokens. */
  readonly data?: Record<string, string | number | boolean | null>;
}

/**
 * Appends to the tenant's audit log. A failure to audit is logged, and rethrown so it is never silent.
 * `db` may be an open transaction's client: the event then commits with the change it records.
 */
export async function recordAudit(
  db: TenantPrismaClient | TenantPrisma.TransactionClient,
  logger: Logger,
  event: AuditEventInput,
): Promise<void> {
  try {
    await db.auditEvent.create({
      data: {
        action: event.action,
        actorId: event.actorId ?? null,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        result: event.result ?? 'success',
        ip: event.ip ?? null,
        userAgent: event.userAgent ?? null,
        requestId: event.requestId ?? null,
        data: event.data ?? {},
      },
    });
  } catch (error) {
    logger.error({ err: (error as Error).message, action: event.action }, 'audit write failed');
    throw error;
  }
}
