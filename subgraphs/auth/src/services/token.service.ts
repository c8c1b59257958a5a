import {
  SessionLifecycleService,
  signOutEverywhere,
  type Caller,
  type Runtime,
  type SessionSettings,
} from '@tradesage/core';
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

/**
 * What auth adds to the session lifecycle (core's SessionLifecycleService, which opens sessions,
 * rotates and checks refresh tokens and ends sessions): the access token, issued for the user's
 * current roles, and the token pair the resolvers deliver (body or cookies).
 */
export class TokenService {
  readonly #sessions: SessionLifecycleService;

  constructor(private readonly runtime: Runtime) {
    this.#sessions = new SessionLifecycleService(runtime);
  }

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
    const started = await this.#sessions.start(tenantId, user.id, meta, now, sessions);
    const access = (await this.runtime.issuer()).issue({
      userId: user.id,
      tenantId,
      sessionId: started.sessionId,
      roles: user.roles,
    });
    return {
      accessToken: access.token,
      refreshToken: started.refreshToken,
      expiresIn: access.expiresIn,
      sessionId: started.sessionId,
      sessionExpiresAt: started.expiresAt,
      user: { id: user.id, email: user.email, tenantId, lastLoginAt: now },
    };
  }

  /**
   * Rotates the refresh token (core: reuse, leeway, idle and lifetime rules) and issues a new
   * access token, for the user's roles as they are now; a user who may no longer sign in ends the session.
   */
  async refresh(presented: string, meta: Caller, now = new Date()): Promise<IssuedTokens> {
    const rotated = await this.#sessions.rotate(presented, meta, now);
    const db = this.runtime.db.tenant(rotated.tenantId);
    const user = await new UserRepository(db, rotated.tenantId).findById(rotated.userId);
    if (!user || user.status !== 'active') return this.#sessions.refuseRotated(rotated, meta);
    const access = (await this.runtime.issuer()).issue({
      userId: user.id,
      tenantId: rotated.tenantId,
      sessionId: rotated.sessionId,
      roles: user.roles,
    });
    await this.#sessions.recordRotated(rotated, meta);
    return {
      accessToken: access.token,
      refreshToken: rotated.refreshToken,
      expiresIn: access.expiresIn,
      sessionId: rotated.sessionId,
      sessionExpiresAt: rotated.expiresAt,
      user,
    };
  }

  /** Ends the caller's session (the one its access token belongs to). */
  logout(viewer: { tenantId: string; sessionId: string; userId: string }, meta: Caller): Promise<boolean> {
    return this.#sessions.signOut(viewer, meta);
  }

  /** Ends every open session of the caller, on every device. Returns how many were ended. */
  logoutEverywhere(viewer: { tenantId: string; userId: string }, meta: Caller): Promise<number> {
    return signOutEverywhere(this.runtime, viewer, meta);
  }
}
