import { describe, expect, it } from 'vitest';
import {
  checkPreference,
  jsonBytes,
  PREFERENCE_KEYS,
  PREFERENCE_VALUE_MAX_BYTES,
  PREFERENCES,
  withinTotal,
} from './preference-registry.ts';

describe('preference registry', () => {
  it('gives every key a default its own schema accepts, and names keys the SQL check allows', () => {
    expect(PREFERENCE_KEYS.length).toBeGreaterThan(0);
    for (const key of PREFERENCE_KEYS) {
      expect(checkPreference(key, PREFERENCES[key].defaultValue)).toEqual({
        ok: true,
        value: PREFERENCES[key].defaultValue,
      });
      // user_preferences_key_check in 0005_user_profiles.sql
      expect(key).toMatch(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/);
    }
  });

  it('refuses unknown keys, and keys inherited from Object.prototype', () => {
    expect(checkPreference('ui.fontSize', 12)).toMatchObject({ ok: false, reason: 'unknown_preference' });
    expect(checkPreference('constructor', {})).toMatchObject({ ok: false, reason: 'unknown_preference' });
    expect(checkPreference('__proto__', {})).toMatchObject({ ok: false, reason: 'unknown_preference' });
  });

  it('checks values against the key schema', () => {
    expect(checkPreference('ui.theme', 'dark')).toEqual({ ok: true, value: 'dark' });
    expect(checkPreference('ui.theme', 'neon')).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(checkPreference('notifications.email', 'yes')).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(checkPreference('trading.defaultMarket', 'XLON')).toEqual({ ok: true, value: 'XLON' });
    expect(checkPreference('trading.defaultMarket', 'xlon')).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(checkPreference('trading.watchlist', ['AAPL', 'BRK.B'])).toEqual({ ok: true, value: ['AAPL', 'BRK.B'] });
    expect(checkPreference('trading.watchlist', ['AAPL', 'AAPL'])).toMatchObject({
      ok: false,
      reason: 'invalid_value',
    });
    expect(checkPreference('trading.watchlist', { AAPL: true })).toMatchObject({ ok: false, reason: 'invalid_value' });
  });

  it('refuses a value over the per-value limit before looking at it', () => {
    const huge = 'X'.repeat(PREFERENCE_VALUE_MAX_BYTES);
    expect(checkPreference('trading.defaultMarket', huge)).toMatchObject({ ok: false, reason: 'value_too_large' });
    // Multi-byte characters count as their UTF-8 bytes.
    expect(jsonBytes('é'.repeat(10))).toBe(22);
  });

  it('bounds the total of a user values, counting a replaced value once', () => {
    const stored = new Map([
      ['a.b', 6000],
      ['c.d', 6000],
    ]);
    expect(withinTotal(stored, 'e.f', 4000, 16_384)).toBe(true);
    expect(withinTotal(stored, 'e.f', 4385, 16_384)).toBe(false);
    expect(withinTotal(stored, 'a.b', 10_384, 16_384)).toBe(true);
    expect(withinTotal(stored, 'a.b', 10_385, 16_384)).toBe(false);
  });
});
