import { describe, expect, it } from 'vitest';
import { applyTenantSettingsPatch, DEFAULT_TENANT_SETTINGS, parseTenantSettings } from './tenant-settings.ts';

describe('tenant settings', () => {
  it('default to the secure values', () => {
    expect(DEFAULT_TENANT_SETTINGS).toEqual({
      passwordPolicy: {
        minLength: 12,
        requireUppercase: false,
        requireLowercase: false,
        requireDigit: false,
        requireSymbol: false,
      },
      lockout: { threshold: 5 },
      sessions: {
        refreshTokenTtlDays: 30,
        idleTimeoutMinutes: 10_080,
        maxConcurrent: null,
        ipBinding: 'off',
        refreshReuseLeewaySeconds: 30,
      },
      signup: { mode: 'invite_only', allowedEmailDomains: [] },
      mfa: {
        mode: 'optional',
        requiredForRoles: [],
        allowedFactors: ['totp', 'passkey', 'recovery_code'],
        enrolmentGraceDays: 7,
        totpWindow: 1,
        stepUpMaxAgeMinutes: 10,
        trustedDeviceDays: 30,
      },
      apiKeys: { maxLifetimeDays: 90 },
      rateLimits: { requestsPerMinute: 6000, loginAttemptsPerMinute: 20 },
    });
  });

  it('bound the lifetime of API keys to 1 to 366 days', () => {
    expect(applyTenantSettingsPatch({}, { apiKeys: { maxLifetimeDays: 366 } }).ok).toBe(true);
    for (const days of [0, 367, 1.5])
      expect(applyTenantSettingsPatch({}, { apiKeys: { maxLifetimeDays: days } }).ok).toBe(false);
  });

  it('fill in what a tenant did not store', () => {
    const settings = parseTenantSettings({ passwordPolicy: { minLength: 16 } });
    expect(settings.passwordPolicy).toMatchObject({ minLength: 16, requireDigit: false });
    expect(settings.lockout.threshold).toBe(5);
  });

  it('refuse insecure values', () => {
    expect(() => parseTenantSettings({ passwordPolicy: { minLength: 6 } })).toThrow();
    expect(() => parseTenantSettings({ lockout: { threshold: 1000 } })).toThrow();
    expect(() => parseTenantSettings({ signup: { allowedEmailDomains: ['not a domain'] } })).toThrow();
  });
});

describe('applyTenantSettingsPatch', () => {
  it('merges key by key and stores only what the tenant chose', () => {
    const result = applyTenantSettingsPatch(
      { passwordPolicy: { minLength: 14 } },
      { passwordPolicy: { requireDigit: true }, rateLimits: { loginAttemptsPerMinute: 30 } },
    );
    expect(result).toMatchObject({
      ok: true,
      stored: { passwordPolicy: { minLength: 14, requireDigit: true }, rateLimits: { loginAttemptsPerMinute: 30 } },
    });
    if (result.ok) expect(result.settings.lockout.threshold).toBe(5);
  });

  it('null resets a key to its default and drops emptied objects', () => {
    const result = applyTenantSettingsPatch(
      { passwordPolicy: { minLength: 14 }, sessions: { maxConcurrent: 3 } },
      { passwordPolicy: { minLength: null } },
    );
    expect(result).toMatchObject({ ok: true, stored: { sessions: { maxConcurrent: 3 } } });
    if (result.ok) {
      expect(result.stored).not.toHaveProperty('passwordPolicy');
      expect(result.settings.passwordPolicy.minLength).toBe(12);
    }
  });

  it('reports every refused field with its path', () => {
    const result = applyTenantSettingsPatch(
      {},
      {
        passwordPolicy: { minLength: 4 },
        lockout: { threshold: 100 },
        signup: { allowedEmailDomains: ['ok.example.com', 'not a domain'] },
      },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fields.map((f) => f.path).sort()).toEqual([
        'lockout.threshold',
        'passwordPolicy.minLength',
        'signup.allowedEmailDomains.1',
      ]);
      expect(result.fields.every((f) => f.message.length > 0)).toBe(true);
    }
  });

  it('cannot reach Object.prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "lockout": {"threshold": 6}}') as Record<
      string,
      unknown
    >;
    const result = applyTenantSettingsPatch({}, patch);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('mfa settings', () => {
  it('default to optional MFA with the strong factors, a 7-day grace and a 10-minute step-up', () => {
    expect(parseTenantSettings({}).mfa).toEqual({
      mode: 'optional',
      requiredForRoles: [],
      allowedFactors: ['totp', 'passkey', 'recovery_code'],
      enrolmentGraceDays: 7,
      totpWindow: 1,
      stepUpMaxAgeMinutes: 10,
      trustedDeviceDays: 30,
    });
  });

  it('refuse values out of bounds, unknown factors and a factor listed twice, every field reported', () => {
    const result = applyTenantSettingsPatch(
      {},
      {
        mfa: {
          mode: 'always',
          totpWindow: 2,
          trustedDeviceDays: 91,
          stepUpMaxAgeMinutes: 0,
          enrolmentGraceDays: 0,
          allowedFactors: ['totp', 'totp'],
        },
      },
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.fields.map((field) => field.path).sort()).toEqual([
        'mfa.allowedFactors',
        'mfa.enrolmentGraceDays',
        'mfa.mode',
        'mfa.stepUpMaxAgeMinutes',
        'mfa.totpWindow',
        'mfa.trustedDeviceDays',
      ]);
    expect(applyTenantSettingsPatch({}, { mfa: { allowedFactors: ['voice'] } }).ok).toBe(false);
  });

  it('accept a required policy and reset it with null', () => {
    const required = applyTenantSettingsPatch({}, { mfa: { mode: 'required', enrolmentGraceDays: 1 } });
    expect(required).toMatchObject({ ok: true, settings: { mfa: { mode: 'required', enrolmentGraceDays: 1 } } });
    if (required.ok)
      expect(applyTenantSettingsPatch(required.stored, { mfa: null })).toMatchObject({ ok: true, stored: {} });
  });
});
