import {
  BadInputError,
  MfaRepository,
  SessionRepository,
  SignedInService,
  UnauthenticatedError,
  usableFactors,
  type FactorKind,
  type MfaSettings,
} from '@tradesage/core';
import { AccountRepository } from '../../repositories/account.repository.ts';
import { verifyCurrentPassword } from '../password.service.ts';
import { answerOf, ChallengeService } from './challenge.service.ts';
import { mfaSettingsOf } from './mfa.service.ts';
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

  #settings(): Promise<MfaSettings> {
    return mfaSettingsOf(this.runtime, this.viewer.tenantId);
  }
}
