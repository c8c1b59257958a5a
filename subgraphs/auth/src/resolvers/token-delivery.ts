import { BadInputError } from '@tradesage/core';
import type { RefreshTokenDelivery } from '../__generated__/resolvers-types.ts';
import type { AuthContext } from '../context.ts';
import { CsrfTokenError, InvalidRefreshTokenError } from '../errors.ts';
import {
  clearedCookies,
  CSRF_COOKIE,
  csrfMatches,
  newCsrfToken,
  REFRESH_COOKIE,
  refreshCookies,
  trustedDeviceCookie,
} from '../services/refresh-cookie.ts';
import type { IssuedTokens } from '../services/token.service.ts';

/** What login and refresh answer: the issued tokens, with the refresh token in the body or in the cookie. */
export type DeliveredTokens = Omit<IssuedTokens, 'refreshToken'> & {
  readonly refreshToken: string | null;
  readonly csrfToken: string | null;
  readonly authenticationMethods: string[];
  readonly mfaEnrolmentRequiredBy: Date | null;
  readonly trustedDeviceToken: string | null;
};

/** Where a refresh's token came from: the input (non-browser clients) or the cookie (browsers). */
export interface PresentedRefreshToken {
  readonly token: string;
  readonly source: 'input' | 'cookie';
}

/**
 * The refresh token of a refresh request: the input's, else the cookie's. Taking it from the
 * cookie requires `x-csrf-token` to equal the `__Host-tradesage_csrf` cookie (double-submit,
 * compared in constant time): a cross-site request can carry the cookies but not the header.
 */
export function presentedRefreshToken(ctx: AuthContext, fromInput: string | null | undefined): PresentedRefreshToken {
  if (fromInput) return { token: fromInput, source: 'input' };
  const token = ctx.http.cookies.get(REFRESH_COOKIE);
  if (!token) throw new InvalidRefreshTokenError();
  if (!csrfMatches(ctx.http.cookies.get(CSRF_COOKIE), ctx.http.csrfHeader)) throw new CsrfTokenError();
  return { token, source: 'cookie' };
}

/**
 * Hands the tokens over as asked. BODY: the refresh token in the payload. COOKIE: the refresh
 * token in the `__Host-tradesage_rt` cookie for what is left of the session's absolute
 * lifetime, a fresh CSRF value in `__Host-tradesage_csrf` and in the payload, and no refresh
 * token in the body, so page scripts never hold it.
 */
export function deliverTokens(
  ctx: AuthContext,
  tokens: IssuedTokens,
  delivery: RefreshTokenDelivery | null | undefined,
  now = new Date(),
  trustedDevice: { token: string; expiresAt: Date } | null = null,
): DeliveredTokens {
  const facts = {
    authenticationMethods: [...tokens.auth.methods],
    mfaEnrolmentRequiredBy: tokens.enrolBy ?? null,
  };
  if ((delivery ?? 'BODY') === 'BODY')
    return { ...tokens, ...facts, csrfToken: null, trustedDeviceToken: trustedDevice?.token ?? null };
  const csrfToken = newCsrfToken();
  const maxAgeSeconds = (tokens.sessionExpiresAt.getTime() - now.getTime()) / 1000;
  for (const cookie of refreshCookies(tokens.refreshToken, csrfToken, maxAgeSeconds)) ctx.http.setCookie(cookie);
  // A browser keeps the trusted-device token where page scripts cannot read it.
  if (trustedDevice)
    ctx.http.setCookie(
      trustedDeviceCookie(trustedDevice.token, (trustedDevice.expiresAt.getTime() - now.getTime()) / 1000),
    );
  return { ...tokens, ...facts, refreshToken: null, csrfToken, trustedDeviceToken: null };
}

/** The delivery of a refresh: as asked, by default where the token came from; a cookie's token never moves to the body. */
export function refreshDelivery(
  presented: PresentedRefreshToken,
  asked: RefreshTokenDelivery | null | undefined,
): RefreshTokenDelivery {
  if (presented.source === 'cookie') {
    if (asked === 'BODY')
      throw new BadInputError('BAD_USER_INPUT', 'A refresh token held in the cookie is only delivered in the cookie', {
        field: 'refreshTokenDelivery',
      });
    return 'COOKIE';
  }
  return asked ?? 'BODY';
}

/** Deletes both refresh cookies (logout, or a cookie refresh that was refused). */
export function clearRefreshCookies(ctx: AuthContext): void {
  for (const cookie of clearedCookies()) ctx.http.setCookie(cookie);
}
