import type { TenantSettings } from '../tenants/tenant-settings.ts';

export type MfaSettings = TenantSettings['mfa'];

/** A kind of second factor, as tenant settings name them. */
export type FactorKind = MfaSettings['allowedFactors'][number];

/**
 * RFC 8176 authentication method references a factor adds to a session: `otp` (TOTP, email
 * and recovery codes are one-time passwords), `sms`, `hwk` + `user` (a passkey proves possession
 * of a key and verifies its user). `mfa` is added whenever two factors were used.
 */
export const FACTOR_AMR: Readonly<Record<FactorKind, readonly string[]>> = Object.freeze({
  totp: ['otp'],
  recovery_code: ['otp'],
  email: ['otp'],
  sms: ['sms'],
  passkey: ['hwk', 'user'],
});

/** The methods of a sign-in that used `first` (e.g. `pwd`) and then `factor`. */
export function methodsAfter(first: readonly string[], factor: FactorKind): string[] {
  return [...new Set([...first, ...FACTOR_AMR[factor], 'mfa'])].sort();
}

/** Whether the tenant's policy asks this user (their roles) for a second factor. */
export function mfaRequiredFor(settings: MfaSettings, roles: readonly string[]): boolean {
  if (settings.mode === 'required') return true;
  if (settings.mode === 'off') return false;
  return roles.some((role) => settings.requiredForRoles.includes(role));
}

/** The factors a user has that the tenant allows, in the order a sign-in page offers them. */
export function usableFactors(settings: MfaSettings, enrolled: Iterable<FactorKind>): FactorKind[] {
  if (settings.mode === 'off') return [];
  const have = new Set(enrolled);
  return settings.allowedFactors.filter((kind) => have.has(kind)).sort((a, b) => ORDER[a] - ORDER[b]);
}

const ORDER: Readonly<Record<FactorKind, number>> = { passkey: 0, totp: 1, sms: 2, email: 3, recovery_code: 4 };

/** What a sign-in that proved the password leads to. */
export type SignInStep =
  /** No second factor is asked for: the session starts. */
  | { readonly kind: 'session' }
  /** The user must answer one of these factors first. */
  | { readonly kind: 'challenge'; readonly factors: readonly FactorKind[] }
  /** A second factor is required and the user has none: a session that may only enrol one, until `enrolBy`. */
  | { readonly kind: 'enrol'; readonly enrolBy: Date }
  /** A second factor is required, the user has none, and their grace period is over. */
  | { readonly kind: 'refused'; readonly enrolBy: Date };

/**
 * The policy of a sign-in. A user with a usable factor is always asked for it (a factor they chose
 * protects them whatever the tenant requires; recovery codes alone count too, as the last way in).
 * A user who must have one and has none gets the tenant's grace period, which starts at their
 * first such sign-in (`enrolBy` null until then) and then only allows enrolling one.
 */
export function signInStep(input: {
  readonly settings: MfaSettings;
  readonly roles: readonly string[];
  readonly enrolled: Iterable<FactorKind>;
  readonly enrolBy: Date | null;
  readonly now: Date;
}): SignInStep {
  const factors = usableFactors(input.settings, input.enrolled);
  if (factors.length > 0) return { kind: 'challenge', factors };
  if (!mfaRequiredFor(input.settings, input.roles)) return { kind: 'session' };
  const enrolBy = input.enrolBy ?? new Date(input.now.getTime() + input.settings.enrolmentGraceDays * 86_400_000);
  return input.now < enrolBy ? { kind: 'enrol', enrolBy } : { kind: 'refused', enrolBy };
}
