import { endSessions, type RevocationReason } from '@tradesage/core';
import { quoteIdent, tenantSchemaName, type TenantPrisma } from '@tradesage/prisma';

/**
 * Keys of audit-event `data` that can hold a person's identifying data (an address, a name). An
 * erasure removes them from the events about or by the erased user; add a key here whenever an
 * audit event starts carrying such a value.
 */
export const AUDIT_PERSONAL_DATA_KEYS: readonly string[] = Object.freeze([
  'email',
  'newEmail',
  'oldEmail',
  'pendingEmail',
  'username',
  'name',
  'firstName',
  'lastName',
  'displayName',
  'avatarUrl',
]);

/** The address a deleted user keeps: unique (the id) and never deliverable (RFC 2606 `.invalid`). */
export function erasedEmail(userId: string): string {
  return `deleted-${userId}@erased.invalid`;
}

/**
 * The erasure of one user's personal data (deleteUser), step by step inside ONE transaction:
 * all of it commits or none does. The users row stays (status deleted) so audit events, activity
 * and sessions keep pointing at an opaque id.
 */
export class UserErasureRepository {
  readonly #schema: string;

  constructor(
    private readonly tx: TenantPrisma.TransactionClient,
    tenantId: string,
  ) {
    this.#schema = quoteIdent(tenantSchemaName(tenantId));
  }

  /** Erases the user row (compare-and-set on "not yet deleted"); false when there was none to erase. */
  async eraseUser(userId: string, now: Date): Promise<boolean> {
    const { count } = await this.tx.user.updateMany({
      where: { id: userId, status: { not: 'deleted' } },
      data: {
        status: 'deleted',
        deletedAt: now,
        email: erasedEmail(userId),
        username: null,
        pendingEmail: null,
        passwordHash: null,
        passwordChangedAt: null,
        emailVerifiedAt: null,
        firstName: '',
        lastName: '',
        displayName: null,
        locale: null,
        timezone: null,
        avatarUrl: null,
        lastLoginAt: null,
        failedLoginCount: 0,
        lockoutLevel: 0,
        lockedUntil: null,
        lockedPermanently: false,
      },
    });
    return count === 1;
  }

  /** Preferences and single-use links (reset, verification, invitation) go entirely. */
  async deleteOwnedRows(userId: string): Promise<void> {
    await this.tx.userPreference.deleteMany({ where: { userId } });
    await this.tx.oneTimeToken.deleteMany({ where: { userId } });
  }

  /** Ends the open sessions and forgets where every session and activity came from. */
  async endSessionsAndForgetDevices(userId: string, reason: RevocationReason): Promise<string[]> {
    const ended = await endSessions(this.tx, { userId }, reason);
    await this.tx.session.updateMany({
      where: { userId },
      data: { ip: null, userAgent: null, browser: null, os: null },
    });
    await this.tx.userActivity.updateMany({ where: { userId }, data: { ip: null, userAgent: null } });
    return ended;
  }

  /**
   * Audit rows stay (who did what, when, to which opaque id); what identifies the person goes:
   * the personal keys of `data` in every event by or about the user (marked `erased: true`), and
   * the client address and user agent of the events the user caused (actor) or that name no
   * other actor (e.g. a lockout of their account). Returns how many events changed.
   */
  async scrubAuditEvents(userId: string): Promise<number> {
    const table = `${this.#schema}.audit_events`;
    const data = await this.tx.$executeRawUnsafe(
      `UPDATE ${table}
          SET data = (data - $2::text[]) || '{"erased": true}'::jsonb
        WHERE (actor_id = $1::uuid OR target_id = $1::text) AND data ?| $2::text[]`,
      userId,
      [...AUDIT_PERSONAL_DATA_KEYS],
    );
    const client = await this.tx.$executeRawUnsafe(
      `UPDATE ${table}
          SET ip = NULL, user_agent = NULL
        WHERE (actor_id = $1::uuid OR (target_id = $1::text AND actor_id IS NULL))
          AND (ip IS NOT NULL OR user_agent IS NOT NULL)`,
      userId,
    );
    return data + client;
  }
}
