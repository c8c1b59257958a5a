import crypto from 'node:crypto';

/**
 * Recovery codes (NIST SP 800-63B-4 look-up secrets): ten codes of 10 characters from a 32-letter
 * alphabet, 50 bits each, shown once as `xxxxx-xxxxx`. Stored only as a keyed digest
 * (HMAC-SHA-256 under MFA_SECRET_KEYS, with the user's id), so a copy of the database alone
 * cannot be searched offline; each is burnt by one conditional update when used.
 */
export const RECOVERY_CODE_COUNT = 10;
const LENGTH = 10;
/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (const byte of crypto.randomBytes(LENGTH)) code += ALPHABET[byte & 31];
    return `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
  });
}

/**
 * A typed code as it is digested: case, spaces and dashes ignored, and the letters people
 * confuse with digits read as Crockford does (I and L as 1, O as 0). Null when it cannot be one.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (cleaned.length !== LENGTH || [...cleaned].some((char) => !ALPHABET.includes(char))) return null;
  return cleaned;
}

/** What is digested for a code: the user's id binds it, so equal codes of two users never collide. */
export function recoveryCodeMaterial(userId: string, normalized: string): string {
  return `${userId}:${normalized}`;
}
