import { describe, expect, it } from 'vitest';
import { clearedCookies, csrfMatches, newCsrfToken, parseTradesageCookies, refreshCookies } from './refresh-cookie.ts';

describe('refresh cookies', () => {
  it('are __Host- cookies: Secure, Path=/, no Domain, SameSite=Strict; only the token one is HttpOnly', () => {
    const [rt, csrf] = refreshCookies('v1.abc.def', 'c'.repeat(43), 3600.7);
    expect(rt).toBe('__Host-tradesage_rt=v1.abc.def; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Strict');
    expect(csrf).toBe(`__Host-tradesage_csrf=${'c'.repeat(43)}; Max-Age=3600; Path=/; Secure; SameSite=Strict`);
    expect(clearedCookies()).toEqual([
      '__Host-tradesage_rt=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict',
      '__Host-tradesage_csrf=; Max-Age=0; Path=/; Secure; SameSite=Strict',
    ]);
  });

  it('are read from a Cookie header: ours only, first of duplicates, malformed values ignored', () => {
    const cookies = parseTradesageCookies(
      'a=1; __Host-tradesage_rt=first; __Host-tradesage_rt=second; __Host-tradesage_csrf=bad value;x',
    );
    expect([...cookies]).toEqual([['__Host-tradesage_rt', 'first']]);
    expect(parseTradesageCookies(undefined).size).toBe(0);
  });

  it('double-submit: the header must equal the cookie exactly, and the value must be long enough', () => {
    const token = newCsrfToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfMatches(token, token)).toBe(true);
    expect(csrfMatches(token, `${token}x`)).toBe(false);
    expect(csrfMatches(token, token.toUpperCase())).toBe(token === token.toUpperCase());
    expect(csrfMatches(token, undefined)).toBe(false);
    expect(csrfMatches(undefined, token)).toBe(false);
    expect(csrfMatches('short', 'short')).toBe(false);
  });
});
