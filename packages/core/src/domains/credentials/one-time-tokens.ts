import crypto from 'node:crypto';
import type { TenantClaimCipher } from '../../runtime/tokens/tenant-claim.ts';

/**
 * Single-use tokens of the account flows (password reset, email verification, invitation),
 * sent by email as links, and of sign-in challenges waiting for a second factor. OWASP ASVS 5.0 §6.4 / NIST SP 800-63B-4 §3.1.1.2 (recovery):
 *
 * - `<encrypted tenant id>.<256 random bits>` (base64url); a challenge's also seals its user's id
 *   beside the tenant's, so its reads need not wait for its row. The tenant part is AES-256-GCM under
 *   the token-encryption key with the purpose as associated data (as refresh tokens do it), so
 *   the link alone names the tenant without disclosing it, and a token of one purpose cannot
 *   even be located under another. The inputs therefore take only `token`, never a tenant.
 * - Only the SHA-256 of the whole token is stored (one_time_tokens.hash): a leaked table gives
 *   no usable link. 256 random bits make guessing hopeless, so a fast hash suffices.
 * - Consumed by one conditional UPDATE (unused, unexpired, right purpose) that returns the row:
 *   two concurrent uses of one token race in Postgres and exactly one wins.
 */
export type OneTimeTokenPurpose = 'password_reset' | 'email_verification' | 'invitation' | 'mfa_challenge';

/** How long a token of each purpose is valid. */
export const ONE_TIME_TOKEN_TTL_SECONDS: Readonly<Record<OneTimeTokenPurpose, number>> = Object.freeze({
  // A reset link is valid 30 minutes.
  password_reset: 30 * 60,
  email_verification: 24 * 60 * 60,
  invitation: 7 * 24 * 60 * 60,
  // A sign-in or step-up waiting for its second factor (stored in mfa_challenges, not one_time_tokens).
  mfa_challenge: 10 * 60,
});

/** Longest token accepted for parsing: anything longer is refused before any crypto. */
const MAX_TOKEN_LENGTH = 256;

/** Between the tenant and the user in a token's sealed part (neither id, a UUID, contains it). */
const USER_SEPARATOR = '/';

export interface NewOneTimeToken {
  /** The secret that goes into the link; never stored, logged or audited. */
  readonly token: string;
  /** What is stored. */
  readonly hash: string;
  readonly expiresAt: Date;
}

export function issueOneTimeToken(
  cipher: TenantClaimCipher,
  tenantId: string,
  purpose: OneTimeTokenPurpose,
  now: Date,
  /** The user it is for, sealed beside the tenant (read back by `claimsOfOneTimeToken`), when the holder may learn nothing new from it. */
  userId?: string,
): NewOneTimeToken {
  const claim = userId === undefined ? tenantId : `${tenantId}${USER_SEPARATOR}${userId}`;
  const token = `${cipher.encrypt(claim, aad(purpose))}.${crypto.randomBytes(32).toString('base64url')}`;
  return {
    token,
    hash: hashOneTimeToken(token),
    expiresAt: new Date(now.getTime() + ONE_TIME_TOKEN_TTL_SECONDS[purpose] * 1000),
  };
}

/** The tenant a token of `purpose` was issued in, or null when it is malformed, forged or of another purpose. */
export function tenantOfOneTimeToken(
  cipher: TenantClaimCipher,
  token: string,
  purpose: OneTimeTokenPurpose,
): string | null {
  return claimsOfOneTimeToken(cipher, token, purpose)?.tenantId ?? null;
}

/**
 * The tenant a token of `purpose` was issued in and the user it was issued for (null when none
 * was given), or null when it is malformed, forged or of another purpose. The stored row stays the
 * authority: these only let a caller start its reads before the row is found.
 */
export function claimsOfOneTimeToken(
  cipher: TenantClaimCipher,
  token: string,
  purpose: OneTimeTokenPurpose,
): { tenantId: string; userId: string | null } | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  const claim = cipher.decrypt(token.slice(0, dot), aad(purpose));
  if (claim === null) return null;
  const separator = claim.indexOf(USER_SEPARATOR);
  return separator === -1
    ? { tenantId: claim, userId: null }
    : { tenantId: claim.slice(0, separator), userId: claim.slice(separator + 1) };
}

export function hashOneTimeToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}

function aad(purpose: OneTimeTokenPurpose): string {
  return `one-time-token:${purpose}`;
}
