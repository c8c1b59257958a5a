/** A role: its own permissions plus everything of the role below it (its parent). */
export interface RoleDefinition {
  readonly name: string;
  readonly parent: string | null;
  readonly permissions: readonly string[];
}

export const PLATFORM_ADMIN_ROLE = 'platform_admin';

/**
 * Effective permissions of a set of roles: each role's own permissions and those inherited
 * down its parent chain (platform_admin > admin > trader > viewer). Unknown roles grant
 * nothing; a cycle in custom roles stops at the first repeat.
 */
export function effectivePermissions(roles: readonly string[], definitions: ReadonlyMap<string, RoleDefinition>): Set<string> {
  const granted = new Set<string>();
  for (const role of roles) {
    const seen = new Set<string>();
    let current = definitions.get(role);
    while (current && !seen.has(current.name)) {
      seen.add(current.name);
      for (const permission of current.permissions) granted.add(permission);
      current = current.parent ? definitions.get(current.parent) : undefined;
    }
  }
  return granted;
}

export function roleMap(definitions: readonly RoleDefinition[]): ReadonlyMap<string, RoleDefinition> {
  return new Map(definitions.map((d) => [d.name, d]));
}
