import { NotFoundError, SignedInService } from '@tradesage/core';
import { isUuid } from '@tradesage/prisma';
import { unlockAccount } from './lockout.ts';

/** Administration of lockouts: an admin (users:write, checked by shield) lifts one in their own tenant. */
export class LockoutService extends SignedInService {
  /**
   * Lifts the lockout of a user of the caller's tenant, permanent ones included (ASVS 6.1.1: the
   * way back for an owner an attacker locked out). Only the caller's own tenant schema is read, so
   * a user of another tenant is simply not found.
   */
  async unlockUser(userId: string): Promise<boolean> {
    if (!isUuid(userId) || !(await unlockAccount(this.db, userId))) throw new NotFoundError('User');
    await this.audit(this.db, {
      action: 'account.unlocked',
      targetType: 'user',
      targetId: userId,
      data: { by: 'admin' },
    });
    return true;
  }
}
