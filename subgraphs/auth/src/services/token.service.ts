import {
  AppError,
  SessionLifecycleService,
  SessionRepository,
  signOutEverywhere,
  type Caller,
  type RotatedSession,
  type Runtime,
  type SessionAuthentication,
  type SessionSettings,
} from '@tradesage/core';
import { UserRepository } from '../repositories/user.repository.ts';
import { MfaEnrolmentRequiredError, SignInGate, TRUSTED_DEVICE_AMR } from './mfa/sign-in-gate.ts';

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
  /** How the session was authenticated. */
  readonly auth: SessionAuthentication;
  /** A session that may only enrol a second factor: the last day it may do so. */
  readonly enrolBy?: Date;
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
    auth: SessionAuthentication,
    meta: Caller,
    now = new Date(),
    sessions?: SessionSettings,
  ): Promise<IssuedTokens> {
    const started = await this.#sessions.start(tenantId, user.id, auth, meta, now, sessions);
    const access = (await this.runtime.issuer()).issue({
      userId: user.id,
      tenantId,
      sessionId: started.sessionId,
      roles: user.roles,
      auth,
    });
    return {
      accessToken: access.token,
      refreshToken: started.refreshToken,
      expiresIn: access.expiresIn,
      sessionId: started.sessionId,
      sessionExpiresAt: started.expiresAt,
      user: { id: user.id, email: user.email, tenantId, lastLoginAt: now },
      auth,
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
    const { auth, enrolBy } = await this.#policyOnRefresh(rotated, user, meta, now);
    const access = (await this.runtime.issuer()).issue({
      userId: user.id,
      tenantId: rotated.tenantId,
      sessionId: rotated.sessionId,
      roles: user.roles,
      auth,
    });
    await this.#sessions.recordRotated(rotated, meta);
    return {
      accessToken: access.token,
      refreshToken: rotated.refreshToken,
      expiresIn: access.expiresIn,
      sessionId: rotated.sessionId,
      sessionExpiresAt: rotated.expiresAt,
      user,
      auth,
      ...(enrolBy ? { enrolBy } : {}),
    };
  }

  /**
   * The tenant's MFA policy applies to sessions that go on, not only to new ones: a session that
   * never gave a second factor (nor came from a trusted device) while the tenant now asks this
   * user for one ends (MFA_REQUIRED: sign in again, with the factor), or becomes enrolment-only
   * when the user has none to give, or ends when their enrolment grace is over.
   */
  async #policyOnRefresh(
    rotated: RotatedSession,
    user: { id: string; roles: readonly string[] },
    meta: Caller,
    now: Date,
  ): Promise<{ auth: SessionAuthentication; enrolBy?: Date }> {
    const methods = rotated.auth.methods;
    if (methods.includes('mfa') || methods.includes(TRUSTED_DEVICE_AMR)) return { auth: rotated.auth };
    const step = await new SignInGate(this.runtime).step({
      tenantId: rotated.tenantId,
      user,
      settings: rotated.mfa,
      now,
    });
    const refuse = (reason: string, error: AppError) =>
      this.#sessions.refuseRotated(rotated, meta, {
        revocation: 'mfa_required',
        reason,
        error,
      });
    switch (step.kind) {
      case 'challenge':
      case 'trusted_device':
        return refuse(
          'mfa_required',
          new AppError(
            'MFA_REQUIRED',
            'This session never gave the second factor the tenant now asks for: sign in again',
          ),
        );
      case 'refused':
        return refuse('mfa_enrolment_required', new MfaEnrolmentRequiredError(step.enrolBy));
      case 'enrol':
      case 'session': {
        const enrolmentOnly = step.kind === 'enrol';
        if (enrolmentOnly === rotated.auth.enrolmentOnly)
          return { auth: rotated.auth, ...(enrolmentOnly ? { enrolBy: step.enrolBy } : {}) };
        const auth = { ...rotated.auth, enrolmentOnly };
        await new SessionRepository(this.runtime.db.tenant(rotated.tenantId), rotated.tenantId).reauthenticate(
          rotated.sessionId,
          auth,
        );
        return { auth, ...(step.kind === 'enrol' ? { enrolBy: step.enrolBy } : {}) };
      }
      default: {
        const unreachable: never = step;
        throw new Error(`unknown sign-in step ${JSON.stringify(unreachable)}`);
      }
    }
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
