import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES,
  effectivePermissions,
  resolvePermissions,
  ROLE_NAME_PATTERN,
  wouldCreateCycle,
  type RoleDefinition,
} from './roles.ts';

describe('BUILTIN_ROLES', () => {
  it('orders the hierarchy platform_admin > admin > trader > viewer, api_user alone', () => {
    expect(BUILTIN_ROLES.platform_admin.parent).toBe('admin');
    expect(BUILTIN_ROLES.admin.parent).toBe('trader');
    expect(BUILTIN_ROLES.trader.parent).toBe('viewer');
    expect(BUILTIN_ROLES.viewer.parent).toBeNull();
    expect(BUILTIN_ROLES.api_user.parent).toBeNull();
  });

  it('is frozen, so no caller can grant itself a permission at run time', () => {
    expect(Object.isFrozen(BUILTIN_ROLES)).toBe(true);
    expect(Object.isFrozen(BUILTIN_ROLES.admin)).toBe(true);
    expect(Object.isFrozen(BUILTIN_ROLES.admin.permissions)).toBe(true);
  });
});

describe('resolvePermissions', () => {
  it('adds every inherited permission', () => {
    expect(resolvePermissions('trader')).toEqual([
      'sessions:read:self',
      'trades:read',
      'trades:write',
      'users:read:self',
    ]);
    const admin = resolvePermissions('admin');
    expect(admin).toEqual(
      expect.arrayContaining(['users:write', 'sessions:revoke:any', 'trades:write', 'users:read:self']),
    );
    expect(admin).toEqual(expect.arrayContaining(['roles:read', 'roles:write', 'users:pii:read', 'oauth:manage']));
    expect(admin).not.toContain('tenants:write');
    expect(resolvePermissions('platform_admin')).toEqual(
      expect.arrayContaining([...admin, 'platform:admin', 'tenants:read', 'tenants:write']),
    );
  });

  it('gives api_user only its own permission', () => {
    expect(resolvePermissions('api_user')).toEqual(['users:read']);
  });

  it('denies by default: an unknown role has no permissions', () => {
    expect(resolvePermissions('superuser')).toEqual([]);
  });

  it('resolves custom roles through a lookup and survives a parent cycle', () => {
    const custom: Record<string, RoleDefinition> = {
      auditor: { name: 'auditor', parent: 'viewer', permissions: ['audit:read'] },
      a: { name: 'a', parent: 'b', permissions: ['x'] },
      b: { name: 'b', parent: 'a', permissions: ['y'] },
    };
    const lookup = (name: string): RoleDefinition | undefined =>
      custom[name] ?? (name in BUILTIN_ROLES ? BUILTIN_ROLES[name as keyof typeof BUILTIN_ROLES] : undefined);
    expect(resolvePermissions('auditor', lookup)).toEqual(['audit:read', 'sessions:read:self', 'users:read:self']);
    expect(resolvePermissions('a', lookup)).toEqual(['x', 'y']);
  });
});

describe('effectivePermissions and wouldCreateCycle', () => {
  const custom: Record<string, RoleDefinition> = {
    desk: { name: 'desk', parent: 'trader', permissions: ['audit:read'] },
    senior: { name: 'senior', parent: 'desk', permissions: ['users:read'] },
  };
  const lookup = (name: string): RoleDefinition | undefined =>
    custom[name] ?? (name in BUILTIN_ROLES ? BUILTIN_ROLES[name as keyof typeof BUILTIN_ROLES] : undefined);

  it('unions the effective permissions of several roles, sorted and without repeats', () => {
    expect(effectivePermissions(['desk', 'api_user', 'viewer'], lookup)).toEqual([
      'audit:read',
      'sessions:read:self',
      'trades:read',
      'trades:write',
      'users:read',
      'users:read:self',
    ]);
    expect(effectivePermissions([], lookup)).toEqual([]);
  });

  it('finds a loop a new parent would close, and only then', () => {
    expect(wouldCreateCycle('desk', 'senior', lookup)).toBe(true);
    expect(wouldCreateCycle('desk', 'desk', lookup)).toBe(true);
    expect(wouldCreateCycle('senior', 'viewer', lookup)).toBe(false);
    expect(wouldCreateCycle('desk', 'admin', lookup)).toBe(false);
  });

  it('accepts role names of the pattern only', () => {
    for (const name of ['desk', 'risk_desk', 'ops-2', 'platform_admin'])
      expect(ROLE_NAME_PATTERN.test(name), name).toBe(true);
    for (const name of ['d', 'Desk', '2desk', 'desk ops', 'dësk', `d${'x'.repeat(40)}`, ''])
      expect(ROLE_NAME_PATTERN.test(name), name).toBe(false);
  });
});
