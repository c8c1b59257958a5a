import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressAllowed, normalizeCidr } from './address-allowlist.ts';
import { API_KEY_PATTERN, displayApiKey, hashApiKey, newApiKey, parseApiKey } from './api-key-format.ts';

describe('API key format', () => {
  it('makes keys scanners can find: prefix, 36 base62 characters, matching the published pattern', () => {
    for (const environment of ['live', 'test'] as const) {
      const key = newApiKey(environment);
      expect(key.secret).toMatch(new RegExp(`^tsk_${environment}_[0-9A-Za-z]{36}$`));
      expect(API_KEY_PATTERN.test(`token=${key.secret};`)).toBe(true);
      expect(key.hash).toBe(crypto.createHash('sha256').update(key.secret).digest('base64url'));
      expect(key.lastFour).toBe(key.secret.slice(-4));
      expect(parseApiKey(key.secret)).toEqual({ hash: hashApiKey(key.secret), environment });
    }
    expect(displayApiKey('live', 'abcd')).toBe('tsk_live_…abcd');
  });

  it('refuses, before any lookup, every key with one character changed or a changed prefix', () => {
    const { secret } = newApiKey('test');
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 'tsk_test_'.length; i < secret.length; i++) {
      const other = alphabet[(alphabet.indexOf(secret[i] as string) + 1 + (i % 61)) % 62] as string;
      expect(parseApiKey(`${secret.slice(0, i)}${other}${secret.slice(i + 1)}`)).toBeNull();
    }
    expect(parseApiKey(secret.replace('tsk_test_', 'tsk_live_'))).toBeNull();
    for (const bad of ['', 'tsk_', `${secret}x`, secret.slice(1), `Bearer ${secret}`])
      expect(parseApiKey(bad)).toBeNull();
  });

  it('never repeats and spreads characters evenly (178 random bits each)', () => {
    const keys = Array.from({ length: 2000 }, () => newApiKey('test').secret.slice(9, 39));
    expect(new Set(keys).size).toBe(keys.length);
    const counts = new Map<string, number>();
    for (const key of keys) for (const char of key) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 60,000 characters: ~968 each; a modulo bias (256 % 62) would put the first 8 near 1,200.
    for (const count of counts.values()) expect(Math.abs(count - 60_000 / 62)).toBeLessThan(150);
  });
});

describe('address allowlist', () => {
  it('normalises blocks and single addresses, and refuses what is not one', () => {
    expect(normalizeCidr(' 203.0.113.0/24 ')).toBe('203.0.113.0/24');
    expect(normalizeCidr('198.51.100.7')).toBe('198.51.100.7/32');
    expect(normalizeCidr('2001:DB8::/32')).toBe('2001:db8::/32');
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0/8', 'example.com', '::/129', '1.2.3.4/8/9', '1.2.3.4/'])
      expect(normalizeCidr(bad)).toBeNull();
  });

  it('admits any address without a list, and only addresses inside a block with one (IPv4-mapped as IPv4)', () => {
    expect(addressAllowed([], undefined)).toBe(true);
    const list = ['203.0.113.0/24', '2001:db8::/32'];
    expect(addressAllowed(list, '203.0.113.200')).toBe(true);
    expect(addressAllowed(list, '::ffff:203.0.113.9')).toBe(true);
    expect(addressAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(addressAllowed(list, '203.0.114.1')).toBe(false);
    expect(addressAllowed(list, '2001:db9::1')).toBe(false);
    expect(addressAllowed(list, undefined)).toBe(false);
  });
});
