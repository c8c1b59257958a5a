import { NotFoundError, recordAudit, revokeSessions, type RequestContext, type Viewer } from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { SessionRepository, type SessionRow } from '../repositories/session.repository.ts';

export class SessionService {
  constructor(
    private readonly ctx: RequestContext,
    private readonly viewer: Viewer,
    private readonly db: TenantPrismaClient,
  ) {}

  /** Ends one of the viewer's own sessions; another user's session id is "not found", never "forbidden". */
  async revokeOwn(sessionId: string): Promise<SessionRow> {
    const ended = await revokeSessions(this.ctx.runtime, this.viewer.tenantId, { sessionIds: [sessionId], userId: this.viewer.userId }, 'revoked_by_user');
    const [row] = await new SessionRepository(this.db, this.viewer.tenantId).findByIds([sessionId]);
    if (!row || row.userId !== this.viewer.userId) throw new NotFoundError('Session');
    if (ended.length > 0) {
      await recordAudit(this.db, this.ctx.logger, {
        action: 'session.revoked',
        actorId: this.viewer.userId,
        targetType: 'session',
        targetId: sessionId,
        ip: this.ctx.ip,
        userAgent: this.ctx.userAgent,
        requestId: this.ctx.requestId,
        data: { reason: 'revoked_by_user' },
      });
    }
    return row;
  }
}
