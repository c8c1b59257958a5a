import ipaddr from 'ipaddr.js';
import { BadInputError, nonPublicSuffixOf } from '@tradesage/core';

/**
 * Rules for the profile fields of a user. Each refusal is BAD_USER_INPUT with
 * `extensions.details = { field, reason }`: `field` names the input field, `reason` is one of
 * ProfileRefusal — both stable for clients to switch on.
 */
export type ProfileRefusal =
  | 'too_long'
  | 'invalid_characters'
  | 'invalid_locale'
  | 'unsupported_locale'
  | 'invalid_timezone'
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'credentials_not_allowed'
  | 'host_not_public';

export class ProfileFieldError extends BadInputError {
  readonly field: string;
  readonly reason: ProfileRefusal;

  constructor(field: string, reason: ProfileRefusal, message: string) {
    super('BAD_USER_INPUT', `${field} ${message}`, { field, reason });
    this.field = field;
    this.reason = reason;
  }
}

export const NAME_MAX = 100;
export const LOCALE_MAX = 35;
export const TIMEZONE_MAX = 64;
export const AVATAR_URL_MAX = 2048;

// Letters, marks, digits, spaces and common name punctuation; no control or format characters.
const NAME = /^[\p{L}\p{M}\p{N} .,'’-]*$/u;

/** A first, last or display name: NFC, trimmed, at most NAME_MAX characters of NAME. */
export function validName(value: string, field: string): string {
  const trimmed = value.normalize('NFC').trim();
  if ([...trimmed].length > NAME_MAX)
    throw new ProfileFieldError(field, 'too_long', `must be at most ${NAME_MAX} characters`);
  if (!NAME.test(trimmed))
    throw new ProfileFieldError(field, 'invalid_characters', 'contains characters that are not allowed');
  return trimmed;
}

/**
 * A BCP 47 language tag (RFC 5646) in its canonical form ("en-gb" → "en-GB"), refused when it is
 * malformed (Intl.getCanonicalLocales throws) or names a language this runtime cannot format
 * ("zz", "und"): a stored locale must be usable for formatting.
 */
export function validLocale(value: string, field = 'locale'): string {
  const tag = value.trim();
  if (tag.length > LOCALE_MAX)
    throw new ProfileFieldError(field, 'too_long', `must be at most ${LOCALE_MAX} characters`);
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    throw new ProfileFieldError(field, 'invalid_locale', 'is not a BCP 47 language tag such as "en-GB"');
  }
  if (!canonical) throw new ProfileFieldError(field, 'invalid_locale', 'is not a BCP 47 language tag such as "en-GB"');
  if (Intl.DateTimeFormat.supportedLocalesOf([canonical], { localeMatcher: 'lookup' }).length === 0) {
    throw new ProfileFieldError(field, 'unsupported_locale', 'names a language that is not supported');
  }
  return canonical;
}

// An IANA zone name (Area/Location, "UTC", "Etc/GMT+1"), never a bare UTC offset such as "+01:00",
// which Intl also accepts but which does not follow daylight saving time.
const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * An IANA time zone, in the spelling Intl resolves it to ("europe/paris" → "Europe/Paris",
 * "US/Eastern" → "America/New_York"). Links (aliases) are accepted: the tz database keeps them.
 */
export function validTimezone(value: string, field = 'timezone'): string {
  const name = value.trim();
  if (name.length > TIMEZONE_MAX)
    throw new ProfileFieldError(field, 'too_long', `must be at most ${TIMEZONE_MAX} characters`);
  const refuse = (): never => {
    throw new ProfileFieldError(field, 'invalid_timezone', 'is not an IANA time zone such as "Europe/Paris"');
  };
  if (!IANA_ZONE.test(name)) refuse();
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    refuse();
  }
  if (!resolved || !IANA_ZONE.test(resolved)) refuse();
  return resolved as string;
}

/**
 * An avatar URL (ASVS 5.0 §1.3.6 / OWASP SSRF prevention): absolute http(s), at most
 * AVATAR_URL_MAX characters, no user name or password, and a host that is a public DNS name or a
 * public unicast IP address. IP literals are classified with ipaddr.js: anything other than
 * `unicast` — private, loopback, link-local (cloud metadata at 169.254.169.254), unique-local,
 * carrier-grade NAT, multicast, reserved and documentation ranges, NAT64 / 6to4 / Teredo forms that
 * can embed a private IPv4 — is refused; an IPv4-mapped IPv6 address is judged as its IPv4.
 * WHATWG URL parsing first normalises the host (decimal, hex and short IPv4 forms, case, IDNA),
 * so "http://2130706433/" is judged as 127.0.0.1.
 *
 * This checks what the URL says, not where its name resolves today: whatever fetches the image
 * must still refuse non-public addresses after resolving (DNS rebinding). Returns the normalised
 * URL (`URL.href`).
 */
export function validAvatarUrl(value: string, field = 'avatarUrl'): string {
  const text = value.trim();
  if (text.length > AVATAR_URL_MAX)
    throw new ProfileFieldError(field, 'too_long', `must be at most ${AVATAR_URL_MAX} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProfileFieldError(field, 'invalid_url', 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ProfileFieldError(field, 'scheme_not_allowed', 'must be an http or https URL');
  if (url.username !== '' || url.password !== '')
    throw new ProfileFieldError(field, 'credentials_not_allowed', 'must not contain a user name or password');
  if (!isPublicHost(url.hostname)) throw new ProfileFieldError(field, 'host_not_public', 'must point to a public host');
  if (url.href.length > AVATAR_URL_MAX)
    throw new ProfileFieldError(field, 'too_long', `must be at most ${AVATAR_URL_MAX} characters`);
  return url.href;
}

/** `hostname` as URL gives it: lowercase, IPv6 in brackets, IPv4 in dotted form. */
function isPublicHost(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (ipaddr.isValid(bare)) {
    // process() turns an IPv4-mapped IPv6 address into the IPv4 address it carries.
    return ipaddr.process(bare).range() === 'unicast';
  }
  const name = bare.replace(/\.$/, '');
  // A single label ("intranet") is resolved through local search domains, never publicly.
  if (!name.includes('.')) return false;
  return nonPublicSuffixOf(name) === undefined;
}
