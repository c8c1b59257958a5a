import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { Caller } from '../../runtime/viewer.ts';

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'api.throttled'
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
  | 'mfa.factor_enrolment_started'
  | 'mfa.factor_enrolled'
  | 'mfa.factor_removed'
  | 'mfa.factor_renamed'
  | 'mfa.factor_locked'
  | 'mfa.challenge_started'
  | 'mfa.challenge_succeeded'
  | 'mfa.challenge_failed'
  | 'mfa.challenge_ended'
  | 'mfa.code_reused'
  | 'mfa.code_sent'
  | 'mfa.recovery_code_used'
  | 'mfa.recovery_codes_generated'
  | 'mfa.enrolment_required'
  | 'mfa.step_up'
  | 'mfa.reset'
  | 'api_key.created'
  | 'api_key.rotated'
  | 'api_key.revoked'
  | 'api_key.refused'
  | 'api_key.expiry_notified'
  | 'service_account.created'
  | 'service_account.deleted'
  | 'oauth_client.created'
  | 'oauth_client.updated'
  | 'oauth_client.secret_rotated'
  | 'oauth_client.deleted'
  | 'oauth.authorized'
  | 'oauth.consent_given'
  | 'oauth.grant_revoked'
  | 'oauth.refresh_token_reused'
  | 'oauth.code_reused'
  | 'social.signed_in'
  | 'social.registered'
  | 'social.linked'
  | 'social.link_pending'
  | 'social.unlinked'
  | 'social.refused'
  | 'social_connection.created'
  | 'social_connection.updated'
  | 'social_connection.deleted'
  | 'trusted_device.created'
  | 'trusted_device.revoked'
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
  | 'tenant.backed_up'
  | 'feature_flag.created'
  | 'feature_flag.updated'
  | 'feature_flag.deleted';

/** success: it happened; failure: the caller got it wrong (bad password); refused: a rule stopped it (locked, throttled). */
export type AuditResult = 'success' | 'failure' | 'refused';

export interface AuditEntry {
  readonly action: AuditAction;
  /** Who did it; when left out, the caller's user (none for an anonymous caller or a job). */
  readonly actorId?: string | null;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly result?: AuditResult;
  /** Never credentials or tokens. */
  readonly data?: Record<string, string | number | boolean | null>;
}

/**
 * The request an entry is attributed to: a Caller, or the part of one the edge knows before the
 * caller is established. Jobs of the platform itself pass null.
 */
export type AuditSource = Pick<Caller, 'ip' | 'userAgent'> & Partial<Pick<Caller, 'requestId' | 'viewer'>>;

/**
 * An entry as its audit_events row stores it (`at` is the database's): the one mapping, for
 * recordAudit and for a statement that writes its entry together with the change it records.
 */
export function auditColumns(source: AuditSource | null, entry: AuditEntry) {
  return {
    action: entry.action,
    actorId: entry.actorId !== undefined ? entry.actorId : (source?.viewer?.userId ?? null),
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    result: entry.result ?? 'success',
    ip: source?.ip ?? null,
    userAgent: source?.userAgent ?? null,
    requestId: source?.requestId ?? null,
    data: entry.data ?? {},
  } satisfies TenantPrisma.AuditEventUncheckedCreateInput;
}

export type AuditColumns = ReturnType<typeof auditColumns>;

/**
 * Appends to the tenant's audit log what `source` did: its user as the actor (unless the entry
 * names one), its address, user agent and request id. A failure to audit is logged, and rethrown
 * so it is never silent. `db` may be an open transaction's client: the event then commits with the
 * change it records.
 */
export async function recordAudit(
  db: TenantPrismaClient | TenantPrisma.TransactionClient,
  logger: Logger,
  source: AuditSource | null,
  entry: AuditEntry,
): Promise<void> {
  try {
    await db.auditEvent.create({ data: auditColumns(source, entry) });
  } catch (error) {
    logger.error(
      { err: (error as Error).message, action: entry.action, requestId: source?.requestId },
      'audit write failed',
    );
    throw error;
  }
}
