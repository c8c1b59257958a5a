import type { Database, TenantPrismaClient } from '@tradesage/prisma';
import { NotFoundError } from '../../runtime/errors.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Viewer } from '../../runtime/viewer.ts';
import { recordAudit, type AuditAction } from '../audit/audit.repository.ts';
import type { RevocationPublisher } from './revocation-publisher.ts';
import { revokeSessions, revokeUserSessions, signOutEverywhere } from './session-revocation.service.ts';
import { SessionRepository, type SessionRow, type SessionStatsRow } from './session.repository.ts';

/** What managing sessions uses: the tenant schemas, revocations, the process logger (sign-out everywhere). */
export interface SessionManagementDeps {
  readonly db: Database;
  readonly revocations: Pick<RevocationPublisher, 'publish'>;
  readonly logger: Logger;
}

/** The request being served: its logger (with the request id) and what the audit log records. */
export interface SessionManagementRequest {
  readonly logger: Logger;
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly requestId: string;
}

/**
 * A signed-in user's sessions: ending their own (one, the others, all) and, for admins, every
 * session of a user of their tenant; the tenant's session figures. Always in the viewer's own
 * tenant schema, so another tenant's ids match nothing.
 */
export class SessionManagementService {
  readonly #repository: SessionRepository;

  readonly #db: TenantPrismaClient;

  constructor(
    private readonly deps: SessionManagementDeps,
    private readonly viewer: Viewer,
    private readonly request: SessionManagementRequest,
  ) {
    this.#db = deps.db.tenant(viewer.tenantId);
    this.#repository = new SessionRepository(this.#db, viewer.tenantId);
  }

  /** Ends one of the viewer's own sessions; another user's session id is "not found", never "forbidden". */
  async revokeOwn(sessionId: string): Promise<SessionRow> {
    const ended = await revokeSessions(
      this.deps,
      this.viewer.tenantId,
      { sessionIds: [sessionId], userId: this.viewer.userId },
      'revoked_by_user',
    );
    const [row] = await this.#repository.findByIds([sessionId]);
    if (!row || row.userId !== this.viewer.userId) throw new NotFoundError('Session');
    if (ended.length > 0) {
      await this.#audit('session.revoked', 'session', sessionId, { reason: 'revoked_by_user' });
    }
    return row;
  }

  /** Ends the viewer's sessions but the one making this request. */
  async revokeOthers(): Promise<number> {
    const ended = await revokeUserSessions(this.deps, this.viewer.tenantId, this.viewer.userId, 'revoked_by_user', {
      exceptSessionId: this.viewer.sessionId,
    });
    await this.#audit('sessions.revoked_others', 'user', this.viewer.userId, {
      reason: 'revoked_by_user',
      sessionsEnded: ended.length,
    });
    return ended.length;
  }

  /** Ends every session of the viewer, the current one included (the same operation as auth's logoutEverywhere). */
  revokeAll(): Promise<number> {
    return signOutEverywhere(this.deps, this.viewer, this.request);
  }

  /**
   * Ends every session of a user of the viewer's tenant (admins). Only the viewer's tenant schema
   * is read and written, so another tenant's user id matches nothing and ends nothing.
   */
  async revokeForUser(userId: string): Promise<number> {
    const ended = await revokeUserSessions(this.deps, this.viewer.tenantId, userId, 'revoked_by_admin');
    await this.#audit('sessions.revoked_for_user', 'user', userId, {
      reason: 'revoked_by_admin',
      sessionsEnded: ended.length,
    });
    return ended.length;
  }

  stats(): Promise<SessionStatsRow> {
    return this.#repository.stats(new Date());
  }

  #audit(
    action: AuditAction,
    targetType: string,
    targetId: string,
    data: Record<string, string | number>,
  ): Promise<void> {
    return recordAudit(this.#db, this.request.logger, {
      action,
      actorId: this.viewer.userId,
      targetType,
      targetId,
      ip: this.request.ip,
      userAgent: this.request.userAgent,
      requestId: this.request.requestId,
      data,
    });
  }
}
