import crypto from 'node:crypto';
import type { SubgraphRequest } from '@tradesage/core';

/**
 * Browser delivery of refresh tokens (ASVS 5.0 V3.3, RFC 6265bis §4.1.3):
 *
 * - `__Host-tradesage_rt` holds the refresh token: HttpOnly (page scripts never see it), Secure,
 *   SameSite=Strict (never sent on cross-site requests), Path=/ and no Domain (the `__Host-`
 *   prefix makes the browser enforce both, so a sibling subdomain cannot plant or shadow it),
 *   Max-Age = what is left of the session's absolute lifetime.
 * - `__Host-tradesage_csrf` holds a random value readable by the page (not HttpOnly). A refresh
 *   that takes its token from the cookie must echo it in `x-csrf-token` (double-submit cookie,
 *   OWASP CSRF cheat sheet): a cross-site form or fetch can make the browser send cookies but
 *   cannot read this one to set the header.
 */
export const REFRESH_COOKIE = '__Host-tradesage_rt';
export const CSRF_COOKIE = '__Host-tradesage_csrf';
/**
 * "Remember this device": HttpOnly, Secure, SameSite=Strict, `__Host-`, for the tenant's
 * `mfa.trustedDeviceDays`. Its value is random and stored only as a hash (trusted_devices).
 */
export const TRUSTED_DEVICE_COOKIE = '__Host-tradesage_td';
export const CSRF_HEADER = 'x-csrf-token';

/** Cookie values we accept: refresh tokens and CSRF values are base64url with dots. */
const COOKIE_VALUE = /^[A-Za-z0-9._-]{1,512}$/;

/** The HTTP side of an auth request: cookies in, Set-Cookie out. */
export interface AuthHttp {
  /** The request's `__Host-tradesage_*` cookies (others are not kept). */
  readonly cookies: ReadonlyMap<string, string>;
  /** The `x-csrf-token` header, when sent. */
  readonly csrfHeader: string | undefined;
  /** Appends one Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  /** Hands the gateway the access token just issued, for the selection of the root field `responseKey`. */
  handOffIdentity(responseKey: string, accessToken: string): void;
}

export function authHttp(request: SubgraphRequest): AuthHttp {
  const csrf = request.headers[CSRF_HEADER];
  return {
    cookies: parseTradesageCookies(request.headers.cookie),
    csrfHeader: typeof csrf === 'string' ? csrf : undefined,
    setCookie: request.setCookie,
    handOffIdentity: request.handOffIdentity,
  };
}

/** Our cookies from a Cookie header; the first of duplicate names wins (RFC 6265 §5.4 order). */
export function parseTradesageCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (
      (name === REFRESH_COOKIE || name === CSRF_COOKIE || name === TRUSTED_DEVICE_COOKIE) &&
      !cookies.has(name) &&
      COOKIE_VALUE.test(value)
    )
      cookies.set(name, value);
  }
  return cookies;
}

function serialize(name: string, value: string, maxAgeSeconds: number, httpOnly: boolean): string {
  return `${name}=${value}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; Path=/; Secure;${httpOnly ? ' HttpOnly;' : ''} SameSite=Strict`;
}

/** A fresh CSRF value: 256 random bits. */
export function newCsrfToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The two Set-Cookie values that deliver a refresh token to a browser. */
export function refreshCookies(refreshToken: string, csrfToken: string, maxAgeSeconds: number): [string, string] {
  return [
    serialize(REFRESH_COOKIE, refreshToken, maxAgeSeconds, true),
    serialize(CSRF_COOKIE, csrfToken, maxAgeSeconds, false),
  ];
}

/** Set-Cookie values that delete both cookies (logout, a refused cookie refresh). */
/** The trusted-device cookie, valid `maxAgeSeconds`. */
export function trustedDeviceCookie(token: string, maxAgeSeconds: number): string {
  return serialize(TRUSTED_DEVICE_COOKIE, token, maxAgeSeconds, true);
}

export function clearedCookies(): [string, string] {
  return [serialize(REFRESH_COOKIE, '', 0, true), serialize(CSRF_COOKIE, '', 0, false)];
}

/** Double-submit check: the header equals the CSRF cookie, compared in constant time. */
export function csrfMatches(cookie: string | undefined, header: string | undefined): boolean {
  if (!cookie || !header || cookie.length < 32) return false;
  const a = Buffer.from(cookie, 'utf8');
  const b = Buffer.from(header, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
