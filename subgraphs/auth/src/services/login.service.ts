import {
  AppError,
  assertVisibleIdentifier,
  BadInputError,
  DEFAULT_TENANT_SETTINGS,
  findAppError,
  metrics,
  parseTenantSettings,
  type TenantSettings,
  recordAudit,
  reportSecurityEvent,
  type Caller,
  type Runtime,
  recordUserActivity,
} from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { InvalidCredentialsError } from '../errors.ts';
import { TenantRepository, type LoginTenant } from '../repositories/tenant.repository.ts';
import { UserRepository, type LoginUser } from '../repositories/user.repository.ts';
import { afterFailure, lockStatus } from './lockout.ts';
import { loginThrottleFor, type FailureVerdict, type LoginThrottle } from './login-throttle.ts';
import { answerOf, ChallengeService, type OpenedChallenge } from './mfa/challenge.service.ts';
import type { SentCode } from './mfa/one-time-codes.ts';
import { PasskeyService } from './mfa/passkey.service.ts';
import { SignInGate } from './mfa/sign-in-gate.ts';
import { TokenService, type IssuedTokens } from './token.service.ts';

export interface LoginInput {
  readonly tenant: string;
  readonly email?: string | null | undefined;
  readonly username?: string | null | undefined;
  readonly password: string;
  /** A trusted device's token (the `__Host-tradesage_td` cookie, or a client's own storage). */
  readonly trustedDeviceToken?: string | null | undefined;
}

/** A sign-in either starts a session, or waits for a second factor. */
export type LoginOutcome =
  | { readonly kind: 'session'; readonly tokens: IssuedTokens }
  | {
      readonly kind: 'challenge';
      readonly challenge: OpenedChallenge;
      /** When a passkey is among the factors: the WebAuthn request options (JSON). */
      readonly passkeyOptions: string | null;
    };

/** A sign-in's answer to its MFA challenge. */
export interface CompleteSignInInput {
  readonly challengeToken: string;
  readonly totpCode?: string | null | undefined;
  readonly recoveryCode?: string | null | undefined;
  readonly passkey?: string | null | undefined;
  readonly oneTimeCode?: string | null | undefined;
  readonly rememberDevice?: boolean | null | undefined;
}

export interface LoginServiceOptions {
  /** The time lockouts are judged by; tests move it instead of sleeping. */
  readonly clock?: () => Date;
  readonly throttle?: LoginThrottle;
}

/** Why a login failed, kept in the audit log only: the caller always gets INVALID_CREDENTIALS. */
type FailureReason =
  | 'unknown_tenant'
  | 'tenant_not_active'
  | 'unknown_user'
  | 'wrong_password'
  | 'locked'
  | 'user_disabled'
  | 'user_not_active';

/**
 * Why a sign-in that proved who it is (a passkey, a provider's identity) still may not go on: the
 * tenant not active, the user gone, not active or locked out; null when it may.
 */
export function accountRefusal(
  tenant: { readonly status: string } | null,
  user: LoginUser | null,
  now: Date,
): 'tenant_not_active' | 'unknown_user' | 'user_not_active' | 'locked' | null {
  if (tenant?.status !== 'active') return 'tenant_not_active';
  if (!user) return 'unknown_user';
  if (user.status !== 'active') return 'user_not_active';
  return lockStatus(user, now).locked ? 'locked' : null;
}

/**
 * Proves who a user is (tenant slug or custom domain; email or username; password) and starts
 * their session. OWASP ASVS 5.0 6.3.x / NIST SP 800-63B-4 §3.2.2:
 * - one answer for every failure — wrong password, unknown user or tenant, locked or disabled
 *   account — INVALID_CREDENTIALS with one message, after the same bcrypt work (a dummy hash
 *   when there is nothing real to compare with); the audit log keeps the real reason;
 * - per-account progressive lockout (lockout.ts) and per-address throttling (login-throttle.ts),
 *   including the tenant's `rateLimits.loginAttemptsPerMinute`, counted before any hashing and
 *   given back when the attempt succeeds (or is answered BUSY);
 * - a hash made with another cost than configured is replaced on the next successful login;
 * - a full hashing queue answers BUSY with a retry hint (from the PasswordHasher), never counted
 *   as a failure.
 */
