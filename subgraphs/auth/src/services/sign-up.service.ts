import crypto from 'node:crypto';
import {
  AppError,
  assertPasswordAllowed,
  assertUserQuota,
  RequestService,
  signUpExistingAccountMail,
  type Runtime,
  rateLimitedError,
  validEmail,
} from '@tradesage/core';
import { AccountTenantRepository } from '../repositories/account-tenant.repository.ts';
import { AccountRepository, isUniqueViolation } from '../repositories/account.repository.ts';
import {
  accountLimits,
  ANONYMOUS_FLOW_MIN_MS,
  assertDomainAllowed,
  emailSubject,
  ipSubject,
  validName,
  withMinimumDuration,
} from './account-support.ts';
import { EmailVerificationService } from './email-verification.service.ts';

/** The role every self-service account starts with; an admin may raise it later. */
export const SIGN_UP_ROLE = 'viewer';

/**
 * Self-service sign-up, only in tenants whose `signup.mode` is `self_service`
 * and, when `signup.allowedEmailDomains` is not empty, only for those domains.
 *
 * The account is active at once with an unverified address (`emailVerified: false`) and a
 * verification link is mailed. An address that already has an account gets the same answer
 * (`true`, after the same bcrypt work and the same minimum time), and its owner gets an email
 * instead: the caller cannot tell the two apart (ASVS 5.0 §6.4 / no enumeration).
 */
export class SignUpService extends RequestService {
  async signUp(input: {
    tenant: string;
    email: string;
    password: string;
    firstName: string;
    lastName: string;
  }): Promise<boolean> {
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findBySlugOrDomain(input.tenant);
    if (!tenant || tenant.status !== 'active' || tenant.settings.signup.mode !== 'self_service') {
      throw new AppError(
        'SIGNUP_NOT_ALLOWED',
        'This organisation does not allow sign-up; ask an administrator for an invitation',
      );
    }
    const email = validEmail(input.email);
    const firstName = validName(input.firstName, 'firstName');
    const lastName = validName(input.lastName, 'lastName');
    assertDomainAllowed(email, tenant.settings.signup.allowedEmailDomains);
    assertPasswordAllowed(input.password, tenant.settings.passwordPolicy, { email });

    const db = this.runtime.db.tenant(tenant.id);
    const limits = accountLimits(this.runtime);
    const [perIp, perEmail] = await Promise.all([
      limits.signUpPerIp.hit(tenant.id, ipSubject(this.caller.ip)),
      limits.signUpPerEmail.hit(tenant.id, emailSubject(email)),
    ]);
    if (perIp.exceeded || perEmail.exceeded) {
      await this.audit(db, {
        action: 'user.signed_up',
        actorId: null,
        result: 'refused',
        data: { reason: perIp.exceeded ? 'ip_rate_limited' : 'email_rate_limited' },
      });
      throw rateLimitedError(
        Math.max(perIp.exceeded ? perIp.msBeforeReset : 0, perEmail.exceeded ? perEmail.msBeforeReset : 0),
      );
    }

    // Everything above is the same whether or not the address is registered. From here the two
    // branches differ: both hash (the costly part) and then take at least the same floor.
    const passwordHash = await this.runtime.passwords.hash(input.password);
    return withMinimumDuration(ANONYMOUS_FLOW_MIN_MS, async () => {
      const existing = await new AccountRepository(db, tenant.id).findByEmail(email);
      if (existing) return this.#alreadyRegistered(db, existing.id, email);
      await assertUserQuota(this.runtime, tenant.id);
      const id = crypto.randomUUID();
      try {
        await new EmailVerificationService(this.runtime, this.caller).sendVerification(
          db,
          { id, tenantId: tenant.id },
          email,
          'sign_up',
          ({ accounts }) =>
            accounts.create({ id, email, role: SIGN_UP_ROLE, status: 'active', passwordHash, firstName, lastName }),
        );
      } catch (error) {
        // Registered by a concurrent request between our check and our insert.
        if (isUniqueViolation(error)) return this.#alreadyRegistered(db, null, email);
        throw error;
      }
      await this.audit(db, {
        action: 'user.signed_up',
        actorId: id,
        targetType: 'user',
        targetId: id,
        data: { role: SIGN_UP_ROLE },
      });
      return true;
    });
  }

  async #alreadyRegistered(
    db: ReturnType<Runtime['db']['tenant']>,
    ownerId: string | null,
    email: string,
  ): Promise<boolean> {
    await this.audit(db, {
      action: 'user.signed_up',
      actorId: null,
      ...(ownerId ? { targetType: 'user', targetId: ownerId } : {}),
      result: 'refused',
      data: { reason: 'email_taken' },
    });
    this.runtime.mailer.dispatch(signUpExistingAccountMail({ to: email, appUrl: this.runtime.config.mail.appUrl }));
    return true;
  }
}
