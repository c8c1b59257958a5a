import {
  accountLink,
  AppError,
  assertPasswordAllowed,
  BCRYPT_MAX_BYTES,
  DEFAULT_TENANT_SETTINGS,
  type Caller,
  issueOneTimeToken,
  ONE_TIME_TOKEN_TTL_SECONDS,
  passwordChangedMail,
  passwordResetDoneMail,
  passwordResetMail,
  rateLimitedError,
  recordAudit,
  recordUserActivity,
  RequestService,
  MfaRepository,
  revokeUserSessions,
  type Runtime,
  type TenantSettings,
  UnauthenticatedError,
  type Viewer,
  validEmail,
} from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { AccountTenantRepository, type AccountTenant } from '../repositories/account-tenant.repository.ts';
import { AccountRepository, inAccountTransaction, type AccountUser } from '../repositories/account.repository.ts';
import {
  accountLimits,
  ANONYMOUS_FLOW_MIN_MS,
  emailSubject,
  InvalidTokenError,
  ipSubject,
  turnedDown,
  withMinimumDuration,
} from './account-support.ts';
import { unlockAccount } from './lockout.ts';
import { linkFailure, linkHolder, openLink } from './one-time-link.ts';

/**
 * Changing a known password and recovering a forgotten one (OWASP ASVS
 * 5.0 §6.2.2-6.2.3, §6.4; NIST SP 800-63B-4 §3.1.1.2, §4.2 recovery).
 */
export class PasswordService extends RequestService {
  /**
   * The password policy of a tenant named by slug or custom domain, for pages to check as a person
   * types. A tenant that does not exist or is not active answers the defaults: no enumeration.
   */
  async requirements(slugOrDomain: string): Promise<TenantSettings['passwordPolicy'] & { maxBytes: number }> {
    const found = await new AccountTenantRepository(this.runtime.db.control).findBySlugOrDomain(slugOrDomain);
    const settings = found?.status === 'active' ? found.settings : DEFAULT_TENANT_SETTINGS;
    return { ...settings.passwordPolicy, maxBytes: BCRYPT_MAX_BYTES };
  }

  /**
   * The signed-in user replaces their password. The current one is required (ASVS 6.2.3), wrong
   * guesses are throttled per user, the new one must pass the tenant's policy. Every other session
   * of the user ends (this one stays), pending reset links die, and the owner is told by email.
   */
  async changePassword(viewer: Viewer, input: { currentPassword: string; newPassword: string }): Promise<boolean> {
    const db = this.runtime.db.tenant(viewer.tenantId);
    const user = await new AccountRepository(db, viewer.tenantId).findById(viewer.userId);
    if (!user || user.status !== 'active') throw new UnauthenticatedError();
    await verifyCurrentPassword(this.runtime, db, this.caller, user, input.currentPassword, 'password.changed');
    const tenant = await this.#tenant(viewer.tenantId);
    assertNewPasswordAllowed(input.newPassword, tenant, user);
    const newHash = await this.runtime.passwords.hash(input.newPassword);
    const now = new Date();
    const changed = await inAccountTransaction(db, viewer.tenantId, async ({ accounts, tokens }) => {
      if (!(await accounts.setPassword(user.id, { expectedHash: user.passwordHash, newHash, at: now }))) return false;
      await tokens.revokeOutstanding(user.id, ['password_reset'], now);
      return true;
    });
    // Another change or reset committed between our check and our write: theirs stands.
    if (!changed) throw invalidCurrentPassword();

    // A password change forgets the trusted devices: each is asked for the second factor again.
    await new MfaRepository(db).deleteTrustedDevices(user.id);
    const ended = await revokeUserSessions(this.runtime, viewer.tenantId, user.id, 'password_changed', {
      exceptSessionId: viewer.sessionId,
    });
    await this.#announce(db, user, 'changed', ended.length, now);
    return true;
  }

