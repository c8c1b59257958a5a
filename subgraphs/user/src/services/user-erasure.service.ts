import {
  AppError,
  assertMayManageUser,
  BadInputError,
  NotFoundError,
  revokeOwnerApiKeys,
  SignedInService,
} from '@tradesage/core';
import { UserErasureRepository } from '../repositories/user-erasure.repository.ts';
import { UserRepository, type Profile } from '../repositories/user.repository.ts';

/**
 * deleteUser (GDPR art. 17, right to erasure): an administrator (users:write, checked by shield)
 * erases a user of their own tenant. The personal data goes in one transaction that also ends the
 * user's sessions in Postgres; the revocations reach Redis right after the commit, so the user's
 * access tokens are refused on their next request. The row stays as DELETED — never reactivated,
 * never signing in — and the deletion itself is audited. A user holding a permission the caller
 * lacks (e.g. platform_admin) is not the caller's to delete: ROLE_NOT_ALLOWED.
 */
export class UserErasureService extends SignedInService {
  readonly #users = new UserRepository(this.db, this.viewer.tenantId);

  /** `userId` is a lowercased UUID (every ID argument is, see core graphql/id-arguments.ts). */
  async deleteUser(userId: string): Promise<Profile> {
    if (userId === this.viewer.userId)
      throw new BadInputError('BAD_USER_INPUT', 'You cannot delete yourself', { field: 'id', reason: 'self' });
    const now = new Date();
    const outcome = await this.db.$transaction(async (tx) => {
      const erasure = new UserErasureRepository(tx, this.viewer.tenantId);
      // No escalation (as for role changes): nobody deletes a user holding a permission they lack.
      await assertMayManageUser(tx, this.viewer, userId, 'id');
      if (!(await erasure.eraseUser(userId, now))) return null;
      await erasure.deleteOwnedRows(userId);
      const endedSessionIds = await erasure.endSessionsAndForgetDevices(userId, 'user_deleted');
      const auditEventsScrubbed = await erasure.scrubAuditEvents(userId);
      return { endedSessionIds, auditEventsScrubbed };
    });
    if (!outcome) {
      const [existing] = await this.#users.findByIds([userId]);
      throw existing ? new AppError('CONFLICT', 'The user is already deleted') : new NotFoundError('User');
    }
    await this.runtime.revocations.publish(this.viewer.tenantId, outcome.endedSessionIds);
    const keysRevoked = await revokeOwnerApiKeys(this.runtime, this.viewer.tenantId, userId, 'owner_deleted');
    await this.audit(this.db, {
      action: 'user.deleted',
      targetType: 'user',
      targetId: userId,
      data: {
        sessionsEnded: outcome.endedSessionIds.length,
        auditEventsScrubbed: outcome.auditEventsScrubbed,
        apiKeysRevoked: keysRevoked.length,
      },
    });
    const [deleted] = await this.#users.findByIds([userId]);
    if (!deleted) throw new NotFoundError('User');
    return deleted;
  }
}
