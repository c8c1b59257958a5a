import {
  hashRefreshToken,
  newRefreshToken,
  parseDevice,
  recordAudit,
  revokeSessions,
  signOutEverywhere,
  type Caller,
  type Runtime,
  type TenantSettings,
} from '@tradesage/core';
import { InvalidRefreshTokenError } from '../errors.ts';
import { SessionRepository, type EndedReason } from '../repositories/session.repository.ts';
import { TenantSettingsRepository } from '../repositories/tenant-settings.repository.ts';
import { UserRepository } from '../repositories/user.repository.ts';

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly sessionId: string;
  /** The session's absolute end: no refresh token of it is accepted after this. */
  readonly sessionExpiresAt: Date;
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly tenantId: string;
    readonly lastLoginAt: Date | null;
  };
}

type SessionSettings = TenantSettings['sessions'];

/** AAD binding the tenant part of a refresh token to its purpose. */
const REFRESH_TENANT_AAD = 'refresh-token';

/**
 * Sessions' tokens: issuing the first pair, rotating refresh tokens, ending sessions.
 *
 * Refresh tokens (OWASP ASVS 5.0 V7/V9, RFC 9700 §4.14): 256 random bits behind the encrypted
 * tenant id, stored only as a SHA-256 hash, rotated on every use. Presenting a spent one is
 * reuse and ends the whole session (RFC 9700 §4.14.2), except within a short leeway after its
 * rotation (tenant setting `sessions.refreshReuseLeewaySeconds`, default 30 s, 0 = strict): then
 * the same session gets another new pair, so a lost response or two tabs refreshing at once do
 * not sign the user out, as with Okta's grace period and Auth0's reuse interval.
 *
 * Lifetimes are tenant settings: `sessions.refreshTokenTtlDays` (absolute, capped by
 * REFRESH_TOKEN_TTL_DAYS) and `sessions.idleTimeoutMinutes` (a refresh after a longer pause
 * is refused and ends the session).
 */
