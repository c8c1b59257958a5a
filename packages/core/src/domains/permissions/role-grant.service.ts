import { resolvePermissions } from '@tradesage/prisma';
import { AppError } from '../../runtime/errors.ts';
import { loadTenantRoles, roleNamesOf, type TenantDb, type TenantRoles } from './permission.repository.ts';
import type { Viewer } from '../../runtime/viewer.ts';

/** The effective permissions of one role of the tenant (own plus inherited), sorted. */
export function rolePermissions(roles: TenantRoles, name: string): string[] {
  return resolvePermissions(name, (role) => roles.get(role));
}

/** What `viewer` lacks of `permissions`, sorted; empty when they hold them all. */
export function permissionsLacking(viewer: Pick<Viewer, 'permissions'>, permissions: Iterable<string>): string[] {
  return [...new Set(permissions)].filter((permission) => !viewer.permissions.has(permission)).sort();
}

/**
 * No escalation (OWASP ASVS 5.0 V8.2): nobody grants a role whose effective permissions are not
 * all their own. Checked for invitations and role assignments alike; `field` names the input in
 * the error. Every refusal is ROLE_NOT_ALLOWED: an unknown role, or one above the caller.
 */
export function assertMayGrant(
  viewer: Pick<Viewer, 'permissions'>,
  roleNames: readonly string[],
  roles: TenantRoles,
  field: string,
): void {
  for (const name of roleNames) {
    if (!roles.has(name))
      throw new AppError('ROLE_NOT_ALLOWED', `There is no role ${JSON.stringify(name)} in this tenant`, {
        details: { field, role: name },
      });
    const missing = permissionsLacking(viewer, rolePermissions(roles, name));
    if (missing.length > 0) {
      throw new AppError('ROLE_NOT_ALLOWED', `You cannot grant the role ${name}: it has permissions you do not have`, {
        details: { field, role: name, missing },
      });
    }
  }
}

/**
 * No escalation on people: nobody acts on a user (their roles, their account) who holds a
 * permission the caller lacks — a role manager cannot demote, deactivate or delete the admin.
 * `heldRoles` are the target's roles now. ROLE_NOT_ALLOWED names what the caller lacks.
 */
export function assertNotOutranked(
  viewer: Pick<Viewer, 'permissions'>,
  heldRoles: readonly string[],
  roles: TenantRoles,
  field: string,
): void {
  const missing = permissionsLacking(
    viewer,
    heldRoles.flatMap((role) => rolePermissions(roles, role)),
  );
  if (missing.length > 0)
    throw new AppError('ROLE_NOT_ALLOWED', 'The user holds permissions you do not have', {
      details: { field, missing },
    });
}

/** assertNotOutranked for a user read from the tenant's schema (inside the caller's transaction when given one). */
export async function assertMayManageUser(
  db: TenantDb,
  viewer: Pick<Viewer, 'permissions'>,
  userId: string,
  field: string,
): Promise<void> {
  const [roles, held] = await Promise.all([loadTenantRoles(db), roleNamesOf(db, userId)]);
  assertNotOutranked(viewer, held, roles, field);
}
