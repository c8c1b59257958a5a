import { describe, expect, it } from 'vitest';
import {
  AVATAR_URL_MAX,
  ProfileFieldError,
  validAvatarUrl,
  validLocale,
  validName,
  validTimezone,
  type ProfileRefusal,
} from './profile-validation.ts';

function refusal(fn: () => unknown): { field: string; reason: ProfileRefusal; code: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProfileFieldError) return { field: error.field, reason: error.reason, code: error.code };
    throw error;
  }
  return undefined;
}

/** A refusal as the API answers it: BAD_USER_INPUT naming the field and the reason. */
const badInput = (field: string, reason: string) => ({ field, reason, code: 'BAD_USER_INPUT' });

describe('validAvatarUrl', () => {
  it('accepts public http and https URLs and returns them normalised', () => {
    expect(validAvatarUrl('https://cdn.example.com/a/b.png?size=64')).toBe('https://cdn.example.com/a/b.png?size=64');
    expect(validAvatarUrl('  HTTPS://Images.Acme.COM/me.jpg ')).toBe('https://images.acme.com/me.jpg');
    expect(validAvatarUrl('http://93.184.216.34/me.png')).toBe('http://93.184.216.34/me.png');
    expect(validAvatarUrl('https://[2606:4700:4700::1111]/me.png')).toBe('https://[2606:4700:4700::1111]/me.png');
    expect(validAvatarUrl('https://cdn.acme.com:8443/me.png')).toBe('https://cdn.acme.com:8443/me.png');
  });

  it.each([
    ['http://127.0.0.1/a.png'],
    ['http://127.1/a.png'],
    ['http://2130706433/a.png'],
    ['http://0x7f000001/a.png'],
    ['http://[::1]/a.png'],
    ['http://[::ffff:127.0.0.1]/a.png'],
    ['http://10.0.0.1/a.png'],
    ['http://172.16.5.4/a.png'],
    ['http://192.168.1.1/a.png'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://100.64.0.1/a.png'],
    ['http://0.0.0.0/a.png'],
    ['http://224.0.0.1/a.png'],
    ['http://192.0.2.1/a.png'],
    ['http://[fc00::1]/a.png'],
    ['http://[fd12:3456::1]/a.png'],
    ['http://[fe80::1]/a.png'],
    ['http://[::]/a.png'],
    ['http://[2001:db8::1]/a.png'],
    ['http://[64:ff9b::a00:1]/a.png'],
    ['http://localhost/a.png'],
    ['http://LOCALHOST./a.png'],
    ['http://avatars.localhost/a.png'],
    ['http://printer.local/a.png'],
    ['http://metadata.google.internal/a.png'],
    ['http://intranet/a.png'],
  ])('refuses a non-public host: %s', (url) => {
    expect(refusal(() => validAvatarUrl(url))).toEqual(badInput('avatarUrl', 'host_not_public'));
  });

  it.each([
    ['javascript:alert(1)'],
    ['ftp://files.example.com/a.png'],
    ['data:image/png;base64,AAAA'],
    ['file:///etc/passwd'],
    ['ws://cdn.example.com/a'],
  ])('refuses a scheme other than http(s): %s', (url) => {
    expect(refusal(() => validAvatarUrl(url))?.reason).toBe('scheme_not_allowed');
  });

  it('refuses credentials in the URL', () => {
    expect(refusal(() => validAvatarUrl('https://user:pass@cdn.example.com/a.png'))?.reason).toBe(
      'credentials_not_allowed',
    );
    expect(refusal(() => validAvatarUrl('https://user@cdn.example.com/a.png'))?.reason).toBe('credentials_not_allowed');
  });

  it('refuses what is not an absolute URL, and URLs over the length limit', () => {
    expect(refusal(() => validAvatarUrl('/relative/a.png'))?.reason).toBe('invalid_url');
    expect(refusal(() => validAvatarUrl('not a url'))?.reason).toBe('invalid_url');
    const long = `https://cdn.example.com/${'a'.repeat(AVATAR_URL_MAX)}`;
    expect(refusal(() => validAvatarUrl(long))).toEqual(badInput('avatarUrl', 'too_long'));
  });
});

describe('validLocale', () => {
  it('returns the canonical form of a BCP 47 tag', () => {
    expect(validLocale('en-gb')).toBe('en-GB');
    expect(validLocale('DE')).toBe('de');
    expect(validLocale('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(validLocale('en-US-u-ca-gregory')).toBe('en-US-u-ca-gregory');
  });

  it.each([['en_US'], ['x'], ['en--US'], ['i-klingon'], ['12'], ['']])('refuses a malformed tag: %j', (tag) => {
    expect(refusal(() => validLocale(tag))).toEqual(badInput('locale', 'invalid_locale'));
  });

  it('refuses well-formed tags of languages that cannot be formatted, and long tags', () => {
    expect(refusal(() => validLocale('zz'))?.reason).toBe('unsupported_locale');
    expect(refusal(() => validLocale('und'))?.reason).toBe('unsupported_locale');
    expect(refusal(() => validLocale(`en-${'a'.repeat(40)}`))?.reason).toBe('too_long');
  });
});

describe('validTimezone', () => {
  it('accepts IANA names and returns the spelling Intl resolves', () => {
    expect(validTimezone('Europe/Paris')).toBe('Europe/Paris');
    expect(validTimezone('america/new_york')).toBe('America/New_York');
    expect(validTimezone('UTC')).toBe('UTC');
    expect(validTimezone('US/Eastern')).toBe('America/New_York');
  });

  it.each([['+01:00'], ['-0500'], ['Mars/Olympus_Mons'], ['Europe/Paris; DROP TABLE'], [''], ['Europe/../etc']])(
    'refuses %j',
    (zone) => {
      expect(refusal(() => validTimezone(zone))).toEqual(badInput('timezone', 'invalid_timezone'));
    },
  );
});

describe('validName', () => {
  it('trims and NFC-normalises names, and refuses control characters and long names', () => {
    expect(validName('  Zoë  ', 'firstName')).toBe('Zoë');
    expect(validName('O’Brien-Smith', 'lastName')).toBe('O’Brien-Smith');
    expect(refusal(() => validName('a\u0000b', 'displayName'))).toEqual(badInput('displayName', 'invalid_characters'));
    expect(refusal(() => validName('<script>', 'displayName'))?.reason).toBe('invalid_characters');
    expect(refusal(() => validName('x'.repeat(101), 'firstName'))?.reason).toBe('too_long');
  });
});
