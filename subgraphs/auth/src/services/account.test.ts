import crypto from 'node:crypto';
import { BUILTIN_ROLES, resolvePermissions, type RoleDefinition } from '@tradesage/prisma';
import {
  TenantClaimCipher,
  claimsOfOneTimeToken,
  hashOneTimeToken,
  issueOneTimeToken,
  ONE_TIME_TOKEN_TTL_SECONDS,
  tenantOfOneTimeToken,
  validEmail,
} from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { assertDomainAllowed, withMinimumDuration } from './account-support.ts';
import { assertMayInvite } from './invitation.service.ts';

const cipher = new TenantClaimCipher(crypto.randomBytes(32));
const tenantId = crypto.randomUUID();
const now = new Date('2030-01-01T00:00:00Z');

describe('one-time tokens', () => {
  it('carry 256 random bits behind the encrypted tenant, and only their SHA-256 is stored', () => {
    const issued = issueOneTimeToken(cipher, tenantId, 'password_reset', now);
    const random = issued.token.slice(issued.token.lastIndexOf('.') + 1);
    expect(Buffer.from(random, 'base64url')).toHaveLength(32);
    expect(issued.token).not.toContain(tenantId);
    expect(issued.hash).toBe(crypto.createHash('sha256').update(issued.token).digest('base64url'));
    expect(issued.hash).toBe(hashOneTimeToken(issued.token));
    expect(issueOneTimeToken(cipher, tenantId, 'password_reset', now).token).not.toBe(issued.token);
  });

  it('expire after 30 minutes for a reset, a day for a verification and a week for an invitation', () => {
    expect(issueOneTimeToken(cipher, tenantId, 'password_reset', now).expiresAt.getTime() - now.getTime()).toBe(
      30 * 60_000,
    );
    expect(ONE_TIME_TOKEN_TTL_SECONDS.email_verification).toBe(86_400);
    expect(ONE_TIME_TOKEN_TTL_SECONDS.invitation).toBe(7 * 86_400);
  });

  it('name their tenant only for their own purpose and key', () => {
    const { token } = issueOneTimeToken(cipher, tenantId, 'invitation', now);
    expect(tenantOfOneTimeToken(cipher, token, 'invitation')).toBe(tenantId);
    expect(tenantOfOneTimeToken(cipher, token, 'password_reset')).toBeNull();
    expect(tenantOfOneTimeToken(cipher, token, 'email_verification')).toBeNull();
    expect(tenantOfOneTimeToken(new TenantClaimCipher(crypto.randomBytes(32)), token, 'invitation')).toBeNull();
  });

  it('seal the user of a challenge beside its tenant, under the same key and purpose', () => {
    const userId = crypto.randomUUID();
    const { token } = issueOneTimeToken(cipher, tenantId, 'mfa_challenge', now, userId);
    expect(token).not.toContain(userId);
    expect(claimsOfOneTimeToken(cipher, token, 'mfa_challenge')).toEqual({ tenantId, userId });
    expect(tenantOfOneTimeToken(cipher, token, 'mfa_challenge')).toBe(tenantId);
    expect(claimsOfOneTimeToken(cipher, token, 'password_reset')).toBeNull();
    const withoutUser = issueOneTimeToken(cipher, tenantId, 'mfa_challenge', now).token;
    expect(claimsOfOneTimeToken(cipher, withoutUser, 'mfa_challenge')).toEqual({ tenantId, userId: null });
  });

  it('refuse malformed and oversized input before any crypto', () => {
    for (const bad of ['', '.', 'abc', 'v1.', 'v1.abc.', `${'a'.repeat(300)}.b`])
      expect(tenantOfOneTimeToken(cipher, bad, 'password_reset')).toBeNull();
    const { token } = issueOneTimeToken(cipher, tenantId, 'password_reset', now);
    const flipped = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    expect(tenantOfOneTimeToken(cipher, flipped, 'password_reset')).toBeNull();
  });
});

describe('roles an invitation may give', () => {
  const admin = { permissions: new Set(resolvePermissions('admin')) };
  const trader = { permissions: new Set(resolvePermissions('trader')) };
  const roles = new Map<string, RoleDefinition>([
    ...Object.values(BUILTIN_ROLES).map((role): [string, RoleDefinition] => [role.name, role]),
    ['desk', { name: 'desk', parent: 'trader', permissions: ['audit:read'] }],
  ]);

  it('are the tenant roles other than platform_admin, never above the inviter', () => {
    for (const role of ['viewer', 'trader', 'admin', 'api_user', 'desk'])
      expect(() => assertMayInvite(admin, role, roles)).not.toThrow();
    for (const role of ['platform_admin', 'root', 'Admin', ''])
      expect(() => assertMayInvite(admin, role, roles)).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }));
    expect(() => assertMayInvite(trader, 'viewer', roles)).not.toThrow();
    expect(() => assertMayInvite(trader, 'admin', roles)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
    // api_user holds users:read and desk audit:read, which a trader does not have.
    expect(() => assertMayInvite(trader, 'api_user', roles)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
    expect(() => assertMayInvite(trader, 'desk', roles)).toThrow(
      expect.objectContaining({
        code: 'ROLE_NOT_ALLOWED',
        details: expect.objectContaining({ missing: ['audit:read'] }),
      }),
    );
  });
});

describe('account inputs', () => {
  it('normalise addresses and refuse what is not one', () => {
    expect(validEmail('  Ada.Lovelace+x@Example.COM ')).toBe('ada.lovelace+x@example.com');
    for (const bad of [
      '',
      'ada',
      'ada@',
      '@example.com',
      'a b@example.com',
      'ada@example',
      'a"b@example.com',
      `${'a'.repeat(65)}@example.com`,
      'ada@exa mple.com',
    ]) {
      expect(() => validEmail(bad)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'email' } }),
      );
    }
  });

  it('keep to the allowed domains when the tenant lists any', () => {
    expect(() => assertDomainAllowed('a@corp.example', [])).not.toThrow();
    expect(() => assertDomainAllowed('a@corp.example', ['corp.example'])).not.toThrow();
    expect(() => assertDomainAllowed('a@evil-corp.example', ['corp.example'])).toThrow(
      expect.objectContaining({ code: 'EMAIL_DOMAIN_NOT_ALLOWED' }),
    );
    expect(() => assertDomainAllowed('a@sub.corp.example', ['corp.example'])).toThrow(
      expect.objectContaining({ code: 'EMAIL_DOMAIN_NOT_ALLOWED' }),
    );
  });

  it('anonymous answers take at least the floor, also when they fail', async () => {
    let started = performance.now();
    await withMinimumDuration(60, () => Promise.resolve(true));
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    started = performance.now();
    await expect(withMinimumDuration(60, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });
});
