import {
  FEDERATED_AMR,
  metrics,
  parseTenantSettings,
  recordAudit,
  recordUserActivity,
  SocialStore,
  type Caller,
  type Runtime,
} from '@tradesage/core';
import { InvalidCredentialsError } from '../../errors.ts';
import { TenantRepository } from '../../repositories/tenant.repository.ts';
import { UserRepository } from '../../repositories/user.repository.ts';
import { accountRefusal, type LoginOutcome } from '../login.service.ts';
import { ChallengeService } from '../mfa/challenge.service.ts';
import { PasskeyService } from '../mfa/passkey.service.ts';
import { SignInGate, TRUSTED_DEVICE_AMR } from '../mfa/sign-in-gate.ts';
import { TokenService } from '../token.service.ts';

/**
 * The second half of a social sign-in: the account pages redeem the ticket the gateway's callback
 * made (single-use, 60 seconds) and the session starts under the same rules as a password
 * sign-in (LoginService): the tenant active, the user active and not locked, the tenant's MFA
 * policy through the SignInGate (a challenge when the user has a factor, enrolment rules, trusted
 * devices), and TokenService.startSession. The provider stands for the first factor: `amr` is
 * `fed` (FEDERATED_AMR), never `pwd`.
 */
export class SocialSignInService {
  constructor(private readonly runtime: Runtime) {}

  async complete(
    input: { ticket: string; trustedDeviceToken?: string | null | undefined },
    meta: Caller,
  ): Promise<LoginOutcome> {
    const ticket = await new SocialStore(this.runtime.redis).takeTicket(input.ticket);
    if (!ticket) throw new InvalidCredentialsError();
    const { tenantId, userId, provider } = ticket;
    const tenant = await new TenantRepository(this.runtime.db.control).findById(tenantId);
    const db = this.runtime.db.tenant(tenantId);
    const user = await new UserRepository(db, tenantId).findForLoginById(userId);
    const now = new Date();
    const refusal = accountRefusal(tenant, user, now);
    if (refusal || !tenant || !user) {
      metrics.loginFailed(refusal ?? 'unknown_user');
      await recordAudit(db, this.runtime.logger, meta, {
        action: 'login.failed',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        result: 'refused',
        data: { reason: refusal ?? 'unknown_user', by: provider },
      });
      throw new InvalidCredentialsError();
    }
    const settings = parseTenantSettings(tenant.settings);
    const gate = new SignInGate(this.runtime);
    const [, step] = await Promise.all([
      new UserRepository(db, tenantId).recordLogin(user.id, now, undefined),
      gate.step({ tenantId, user, settings: settings.mfa, now, trustedDeviceToken: input.trustedDeviceToken }),
    ]);
    switch (step.kind) {
      case 'challenge': {
        const challenge = await new ChallengeService(this.runtime).open({
          tenantId,
          userId: user.id,
          purpose: 'sign_in',
          sessionId: null,
          amr: [FEDERATED_AMR],
          factors: step.factors,
          meta,
        });
        const passkeyOptions = step.factors.includes('passkey')
          ? await new PasskeyService(this.runtime).authenticationOptions(tenantId, challenge)
          : null;
        return { kind: 'challenge', challenge, passkeyOptions };
      }
      case 'refused':
        return gate.refuse(tenantId, user.id, step.enrolBy, meta);
      case 'session':
      case 'enrol':
      case 'trusted_device': {
        const methods = step.kind === 'trusted_device' ? [TRUSTED_DEVICE_AMR, FEDERATED_AMR] : [FEDERATED_AMR];
        const auth = { time: now, methods, enrolmentOnly: step.kind === 'enrol' };
        const [tokens] = await Promise.all([
          new TokenService(this.runtime).startSession(tenantId, user, auth, meta, now, settings.sessions),
          recordUserActivity(db, this.runtime.logger, meta, { userId: user.id, kind: 'login', at: now }),
        ]);
        return { kind: 'session', tokens: step.kind === 'enrol' ? { ...tokens, enrolBy: step.enrolBy } : tokens };
      }
      default: {
        const unreachable: never = step;
        throw new Error(`unknown sign-in step ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
