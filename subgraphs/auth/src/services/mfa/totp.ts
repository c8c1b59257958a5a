import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30-second steps (OWASP ASVS
 * 5.0 6.5.5: a time-based code lives at most 30 s), a 160-bit secret from the CSPRNG (RFC 4226
 * §4 recommends 160 bits). Which step a code belongs to is returned, so the caller can accept
 * each step once (the replay rule lives in the repository's conditional update).
 */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const SECRET_BYTES = 20;

/** A new secret, base32 (what an app's "enter a key" field takes). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The `otpauth://` URI an authenticator app scans: issuer and account name label the entry. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return totp(secret, issuer, account).toString();
}

/**
 * The step a 6-digit `code` is valid for at `now`, looking `window` steps either side (clock
 * drift), or null when it is valid for none. Anything that is not exactly six digits is wrong.
 */
export function totpStepOf(secret: string, code: string, now: Date, window: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The code of `secret` at `at` (tests and the bench play the authenticator app). */
export function totpCodeAt(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/** The QR code of a URI, as a PNG data URL (an `<img src>`) and as SVG markup. */
export async function qrCodeOf(uri: string): Promise<{ png: string; svg: string }> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  const [png, svg] = await Promise.all([
    QRCode.toDataURL(uri, { ...options, width: 240 }),
    QRCode.toString(uri, { ...options, type: 'svg' }),
  ]);
  return { png, svg };
}

function totp(secret: string, issuer = '', account = ''): TOTP {
  return new TOTP({
    issuer,
    label: account,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The associated data a TOTP secret is sealed with: a sealed secret copied to another factor does not open. */
export function totpSecretAad(factorId: string): string {
  return `totp-secret:${factorId}`;
}
