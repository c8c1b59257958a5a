import {
  AppError,
  BadInputError,
  methodsAfter,
  mfaNoticeMail,
  MfaRepository,
  mfaRequiredFor,
  NotFoundError,
  SessionRepository,
  SignedInService,
  type FactorKind,
  type FactorRow,
  type MfaSettings,
  type Runtime,
  type TrustedDeviceRow,
  maskPhoneNumber,
  parsePhoneNumber,
  tenantKey,
} from '@tradesage/core';
import { AccountTenantRepository } from '../../repositories/account-tenant.repository.ts';
import { UserRepository } from '../../repositories/user.repository.ts';
import {
  CODE_TTL_SECONDS,
  codeDigest,
  codeMatches,
  newOneTimeCode,
  sendOneTimeCode,
  type CodeDestination,
  type SentCode,
} from './one-time-codes.ts';
import { PasskeyService } from './passkey.service.ts';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeMaterial } from './recovery-codes.ts';
import { newTotpSecret, qrCodeOf, totpSecretAad, totpStepOf, totpUri } from './totp.ts';

/** A factor as the API shows it. */
export interface FactorView {
  readonly id: string;
  readonly kind: FactorKind;
  readonly name: string;
  readonly weaker: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface UserMfaView {
  readonly factors: readonly FactorView[];
  readonly recoveryCodesRemaining: number;
  readonly trustedDevices: readonly TrustedDeviceRow[];
  readonly required: boolean;
  readonly allowedFactors: readonly FactorKind[];
  readonly enrolBy: Date | null;
}

const NAME_MAX = 64;

/** A tenant's MFA settings, read fresh (a change applies to the next request). */
export async function mfaSettingsOf(runtime: Runtime, tenantId: string): Promise<MfaSettings> {
  const tenant = await new AccountTenantRepository(runtime.db.control).findById(tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  return tenant.settings.mfa;
}

/**
 * What `User.mfa` shows of a user: active factors, recovery codes left, trusted devices, whether
 * the tenant requires a factor of them and, while they have none, until when they may enrol.
 */
export async function mfaViewOf(
  runtime: Runtime,
  user: { id: string; tenantId: string; roles: readonly string[] },
): Promise<UserMfaView> {
  const tenant = await new AccountTenantRepository(runtime.db.control).findById(user.tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  const mfa = new MfaRepository(runtime.db.tenant(user.tenantId));
  const [factors, recoveryCodesRemaining, trustedDevices, enrolBy] = await Promise.all([
    mfa.factors(user.id),
    mfa.remainingRecoveryCodes(user.id),
    mfa.trustedDevices(user.id, new Date()),
    mfa.enrolBy(user.id),
  ]);
  const active = factors.filter((factor) => factor.status === 'active').map(toView);
  return {
    factors: active,
    recoveryCodesRemaining,
    trustedDevices,
    required: mfaRequiredFor(tenant.settings.mfa, user.roles),
    allowedFactors: tenant.settings.mfa.mode === 'off' ? [] : tenant.settings.mfa.allowedFactors,
    enrolBy: active.length === 0 ? enrolBy : null,
  };
}

/**
 * The signed-in caller's own second factors: enrolling an authenticator app (pending until one
 * correct code) or a passkey, naming and removing factors, recovery codes, trusted devices. The
 * shield asks for a recent strong sign-in first (step-up) wherever the issue is the account's
 * security. Each change is audited, and a change of factors forgets the trusted devices.
 */
export class MfaService extends SignedInService {
  readonly #mfa = new MfaRepository(this.db);

  async startTotp(name: string | null | undefined): Promise<{
    factorId: string;
    secret: string;
    otpauthUri: string;
    qrCodePng: string;
    qrCodeSvg: string;
  }> {
    this.#assertAllowed(await this.#settings(), 'totp');
    const label = factorName(name, 'Authenticator app');
    const user = await this.#user();
    const secret = newTotpSecret();
    const factorId = await this.#mfa.createPendingTotp(this.viewer.userId, label, (id) =>
      this.runtime.mfaSecrets.seal(totpSecretAad(id), secret),
    );
    const tenant = await new AccountTenantRepository(this.runtime.db.control).findById(this.viewer.tenantId);
    const uri = totpUri(secret, `TradeSage${tenant ? ` (${tenant.name})` : ''}`, user.email);
    const qr = await qrCodeOf(uri);
    await this.audit(this.db, {
      action: 'mfa.factor_enrolment_started',
      targetType: 'mfa_factor',
      targetId: factorId,
      data: { kind: 'totp' },
    });
    return { factorId, secret, otpauthUri: uri, qrCodePng: qr.png, qrCodeSvg: qr.svg };
  }

  /** Activates a pending TOTP factor with one correct code (the step is then used up). */
  async confirmTotp(factorId: string, code: string): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    const settings = await this.#settings();
    this.#assertAllowed(settings, 'totp');
    const factor = await this.#mfa.totpFactor(this.viewer.userId, factorId);
    if (!factor || factor.status !== 'pending') throw new NotFoundError('Pending authenticator app');
    const secret = this.runtime.mfaSecrets.open(totpSecretAad(factor.id), factor.secret);
    const now = new Date();
    const step = secret === null ? null : totpStepOf(secret, code.trim(), now, settings.totpWindow);
    if (step === null || !(await this.#mfa.acceptTotpStep(factor.id, step, now)))
      throw new AppError('MFA_CODE_INVALID', 'That code is not right: enter the one the app shows now', {
        details: { field: 'code' },
      });
    return this.#enrolled({ ...factor, status: 'active', lastUsedAt: now });
  }

  /**
   * Starts an email or SMS factor: a pending factor and a code to the address (the user's own) or
   * the number (E.164, PHONE_NUMBER_INVALID otherwise); the factor is active once the code comes
   * back (confirmOtpFactor), so a number is verified before use. Asking again sends a new code
   * (the old one stops working) after the resend wait.
   */
  async startOtpFactor(kind: 'email' | 'sms', phone?: string | null): Promise<{ factorId: string } & SentCode> {
    this.#assertAllowed(await this.#settings(), kind);
    const user = await this.#user();
    let destination: CodeDestination = { kind: 'email', email: user.email };
    if (kind === 'sms') {
      const parsed = parsePhoneNumber(phone ?? '');
      if (!parsed)
        throw new AppError(
          'PHONE_NUMBER_INVALID',
          'Enter a mobile number in international form, such as +44 7400 123456',
          {
            details: { field: 'phone' },
          },
        );
      destination = { kind: 'sms', phone: parsed.e164 };
    } else if (
      (await this.#mfa.factors(user.id)).some((factor) => factor.kind === 'email' && factor.status === 'active')
    ) {
      throw new AppError('CONFLICT', 'Codes by email are on already');
    }
    const key = pendingKey(this.viewer.tenantId, user.id, kind);
    const previous = parsePending(await this.runtime.redis.get(key));
    const now = new Date();
    const code = newOneTimeCode();
    let factorId = '';
    const sent = await sendOneTimeCode(this.runtime, {
      tenantId: this.viewer.tenantId,
      userId: user.id,
      to: destination,
      code,
      lastSentAt: previous ? new Date(previous.sentAt) : null,
      meta: this.caller,
      now,
      beforeSending: async () => {
        const phoneNumber = destination.kind === 'sms' ? destination.phone : null;
        const factor = await this.#mfa.createPendingOtpFactor(
          user.id,
          kind,
          phoneNumber ? `Phone ${maskPhoneNumber(phoneNumber)}` : 'Email',
          phoneNumber,
        );
        factorId = factor.id;
        const pending: PendingCode = {
          factorId,
          digest: codeDigest(this.runtime, factorId, code),
          sentAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString(),
          failures: 0,
        };
        await this.runtime.redis.set(key, JSON.stringify(pending), 'EX', CODE_TTL_SECONDS);
      },
    });
    return { factorId, ...sent };
  }

  /** Activates a pending email or SMS factor with the code sent to it (5 wrong codes void it). */
  async confirmOtpFactor(
    factorId: string,
    code: string,
  ): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    const factor = await this.#mfa.factor(this.viewer.userId, factorId);
    if (!factor || factor.status !== 'pending' || (factor.kind !== 'email' && factor.kind !== 'sms'))
      throw new NotFoundError('Pending factor');
    this.#assertAllowed(await this.#settings(), factor.kind);
    const key = pendingKey(this.viewer.tenantId, this.viewer.userId, factor.kind);
    const pending = parsePending(await this.runtime.redis.get(key));
    const now = new Date();
    const left = pending ? new Date(pending.expiresAt).getTime() - now.getTime() : 0;
    if (!pending || pending.factorId !== factorId || left <= 0)
      throw new AppError('MFA_CODE_INVALID', 'That code is no longer valid: ask for a new one', {
        details: { field: 'code' },
      });
    if (!codeMatches(this.runtime, factorId, code, pending.digest)) {
      const failures = pending.failures + 1;
      if (failures >= MAX_CONFIRM_FAILURES) await this.runtime.redis.del(key);
      else await this.runtime.redis.set(key, JSON.stringify({ ...pending, failures }), 'PX', left);
      throw new AppError('MFA_CODE_INVALID', 'That code is not right', {
        details: { field: 'code', attemptsLeft: Math.max(0, MAX_CONFIRM_FAILURES - failures) },
      });
    }
    await this.runtime.redis.del(key);
    // A new number replaces the old one.
    if (factor.kind === 'sms')
      for (const old of await this.#mfa.factors(this.viewer.userId))
        if (old.kind === 'sms' && old.status === 'active') await this.#mfa.deleteFactor(this.viewer.userId, old.id);
    await this.#mfa.recordFactorUse(factorId, now);
    return this.#enrolled({ ...factor, status: 'active', lastUsedAt: now });
  }

  async passkeyRegistrationOptions(): Promise<string> {
    this.#assertAllowed(await this.#settings(), 'passkey');
    const user = await this.#user();
    return new PasskeyService(this.runtime).registrationOptions(this.viewer.tenantId, {
      id: user.id,
      email: user.email,
      displayName: user.email,
    });
  }

  async finishPasskeyRegistration(
    name: string | null | undefined,
    responseJson: string,
  ): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    this.#assertAllowed(await this.#settings(), 'passkey');
    let response: unknown = null;
    try {
      response = JSON.parse(responseJson) as unknown;
    } catch {
      // Verified below as a malformed answer.
    }
    const verified = await new PasskeyService(this.runtime).verifyRegistration(
      this.viewer.tenantId,
      this.viewer.userId,
      response,
    );
    const factor = await this.#mfa
      .createPasskey(this.viewer.userId, {
        name: factorName(name, 'Passkey'),
        credentialId: verified.credentialId,
        publicKey: verified.publicKey,
        counter: verified.counter,
        transports: verified.transports,
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'P2002')
          throw new AppError('CONFLICT', 'This passkey is registered already');
        throw error;
      });
    return this.#enrolled(factor);
  }

  async renameFactor(id: string, name: string): Promise<FactorView> {
    const label = factorName(name, '');
    if (!(await this.#mfa.renameFactor(this.viewer.userId, id, label))) throw new NotFoundError('Factor');
    await this.audit(this.db, { action: 'mfa.factor_renamed', targetType: 'mfa_factor', targetId: id });
    const factor = await this.#mfa.factor(this.viewer.userId, id);
    if (!factor) throw new NotFoundError('Factor');
    return toView(factor);
  }

  async removeFactor(id: string): Promise<boolean> {
    const removed = await this.#mfa.deleteFactor(this.viewer.userId, id);
    if (!removed) throw new NotFoundError('Factor');
    await this.audit(this.db, {
      action: 'mfa.factor_removed',
      targetType: 'mfa_factor',
      targetId: id,
      data: { kind: removed.kind },
    });
    await this.#notify(
      `The ${removed.kind === 'totp' ? 'authenticator app' : removed.kind} "${removed.name}" was removed from your account`,
    );
    return true;
  }

  /** A new set of recovery codes; the old set is void. Only for a user with a second factor. */
  async regenerateRecoveryCodes(): Promise<string[]> {
    const kinds = await this.#mfa.activeKinds(this.viewer.userId);
    kinds.delete('recovery_code');
    if (kinds.size === 0)
      throw new AppError('CONFLICT', 'Recovery codes recover a second factor: enrol one first', {
        details: { reason: 'no_second_factor' },
      });
    return this.#newRecoveryCodes();
  }

  async revokeTrustedDevice(id: string): Promise<boolean> {
    if (!(await this.#mfa.deleteTrustedDevice(this.viewer.userId, id))) throw new NotFoundError('Trusted device');
    await this.audit(this.db, { action: 'trusted_device.revoked', targetType: 'trusted_device', targetId: id });
    return true;
  }

  /**
   * After a factor became active: the first one brings recovery codes; trusted devices are
   * forgotten (a change of factors); a session it was done in without a second factor counts as
   * two-factor from now, and stops being enrolment-only.
   */
  async #enrolled(factor: FactorRow): Promise<{ factor: FactorView; recoveryCodes: string[] | null }> {
    const kinds = await this.#mfa.activeKinds(this.viewer.userId);
    const first = !kinds.has('recovery_code');
    const recoveryCodes = first ? await this.#newRecoveryCodes() : null;
    await this.#mfa.deleteTrustedDevices(this.viewer.userId);
    // A session without a second factor has just proved this one (its first code, or a passkey
    // verifying its user): it counts as two-factor now. One that had a factor keeps what it had.
    const auth = this.viewer.auth;
    if (!auth.methods.includes('mfa') || auth.enrolmentOnly)
      await new SessionRepository(this.db, this.viewer.tenantId).reauthenticate(this.viewer.sessionId, {
        time: new Date(),
        methods: auth.methods.includes('mfa') ? [...auth.methods] : methodsAfter(auth.methods, factor.kind),
        enrolmentOnly: false,
      });
    await this.audit(this.db, {
      action: 'mfa.factor_enrolled',
      targetType: 'mfa_factor',
      targetId: factor.id,
      data: { kind: factor.kind },
    });
    await this.#notify(`A second factor ("${factor.name}") was added to your account`);
    return { factor: toView(factor), recoveryCodes };
  }

  async #newRecoveryCodes(): Promise<string[]> {
    const codes = newRecoveryCodes();
    const digests = codes.map((code) => {
      const normalized = normalizeRecoveryCode(code);
      if (!normalized) throw new Error('a generated recovery code does not normalise');
      return this.runtime.mfaSecrets.digests(recoveryCodeMaterial(this.viewer.userId, normalized))[0] as string;
    });
    await this.#mfa.replaceRecoveryCodes(this.viewer.userId, digests);
    await this.audit(this.db, {
      action: 'mfa.recovery_codes_generated',
      targetType: 'user',
      targetId: this.viewer.userId,
      data: { count: codes.length },
    });
    return codes;
  }

  #settings(): Promise<MfaSettings> {
    return mfaSettingsOf(this.runtime, this.viewer.tenantId);
  }

  #assertAllowed(settings: MfaSettings, kind: FactorKind): void {
    if (settings.mode === 'off' || !settings.allowedFactors.includes(kind))
      throw new AppError('MFA_FACTOR_NOT_ALLOWED', 'This tenant does not allow this factor', {
        details: { factor: kind },
      });
  }

