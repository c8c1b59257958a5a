import type { Permission } from './permission-catalogue.ts';

/**
 * The built-in roles every tenant schema is seeded with (migrations/tenant/0001_init.sql; admin's
 * later additions in 0005, 0006, 0008 and 0009). roles.integration.test.ts fails if this constant and the
 * seeded rows disagree, so a change to one must be made to the other (through a new migration).
 * Authorization reads the roles from the tenant's schema (custom roles live only there); this
 * constant names the built-ins, which cannot be changed or deleted.
 *
 * Hierarchy: platform_admin > admin > trader > viewer. Each role
 * stores only its own permissions and `parent` names the role directly below it, whose
 * permissions it inherits. api_user (API keys) stands alone. Custom roles name a parent too.
 */
export type BuiltinRoleName = 'platform_admin' | 'admin' | 'trader' | 'viewer' | 'api_user';

/** Permissions of built-in roles: entries of the permission catalogue. */
export type BuiltinPermission = Permission;

export interface RoleDefinition {
  readonly name: string;
  readonly parent: string | null;
  readonly permissions: readonly string[];
}

export interface BuiltinRoleDefinition extends RoleDefinition {
  readonly name: BuiltinRoleName;
  readonly parent: BuiltinRoleName | null;
  readonly permissions: readonly BuiltinPermission[];
}

export const BUILTIN_ROLES: Readonly<Record<BuiltinRoleName, BuiltinRoleDefinition>> = Object.freeze({
  viewer: Object.freeze({
    name: 'viewer',
    parent: null,
    permissions: Object.freeze(['users:read:self', 'sessions:read:self'] as const),
  }),
  trader: Object.freeze({
    name: 'trader',
    parent: 'viewer',
    permissions: Object.freeze(['trades:read', 'trades:write'] as const),
  }),
  admin: Object.freeze({
    name: 'admin',
    parent: 'trader',
    permissions: Object.freeze([
      'users:read',
      'users:write',
      'sessions:read:any',
      'sessions:revoke:any',
      'audit:read',
      'tenant:read',
      'tenant:settings:write',
      'users:pii:read',
      'roles:read',
      'roles:write',
      'apikeys:manage',
      'oauth:manage',
    ] as const),
  }),
  platform_admin: Object.freeze({
    name: 'platform_admin',
    parent: 'admin',
    permissions: Object.freeze(['tenants:read', 'tenants:write', 'platform:admin'] as const),
  }),
  api_user: Object.freeze({
    name: 'api_user',
    parent: null,
    permissions: Object.freeze(['users:read'] as const),
  }),
});

export function isBuiltinRoleName(name: string): name is BuiltinRoleName {
  return Object.hasOwn(BUILTIN_ROLES, name);
}

/**
 * The permissions of `roleName` plus everything inherited through `parent`, sorted.
 * `lookup` defaults to the built-in roles; pass one that also knows a tenant's custom roles.
 * An unknown role has no permissions (deny by default). A parent cycle — impossible for the
 * built-ins, possible in bad custom data — stops the walk instead of looping forever.
 */
export function resolvePermissions(
  roleName: string,
  lookup: (name: string) => RoleDefinition | undefined = (name) =>
    isBuiltinRoleName(name) ? BUILTIN_ROLES[name] : undefined,
): string[] {
  const permissions = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = roleName;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const role = lookup(current);
    if (role === undefined) break;
    for (const permission of role.permissions) permissions.add(permission);
    current = role.parent;
  }
  return [...permissions].sort();
}

/**
 * Names of custom roles: lowercase letter first, then lowercase letters, digits, `_` or `-`,
 * 2 to 40 characters. The same rule is a CHECK constraint on roles.name (0006_custom_roles.sql).
 */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]{1,39}$/;

/** The union of the effective permissions of every role in `roleNames`, sorted. */
export function effectivePermissions(
  roleNames: readonly string[],
  lookup: (name: string) => RoleDefinition | undefined,
): string[] {
  const permissions = new Set<string>();
  for (const name of roleNames) for (const permission of resolvePermissions(name, lookup)) permissions.add(permission);
  return [...permissions].sort();
}

/**
 * Whether giving `roleName` the parent `parent` would close a loop: walking up from `parent`
 * reaches `roleName` again (or a loop already in the data). `lookup` answers the current roles.
 */
export function wouldCreateCycle(
  roleName: string,
  parent: string,
  lookup: (name: string) => RoleDefinition | undefined,
): boolean {
  const seen = new Set<string>([roleName]);
  let current: string | null = parent;
  while (current !== null) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = lookup(current)?.parent ?? null;
  }
  return false;
}
