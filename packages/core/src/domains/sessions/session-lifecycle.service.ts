import crypto from 'node:crypto';
import type { Database } from '@tradesage/prisma';
import type { Config } from '../../runtime/config.ts';
import { parseDevice } from '../../runtime/device.ts';
import { AppError } from '../../runtime/errors.ts';
import type { Logger } from '../../runtime/logger.ts';
import { metrics } from '../../runtime/observability/metrics.ts';
import type { SessionAuthentication } from '../../runtime/tokens/access-token.ts';
import type { TenantClaimCipher } from '../../runtime/tokens/tenant-claim.ts';
import { recordAudit, type AuditSource } from '../audit/audit.repository.ts';
import { parseTenantSettings, type TenantSettings } from '../tenants/tenant-settings.ts';
import { findStoredTenantSettings } from '../tenants/tenant.repository.ts';
import type { RevocationPublisher } from './revocation-publisher.ts';
import { revokeSessions } from './session-revocation.service.ts';
import { SessionRepository, type EndedReason, type NewSession, type RevocationReason } from './session.repository.ts';

export class InvalidRefreshTokenError extends AppError {
  constructor() {
    super('INVALID_REFRESH_TOKEN', 'Invalid or expired refresh token');
  }
}

/** 256-bit random refresh token, base64url. */
export function newRefreshToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Refresh tokens are stored only as this hash (a leaked table yields no usable token). */
export function hashRefreshToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** What the request that starts, rotates or ends a session tells the audit log (the caller, or its address and user agent). */
export type SessionRequestMeta = AuditSource;

/** What the session lifecycle uses: the tenant schemas, revocations, a logger, the tenant-claim cipher, the refresh cap. */
export interface SessionLifecycleDeps {
  readonly db: Database;
  readonly revocations: Pick<RevocationPublisher, 'publish'>;
  readonly logger: Logger;
  readonly tenantClaims: TenantClaimCipher;
  readonly config: { readonly tokens: Pick<Config['tokens'], 'refreshTtlDays'> };
}

export type SessionSettings = TenantSettings['sessions'];

/** A session just opened: its first refresh token (the access token is the caller's to issue). */
export interface StartedSession {
  readonly sessionId: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
}

/** A refresh token just rotated: the session goes on with `refreshToken`, once its user is checked. */
export interface RotatedSession {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
  /** The presented token had been spent moments ago (within the reuse leeway). */
  readonly withinLeeway: boolean;
  /** How the session was authenticated, as stored (its sign-in or latest step-up). */
  readonly auth: SessionAuthentication;
  /** The tenant's MFA policy, as read for this rotation (the refresh applies it: one read, not two). */
  readonly mfa: TenantSettings['mfa'];
}

/** AAD binding the tenant part of a refresh token to its purpose. */
const REFRESH_TENANT_AAD = 'refresh-token';