  async #user(): Promise<{ id: string; email: string }> {
    const user = await new UserRepository(this.db, this.viewer.tenantId).findById(this.viewer.userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  async #notify(what: string): Promise<void> {
    const user = await this.#user();
    this.runtime.mailer.dispatch(mfaNoticeMail({ to: user.email, what, at: new Date() }));
  }
}

const MAX_CONFIRM_FAILURES = 5;

/** A code sent to confirm a new email or SMS factor (Redis, for CODE_TTL_SECONDS). */
interface PendingCode {
  readonly factorId: string;
  readonly digest: string;
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly failures: number;
}

function pendingKey(tenantId: string, userId: string, kind: 'email' | 'sms'): string {
  return tenantKey(tenantId, 'otp-enrolment', userId, kind);
}

function parsePending(value: string | null): PendingCode | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<PendingCode>;
    return typeof parsed.factorId === 'string' &&
      typeof parsed.digest === 'string' &&
      typeof parsed.sentAt === 'string' &&
      typeof parsed.expiresAt === 'string' &&
      typeof parsed.failures === 'number'
      ? (parsed as PendingCode)
      : null;
  } catch {
    return null;
  }
}

export function toView(factor: FactorRow): FactorView {
  return {
    id: factor.id,
    kind: factor.kind,
    name: factor.name,
    weaker: factor.kind === 'email' || factor.kind === 'sms',
    createdAt: factor.createdAt,
    lastUsedAt: factor.lastUsedAt,
  };
}

/** A factor's name: trimmed, 1 to 64 characters; `fallback` when none is given (and a fallback exists). */
function factorName(name: string | null | undefined, fallback: string): string {
  const trimmed = (name ?? '').trim();
  if (trimmed === '' && fallback) return fallback;
  if (trimmed === '' || [...trimmed].length > NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(trimmed))
    throw new BadInputError('BAD_USER_INPUT', `A name of 1 to ${NAME_MAX} visible characters`, { field: 'name' });
  return trimmed;
}
