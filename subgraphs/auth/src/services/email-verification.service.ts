import {
  accountLink,
  AppError,
  emailChangedMail,
  emailChangeNoticeMail,
  emailInUseNoticeMail,
  emailVerificationMail,
  issueOneTimeToken,
  ONE_TIME_TOKEN_TTL_SECONDS,
  rateLimitedError,
  recordUserActivity,
  RequestService,
  UnauthenticatedError,
  type Viewer,
  validEmail,
} from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { AccountTenantRepository } from '../repositories/account-tenant.repository.ts';
import {
  AccountRepository,
  inAccountTransaction,
  isUniqueViolation,
  type AccountUnitOfWork,
  type AccountUser,
} from '../repositories/account.repository.ts';
import { accountLimits, assertDomainAllowed, InvalidTokenError, turnedDown } from './account-support.ts';
import { linkFailure, openLink } from './one-time-link.ts';
import { verifyCurrentPassword } from './password.service.ts';

export type VerificationReason = 'sign_up' | 'email_change' | 'resend';

/**
 * Proof that a user receives mail at their address (ASVS 5.0 §6.4): on sign-up,
 * and before a new address replaces the old one. A change waits in `pending_email` until the link
 * sent to the NEW address is used; the OLD address is told, so a hijacked session cannot quietly
 * move the account (and its password resets) to the attacker's mailbox.
 */
export class EmailVerificationService extends RequestService {
  async requestEmailChange(viewer: Viewer, input: { newEmail: string; currentPassword: string }): Promise<boolean> {
    const db = this.runtime.db.tenant(viewer.tenantId);
    const accounts = new AccountRepository(db, viewer.tenantId);
    const user = await accounts.findById(viewer.userId);
    if (!user || user.status !== 'active') throw new UnauthenticatedError();
    const newEmail = validEmail(input.newEmail, 'newEmail');
    await verifyCurrentPassword(this.runtime, db, this.caller, user, input.currentPassword, 'email.change_requested');
    if (newEmail === user.email)
      throw new AppError('BAD_USER_INPUT', 'This is already your address', { details: { field: 'newEmail' } });
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(viewer.tenantId);
    if (!tenant) throw new UnauthenticatedError();
    assertDomainAllowed(newEmail, tenant.settings.signup.allowedEmailDomains, 'newEmail');
    await this.#throttle(db, user, 'email.change_requested');

    const holder = await accounts.findByEmail(newEmail);
    if (holder) {
      // Another account has the address: say so only to that address's owner, not to the caller,
      // so a signed-in user cannot probe which addresses are registered.
      await this.audit(db, turnedDown('email.change_requested', user.id, 'refused', 'email_taken'));
      this.runtime.mailer.dispatch(emailInUseNoticeMail({ to: newEmail }));
      return true;
    }
    await this.sendVerification(db, user, newEmail, 'email_change', ({ accounts: tx }) =>
      tx.setPendingEmail(user.id, newEmail),
    );
    await this.audit(db, {
      action: 'email.change_requested',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      data: { newEmail },
    });
    this.runtime.mailer.dispatch(emailChangeNoticeMail({ to: user.email, newEmail }));
    return true;
  }