/**
 * Sessions' refresh tokens: opening a session, rotating its refresh token, ending it.
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
export class SessionLifecycleService {
  constructor(private readonly deps: SessionLifecycleDeps) {}

  /** The tenant's session settings, defaults filled in; the defaults when the tenant is gone. */
  async settings(tenantId: string): Promise<SessionSettings> {
    return parseTenantSettings(await findStoredTenantSettings(this.deps.db.control, tenantId)).sessions;
  }

  /**
   * Opens a session for a user who just proved who they are, with its first refresh token; the
   * oldest open sessions beyond `sessions.maxConcurrent` end. `settings` is the tenant's session
   * settings when the caller already has them.
   */
  async start(
    tenantId: string,
    userId: string,
    auth: SessionAuthentication,
    meta: SessionRequestMeta,
    now = new Date(),
    settings?: SessionSettings,
    application?: NewSession['application'] & {
      /** An application without offline access: its session lasts as long as its last access token. */
      readonly lifetimeSeconds?: number;
    },
  ): Promise<StartedSession> {
    const db = this.deps.db.tenant(tenantId);
    const sessions = settings ?? (await this.settings(tenantId));
    const lifetimeDays = Math.min(sessions.refreshTokenTtlDays, this.deps.config.tokens.refreshTtlDays);
    const expiresAt = new Date(
      now.getTime() + Math.min(lifetimeDays * 86_400, application?.lifetimeSeconds ?? Infinity) * 1000,
    );
    const refreshToken = this.#newRefreshToken(tenantId);
    const { sessionId, ended } = await new SessionRepository(db, tenantId).create(
      {
        userId,
        userAgent: meta.userAgent,
        ip: meta.ip,
        expiresAt,
        refreshTokenHash: hashRefreshToken(refreshToken),
        device: parseDevice(meta.userAgent),
        auth,
        ...(application ? { application: { clientId: application.clientId, grantId: application.grantId } } : {}),
      },
      { maxConcurrent: sessions.maxConcurrent, now },
    );
    await this.deps.revocations.publish(tenantId, ended);
    await recordAudit(db, this.deps.logger, meta, {
      action: 'login.succeeded',
      actorId: userId,
      targetType: 'session',
      targetId: sessionId,
      data: {
        amr: auth.methods.join(' '),
        ...(auth.enrolmentOnly ? { enrolmentOnly: true } : {}),
        ...(application ? { clientId: application.clientId } : {}),
      },
    });
    if (ended.length > 0) {
      // The concurrent-session limit: the new session counted, the oldest open ones beyond it ended.
      await recordAudit(db, this.deps.logger, meta, {
        action: 'sessions.limit_enforced',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        data: {
          reason: 'session_limit',
          maxConcurrent: sessions.maxConcurrent,
          sessionsEnded: ended.length,
          endedSessionIds: ended.join(','),
        },
      });
    }
    return { sessionId, refreshToken, expiresAt };
  }

  /**
   * Rotates: the presented token is spent and its successor stored. A spent token presented again
   * within the tenant's `sessions.refreshReuseLeewaySeconds` gets a successor for the same session
   * (the client lost the answer, or two tabs refreshed at once); later, it ends the session.
   * Every refusal is audited and throws InvalidRefreshTokenError. The caller then checks the user
   * (`refuseRotated` when they may no longer sign in) and records the refresh (`recordRotated`).
   */
  async rotate(presented: string, meta: SessionRequestMeta, now = new Date()): Promise<RotatedSession> {
    const tenantId = this.#tenantOf(presented);
    if (!tenantId) throw new InvalidRefreshTokenError();
    const tenantSettings = parseTenantSettings(await findStoredTenantSettings(this.deps.db.control, tenantId));
    const settings = tenantSettings.sessions;
    const next = this.#newRefreshToken(tenantId);
    const result = await new SessionRepository(this.deps.db.tenant(tenantId), tenantId).rotate(
      hashRefreshToken(presented),
      hashRefreshToken(next),
      now,
      { idleMs: settings.idleTimeoutMinutes * 60_000, leewayMs: settings.refreshReuseLeewaySeconds * 1000 },
    );
    switch (result.kind) {
      case 'unknown':
        // A token this platform made for this tenant (its tenant part decrypted) but no longer stored.
        await this.#refused(tenantId, null, meta, { reason: 'unknown_token' });
        throw new InvalidRefreshTokenError();
      case 'ended': {
        if (result.reason === 'idle') {
          await revokeSessions(this.deps, tenantId, { sessionIds: [result.sessionId] }, 'idle_timeout');
        }
        await this.#refused(tenantId, result, meta, { reason: endedReasonLabel(result.reason) });
        throw new InvalidRefreshTokenError();
      }
      case 'reused': {
        // RFC 9700 §4.14.2: reuse of a rotated refresh token means it leaked; end the session.
        metrics.refreshTokenReused();
        const ended = await revokeSessions(
          this.deps,
          tenantId,
          { sessionIds: [result.sessionId] },
          'refresh_token_reuse',
        );
        await this.#refused(tenantId, result, meta, { sessionEnded: ended.length === 1 }, 'token.reuse_detected');
        throw new InvalidRefreshTokenError();
      }
      case 'spent':
        return {
          tenantId,
          sessionId: result.sessionId,
          userId: result.userId,
          refreshToken: next,
          expiresAt: result.expiresAt,
          withinLeeway: result.withinLeeway,
          auth: result.auth,
          mfa: tenantSettings.mfa,
        };
      default: {
        const unreachable: never = result;
        throw new Error(`unhandled refresh result ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /**
   * The rotated session may not go on: its user may no longer sign in (the default), or the
   * tenant now asks for a second factor the session never gave. The session ends and the refresh
   * is refused (audited) with `refusal.error`.
   */
  async refuseRotated(
    rotated: RotatedSession,
    meta: SessionRequestMeta,
    refusal: { revocation: RevocationReason; reason: string; error: AppError } = {
      revocation: 'revoked_by_user',
      reason: 'user_not_active',
      error: new InvalidRefreshTokenError(),
    },
  ): Promise<never> {
    await revokeSessions(this.deps, rotated.tenantId, { sessionIds: [rotated.sessionId] }, refusal.revocation);
    await this.#refused(rotated.tenantId, rotated, meta, { reason: refusal.reason });
    throw refusal.error;
  }

  /** Audits a refresh that was granted. */
  async recordRotated(rotated: RotatedSession, meta: SessionRequestMeta): Promise<void> {
    await recordAudit(this.deps.db.tenant(rotated.tenantId), this.deps.logger, meta, {
      action: 'token.refreshed',
      actorId: rotated.userId,
      targetId: rotated.sessionId,
      targetType: 'session',
      ...(rotated.withinLeeway ? { data: { withinReuseLeeway: true } } : {}),
    });
  }

  /** Ends the caller's session (the one its access token belongs to). */
  async signOut(
    viewer: { tenantId: string; sessionId: string; userId: string },
    meta: SessionRequestMeta,
  ): Promise<boolean> {
    const ended = await revokeSessions(
      this.deps,
      viewer.tenantId,
      { sessionIds: [viewer.sessionId], userId: viewer.userId },
      'logout',
    );
    await recordAudit(this.deps.db.tenant(viewer.tenantId), this.deps.logger, meta, {
      action: 'session.revoked',
      actorId: viewer.userId,
      targetType: 'session',
      targetId: viewer.sessionId,
      data: { reason: 'logout' },
    });
    return ended.length === 1;
  }

  /** Every refused refresh is audited the same way; only the action and the reason differ. */
  #refused(
    tenantId: string,
    session: { userId: string; sessionId: string } | null,
    meta: SessionRequestMeta,
    data: Record<string, string | boolean>,
    action: 'token.refreshed' | 'token.reuse_detected' = 'token.refreshed',
  ): Promise<void> {
    return recordAudit(this.deps.db.tenant(tenantId), this.deps.logger, meta, {
      action,
      result: 'refused',
      actorId: session?.userId ?? null,
      targetType: 'session',
      ...(session ? { targetId: session.sessionId } : {}),
      data,
    });
  }

  /** Refresh token = encrypted tenant id + "." + 256 random bits; only its hash is stored. */
  #newRefreshToken(tenantId: string): string {
    return `${this.deps.tenantClaims.encrypt(tenantId, REFRESH_TENANT_AAD)}.${newRefreshToken()}`;
  }

  #tenantOf(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 512) return null;
    return this.deps.tenantClaims.decrypt(token.slice(0, dot), REFRESH_TENANT_AAD);
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
