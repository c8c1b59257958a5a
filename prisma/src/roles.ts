/**
 * The built-in roles every tenant schema is seeded with (migrations/tenant/0001_init.sql).
 * Kept here as a constant so `@tradesage/core` can resolve effective permissions of built-in
 * roles without a database round trip; roles.integration.test.ts fails if the two disagree,
 * so a change to one must be made to the other (through a new migration).
 *
 * Hierarchy (DESIGN.md "Permissions"): platform_admin > admin > trader > viewer. Each role
 * stores only its own permissions and `parent` names the role directly below it, whose
 * permissions it inherits. api_user (API keys) stands alone.
 */
export type BuiltinRoleName = 'platform_admin' | 'admin' | 'trader' | 'viewer' | 'api_user';

export type BuiltinPermission =
  | 'users:read:self'
  | 'sessions:read:self'
  | 'trades:read'
  | 'trades:write'
  | 'users:read'
  | 'users:write'
  | 'sessions:read:any'
  | 'sessions:revoke:any'
  | 'audit:read'
  | 'tenant:read'
  | 'tenant:settings:write'
  | 'tenants:read'
  | 'tenants:write'
  | 'platform:admin';

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