  /**
   * Uses a verification link. The token names the address it was sent to: the user's current
   * address becomes verified, or their pending address replaces it. A token for an address that
   * is neither any more (a newer change superseded it) is invalid.
   */
  async verifyEmail(input: { token: string }): Promise<boolean> {
    const { tenantId, db, hash } = await openLink(this.runtime, input.token, 'email_verification');
    const now = new Date();
    let outcome: { userId: string; changedFrom: string | null; changedTo: string };
    try {
      outcome = await inAccountTransaction(db, tenantId, async ({ accounts, tokens }) => {
        const spent = await tokens.consume(hash, 'email_verification', now);
        const user = spent ? await accounts.findById(spent.userId) : null;
        if (!spent?.email || !user || user.status === 'disabled' || user.status === 'deleted')
          throw new InvalidTokenError();
        if (spent.email === user.email) {
          await accounts.markEmailVerified(user.id, user.email, now);
          return { userId: user.id, changedFrom: null, changedTo: user.email };
        }
        if (spent.email === user.pendingEmail && (await accounts.adoptPendingEmail(user.id, spent.email, now))) {
          // Reset links went to the old address; they must not outlive the change.
          await tokens.revokeOutstanding(user.id, ['password_reset', 'email_verification'], now);
          return { userId: user.id, changedFrom: user.email, changedTo: spent.email };
        }
        throw new InvalidTokenError();
      });
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        await this.audit(db, linkFailure('email.verified', null, 'invalid_token'));
        throw error;
      }
      if (isUniqueViolation(error)) throw await this.#addressTaken(db, tenantId, hash, now);
      throw error;
    }
    await this.audit(db, {
      action: 'email.verified',
      actorId: outcome.userId,
      targetType: 'user',
      targetId: outcome.userId,
      data: { changed: outcome.changedFrom !== null },
    });
    if (outcome.changedFrom !== null) {
      await recordUserActivity(db, this.runtime.logger, this.caller, {
        userId: outcome.userId,
        kind: 'email_changed',
        at: now,
      });
      // The old address hears of the change once it is done (it was told of the request too).
      this.runtime.mailer.dispatch(emailChangedMail({ to: outcome.changedFrom, newEmail: outcome.changedTo, at: now }));
    }
    return true;
  }

  /** Sends a fresh link to the pending address if there is one, else to the unverified current address. */
  async resendVerificationEmail(viewer: Viewer): Promise<boolean> {
    const db = this.runtime.db.tenant(viewer.tenantId);
    const user = await new AccountRepository(db, viewer.tenantId).findById(viewer.userId);
    if (!user || user.status !== 'active') throw new UnauthenticatedError();
    const address = user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
    if (!address) throw new AppError('EMAIL_ALREADY_VERIFIED', 'Your email address is already verified');
    await this.#throttle(db, user, 'email.verification_sent');
    await this.sendVerification(db, user, address, 'resend');
    return true;
  }

  /**
   * Issues a verification token for `address` (older ones stop working), mails the link and
   * audits. `alongside` runs in the same transaction before the token is stored (creating the
   * user on sign-up, recording the pending address on a change): both commit or neither does.
   */
  async sendVerification(
    db: TenantPrismaClient,
    user: Pick<AccountUser, 'id' | 'tenantId'>,
    address: string,
    reason: VerificationReason,
    alongside?: (work: AccountUnitOfWork) => Promise<void>,
  ): Promise<void> {
    const now = new Date();
    const issued = issueOneTimeToken(this.runtime.tenantClaims, user.tenantId, 'email_verification', now);
    await inAccountTransaction(db, user.tenantId, async (work) => {
      if (alongside) await alongside(work);
      await work.tokens.revokeOutstanding(user.id, ['email_verification'], now);
      await work.tokens.create({
        hash: issued.hash,
        userId: user.id,
        purpose: 'email_verification',
        email: address,
        expiresAt: issued.expiresAt,
      });
    });
    this.runtime.mailer.dispatch(
      emailVerificationMail({
        to: address,
        link: accountLink(this.runtime.config.mail.appUrl, 'verify-email', issued.token),
        validHours: ONE_TIME_TOKEN_TTL_SECONDS.email_verification / 3600,
      }),
    );
    await this.audit(db, {
      action: 'email.verification_sent',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      data: { reason },
    });
  }

  async #throttle(
    db: TenantPrismaClient,
    user: AccountUser,
    action: 'email.change_requested' | 'email.verification_sent',
  ): Promise<void> {
    const state = await accountLimits(this.runtime).verificationPerUser.hit(user.tenantId, user.id);
    if (!state.exceeded) return;
    await this.audit(db, turnedDown(action, user.id, 'refused', 'rate_limited'));
    throw rateLimitedError(state.msBeforeReset);
  }

  /**
   * The pending address was taken by another account after the change was requested. The change
   * cannot happen: the link is spent and the pending address dropped, and the caller is told.
   */
  async #addressTaken(db: TenantPrismaClient, tenantId: string, hash: string, now: Date): Promise<AppError> {
    const userId = await inAccountTransaction(db, tenantId, async ({ accounts, tokens }) => {
      const spent = await tokens.consume(hash, 'email_verification', now);
      if (spent) await accounts.setPendingEmail(spent.userId, null);
      return spent?.userId ?? null;
    });
    await this.audit(db, {
      action: 'email.verified',
      actorId: userId,
      targetType: 'user',
      targetId: userId ?? undefined,
      result: 'refused',
      data: { reason: 'email_taken' },
    });
    return new AppError('EMAIL_TAKEN', 'That address is now used by another account, so it cannot become yours');
  }
}
