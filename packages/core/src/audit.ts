import type { TenantPrismaClient } from '@tradesage/prisma';
import type { Logger } from './logger.ts';

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'token.refreshed'
  | 'token.reuse_detected'
  | 'session.revoked'
  | 'user.profile_updated'
  | 'tenant.created';

export interface AuditEventInput {
  readonly action: AuditAction;
  readonly actorId?: string | null;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly ip?: string | undefined;
  readonly requestId?: string;
  /** Never credentials or tokens. */
  readonly data?: Record<string, string | number | boolean | null>;
}

/** Appends to the tenant's audit log. A failure to audit is logged, and rethrown so it is never silent. */
export async function recordAudit(db: TenantPrismaClient, logger: Logger, event: AuditEventInput): Promise<void> {
  try {
    await db.auditEvent.create({
      data: {
        action: event.action,
        actorId: event.actorId ?? null,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        ip: event.ip ?? null,
        requestId: event.requestId ?? null,
        data: event.data ?? {},
      },
    });
  } catch (error) {
    logger.error({ err: (error as Error).message, action: event.action }, 'audit write failed');
    throw error;
  }
}
