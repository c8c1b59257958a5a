import { describe, expect, it } from 'vitest';
import { identityHandoffValue, parseIdentityHandoffs } from './identity-handoff.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('identity hand-off header', () => {
  it('round-trips several response keys, comma-joined as fetch joins repeated headers', () => {
    const header = [identityHandoffValue('login', TOKEN), identityHandoffValue('second', `${TOKEN}x`)].join(', ');
    expect([...parseIdentityHandoffs(header)]).toEqual([
      ['login', TOKEN],
      ['second', `${TOKEN}x`],
    ]);
  });

  it('refuses to write anything but a GraphQL name and a compact JWS', () => {
    expect(() => identityHandoffValue('a b', TOKEN)).toThrow();
    expect(() => identityHandoffValue('login', 'not a token')).toThrow();
  });

  it('ignores malformed values', () => {
    expect(parseIdentityHandoffs(undefined).size).toBe(0);
    expect(parseIdentityHandoffs(`login ${TOKEN} extra, 1bad ${TOKEN}, ok notajws`).size).toBe(0);
  });
});
