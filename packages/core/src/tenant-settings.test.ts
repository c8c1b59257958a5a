import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS, parseTenantSettings } from './tenant-settings.ts';

describe('tenant settings', () => {
  it('default to the secure values', () => {
    expect(DEFAULT_TENANT_SETTINGS).toEqual({
      passwordPolicy: { minLength: 12, requireUppercase: false, requireLowercase: false, requireDigit: false, requireSymbol: false },
      lockout: { threshold: 5 },
      sessions: { refreshTokenTtlDays: 30, idleTimeoutMinutes: 10_080 },
      signup: { mode: 'invite_only', allowedEmailDomains: [] },
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
