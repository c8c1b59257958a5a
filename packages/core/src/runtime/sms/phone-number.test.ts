import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, parsePhoneNumber } from './phone-number.ts';

describe('parsePhoneNumber', () => {
  it.each([
    ['+447400123456', '+447400123456', 'GB'],
    ['+44 7400 123456', '+447400123456', 'GB'],
    ['  +44 (7400) 123-456 ', '+447400123456', 'GB'],
    ['+33 6 12 34 56 78', '+33612345678', 'FR'],
    ['+4915112345678', '+4915112345678', 'DE'],
    ['+61412345678', '+61412345678', 'AU'],
    // North America does not tell mobiles from landlines: fixed-line-or-mobile is accepted.
    ['+1 415 555 0123', '+14155550123', 'US'],
  ])('accepts the mobile number %s', (input, e164, country) => {
    expect(parsePhoneNumber(input)).toEqual({ e164, country });
  });

  it.each([
    ['', 'empty'],
    ['+', 'a plus alone'],
    ['447400123456', 'no leading +'],
    ['07400 123456', 'a national number'],
    ['+0447400123456', 'a country code starting with 0'],
    ['+4474001234', 'too short'],
    ['+44740012345678', 'too long for GB'],
    ['+4474001234560000000', 'longer than E.164 allows'],
    ['+1 800 FLOWERS', 'letters'],
    ['+44740012345a', 'a letter at the end'],
    ['+447400123456 ext. 5', 'an extension'],
    ['call +447400123456', 'text around it'],
    ['+44\u00a07400\u00a0123456', 'non-ASCII spaces'],
    ['+４４7400123456', 'full-width digits'],
    ['+15555555555', 'an unassigned range'],
    ['+442079460958', 'a landline'],
    ['+18003569377', 'a toll-free number'],
    // Ofcom's range for drama (07700 900000-900999) is refused by libphonenumber's metadata.
    ['+447700900123', "Ofcom's fictional range"],
  ])('refuses %s (%s)', (input) => {
    expect(parsePhoneNumber(input)).toBeNull();
  });
});

describe('maskPhoneNumber', () => {
  it('keeps the country and operator prefix and the last two digits', () => {
    expect(maskPhoneNumber('+447400123456')).toBe('+4474******56');
    expect(maskPhoneNumber('+14155550123')).toBe('+141******23');
  });

  it('hides at least six digits, five of the shortest numbers', () => {
    expect(maskPhoneNumber('+33612345678')).toBe('+336******78');
    expect(maskPhoneNumber('+4412345678')).toBe('+44******78');
    expect(maskPhoneNumber('+12345678')).toBe('+******78');
    expect(maskPhoneNumber('+6834002')).toBe('+*****02');
  });

  it('hides whole whatever is not an E.164 number', () => {
    for (const input of ['123456', 'your code is 123456', '+44 7400 123456', '+0447400123456', '+1234567890123456', ''])
      expect(maskPhoneNumber(input)).toBe('[not a phone number]');
  });
});
