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
      mfa: { required: false },
      rateLimits: { requestsPerMinute: 6000, loginAttemptsPerMinute: 20 },
    });
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

describe('settings of features not built yet', () => {
  it('refuse being turned on, with reason not_available, beside any other refused field', () => {
    const result = applyTenantSettingsPatch({}, { mfa: { required: true }, lockout: { threshold: 1000 } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fields).toEqual([
        { path: 'lockout.threshold', message: expect.any(String) as string },
        { path: 'mfa.required', message: expect.any(String) as string, reason: 'not_available' },
      ]);
    }
    expect(applyTenantSettingsPatch({}, { mfa: { required: true } }).ok).toBe(false);
  });

  it('accept off or a reset, and read as off whatever is stored', () => {
    expect(applyTenantSettingsPatch({}, { mfa: { required: false } })).toMatchObject({ ok: true });
    expect(applyTenantSettingsPatch({ mfa: { required: false } }, { mfa: { required: null } })).toMatchObject({
      ok: true,
      stored: {},
    });
    // A value stored before the refusal existed (or by hand) promises nothing: it reads false.
    expect(parseTenantSettings({ mfa: { required: true } }).mfa.required).toBe(false);
  });
});