export class LoginService {
  readonly #runtime: Runtime;
  readonly #now: () => Date;
  readonly #throttle: LoginThrottle;

  constructor(runtime: Runtime, options: LoginServiceOptions = {}) {
    this.#runtime = runtime;
    this.#now = options.clock ?? (() => new Date());
    this.#throttle = options.throttle ?? loginThrottleFor(runtime);
  }

  /**
   * The tenant a sign-in page served at `domain` signs in to: the active tenant with that custom
   * domain, or null. A custom domain is a public DNS name, so the answer tells nothing secret.
   */
  tenantForDomain(domain: string): Promise<{ slug: string; name: string } | null> {
    return new TenantRepository(this.#runtime.db.control).activeByDomain(domain);
  }

  async login(input: LoginInput, meta: Caller): Promise<LoginOutcome> {
    const identifier = loginIdentifier(input);
    const tenant = await new TenantRepository(this.#runtime.db.control).findForLogin(input.tenant);
    const settings = tenant ? parseTenantSettings(tenant.settings) : DEFAULT_TENANT_SETTINGS;
    await this.#throttle.beforeAttempt(tenant?.id ?? null, meta.ip, settings.rateLimits.loginAttemptsPerMinute);
    try {
      const issued = await this.#attempt(identifier, input, tenant, settings, meta);
      // A success is given back: people signing in behind one address never use up each other's budget.
      await this.#throttle.refundAttempt(tenant?.id ?? null, meta.ip);
      return issued;
    } catch (error) {
      // BUSY compared no password (as the lockout, the attempts budget does not count it).
      if (findAppError(error)?.code === 'BUSY') await this.#throttle.refundAttempt(tenant?.id ?? null, meta.ip);
      throw error;
    }
  }

  async #attempt(
    identifier: LoginIdentifier,
    input: LoginInput,
    tenant: LoginTenant | null,
    settings: TenantSettings,
    meta: Caller,
  ): Promise<LoginOutcome> {
    const { password } = input;
    const { passwords, logger } = this.#runtime;
    if (!tenant) {
      // Same work as a real check, so an unknown tenant is not told apart by timing.
      await passwords.verify(password, null);
      metrics.loginFailed('unknown_tenant' satisfies FailureReason);
      await this.#reportBlock(null, meta, await this.#throttle.afterFailure(null, meta.ip, identifier.value));
      logger.info({ requestId: meta.requestId, reason: 'unknown_tenant' satisfies FailureReason }, 'login failed');
      throw new InvalidCredentialsError();
    }

    const db = this.#runtime.db.tenant(tenant.id);
    const fail = async (
      reason: FailureReason,
      user: LoginUser | null,
      extra: Record<string, string | number | boolean | null> = {},
    ): Promise<never> => {
      metrics.loginFailed(reason);
      await recordAudit(db, logger, meta, {
        action: 'login.failed',
        actorId: user?.id ?? null,
        ...(user ? { targetType: 'user', targetId: user.id } : {}),
        result: reason === 'wrong_password' || reason === 'unknown_user' ? 'failure' : 'refused',
        data: { reason, by: identifier.kind, ...extra },
      });
      await this.#reportBlock(tenant.id, meta, await this.#throttle.afterFailure(tenant.id, meta.ip, identifier.value));
      throw new InvalidCredentialsError();
    };

    if (tenant.status !== 'active') {
      await passwords.verify(password, null);
      return fail('tenant_not_active', null);
    }

    const users = new UserRepository(db, tenant.id);
    const user = await users.findForLogin(
      identifier.kind === 'email' ? { email: identifier.value } : { username: identifier.value },
    );
    const now = this.#now();
    if (!user) {
      await passwords.verify(password, null);
      return fail('unknown_user', null);
    }
    const lock = lockStatus(user, now);
    if (lock.locked) {
      // Not compared at all: a locked account must not become a password oracle.
      await passwords.verify(password, null);
      return fail('locked', user, { permanent: lock.permanent, lockedUntil: lock.until?.toISOString() ?? null });
    }
    const passwordOk = await passwords.verify(password, user.passwordHash);
    if (user.status !== 'active') return fail(user.status === 'disabled' ? 'user_disabled' : 'user_not_active', user);
    if (!passwordOk) {
      const threshold = settings.lockout.threshold;
      const outcome = await users.updateLockout(user.id, (current) => {
        const result = afterFailure(current, threshold, now);
        return { next: result.counted ? result.next : null, lockedNow: result.lockedNow };
      });
      if (outcome?.lockedNow) await this.#auditLocked(db, user, outcome.lockedNow, meta);
      return fail('wrong_password', user);
    }

    // The password is right: the login is recorded while the tenant's MFA policy is applied
    // (OWASP ASVS 5.0 6.4.3: a reset never skips it).
    const gate = new SignInGate(this.#runtime);
    const [, step] = await Promise.all([
      this.#upgradedHash(user, password, meta).then((rehashed) => users.recordLogin(user.id, now, rehashed)),
      gate.step({
        tenantId: tenant.id,
        user,
        settings: settings.mfa,
        now,
        trustedDeviceToken: input.trustedDeviceToken,
      }),
    ]);
    switch (step.kind) {
      case 'challenge': {
        const challenge = await new ChallengeService(this.#runtime, { clock: this.#now }).open({
          tenantId: tenant.id,
          userId: user.id,
          purpose: 'sign_in',
          sessionId: null,
          amr: ['pwd'],
          factors: step.factors,
          meta,
        });
        const passkeyOptions = step.factors.includes('passkey')
          ? await new PasskeyService(this.#runtime).authenticationOptions(tenant.id, challenge)
          : null;
        return { kind: 'challenge', challenge, passkeyOptions };
      }
      case 'refused':
        return gate.refuse(tenant.id, user.id, step.enrolBy, meta);
      case 'session':
      case 'enrol':
      case 'trusted_device': {
        const methods = step.kind === 'trusted_device' ? ['device', 'pwd'] : ['pwd'];
        const auth = { time: now, methods, enrolmentOnly: step.kind === 'enrol' };
        const [tokens] = await Promise.all([
          new TokenService(this.#runtime).startSession(tenant.id, user, auth, meta, now, settings.sessions),
          recordUserActivity(db, this.#runtime.logger, meta, { userId: user.id, kind: 'login', at: now }),
        ]);
        return { kind: 'session', tokens: step.kind === 'enrol' ? { ...tokens, enrolBy: step.enrolBy } : tokens };
      }
      default: {
        const unreachable: never = step;
        throw new Error(`unknown sign-in step ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /**
   * The second step of a sign-in: the answer to its challenge (one of the user's factors the
   * tenant allows). Starts the session with both methods in its `amr`, and, when asked and the
   * tenant allows it, remembers the device.
   */
  async complete(
    input: CompleteSignInInput,
    meta: Caller,
  ): Promise<{ tokens: IssuedTokens; trustedDevice: { token: string; expiresAt: Date } | null }> {
    // Read once per tenant for the whole completion (the answer's check and the session).
    const read = new Map<string, Promise<TenantSettings>>();
    const settingsOf = (tenantId: string): Promise<TenantSettings> => {
      let settings = read.get(tenantId);
      if (!settings) {
        settings = new TenantRepository(this.#runtime.db.control).findById(tenantId).then((tenant) => {
          if (!tenant || tenant.status !== 'active') throw new InvalidCredentialsError();
          return parseTenantSettings(tenant.settings);
        });
        read.set(tenantId, settings);
      }
      return settings;
    };
    const challenges = new ChallengeService(this.#runtime, { clock: this.#now });
    if (input.rememberDevice) {
      if ((await settingsOf(challenges.tenantOf(input.challengeToken))).mfa.trustedDeviceDays === 0)
        throw new AppError('MFA_FACTOR_NOT_ALLOWED', 'This tenant does not remember devices', {
          details: { factor: 'trusted_device', field: 'rememberDevice' },
        });
    }
    const answered = await challenges.answer({
      token: input.challengeToken,
      purpose: 'sign_in',
      answer: answerOf(input),
      settings: async (tenantId) => (await settingsOf(tenantId)).mfa,
      passkeys: new PasskeyService(this.#runtime).verifier,
      meta,
      // The user is read with the challenge, and the session starts while the success is audited.
      alongside: (tenantId, userId) => new UserRepository(this.#runtime.db.tenant(tenantId), tenantId).findById(userId),
      continueWith: async ({ tenantId, alongside: user, methods }) => {
        if (!user || user.status !== 'active') throw new InvalidCredentialsError();
        const settings = await settingsOf(tenantId);
        const now = this.#now();
        const [tokens] = await Promise.all([
          new TokenService(this.#runtime).startSession(
            tenantId,
            user,
            { time: now, methods, enrolmentOnly: false },
            meta,
            now,
            settings.sessions,
          ),
          recordUserActivity(this.#runtime.db.tenant(tenantId), this.#runtime.logger, meta, {
            userId: user.id,
            kind: 'login',
            at: now,
          }),
        ]);
        return { tokens, userId: user.id, settings, now };
      },
    });
    const { tenantId } = answered;
    const { tokens, userId, settings, now } = answered.continued;
    const trustedDevice = input.rememberDevice
      ? await new SignInGate(this.#runtime).rememberDevice({
          tenantId,
          userId,
          days: settings.mfa.trustedDeviceDays,
          meta,
          now,
        })
      : null;
    return { tokens, trustedDevice };
  }

  /** A code by email or SMS for a sign-in (or step-up) challenge: ChallengeService.sendCode. */
  sendCode(token: string, kind: 'email' | 'sms', meta: Caller): Promise<SentCode> {
    return new ChallengeService(this.#runtime, { clock: this.#now }).sendCode({
      token,
      kind,
      settings: async (tenantId) => {
        const tenant = await new TenantRepository(this.#runtime.db.control).findById(tenantId);
        return (tenant ? parseTenantSettings(tenant.settings) : DEFAULT_TENANT_SETTINGS).mfa;
      },
      meta,
    });
  }

  /**
   * A passwordless sign-in with a passkey (`startPasskeySignIn` first): a passkey that verifies
   * its user is two factors at once. The tenant must be active and allow passkeys, the user active
   * and not locked out. Throttled per address like a password sign-in; every failure is
   * INVALID_CREDENTIALS (the audit log keeps the reason).
   */
  async startPasskeySignIn(tenantRef: string): Promise<{ token: string; options: string; expiresAt: Date }> {
    const tenant = await new TenantRepository(this.#runtime.db.control).findForLogin(tenantRef);
    return new PasskeyService(this.#runtime).startSignIn(tenant?.status === 'active' ? tenant : null);
  }

  async signInWithPasskey(input: { challengeToken: string; passkey: string }, meta: Caller): Promise<IssuedTokens> {
    const passkeys = new PasskeyService(this.#runtime);
    const now = this.#now();
    let response: unknown = null;
    try {
      response = JSON.parse(input.passkey.slice(0, 16_384)) as unknown;
    } catch {
      // Refused below as a malformed answer.
    }
    const verified = await passkeys.verifySignIn(input.challengeToken, response, now);
    await this.#throttle.beforeAttempt(verified?.tenantId ?? null, meta.ip);
    if (!verified) {
      metrics.loginFailed('wrong_password' satisfies FailureReason);
      await this.#throttle.afterFailure(null, meta.ip, 'passkey');
      throw new InvalidCredentialsError();
    }
    const { tenantId, userId } = verified;
    const tenant = await new TenantRepository(this.#runtime.db.control).findById(tenantId);
    const settings = tenant ? parseTenantSettings(tenant.settings) : DEFAULT_TENANT_SETTINGS;
    const db = this.#runtime.db.tenant(tenantId);
    const user = await new UserRepository(db, tenantId).findForLoginById(userId);
    const refusal: FailureReason | null =
      accountRefusal(tenant, user, now) ??
      (settings.mfa.mode === 'off' || !settings.mfa.allowedFactors.includes('passkey') ? 'user_not_active' : null);
    if (refusal || !user) {
      metrics.loginFailed(refusal ?? 'unknown_user');
      await recordAudit(db, this.#runtime.logger, meta, {
        action: 'login.failed',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        result: 'refused',
        data: { reason: refusal ?? 'unknown_user', by: 'passkey' },
      });
      throw new InvalidCredentialsError();
    }
    await this.#throttle.refundAttempt(tenantId, meta.ip);
    await new UserRepository(db, tenantId).recordLogin(user.id, now, undefined);
    const tokens = await new TokenService(this.#runtime).startSession(
      tenantId,
      user,
      { time: now, methods: ['hwk', 'mfa', 'user'], enrolmentOnly: false },
      meta,
      now,
    );
    await recordUserActivity(db, this.#runtime.logger, meta, { userId: user.id, kind: 'login', at: now });
    return tokens;
  }

  /** A new hash when the stored one was made with another cost (NIST: update on next use). */
  async #upgradedHash(user: LoginUser, password: string, meta: Caller): Promise<string | undefined> {
    const { passwords, logger } = this.#runtime;
    if (!passwords.needsRehash(user.passwordHash ?? '')) return undefined;
    try {
      return await passwords.hash(password);
    } catch (error) {
      // A busy pool must not fail a login that succeeded: upgrade on a later one.
      if (findAppError(error)?.code !== 'BUSY') throw error;
      logger.info({ requestId: meta.requestId, userId: user.id }, 'password hash upgrade postponed: hashing pool busy');
      return undefined;
    }
  }

  /**
   * Brute force from one address (many failures, or many accounts tried: login-throttle.ts) is a
   * security event once the throttle blocks the address: audited as `login.throttled` with its
   * severity in the tenant's log (none for a tenant that does not exist), counted, alerted.
   */
  async #reportBlock(tenantId: string | null, meta: Caller, verdict: FailureVerdict): Promise<void> {
    if (!verdict.blocked) return;
    await reportSecurityEvent(this.#runtime, meta, {
      kind: 'brute_force',
      severity: 'high',
      tenantId,
      action: 'login.throttled',
      response: { action: 'address_blocked', seconds: verdict.blocked.seconds },
      details: { reason: verdict.blocked.reason },
    });
  }

  async #auditLocked(
    db: TenantPrismaClient,
    user: LoginUser,
    lock: { level: number; permanent: boolean; until: Date | null },
    meta: Caller,
  ): Promise<void> {
    metrics.accountLocked(lock.permanent);
    await recordAudit(db, this.#runtime.logger, meta, {
      action: 'account.locked',
      actorId: null,
      targetType: 'user',
      targetId: user.id,
      data: { level: lock.level, permanent: lock.permanent, lockedUntil: lock.until?.toISOString() ?? null },
    });
  }
}

type LoginIdentifier = { readonly kind: 'email' | 'username'; readonly value: string };

/** Exactly one of email and username (`email` alone keeps working for existing clients). */
export function loginIdentifier(input: LoginInput): LoginIdentifier {
  const email = input.email?.trim();
  const username = input.username?.trim();
  if (email && username)
    throw new BadInputError('BAD_USER_INPUT', 'Give either email or username, not both', { field: 'username' });
  // A look-alike (an invisible character in it) is refused plainly rather than failing as a wrong password.
  if (email) assertVisibleIdentifier(email, 'email');
  if (username) assertVisibleIdentifier(username, 'username');
  if (email) return { kind: 'email', value: email.toLowerCase() };
  if (username) return { kind: 'username', value: username.toLowerCase() };
  throw new BadInputError('BAD_USER_INPUT', 'Give an email or a username', { field: 'email' });
}
