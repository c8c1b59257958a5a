// The `mobile` metadata holds the precise patterns of mobile (and fixed-line-or-mobile) numbers
// only: `isValid()` is then "a number a text message can reach". The default (`min`) metadata
// checks lengths alone and would accept landlines, toll-free and unassigned ranges.
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

export interface ParsedPhoneNumber {
  /** `+` and 8 to 15 digits, e.g. `+447400123456`. */
  readonly e164: string;
  /** ISO 3166-1 alpha-2 (`GB`); undefined for non-geographic numbers (+881 satellite, +800 …). */
  readonly country: string | undefined;
}

/**
 * International form only: a leading `+`, then digits with the usual separators (space, `-`,
 * `.`, parentheses). No default country: a server cannot know which country a bare national
 * number belongs to. Letters (vanity numbers), extensions and anything longer than an E.164
 * number could be written with separators are refused before the parser sees them.
 */
const INPUT = /^\+[0-9][0-9 ().-]{0,30}$/;

/** The E.164 form of a valid mobile number, or null. */
export function parsePhoneNumber(input: string): ParsedPhoneNumber | null {
  const text = input.trim();
  if (!INPUT.test(text)) return null;
  const number = parsePhoneNumberFromString(text, { extract: false });
  if (!number?.isValid() || number.ext) return null;
  return { e164: number.number, country: number.country };
}

/**
 * A number fit for a log line or a screen: the first digits (country and operator prefix) and the
 * last two, the rest starred, always at least five stars (`+447400123456` → `+4474******56`).
 * Anything not shaped like an E.164 number is hidden whole: it may be anything, a code included.
 */
export function maskPhoneNumber(e164: string): string {
  if (!/^\+[1-9][0-9]{6,14}$/.test(e164)) return '[not a phone number]';
  const digits = e164.slice(1);
  const head = Math.max(0, Math.min(4, digits.length - 8));
  return `+${digits.slice(0, head)}${'*'.repeat(digits.length - head - 2)}${digits.slice(-2)}`;
}