  /**
   * Sends a reset link when the account exists and is active. The answer is `true` whatever
   * happened (ASVS 6.4.x: no account enumeration): both branches do comparable work, mail goes
   * out in the background, and the response never comes faster than ANONYMOUS_FLOW_MIN_MS.
   * Throttled per address and per client IP, counted whether or not the account exists.
   */
  requestPasswordReset(input: { tenant: string; email: string }): Promise<boolean> {
    return withMinimumDuration(ANONYMOUS_FLOW_MIN_MS, async () => {
      const email = validEmail(input.email);
      const tenant = await new AccountTenantRepository(this.runtime.db.control).findBySlugOrDomain(input.tenant);
      if (!tenant || tenant.status !== 'active') return true;
      const db = this.runtime.db.tenant(tenant.id);
      const limits = accountLimits(this.runtime);
      const [perIp, perEmail] = await Promise.all([
        limits.resetPerIp.hit(tenant.id, ipSubject(this.caller.ip)),
        limits.resetPerEmail.hit(tenant.id, emailSubject(email)),
      ]);
      const found = await new AccountRepository(db, tenant.id).findByEmail(email);
      // A service account has no password to reset: as for an unknown address.
      const user = found?.kind === 'person' ? found : null;
      if (perIp.exceeded || perEmail.exceeded) {
        await this.audit(db, {
          action: 'password.reset_requested',
          actorId: user?.id ?? null,
          result: 'refused',
          data: { reason: perIp.exceeded ? 'ip_rate_limited' : 'email_rate_limited' },
        });
        throw rateLimitedError(
          Math.max(perIp.exceeded ? perIp.msBeforeReset : 0, perEmail.exceeded ? perEmail.msBeforeReset : 0),
        );
      }
      if (!user || user.status !== 'active') {
        await this.audit(db, {
          action: 'password.reset_requested',
          actorId: user?.id ?? null,
          result: 'failure',
          data: { reason: user ? `user_${user.status}` : 'unknown_user' },
        });
        return true;
      }
      const now = new Date();
      const issued = issueOneTimeToken(this.runtime.tenantClaims, tenant.id, 'password_reset', now);
      await inAccountTransaction(db, tenant.id, async ({ tokens }) => {
        // Only the newest link works.
        await tokens.revokeOutstanding(user.id, ['password_reset'], now);
        await tokens.create({
          hash: issued.hash,
          userId: user.id,
          purpose: 'password_reset',
          email: user.email,
          expiresAt: issued.expiresAt,
        });
      });
      await this.audit(db, {
        action: 'password.reset_requested',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
      });
      this.runtime.mailer.dispatch(
        passwordResetMail({
          to: user.email,
          link: accountLink(this.runtime.config.mail.appUrl, 'reset-password', issued.token, tenant.slug),
          validMinutes: ONE_TIME_TOKEN_TTL_SECONDS.password_reset / 60,
        }),
      );
      return true;
    });
  }

  /**
   * Sets a new password with a reset link's token (single use, 30 minutes). On success every
   * session of the user ends, every lockout is lifted (a completed reset is one of the two ways
   * out of a permanent lock, ASVS 6.1.1), and the address the link reached is marked verified:
   * holding the token proves the user receives mail there.
   */
  async resetPassword(input: { token: string; newPassword: string }): Promise<boolean> {
    const link = await openLink(this.runtime, input.token, 'password_reset');
    const { tenantId, tenant, db, hash } = link;
    const user = await linkHolder(link, { status: 'active', action: 'password.reset' }, (entry) =>
      this.audit(db, entry),
    );
    assertNewPasswordAllowed(input.newPassword, tenant, user);
    const newHash = await this.runtime.passwords.hash(input.newPassword);
    const now = new Date();
    const done = await inAccountTransaction(db, tenantId, async ({ accounts, tokens }) => {
      const spent = await tokens.consume(hash, 'password_reset', now);
      if (!spent || spent.userId !== user.id) throw new InvalidTokenError();
      if (
        !(await accounts.setPassword(user.id, {
          expectedHash: user.passwordHash,
          newHash,
          at: now,
          verifiedEmail: spent.email,
        }))
      ) {
        throw new InvalidTokenError();
      }
      await tokens.revokeOutstanding(user.id, ['password_reset'], now);
      return true;
    }).catch(async (error: unknown) => {
      if (error instanceof InvalidTokenError) {
        await this.audit(db, linkFailure('password.reset', user.id, 'token_already_used'));
      }
      throw error;
    });

    const wasLocked =
      user.lockedPermanently || user.lockoutLevel > 0 || user.failedLoginCount > 0 || user.lockedUntil !== null;
    if (wasLocked && (await unlockAccount(db, user.id))) {
      await this.audit(db, {
        action: 'account.unlocked',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        data: { by: 'password_reset', wasPermanent: user.lockedPermanently },
      });
    }
    // A reset never skips the second factor (ASVS 5.0 6.4.3): no session starts here, and no device stays trusted.
    await new MfaRepository(db).deleteTrustedDevices(user.id);
    const ended = await revokeUserSessions(this.runtime, tenantId, user.id, 'password_reset');
    await this.#announce(db, user, 'reset', ended.length, now);
    return done;
  }

