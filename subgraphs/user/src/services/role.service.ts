import {
  AppError,
  assertMayGrant,
  assertNotOutranked,
  BadInputError,
  findAppError,
  invalidateTenantPermissions,
  invalidateUserPermissions,
  loadTenantRoles,
  NotFoundError,
  permissionsLacking,
  rolePermissions,
  SignedInService,
  type AuditAction,
  type TenantRoles,
} from '@tradesage/core';
import {
  isBuiltinRoleName,
  isKnownPermission,
  isPlatformPermission,
  ROLE_NAME_PATTERN,
  wouldCreateCycle,
  type RoleDefinition,
} from '@tradesage/prisma';
import { inRoleTransaction, RoleRepository, type RoleRow } from '../repositories/role.repository.ts';

/** Custom roles a tenant may define. */
export const MAX_CUSTOM_ROLES = 100;
/** Roles one user may hold at once. */
export const MAX_ROLES_PER_USER = 20;
const DESCRIPTION_MAX = 500;

export interface RoleView extends RoleRow {
  readonly effectivePermissions: string[];
}

export interface CreateRoleInput {
  readonly name: string;
  readonly description?: string | null;
  readonly parent: string;
  readonly permissions: readonly string[];
}

export interface UpdateRoleInput {
  readonly description?: string | null;
  readonly parent?: string | null;
  readonly permissions?: readonly string[] | null;
}

/**
 * Roles of one tenant: custom roles that inherit from a parent and add permissions,
 * and which roles each user holds.
 *
 * The rules, each refused with a stable code:
 * - Nobody gives anyone more than they hold themselves (OWASP ASVS 5.0 V8.2): a role created or
 *   changed may only end up with permissions the caller holds, a role granted (assignRoles,
 *   deleteRole's reassignTo) may only have such permissions, and a role or a user the caller
 *   changes may not already hold more than the caller (ROLE_NOT_ALLOWED).
 * - Platform permissions (tenants:*, platform:admin) are never part of a custom role, even
 *   inherited (ROLE_NOT_ALLOWED); unknown permissions are BAD_USER_INPUT.
 * - Built-in roles never change (ROLE_NOT_ALLOWED); nobody changes their own roles
 *   (ROLE_NOT_ALLOWED), so a role administrator can never lock themselves out by mistake.
 * - Parents form no loop (BAD_USER_INPUT); a role still held or inherited from is not deleted
 *   (CONFLICT) unless its holders move to `reassignTo` in the same transaction.
 *
 * Every change is audited in the same transaction; refusals for lack of permissions are audited
 * too (result `refused`). After commit the permissions cache is invalidated: the change applies
 * to the very next request of every user it touches.
 */
export class RoleService extends SignedInService {
  readonly #roles = new RoleRepository(this.db, this.viewer.tenantId);

  async list(): Promise<RoleView[]> {
    const rows = await this.#roles.list();
    const roles = definitionsOf(rows);
    return rows.map((row) => view(row, roles));
  }

  /** One role; the whole (small) set is read because its effective permissions need its ancestors. */
  async get(name: string): Promise<RoleView | null> {
    return (await this.list()).find((role) => role.name === name) ?? null;
  }

