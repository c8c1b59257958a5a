import { describe, expect, it } from 'vitest';
import { AppError } from '../../runtime/errors.ts';
import {
  assertPasswordAllowed,
  isCommonPassword,
  passwordLength,
  passwordProblems,
  PasswordPolicyError,
  validatePassword,
} from './password-policy.ts';
import { parseTenantSettings, type TenantSettings } from '../tenants/tenant-settings.ts';

const defaults = parseTenantSettings({}).passwordPolicy;
const policy = (overrides: Partial<TenantSettings['passwordPolicy']>) =>
  parseTenantSettings({ passwordPolicy: overrides }).passwordPolicy;
const codes = (password: string, p = defaults, identity = {}) =>
  passwordProblems(password, p, identity).map((problem) => problem.code);

describe('password policy', () => {
  it('accepts a long passphrase with the secure defaults (12 characters, no composition rules)', () => {
    expect(defaults).toMatchObject({
      minLength: 12,
      requireUppercase: false,
      requireLowercase: false,
      requireDigit: false,
      requireSymbol: false,
    });
    expect(codes('correct horse battery staple')).toEqual([]);
    expect(codes('alllowercase')).toEqual([]);
  });

  it('refuses passwords shorter than the minimum, which a tenant may lower to 8 but not below', () => {
    expect(codes('elevenchars')).toEqual(['PASSWORD_TOO_SHORT']);
    expect(passwordProblems('elevenchars', defaults, {})[0]?.details).toEqual({ field: 'password', minLength: 12 });
    expect(codes('eightchr', policy({ minLength: 8 }))).toEqual([]);
    expect(codes('sevench', policy({ minLength: 8 }))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(() => policy({ minLength: 7 })).toThrow();
  });

  it('counts Unicode code points of the NFC form, not UTF-16 units or bytes', () => {
    // 12 emoji: 24 UTF-16 units, 48 bytes, 12 code points.
    expect(passwordLength('🔒'.repeat(12))).toBe(12);
    expect(codes('🔒'.repeat(11))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codes('🔒'.repeat(12))).toEqual([]);
    // "e" + combining acute is one character after NFC.
    const decomposed = 'cafe\u0301'.repeat(3); // 15 code points before NFC, 12 after
    expect(passwordLength(decomposed)).toBe(12);
    expect(codes(decomposed)).toEqual([]);
    // 22 code points as typed, 11 after NFC: too short.
    expect(codes('e\u0301'.repeat(11))).toEqual(['PASSWORD_TOO_SHORT']);
  });

  it('accepts at least 64 characters', () => {
    expect(codes('a1b2c3d4e5f6g7h8i9j0'.repeat(3) + 'wxyz')).toEqual([]);
    expect(codes('x'.repeat(64).replace(/^x{3}/, 'abc'))).toEqual([]);
  });

  it('refuses more than 72 UTF-8 bytes with PASSWORD_TOO_LONG instead of letting bcrypt truncate', () => {
    // Boundary with multibyte characters: 24 × "€" (3 bytes) = 72 bytes, accepted; 72 + 1 byte refused.
    expect(codes('€'.repeat(24))).toEqual([]);
    expect(codes(`${'€'.repeat(24)}a`)).toEqual(['PASSWORD_TOO_LONG']);
    // 36 two-byte characters = 72 bytes; one more = 74.
    expect(codes('é'.repeat(36))).toEqual([]);
    expect(codes('é'.repeat(37))).toEqual(['PASSWORD_TOO_LONG']);
    expect(codes('a'.repeat(73))).toEqual(['PASSWORD_TOO_LONG']);
    expect(passwordProblems('a'.repeat(73), defaults, {})[0]).toMatchObject({
      details: { field: 'password', maxBytes: 72 },
    });
    // Bytes are counted after NFC: "e" + U+0301 is 3 bytes, its NFC "é" 2.
    expect(codes('e\u0301'.repeat(36))).toEqual([]);
  });

  it('refuses the 10,000 most common passwords, case-insensitively', () => {
    expect(isCommonPassword('123456')).toBe(true);
    expect(isCommonPassword('PassWord')).toBe(true);
    // From the end of the list (rank 10,000) and the longest entries.
    expect(isCommonPassword('brady')).toBe(true);
    expect(isCommonPassword('1qazxsw23edc')).toBe(true);
    expect(codes('1qazxsw23edc')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codes('1QAZXSW23EDC')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codes('baseball', policy({ minLength: 8 }))).toEqual(['PASSWORD_TOO_COMMON']);
    expect(isCommonPassword('a very uncommon passphrase indeed')).toBe(false);
  });

  it('refuses passwords containing the email, its local part or the username (case-insensitive, parts of 3+ characters)', () => {
    const identity = { email: 'Jane.Doe@Example.com', username: 'trader_jane' };
    expect(codes('my jane.doe@example.com pw', defaults, identity)).toEqual(['PASSWORD_CONTAINS_IDENTITY']);
    expect(codes('xxJANE.DOExx-secret', defaults, identity)).toEqual(['PASSWORD_CONTAINS_IDENTITY']);
    expect(codes('Trader_Jane_rocks!', defaults, identity)).toEqual(['PASSWORD_CONTAINS_IDENTITY']);
    expect(codes('an unrelated passphrase', defaults, identity)).toEqual([]);
    // Parts shorter than 3 characters are not refused ("al" would block half the dictionary).
    expect(codes('vitally important words', defaults, { email: 'al@example.com', username: 'ab' })).toEqual([]);
    expect(codes('vitally important words', defaults, { email: null, username: null })).toEqual([]);
  });

  it('applies composition rules only when the tenant turns them on, each with its own code', () => {
    const strict = policy({ requireUppercase: true, requireLowercase: true, requireDigit: true, requireSymbol: true });
    expect(codes('correct horse battery staple', strict)).toEqual([
      'PASSWORD_MISSING_UPPERCASE',
      'PASSWORD_MISSING_DIGIT',
      'PASSWORD_MISSING_SYMBOL',
    ]);
    expect(codes('CORRECT HORSE BATTERY 9!', strict)).toEqual(['PASSWORD_MISSING_LOWERCASE']);
    expect(codes('Correct horse battery 9!', strict)).toEqual([]);
    // Unicode letters and digits count: "Ü", "ß", Arabic-Indic digit "٣".
    expect(codes('Über straße ٣ #pass', strict)).toEqual([]);
  });

  it('throws the first broken rule as an AppError with details.field and every broken rule listed', () => {
    let caught: unknown;
    try {
      assertPasswordAllowed('password', defaults, {}, { field: 'newPassword' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PasswordPolicyError);
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      expose: true,
      details: { field: 'newPassword', minLength: 12, problems: ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_COMMON'] },
    });
    expect(() => validatePassword('correct horse battery staple', defaults, { email: 'x@y.z' })).not.toThrow();
  });
});
