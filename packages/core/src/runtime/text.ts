/**
 * What text this API accepts, character by character (Unicode TR 36 / OWASP ASVS 5.0 1.2, 2.2):
 * - in any string a client sends (arguments, input fields, JSON values, variables): no NUL, no
 *   other C0 control character except tab, line feed and carriage return, and no lone surrogate
 *   (half of a UTF-16 pair: not a character, and not storable as UTF-8). Postgres refuses NUL in
 *   text and jsonb, so these used to fail deep inside a resolver; they are refused before any runs.
 * - in identifiers people read and compare (email addresses, tenant names): also no invisible
 *   formatting character (Unicode category Cf: zero-width spaces and joiners, bidi embeddings,
 *   overrides and isolates, the BOM, soft hyphens...), so `ad\u200bmin@…` cannot pose as
 *   `admin@…` and a right-to-left override cannot reorder what an administrator sees.
 */

/** Why a string was refused, as `details.reason`. */
export type TextProblem = 'nul_character' | 'control_character' | 'lone_surrogate';

// C0 controls but tab (\t), line feed (\n) and carriage return (\r), which free text may hold.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F]/;

// In unicode mode a well-formed pair is one code point, so only a lone half is category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/** The first problem of a string a client sent, or undefined when it is acceptable text. */
export function textProblem(value: string): TextProblem | undefined {
  if (value.includes('\u0000')) return 'nul_character';
  if (CONTROL.test(value)) return 'control_character';
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  return undefined;
}

// Every control and format character (Cc, Cf): zero-width, bidi, BOM, soft hyphen, tags...
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/** True when an identifier holds a control or invisible formatting character. */
export function hasInvisibleCharacters(value: string): boolean {
  return INVISIBLE.test(value);
}
