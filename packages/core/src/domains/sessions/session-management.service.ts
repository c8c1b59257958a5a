import { NotFoundError } from '../../runtime/errors.ts';
import { pageRequest, type Page, type PageArgs } from '../../runtime/paging.ts';
import { SignedInService } from '../../runtime/request-service.ts';
import { revokeSessions, revokeUserSessions, signOutEverywhere } from './session-revocation.service.ts';
import { SessionRepository, type SessionRow, type SessionStatsRow } from './session.repository.ts';

/** The largest page of `tenantSessions`. */
export const SESSION_PAGE_MAX = 100;

/**
 * A signed-in user's sessions: ending their own (one, the others, all) and, for admins, every
 * session of a user of their tenant; the tenant's session figures. Always in the viewer's own
 * tenant schema, so another tenant's ids match nothing.
 */
export class SessionManagementService extends SignedInService {
  readonly #repository = new SessionRepository(this.db, this.viewer.tenantId);

  /** Ends one of the viewer's own sessions; another user's session id is "not found", never "forbidden". */
  async revokeOwn(sessionId: string): Promise<SessionRow> {
    const ended = await revokeSessions(
      this.runtime,
      this.viewer.tenantId,
      { sessionIds: [sessionId], userId: this.viewer.userId },
      'revoked_by_user',
    );
    const [row] = await this.#repository.findByIds([sessionId]);
    if (!row || row.userId !== this.viewer.userId) throw new NotFoundError('Session');
    if (ended.length > 0) {
      await this.audit(this.db, {
        action: 'session.revoked',
        targetType: 'session',
        targetId: sessionId,
        data: { reason: 'revoked_by_user' },
      });
    }
    return row;
  }

  /** Ends the viewer's sessions but the one making this request. */
  async revokeOthers(): Promise<number> {
    const ended = await revokeUserSessions(this.runtime, this.viewer.tenantId, this.viewer.userId, 'revoked_by_user', {
      exceptSessionId: this.viewer.sessionId,
    });
    await this.audit(this.db, {
      action: 'sessions.revoked_others',
      targetType: 'user',
      targetId: this.viewer.userId,
      data: { reason: 'revoked_by_user', sessionsEnded: ended.length },
    });
    return ended.length;
  }

  /** Ends every session of the viewer, the current one included (the same operation as auth's logoutEverywhere). */
  revokeAll(): Promise<number> {
    return signOutEverywhere(this.runtime, this.viewer, this.caller);
  }

  /**
   * Ends every session of a user of the viewer's tenant (admins). Only the viewer's tenant schema
   * is read and written, so another tenant's user id matches nothing and ends nothing.
   */
  async revokeForUser(userId: string): Promise<number> {
    const ended = await revokeUserSessions(this.runtime, this.viewer.tenantId, userId, 'revoked_by_admin');
    await this.audit(this.db, {
      action: 'sessions.revoked_for_user',
      targetType: 'user',
      targetId: userId,
      data: { reason: 'revoked_by_admin', sessionsEnded: ended.length },
    });
    return ended.length;
  }

  /**
   * One page of the sessions of the viewer's tenant that have not ended, newest first (admins),
   * optionally one user's or one device type's (`desktop`, `mobile`, `tablet`, `other`).
   */
  async page(
    paging: PageArgs,
    filter: { userId?: string | undefined; deviceType?: string | undefined } = {},
  ): Promise<Page<SessionRow>> {
    const page = pageRequest(paging, { size: [20, SESSION_PAGE_MAX], ids: 'uuid' });
    const rows = await this.#repository.openPage(
      page.take,
      page.start && { createdAt: page.start.at, id: page.start.id },
      filter,
      new Date(),
    );
    return page.of(rows, 'createdAt');
  }

  /**
   * Ends one session of any user of the viewer's tenant (admins). A session of another tenant is
   * not in the viewer's schema: "not found", as an unknown id. An ended session is returned as it
   * is, without a second audit event.
   */
  async revokeInTenant(sessionId: string): Promise<SessionRow> {
    const ended = await revokeSessions(
      this.runtime,
      this.viewer.tenantId,
      { sessionIds: [sessionId] },
      'revoked_by_admin',
    );
    const [row] = await this.#repository.findByIds([sessionId]);
    if (!row) throw new NotFoundError('Session');
    if (ended.length > 0) {
      await this.audit(this.db, {
        action: 'session.revoked',
        targetType: 'session',
        targetId: sessionId,
        data: { reason: 'revoked_by_admin', userId: row.userId },
      });
    }
    return row;
  }

  stats(): Promise<SessionStatsRow> {
    return this.#repository.stats(new Date());
  }
}