  async create(input: CreateRoleInput): Promise<RoleView> {
    const name = validRoleName(input.name);
    const description = validDescription(input.description);
    const permissions = validPermissions(input.permissions);
    await this.#auditRefusal('role.created', 'role', name, async () => {
      await inRoleTransaction(this.db, this.viewer.tenantId, async (repository, tx) => {
        await repository.lockForDefinitionChange();
        const roles = await loadTenantRoles(tx);
        if (roles.has(name))
          throw new AppError('CONFLICT', `A role named ${name} already exists`, { details: { field: 'name' } });
        if ((await repository.countCustom()) >= MAX_CUSTOM_ROLES) {
          throw new AppError('QUOTA_EXCEEDED', `A tenant may define at most ${MAX_CUSTOM_ROLES} custom roles`, {
            details: { limit: MAX_CUSTOM_ROLES },
          });
        }
        const parent = existingParent(roles, input.parent);
        this.#assertMayDefine(withRole(roles, { name, parent, permissions }), name);
        await repository.create({ name, description, parent, permissions });
        await this.audit(tx, {
          action: 'role.created',
          targetType: 'role',
          targetId: name,
          data: { parent, permissions: permissions.join(',') },
        });
      });
    });
    await invalidateTenantPermissions(this.runtime, this.viewer.tenantId);
    return this.#view(name);
  }

  async update(name: string, input: UpdateRoleInput): Promise<RoleView> {
    const description = input.description === undefined ? undefined : validDescription(input.description);
    const permissions =
      input.permissions === undefined || input.permissions === null ? undefined : validPermissions(input.permissions);
    const newParent = input.parent;
    if (newParent === null)
      throw new BadInputError('BAD_USER_INPUT', 'A custom role always has a parent', { field: 'parent' });
    await this.#auditRefusal('role.updated', 'role', name, async () => {
      await inRoleTransaction(this.db, this.viewer.tenantId, async (repository, tx) => {
        await repository.lockForDefinitionChange();
        const roles = await loadTenantRoles(tx);
        const current = this.#changeableRole(roles, name);
        const parent = newParent === undefined ? current.parent : existingParent(roles, newParent);
        if (parent !== null && wouldCreateCycle(name, parent, (role) => roles.get(role))) {
          throw new BadInputError(
            'BAD_USER_INPUT',
            `${parent} inherits from ${name}: the roles would inherit from each other`,
            { field: 'parent', reason: 'cycle' },
          );
        }
        this.#assertMayDefine(withRole(roles, { name, parent, permissions: permissions ?? current.permissions }), name);
        await repository.update(name, {
          ...(description === undefined ? {} : { description }),
          ...(newParent === undefined ? {} : { parent: newParent }),
          ...(permissions ? { permissions } : {}),
        });
        await this.audit(tx, {
          action: 'role.updated',
          targetType: 'role',
          targetId: name,
          data: {
            ...(description === undefined ? {} : { description: true }),
            ...(parent === current.parent ? {} : { parentBefore: current.parent, parent }),
            ...(permissions
              ? { permissionsBefore: current.permissions.join(','), permissions: permissions.join(',') }
              : {}),
          },
        });
      });
    });
    await invalidateTenantPermissions(this.runtime, this.viewer.tenantId);
    return this.#view(name);
  }

  async delete(name: string, reassignTo: string | null | undefined): Promise<boolean> {
    await this.#auditRefusal('role.deleted', 'role', name, async () => {
      await inRoleTransaction(this.db, this.viewer.tenantId, async (repository, tx) => {
        await repository.lockForDefinitionChange();
        const roles = await loadTenantRoles(tx);
        this.#changeableRole(roles, name);
        const children = await repository.children(name);
        if (children.length > 0) {
          throw new AppError('CONFLICT', `Other roles inherit from ${name}: ${children.join(', ')}`, {
            details: { field: 'name', children },
          });
        }
        const holders = await repository.holders(name);
        if (holders.length > 0) {
          if (reassignTo === undefined || reassignTo === null) {
            throw new AppError(
              'CONFLICT',
              `${holders.length} user(s) hold ${name}: name the role they get instead (reassignTo)`,
              {
                details: { field: 'reassignTo', userCount: holders.length },
              },
            );
          }
          if (reassignTo === name)
            throw new BadInputError('BAD_USER_INPUT', 'reassignTo must be another role', { field: 'reassignTo' });
          assertMayGrant(this.viewer, [reassignTo], roles, 'reassignTo');
          await repository.reassign(name, reassignTo, holders);
        }
        await repository.delete(name);
        await this.audit(tx, {
          action: 'role.deleted',
          targetType: 'role',
          targetId: name,
          data: { usersReassigned: holders.length, ...(holders.length > 0 && reassignTo ? { reassignTo } : {}) },
        });
      });
    });
    await invalidateTenantPermissions(this.runtime, this.viewer.tenantId);
    return true;
  }

  /** Replaces the user's roles; returns them sorted. */
  async assign(userId: string, requested: readonly string[]): Promise<string[]> {
    const roles = [...new Set(requested)].sort();
    if (roles.length === 0)
      throw new BadInputError('BAD_USER_INPUT', 'A user holds at least one role', { field: 'roles' });
    if (roles.length > MAX_ROLES_PER_USER)
      throw new BadInputError('BAD_USER_INPUT', `A user holds at most ${MAX_ROLES_PER_USER} roles`, { field: 'roles' });
    const changed = await this.#auditRefusal('user.roles_changed', 'user', userId, async () => {
      if (userId === this.viewer.userId) {
        throw new AppError('ROLE_NOT_ALLOWED', 'You cannot change your own roles', { details: { field: 'userId' } });
      }
      return inRoleTransaction(this.db, this.viewer.tenantId, async (repository, tx) => {
        await repository.lockForAssignment();
        const user = await repository.lockUser(userId);
        if (!user) throw new NotFoundError('User');
        if (user.status === 'deleted') throw new AppError('CONFLICT', 'The user is deleted');
        const definitions = await loadTenantRoles(tx);
        assertMayGrant(this.viewer, roles, definitions, 'roles');
        const before = (await repository.rolesOf([userId])).get(userId) ?? [];
        assertNotOutranked(this.viewer, before, definitions, 'userId');
        if (sameRoles(before, roles)) return false;
        await repository.replaceUserRoles(userId, roles);
        await this.audit(tx, {
          action: 'user.roles_changed',
          targetType: 'user',
          targetId: userId,
          data: { before: before.join(','), after: roles.join(',') },
        });
        return true;
      });
    });
    if (changed) await invalidateUserPermissions(this.runtime, this.viewer.tenantId, [userId]);
    return roles;
  }

  /**
   * A custom role the caller may change: it exists, is not built-in (built-in names are taken by
   * the built-in rows; the repository's writes also say `builtin = false`), and neither it nor
   * any role inheriting from it holds anything the caller lacks: changing a parent changes what
   * the holders of its children may do.
   */
  #changeableRole(roles: TenantRoles, name: string): RoleDefinition {
    const current = roles.get(name);
    if (!current) throw new NotFoundError('Role');
    if (isBuiltinRoleName(name))
      throw new AppError('ROLE_NOT_ALLOWED', 'Built-in roles cannot be changed or deleted', {
        details: { field: 'name', role: name },
      });
    const affected = [...roles.keys()].filter((role) => inheritsFrom(roles, role, name));
    const missing = permissionsLacking(
      this.viewer,
      affected.flatMap((role) => rolePermissions(roles, role)),
    );
    if (missing.length > 0)
      throw new AppError('ROLE_NOT_ALLOWED', `${name} has permissions you do not have`, {
        details: { field: 'name', role: name, missing },
      });
    return current;
  }

  /** The role `name` as defined in `roles` has no platform permission and nothing the caller lacks. */
  #assertMayDefine(roles: TenantRoles, name: string): void {
    const effective = rolePermissions(roles, name);
    const platform = effective.filter(isPlatformPermission);
    if (platform.length > 0) {
      throw new AppError('ROLE_NOT_ALLOWED', 'Platform permissions are never part of a custom role', {
        details: { field: 'permissions', platform },
      });
    }
    const missing = permissionsLacking(this.viewer, effective);
    if (missing.length > 0) {
      throw new AppError('ROLE_NOT_ALLOWED', 'A role cannot have permissions you do not have', {
        details: { field: 'permissions', missing },
      });
    }
  }

  async #view(name: string): Promise<RoleView> {
    const role = await this.get(name);
    if (!role) throw new NotFoundError('Role');
    return role;
  }

  /** Runs `fn`; a ROLE_NOT_ALLOWED refusal is audited (result `refused`, with its reason) and rethrown. */
  async #auditRefusal<T>(action: AuditAction, targetType: string, targetId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const refusal = findAppError(error);
      if (refusal?.code === 'ROLE_NOT_ALLOWED') {
        await this.audit(this.db, {
          action,
          result: 'refused',
          targetType,
          targetId,
          data: { reason: refusal.message },
        });
      }
      throw error;
    }
  }
}

