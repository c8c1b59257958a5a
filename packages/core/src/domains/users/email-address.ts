import { BadInputError } from '../../runtime/errors.ts';
import { hasInvisibleCharacters } from '../../runtime/text.ts';

/**
 * The one check of an email address, wherever one enters (sign-up, invitation, email change,
 * password reset, tenant creation, the platform administrator): NFC, trimmed, lowercased, then
 * refused unless it has a plausible shape (RFC 5321 lengths: 64 for the local part, 254 in all).
 * An address with an invisible character (zero-width, bidi control, soft hyphen, BOM...) is refused
 * with `details.reason: invisible_characters`: `ad\u200bmin@…` displays as `admin@…` and would be
 * a look-alike account (Unicode TR 36 §2.3).
 */

const EMAIL_MAX = 254;
// Pragmatic address shape: one @, no spaces, quotes, brackets or control characters; an ASCII domain.
const EMAIL = /^[^\s@"<>()[\]\\,;:\p{Cc}]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/u;

/** The normalised address; BAD_USER_INPUT naming the field (`details.field`) otherwise. */
export function validEmail(value: string, field = 'email'): string {
  const email = value.normalize('NFC').trim().toLowerCase();
  assertVisibleIdentifier(email, field);
  if (email.length > EMAIL_MAX || !EMAIL.test(email))
    throw new BadInputError('BAD_USER_INPUT', `${field} is not a valid email address`, { field });
  return email;
}

/**
 * A name people read (a tenant's name, a username at sign-in): refused with
 * `details.reason: invisible_characters` when it holds an invisible or control character.
 */
export function assertVisibleIdentifier(value: string, field: string): void {
  if (hasInvisibleCharacters(value))
    throw new BadInputError('BAD_USER_INPUT', `${field} holds an invisible or control character`, {
      field,
      reason: 'invisible_characters',
    });
}