export class TokenService {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Opens a session for a user who just proved who they are and returns its first token pair.
   * `sessions` is the tenant's session settings when the caller already has them.
   */
  async startSession(
    tenantId: string,
    user: { id: string; email: string; roles: readonly string[] },
    meta: Caller,
    now = new Date(),
    sessions?: SessionSettings,
  ): Promise<IssuedTokens> {
    const db = this.runtime.db.tenant(tenantId);
    const settings = sessions ?? (await new TenantSettingsRepository(this.runtime.db.control).sessions(tenantId));
    const lifetimeDays = Math.min(settings.refreshTokenTtlDays, this.runtime.config.tokens.refreshTtlDays);
    const expiresAt = new Date(now.getTime() + lifetimeDays * 86_400_000);
    const refreshToken = this.#newRefreshToken(tenantId);
    const sessionRepository = new SessionRepository(db);
    const { sessionId, ended } = await sessionRepository.create(
      {
        userId: user.id,
        userAgent: meta.userAgent,
        ip: meta.ip,
        expiresAt,
        refreshTokenHash: hashRefreshToken(refreshToken),
        device: parseDevice(meta.userAgent),
      },
      { maxConcurrent: settings.maxConcurrent, now },
    );
    await this.runtime.revocations.publish(tenantId, ended);
    await recordAudit(db, this.runtime.logger, meta, {
      action: 'login.succeeded',
      actorId: user.id,
      targetType: 'session',
      targetId: sessionId,
    });
    if (ended.length > 0) {
      // The concurrent-session limit: the new session counted, the oldest open ones beyond it ended.
      await recordAudit(db, this.runtime.logger, meta, {
        action: 'sessions.limit_enforced',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        data: {
          reason: 'session_limit',
          maxConcurrent: settings.maxConcurrent,
          sessionsEnded: ended.length,
          endedSessionIds: ended.join(','),
        },
      });
    }
    const access = (await this.runtime.issuer()).issue({ userId: user.id, tenantId, sessionId, roles: user.roles });
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: access.expiresIn,
      sessionId,
      sessionExpiresAt: expiresAt,
      user: { id: user.id, email: user.email, tenantId, lastLoginAt: now },
    };
  }

  /**
   * Rotates: the presented token is spent and a new pair issued. A spent token presented again
   * within the tenant's `sessions.refreshReuseLeewaySeconds` gets a new pair for the same session
   * (the client lost the answer, or two tabs refreshed at once); later, it ends the session.
   */
  async refresh(presented: string, meta: Caller, now = new Date()): Promise<IssuedTokens> {
    const tenantId = this.#tenantOf(presented);
    if (!tenantId) throw new InvalidRefreshTokenError();
    const db = this.runtime.db.tenant(tenantId);
    const settings = await new TenantSettingsRepository(this.runtime.db.control).sessions(tenantId);
    const next = this.#newRefreshToken(tenantId);
    const result = await new SessionRepository(db).rotate(hashRefreshToken(presented), hashRefreshToken(next), now, {
      idleMs: settings.idleTimeoutMinutes * 60_000,
      leewayMs: settings.refreshReuseLeewaySeconds * 1000,
    });
    // Every refused refresh is audited the same way; only the action and the reason differ.
    const refused = (
      session: { userId: string; sessionId: string } | null,
      data: Record<string, string | boolean>,
      action: 'token.refreshed' | 'token.reuse_detected' = 'token.refreshed',
    ) =>
      recordAudit(db, this.runtime.logger, meta, {
        action,
        result: 'refused',
        actorId: session?.userId ?? null,
        targetType: 'session',
        ...(session ? { targetId: session.sessionId } : {}),
        data,
      });
    switch (result.kind) {
      case 'unknown':
        // A token this platform made for this tenant (its tenant part decrypted) but no longer stored.
        await refused(null, { reason: 'unknown_token' });
        throw new InvalidRefreshTokenError();
      case 'ended': {
        if (result.reason === 'idle') {
          await revokeSessions(this.runtime, tenantId, { sessionIds: [result.sessionId] }, 'idle_timeout');
        }
        await refused(result, { reason: endedReasonLabel(result.reason) });
        throw new InvalidRefreshTokenError();
      }
      case 'reused': {
        // RFC 9700 §4.14.2: reuse of a rotated refresh token means it leaked; end the session.
        const ended = await revokeSessions(
          this.runtime,
          tenantId,
          { sessionIds: [result.sessionId] },
          'refresh_token_reuse',
        );
        await refused(result, { sessionEnded: ended.length === 1 }, 'token.reuse_detected');
        throw new InvalidRefreshTokenError();
      }
      case 'spent': {
        const user = await new UserRepository(db, tenantId).findById(result.userId);
        if (!user || user.status !== 'active') {
          await revokeSessions(this.runtime, tenantId, { sessionIds: [result.sessionId] }, 'revoked_by_user');
          await refused(result, { reason: 'user_not_active' });
          throw new InvalidRefreshTokenError();
        }
        const access = (await this.runtime.issuer()).issue({
          userId: user.id,
          tenantId,
          sessionId: result.sessionId,
          roles: user.roles,
        });
        await recordAudit(db, this.runtime.logger, meta, {
          action: 'token.refreshed',
          actorId: user.id,
          targetType: 'session',
          targetId: result.sessionId,
          ...(result.withinLeeway ? { data: { withinReuseLeeway: true } } : {}),
        });
        return {
          accessToken: access.token,
          refreshToken: next,
          expiresIn: access.expiresIn,
          sessionId: result.sessionId,
          sessionExpiresAt: result.expiresAt,
          user,
        };
      }
      default: {
        const unreachable: never = result;
        throw new Error(`unhandled refresh result ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Ends the caller's session (the one its access token belongs to). */
  async logout(viewer: { tenantId: string; sessionId: string; userId: string }, meta: Caller): Promise<boolean> {
    const ended = await revokeSessions(
      this.runtime,
      viewer.tenantId,
      { sessionIds: [viewer.sessionId], userId: viewer.userId },
      'logout',
    );
    await recordAudit(this.runtime.db.tenant(viewer.tenantId), this.runtime.logger, meta, {
      action: 'session.revoked',
      actorId: viewer.userId,
      targetType: 'session',
      targetId: viewer.sessionId,
      data: { reason: 'logout' },
    });
    return ended.length === 1;
  }

  /** Ends every open session of the caller, on every device. Returns how many were ended. */
  logoutEverywhere(viewer: { tenantId: string; userId: string }, meta: Caller): Promise<number> {
    return signOutEverywhere(this.runtime, viewer, meta);
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

function endedReasonLabel(reason: EndedReason): string {
  switch (reason) {
    case 'revoked':
      return 'session_revoked';
    case 'expired':
      return 'session_expired';
    case 'idle':
      return 'idle_timeout';
  }
}
