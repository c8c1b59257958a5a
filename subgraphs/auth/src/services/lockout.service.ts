import { NotFoundError, recordAudit, type Logger, type Viewer } from '@tradesage/core';
import { isUuid, type TenantPrismaClient } from '@tradesage/prisma';
import { unlockAccount } from './lockout.ts';
import type { RequestMeta } from './request-meta.ts';

/** Administration of lockouts: an admin (users:write, checked by shield) lifts one in their own tenant. */
export class LockoutService {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly logger: Logger,
  ) {}

  /**
   * Lifts the lockout of a user of the viewer's tenant, permanent ones included (ASVS 6.1.1: the
   * way back for an owner an attacker locked out). `db` is the viewer's own tenant schema, so a
   * user of another tenant is simply not found.
   */
  async unlockUser(viewer: Viewer, userId: string, meta: RequestMeta): Promise<boolean> {
    if (!isUuid(userId) || !(await unlockAccount(this.db, userId))) throw new NotFoundError('User');
    await recordAudit(this.db, this.logger, {
      action: 'account.unlocked',
      actorId: viewer.userId,
      targetType: 'user',
      targetId: userId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
      data: { by: 'admin' },
    });
    return true;
  }
}