function definitionsOf(rows: readonly RoleRow[]): TenantRoles {
  return new Map(rows.map((row) => [row.name, { name: row.name, parent: row.parent, permissions: row.permissions }]));
}

function view(row: RoleRow, roles: TenantRoles): RoleView {
  return { ...row, effectivePermissions: rolePermissions(roles, row.name) };
}

function withRole(roles: TenantRoles, role: RoleDefinition): TenantRoles {
  return new Map([...roles, [role.name, role]]);
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role, index) => role === b[index]);
}

function existingParent(roles: TenantRoles, parent: string): string {
  if (!roles.has(parent))
    throw new BadInputError('BAD_USER_INPUT', `There is no role ${JSON.stringify(parent)} to inherit from`, {
      field: 'parent',
    });
  return parent;
}

export function validRoleName(name: string): string {
  if (!ROLE_NAME_PATTERN.test(name)) {
    throw new BadInputError(
      'BAD_USER_INPUT',
      'A role name is 2 to 40 characters: a lowercase letter, then lowercase letters, digits, _ or -',
      {
        field: 'name',
        reason: 'invalid_name',
      },
    );
  }
  if (isBuiltinRoleName(name))
    throw new BadInputError('BAD_USER_INPUT', `${name} is the name of a built-in role`, {
      field: 'name',
      reason: 'reserved_name',
    });
  return name;
}

export function validDescription(description: string | null | undefined): string {
  const text = (description ?? '').normalize('NFC').trim();
  if ([...text].length > DESCRIPTION_MAX)
    throw new BadInputError('BAD_USER_INPUT', `description must be at most ${DESCRIPTION_MAX} characters`, {
      field: 'description',
    });
  // No control or format characters (they hide text in consoles and logs).
  if (/[\p{Cc}\p{Cf}]/u.test(text))
    throw new BadInputError('BAD_USER_INPUT', 'description contains characters that are not allowed', {
      field: 'description',
    });
  return text;
}

/** Known catalogue entries, without repeats, sorted. */
export function validPermissions(permissions: readonly string[]): string[] {
  const unknown = permissions.filter((permission) => !isKnownPermission(permission));
  if (unknown.length > 0) {
    throw new BadInputError('BAD_USER_INPUT', `Unknown permission(s): ${unknown.slice(0, 5).join(', ')}`, {
      field: 'permissions',
      unknown: unknown.slice(0, 20),
    });
  }
  return [...new Set(permissions)].sort();
}

/** `role` is `ancestor` or inherits from it, through any number of parents (a cycle stops the walk). */
function inheritsFrom(roles: TenantRoles, role: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (
    let current: string | null | undefined = role;
    current && !seen.has(current);
    current = roles.get(current)?.parent
  ) {
    if (current === ancestor) return true;
    seen.add(current);
  }
  return false;
}
