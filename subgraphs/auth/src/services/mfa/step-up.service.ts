import {
  AppError,
  assertMayManageUser,
  BadInputError,
  mfaNoticeMail,
  MfaRepository,
  NotFoundError,
  revokeUserSessions,
  SessionRepository,
  SignedInService,
  UnauthenticatedError,
  usableFactors,
  type FactorKind,
} from '@tradesage/core';
import { isUuid } from '@tradesage/prisma';
import { AccountTenantRepository } from '../../repositories/account-tenant.repository.ts';
import { AccountRepository } from '../../repositories/account.repository.ts';
import { verifyCurrentPassword } from '../password.service.ts';
import { answerOf, ChallengeService } from './challenge.service.ts';
import { PasskeyService } from './passkey.service.ts';

export interface StepUpChallengeView {
  readonly challengeToken: string | null;
  readonly factors: readonly FactorKind[];
  readonly passkeyOptions: string | null;
  readonly expiresAt: Date | null;
}

export interface SteppedUp {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly authTime: Date;
}

/**
 * Step-up (re-authentication) of a signed-in session, for operations that need a recent strong
 * sign-in (the `recentAuthentication` shield rule): the second factor when the user has one
 * (a trusted device never stands in here), else the password. The session's `auth_time` moves to
 * now and its methods record what was used, so the refresh tokens that follow carry it too; the
 * answer holds a new access token at once.
 */
export class StepUpService extends SignedInService {
  async start(): Promise<StepUpChallengeView> {
    const settings = await this.#settings();
    const factors = usableFactors(settings, await new MfaRepository(this.db).activeKinds(this.viewer.userId));
    if (factors.length === 0) return { challengeToken: null, factors: [], passkeyOptions: null, expiresAt: null };
    const challenges = new ChallengeService(this.runtime);
    const opened = await challenges.open({
      tenantId: this.viewer.tenantId,
      userId: this.viewer.userId,
      purpose: 'step_up',
      sessionId: this.viewer.sessionId,
      amr: this.viewer.auth.methods.filter((method) => method !== 'mfa'),
      factors,
      meta: this.caller,
    });
    const passkeyOptions = factors.includes('passkey')
      ? await new PasskeyService(this.runtime).authenticationOptions(this.viewer.tenantId, opened)
      : null;
    return { challengeToken: opened.token, factors, passkeyOptions, expiresAt: opened.expiresAt };
  }

  async complete(input: {
    challengeToken?: string | null;
    password?: string | null;
    totpCode?: string | null;
    recoveryCode?: string | null;
    passkey?: string | null;
  }): Promise<SteppedUp> {
    const now = new Date();
    let methods: string[];
    if (input.challengeToken) {
      const answered = await new ChallengeService(this.runtime).answer({
        token: input.challengeToken,
        purpose: 'step_up',
        owner: { userId: this.viewer.userId, sessionId: this.viewer.sessionId },
        answer: answerOf(input),
        settings: async () => this.#settings(),
        passkeys: new PasskeyService(this.runtime).verifier,
        meta: this.caller,
      });
      methods = answered.methods;
    } else {
      const settings = await this.#settings();
      if (usableFactors(settings, await new MfaRepository(this.db).activeKinds(this.viewer.userId)).length > 0)
        throw new BadInputError('BAD_USER_INPUT', 'Answer the challenge of startStepUp with your second factor', {
          field: 'challengeToken',
        });
      if (!input.password) throw new BadInputError('BAD_USER_INPUT', 'Give your password', { field: 'password' });
      const user = await new AccountRepository(this.db, this.viewer.tenantId).findById(this.viewer.userId);
      if (!user || user.status !== 'active') throw new UnauthenticatedError();
      await verifyCurrentPassword(this.runtime, this.db, this.caller, user, input.password, 'mfa.step_up');
      methods = [...new Set([...this.viewer.auth.methods.filter((method) => method !== 'device'), 'pwd'])].sort();
    }
    const auth = { time: now, methods, enrolmentOnly: this.viewer.auth.enrolmentOnly };
    if (!(await new SessionRepository(this.db, this.viewer.tenantId).reauthenticate(this.viewer.sessionId, auth)))
      throw new UnauthenticatedError();
    const access = (await this.runtime.issuer()).issue({
      userId: this.viewer.userId,
      tenantId: this.viewer.tenantId,
      sessionId: this.viewer.sessionId,
      roles: this.viewer.roles,
      auth,
    });
    await this.audit(this.db, {
      action: 'mfa.step_up',
      targetType: 'session',
      targetId: this.viewer.sessionId,
      data: { amr: methods.join(' ') },
    });
    return { accessToken: access.token, expiresIn: access.expiresIn, authTime: now };
  }

  /**
   * An administrator's reset of a user's second factors (a lost phone): every factor, recovery
   * code and trusted device goes, the user's sessions end, a new enrolment grace starts at their
   * next sign-in, and they are emailed. Never a user who outranks the caller; another tenant's user
   * is not found (only the caller's schema is read).
   */
  async resetUser(userId: string): Promise<boolean> {
    if (!isUuid(userId)) throw new NotFoundError('User');
    const user = await new AccountRepository(this.db, this.viewer.tenantId).findById(userId);
    if (!user) throw new NotFoundError('User');
    await assertMayManageUser(this.db, this.viewer, userId, 'userId');
    const { factors } = await new MfaRepository(this.db).resetUser(userId);
    const ended = await revokeUserSessions(this.runtime, this.viewer.tenantId, userId, 'mfa_reset');
    await this.audit(this.db, {
      action: 'mfa.reset',
      targetType: 'user',
      targetId: userId,
      data: { factorsRemoved: factors, sessionsEnded: ended.length },
    });
    this.runtime.mailer.dispatch(
      mfaNoticeMail({
        to: user.email,
        what: 'An administrator removed the second factors of your account; sign in and enrol a new one',
        at: new Date(),
      }),
    );
    return true;
  }

  async #settings() {
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(this.viewer.tenantId);
    if (!tenant) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    return tenant.settings.mfa;
  }
}
