import fs from 'node:fs';
import { AppError, type ErrorCode } from '../../runtime/errors.ts';
import { BCRYPT_MAX_BYTES, normalizePassword } from '../../runtime/passwords/password-hasher.ts';
import type { TenantSettings } from '../tenants/tenant-settings.ts';

/**
 * Which passwords a tenant accepts (NIST SP 800-63B-4 §3.1.1.2, OWASP ASVS 5.0 §6.2). Every
 * place that sets a password (sign-up, invitation, change, reset, tenant creation) calls
 * `assertPasswordAllowed` before hashing; each rule has its own stable error code.
 *
 * - Length counts Unicode code points of the NFC form (NIST: "each Unicode code point counted
 *   as a single character"), so "é" is one character however it was typed.
 * - bcrypt reads at most 72 bytes. We *refuse* longer passwords (PASSWORD_TOO_LONG) rather than
 *   pre-hash them: a pre-hash (e.g. base64(HMAC-SHA-256)) would have to be applied to every
 *   stored hash consistently forever, and refusing is simple, visible and never silently
 *   truncates. Any 64-character ASCII passphrase fits (64 bytes); multibyte passwords fit as
 *   long as their UTF-8 form is at most 72 bytes (e.g. 36 two-byte or 24 three-byte characters).
 * - The 10,000 most common passwords (data/common-passwords.txt, source and licence in its
 *   header) are refused, compared case-insensitively.
 * - A password containing the account's email, its local part, or its username (each when at
 *   least 3 characters, case-insensitive) is refused.
 * - Composition rules are off by default (NIST advises against them); a tenant may turn them on.
 */
export type PasswordProblemCode = Extract<ErrorCode, `PASSWORD_${string}`>;

export interface PasswordProblem {
  readonly code: PasswordProblemCode;
  readonly message: string;
  /** Always names the input field; some rules add their limit (minLength, maxBytes). */
  readonly details: Readonly<Record<string, string | number>> & { readonly field: string };
}

export type PasswordPolicy = TenantSettings['passwordPolicy'];

export interface PasswordIdentity {
  readonly email?: string | null | undefined;
  readonly username?: string | null | undefined;
}

/** Identity parts shorter than this are too common as substrings to refuse ("al" in "palace"). */
const MIN_IDENTITY_PART = 3;

/** Number of Unicode code points of the NFC form: what "characters" means for the length rules. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

/** Every rule the password breaks, in a stable order (length first). Empty: the password is allowed. */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  identity: PasswordIdentity,
  options: { field?: string } = {},
): PasswordProblem[] {
  const field = options.field ?? 'password';
  const normalized = normalizePassword(password);
  const problems: PasswordProblem[] = [];
  const add = (code: PasswordProblemCode, message: string, extra: Record<string, string | number> = {}) =>
    problems.push({ code, message, details: { field, ...extra } });

  const length = [...normalized].length;
  if (length < policy.minLength)
    add('PASSWORD_TOO_SHORT', `Password must be at least ${policy.minLength} characters`, {
      minLength: policy.minLength,
    });
  if (Buffer.byteLength(normalized, 'utf8') > BCRYPT_MAX_BYTES) {
    add(
      'PASSWORD_TOO_LONG',
      `Password must be at most ${BCRYPT_MAX_BYTES} bytes (64 ASCII characters always fit; accented and non-Latin characters take 2-4 bytes each)`,
      {
        maxBytes: BCRYPT_MAX_BYTES,
      },
    );
  }
  const lower = normalized.toLowerCase();
  if (isCommonPassword(lower)) add('PASSWORD_TOO_COMMON', 'Password is one of the most commonly used passwords');
  if (identityParts(identity).some((part) => lower.includes(part))) {
    add('PASSWORD_CONTAINS_IDENTITY', 'Password must not contain your email address or username');
  }
  if (policy.requireUppercase && !/\p{Lu}/u.test(normalized))
    add('PASSWORD_MISSING_UPPERCASE', 'Password must contain an uppercase letter');
  if (policy.requireLowercase && !/\p{Ll}/u.test(normalized))
    add('PASSWORD_MISSING_LOWERCASE', 'Password must contain a lowercase letter');
  if (policy.requireDigit && !/\p{Nd}/u.test(normalized))
    add('PASSWORD_MISSING_DIGIT', 'Password must contain a digit');
  if (policy.requireSymbol && !/[^\p{L}\p{N}\s]/u.test(normalized))
    add('PASSWORD_MISSING_SYMBOL', 'Password must contain a symbol');
  return problems;
}

/** The error for a refused password: code of the first rule broken, every broken rule in `details.problems`. */
export class PasswordPolicyError extends AppError {
  readonly problems: readonly PasswordProblem[];
  constructor(problems: readonly [PasswordProblem, ...PasswordProblem[]]) {
    const [first] = problems;
    super(first.code, first.message, { details: { ...first.details, problems: problems.map((p) => p.code) } });
    this.problems = problems;
  }
}

/** Throws PasswordPolicyError when the password breaks any rule of the tenant's policy. */
export function assertPasswordAllowed(
  password: string,
  policy: PasswordPolicy,
  identity: PasswordIdentity,
  options: { field?: string } = {},
): void {
  const problems = passwordProblems(password, policy, identity, options);
  const [first, ...rest] = problems;
  if (first) throw new PasswordPolicyError([first, ...rest]);
}

/** Same as `assertPasswordAllowed` (the name the account flows use). */
export const validatePassword = assertPasswordAllowed;

function identityParts(identity: PasswordIdentity): string[] {
  const parts = new Set<string>();
  const email = identity.email?.trim().toLowerCase();
  if (email) {
    parts.add(email);
    const at = email.lastIndexOf('@');
    if (at > 0) parts.add(email.slice(0, at));
  }
  const username = identity.username?.trim().toLowerCase();
  if (username) parts.add(username);
  return [...parts].map((part) => part.normalize('NFC')).filter((part) => [...part].length >= MIN_IDENTITY_PART);
}

let commonPasswords: ReadonlySet<string> | undefined;

/** Case-insensitive membership in the shipped list of the 10,000 most common passwords (loaded once). */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(normalizePassword(password).toLowerCase());
}

function loadCommonPasswords(): ReadonlySet<string> {
  const text = fs.readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8');
  const entries = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return new Set(entries.map((line) => line.toLowerCase()));
}