  /** A new password is in place: audited, recorded as the user's activity, and its owner told by mail. */
  async #announce(
    db: TenantPrismaClient,
    user: Pick<AccountUser, 'id' | 'email'>,
    how: 'changed' | 'reset',
    sessionsEnded: number,
    at: Date,
  ): Promise<void> {
    await this.audit(db, {
      action: how === 'changed' ? 'password.changed' : 'password.reset',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      data: { sessionsEnded },
    });
    await recordUserActivity(db, this.runtime.logger, this.caller, {
      userId: user.id,
      kind: how === 'changed' ? 'password_changed' : 'password_reset',
      at,
    });
    const mail = how === 'changed' ? passwordChangedMail : passwordResetDoneMail;
    this.runtime.mailer.dispatch(mail({ to: user.email, at }));
  }

  async #tenant(id: string): Promise<AccountTenant> {
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(id);
    if (!tenant) throw new UnauthenticatedError();
    return tenant;
  }
}

function invalidCurrentPassword(): AppError {
  return new AppError('INVALID_CURRENT_PASSWORD', 'The current password is not correct', {
    details: { field: 'currentPassword' },
  });
}

/** The tenant's password policy, which also keeps the user's own email and username out of their password. */
function assertNewPasswordAllowed(
  password: string,
  tenant: AccountTenant,
  user: Pick<AccountUser, 'email' | 'username'>,
): void {
  assertPasswordAllowed(
    password,
    tenant.settings.passwordPolicy,
    { email: user.email, username: user.username },
    { field: 'newPassword' },
  );
}

/**
 * Re-authentication for sensitive changes (ASVS 6.2.3 / 7.5.1): one error for every failure,
 * and after 5 wrong guesses in 15 minutes RATE_LIMITED, so a stolen session cannot brute-force
 * the password through these mutations.
 */
export async function verifyCurrentPassword(
  runtime: Runtime,
  db: TenantPrismaClient,
  caller: Caller,
  user: AccountUser,
  currentPassword: string,
  action: 'password.changed' | 'email.change_requested' | 'mfa.step_up',
): Promise<void> {
  const failures = accountLimits(runtime).currentPasswordFailures;
  const state = await failures.peek(user.tenantId, user.id);
  // Failures are counted, not attempts: once `points` of them are spent, refuse the next try.
  if (state.count >= failures.rule.points) {
    await recordAudit(db, runtime.logger, caller, turnedDown(action, user.id, 'refused', 'rate_limited'));
    throw rateLimitedError(state.msBeforeReset);
  }
  if (!(await runtime.passwords.verify(currentPassword, user.passwordHash))) {
    await failures.hit(user.tenantId, user.id);
    await recordAudit(db, runtime.logger, caller, turnedDown(action, user.id, 'failure', 'wrong_current_password'));
    throw invalidCurrentPassword();
  }
  await failures.reset(user.tenantId, user.id);
}
