import { describe, expect, it } from 'vitest';
import { parseTenantSettings } from '../tenants/tenant-settings.ts';
import { methodsAfter, mfaRequiredFor, signInStep, usableFactors } from './mfa-policy.ts';

const settings = (mfa: Record<string, unknown> = {}) => parseTenantSettings({ mfa }).mfa;
const now = new Date('2026-12-06T10:00:00Z');
const day = 86_400_000;

describe('mfa policy', () => {
  it('requires a factor under REQUIRED, for the chosen roles under OPTIONAL, never under OFF', () => {
    expect(mfaRequiredFor(settings({ mode: 'required' }), ['viewer'])).toBe(true);
    expect(mfaRequiredFor(settings({ requiredForRoles: ['admin'] }), ['viewer'])).toBe(false);
    expect(mfaRequiredFor(settings({ requiredForRoles: ['admin'] }), ['viewer', 'admin'])).toBe(true);
    expect(mfaRequiredFor(settings({ mode: 'off', requiredForRoles: ['admin'] }), ['admin'])).toBe(false);
  });

  it('offers only the factors the tenant allows, passkeys first, none when MFA is off', () => {
    expect(usableFactors(settings(), ['recovery_code', 'totp', 'passkey', 'sms'])).toEqual([
      'passkey',
      'totp',
      'recovery_code',
    ]);
    expect(usableFactors(settings({ allowedFactors: ['totp', 'sms'] }), ['sms', 'passkey'])).toEqual(['sms']);
    expect(usableFactors(settings({ mode: 'off' }), ['totp'])).toEqual([]);
  });

  it('challenges a user who has a usable factor, even where the tenant does not require one', () => {
    const step = signInStep({ settings: settings(), roles: [], enrolled: ['totp'], enrolBy: null, now });
    expect(step).toEqual({ kind: 'challenge', factors: ['totp'] });
  });

  it('starts the grace period at the first sign-in that needs a factor, then refuses past it', () => {
    const required = settings({ mode: 'required', enrolmentGraceDays: 3 });
    const first = signInStep({ settings: required, roles: [], enrolled: [], enrolBy: null, now });
    expect(first).toEqual({ kind: 'enrol', enrolBy: new Date(now.getTime() + 3 * day) });
    const later = new Date(now.getTime() + 3 * day);
    expect(
      signInStep({
        settings: required,
        roles: [],
        enrolled: [],
        enrolBy: first.kind === 'enrol' ? first.enrolBy : null,
        now: later,
      }),
    ).toMatchObject({ kind: 'refused' });
    // A factor the tenant does not allow does not count as enrolled.
    expect(
      signInStep({
        settings: { ...required, allowedFactors: ['passkey'] },
        roles: [],
        enrolled: ['totp'],
        enrolBy: null,
        now,
      }),
    ).toMatchObject({ kind: 'enrol' });
  });

  it('lets a user without a factor in when nothing requires one', () => {
    expect(signInStep({ settings: settings(), roles: ['admin'], enrolled: [], enrolBy: null, now })).toEqual({
      kind: 'session',
    });
  });

  it('records both factors in the methods (RFC 8176), mfa included', () => {
    expect(methodsAfter(['pwd'], 'totp')).toEqual(['mfa', 'otp', 'pwd']);
    expect(methodsAfter(['pwd'], 'passkey')).toEqual(['hwk', 'mfa', 'pwd', 'user']);
  });
});
