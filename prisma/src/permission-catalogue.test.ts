import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  isKnownPermission,
  isPlatformPermission,
  PERMISSION_CATALOGUE,
  permissionCatalogueMarkdown,
} from './permission-catalogue.ts';
import { BUILTIN_ROLES } from './roles.ts';

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- permission-catalogue:start -->';
const END = '<!-- permission-catalogue:end -->';

describe('the permission catalogue', () => {
  it('names each permission once, and every permission of a built-in role is in it', () => {
    const names = PERMISSION_CATALOGUE.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const role of Object.values(BUILTIN_ROLES))
      for (const permission of role.permissions) expect(isKnownPermission(permission), permission).toBe(true);
    expect(isKnownPermission('users:raed')).toBe(false);
    expect(isKnownPermission('toString')).toBe(false);
  });

  it('keeps the platform permissions to platform_admin', () => {
    const platform = PERMISSION_CATALOGUE.filter((entry) => isPlatformPermission(entry.name)).map(
      (entry) => entry.name,
    );
    expect(platform.sort()).toEqual(['platform:admin', 'tenants:read', 'tenants:write']);
    for (const role of Object.values(BUILTIN_ROLES)) {
      if (role.name !== 'platform_admin') expect(role.permissions.filter(isPlatformPermission), role.name).toEqual([]);
    }
  });

  it('is the table in README.md (regenerate it from permissionCatalogueMarkdown() when it changes)', async () => {
    const readme = await readFile(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md has no ${START} marker`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + START.length, end).trim()).toBe(permissionCatalogueMarkdown());
  });
});
