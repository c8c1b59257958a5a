import { hashRefreshToken, newRefreshToken, recordAudit, revokeSessions, type Runtime } from '@tradesage/core';
import { InvalidRefreshTokenError } from '../errors.ts';
import { SessionRepository } from '../repositories/session.repository.ts';
import { UserRepository } from '../repositories/user.repository.ts';

import type { RequestMeta } from './request-meta.ts';

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: { readonly id: string; readonly email: string; readonly tenantId: string; readonly lastLoginAt: Date | null };
}

/** AAD binding the tenant part of a refresh token to its purpose. */
const REFRESH_TENANT_AAD = 'refresh-token';

/** Sessions' tokens: issuing the first pair, rotating refresh tokens, ending sessions. */
export class TokenService {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Opens a session for a user who just proved who they are and returns its first token pair.
   * The refresh token is 256 random bits behind the encrypted tenant id; only its hash is stored.
   */
  async startSession(tenantId: string, user: { id: string; email: string; role: string }, meta: RequestMeta, now = new Date()): Promise<IssuedTokens> {
    const db = this.runtime.db.tenant(tenantId);
    const refreshToken = this.#newRefreshToken(tenantId);
    const sessionId = await new SessionRepository(db).create({
      userId: user.id,
      userAgent: meta.userAgent,
      ip: meta.ip,
      expiresAt: new Date(now.getTime() + this.runtime.config.tokens.refreshTtlDays * 86_400_000),
      refreshTokenHash: hashRefreshToken(refreshToken),
    });
    await recordAudit(db, this.runtime.logger, {
      action: 'login.succeeded',
      actorId: user.id,
      targetType: 'session',
      targetId: sessionId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
    });
    const access = (await this.runtime.issuer()).issue({ userId: user.id, tenantId, sessionId, roles: [user.role] });
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: access.expiresIn,
      user: { id: user.id, email: user.email, tenantId, lastLoginAt: now },
    };
  }

  /** Rotates: the presented token is spent and a new pair issued. A spent token presented again ends the session. */
  async refresh(presented: string, meta: RequestMeta): Promise<IssuedTokens> {
    const tenantId = this.#tenantOf(presented);
    if (!tenantId) throw new InvalidRefreshTokenError();
    const db = this.runtime.db.tenant(tenantId);
    const next = this.#newRefreshToken(tenantId);
    const result = await new SessionRepository(db).rotate(hashRefreshToken(presented), hashRefreshToken(next), new Date());
    switch (result.kind) {
      case 'unknown':
      case 'ended':
        throw new InvalidRefreshTokenError();
      case 'reused': {
        // RFC 9700 §4.14.2: reuse of a rotated refresh token means it leaked; end the session.
        await revokeSessions(this.runtime, tenantId, { sessionIds: [result.sessionId] }, 'refresh_token_reuse');
        await recordAudit(db, this.runtime.logger, {
          action: 'token.reuse_detected',
          result: 'refused',
          targetType: 'session',
          targetId: result.sessionId,
          ip: meta.ip,
          userAgent: meta.userAgent,
          requestId: meta.requestId,
        });
        throw new InvalidRefreshTokenError();
      }
      case 'spent': {
        const user = await new UserRepository(db, tenantId).findById(result.userId);
        if (!user || user.status !== 'active') {
          await revokeSessions(this.runtime, tenantId, { sessionIds: [result.sessionId] }, 'revoked_by_user');
          throw new InvalidRefreshTokenError();
        }
        const access = (await this.runtime.issuer()).issue({ userId: user.id, tenantId, sessionId: result.sessionId, roles: [user.role] });
        return { accessToken: access.token, refreshToken: next, expiresIn: access.expiresIn, user };
      }
      default: {
        const unreachable: never = result;
        throw new Error(`unhandled refresh result ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async logout(viewer: { tenantId: string; sessionId: string; userId: string }, meta: RequestMeta): Promise<boolean> {
    const ended = await revokeSessions(this.runtime, viewer.tenantId, { sessionIds: [viewer.sessionId], userId: viewer.userId }, 'logout');
    await recordAudit(this.runtime.db.tenant(viewer.tenantId), this.runtime.logger, {
      action: 'session.revoked',
      actorId: viewer.userId,
      targetType: 'session',
      targetId: viewer.sessionId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
      data: { reason: 'logout' },
    });
    return ended.length === 1;
  }

  /** Refresh token = encrypted tenant id + "." + 256 random bits; only its hash is stored. */
  #newRefreshToken(tenantId: string): string {
    return `${this.runtime.tenantClaims.encrypt(tenantId, REFRESH_TENANT_AAD)}.${newRefreshToken()}`;
  }

  #tenantOf(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 512) return null;
    return this.runtime.tenantClaims.decrypt(token.slice(0, dot), REFRESH_TENANT_AAD);
  }
}
