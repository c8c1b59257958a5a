import {
  assertMayManageUser,
  mfaNoticeMail,
  MfaRepository,
  NotFoundError,
  revokeUserSessions,
  SignedInService,
} from '@tradesage/core';
import { isUuid } from '@tradesage/prisma';
import { AccountRepository } from '../../repositories/account.repository.ts';

/** What an administrator does to another user's second factors. */
export class MfaAdminService extends SignedInService {
  /**
   * An administrator's reset of a user's second factors (a lost phone): every factor, recovery
   * code and trusted device goes, the user's sessions end, a new enrolment grace starts at their
   * next sign-in, and they are emailed. Never a user who outranks the caller; another tenant's user
   * is not found (only the caller's schema is read).
   */
  async resetUser(userId: string): Promise<boolean> {
    if (!isUuid(userId)) throw new NotFoundError('User');
    const user = await new AccountRepository(this.db, this.viewer.tenantId).findById(userId);
    if (!user) throw new NotFoundError('User');
    await assertMayManageUser(this.db, this.viewer, userId, 'userId');
    const { factors } = await new MfaRepository(this.db).resetUser(userId);
    const ended = await revokeUserSessions(this.runtime, this.viewer.tenantId, userId, 'mfa_reset');
    await this.audit(this.db, {
      action: 'mfa.reset',
      targetType: 'user',
      targetId: userId,
      data: { factorsRemoved: factors, sessionsEnded: ended.length },
    });
    this.runtime.mailer.dispatch(
      mfaNoticeMail({
        to: user.email,
        what: 'An administrator removed the second factors of your account; sign in and enrol a new one',
        at: new Date(),
      }),
    );
    return true;
  }
}
