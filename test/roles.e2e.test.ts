import { Redis } from 'ioredis';
import { permissionCacheKeys } from '@tradesage/core';
import { deleteKeysWithPrefix } from '@tradesage/core/testing';
import { BUILTIN_ROLES, PERMISSION_CATALOGUE, resolvePermissions } from '@tradesage/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignRolesDocument,
  CreateRoleDocument,
  DeactivateUserDocument,
  DeleteRoleDocument,
  InviteUserDocument,
  LatestAuditEventDocument,
  MyAccountDocument,
  MyPermissionsDocument,
  PermissionCatalogueDocument,
  ReactivateUserDocument,
  RoleDocument,
  RolesDocument,
  UpdateRoleDocument,
  UserIdsDocument,
  type CreateRoleInput,
} from '@tradesage/client';
import {
  addSignedInUser,
  codeOf,
  createTestTenant,
  detailsOf,
  platformAdminToken,
  startTestStack,
  uniqueSlug,
  useTestStack,
  type GraphQLResponse,
} from './support/fixtures.ts';

/**
 * Roles and permissions through the whole supergraph: custom roles, several roles per
 * user, no escalation, and permissions read from the database on every request (cached in Redis),
 * so a role change applies to the very next request made with the same access token.
 */

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const [t] = useTestStack(startTestStack);
let platformToken: string;
let redis: Redis;

/** Whether the caller may list users (users:read): a probe of the caller's effective permissions. */
const listUsers = (token: string) => t.request(UserIdsDocument, { first: 5 }, { token });
/** Whether the caller may read the audit log (audit:read). */
const readAudit = (token: string) => t.request(LatestAuditEventDocument, {}, { token });

async function myPermissions(token: string): Promise<{ roles: string[]; permissions: string[] }> {
  const res = await t.request(MyPermissionsDocument, {}, { token });
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.myPermissions ?? { roles: [], permissions: [] };
}

/** Deletes every Redis key of this stack (its own REDIS_KEY_PREFIX), nothing of anyone else. */
async function flushStackKeys(): Promise<number> {
  const prefix = t.stack.runtime.config.redisKeyPrefix;
  expect(prefix).toMatch(/^e2e:[0-9a-f]+:$/);
  return deleteKeysWithPrefix(redis, prefix);
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  platformToken = await platformAdminToken(t);
});

afterAll(() => redis?.disconnect());

describe('the role hierarchy', () => {
  it('lists the built-in roles with inherited permissions: platform_admin > admin > trader > viewer, api_user alone', async () => {
    const tenant = await createTestTenant(t, { prefix: 'hier' });
    const res = await t.request(RolesDocument, {}, { token: tenant.admin.token });
    expect(res.body.errors).toBeUndefined();
    const byName = new Map(res.body.data?.roles.map((role) => [role.name, role]));
    expect([...byName.keys()].sort()).toEqual(['admin', 'api_user', 'platform_admin', 'trader', 'viewer']);
    for (const [name, builtin] of Object.entries(BUILTIN_ROLES)) {
      expect(byName.get(name)).toMatchObject({
        builtin: true,
        parent: builtin.parent,
        effectivePermissions: resolvePermissions(name),
      });
    }
    const effective = (name: string) => new Set(byName.get(name)?.effectivePermissions);
    for (const [upper, lower] of [
      ['platform_admin', 'admin'],
      ['admin', 'trader'],
      ['trader', 'viewer'],
    ] as const) {
      for (const permission of effective(lower))
        expect(effective(upper).has(permission), `${upper} has ${permission}`).toBe(true);
      expect(effective(upper).size).toBeGreaterThan(effective(lower).size);
    }
    expect(byName.get('admin')?.userCount).toBe(1);
    expect(await myPermissions(tenant.admin.token)).toEqual({
      roles: ['admin'],
      permissions: resolvePermissions('admin'),
    });
  });

  it('serves the permission catalogue to role readers', async () => {
    const tenant = await createTestTenant(t, { prefix: 'cat' });
    const res = await t.request(PermissionCatalogueDocument, {}, { token: tenant.admin.token });
    expect(res.body.data?.permissionCatalogue.map((entry) => entry.name)).toEqual(
      PERMISSION_CATALOGUE.map((entry) => entry.name),
    );
    expect(res.body.data?.permissionCatalogue.find((entry) => entry.name === 'platform:admin')?.scope).toBe('PLATFORM');
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    expect(codeOf(await t.request(PermissionCatalogueDocument, {}, { token: viewer.token }))).toBe('FORBIDDEN');
  });
});

describe('a role change applies to the very next request, with the same access token', () => {
  it('assignRoles: granted and withdrawn between two requests of one token, audited', async () => {
    const tenant = await createTestTenant(t, { prefix: 'assign' });
    const user = await addSignedInUser(t, tenant, 'trader');
    expect(codeOf(await listUsers(user.token))).toBe('FORBIDDEN');

    const granted = await t.request(
      AssignRolesDocument,
      { userId: user.id, roles: ['trader', 'admin'] },
      { token: tenant.admin.token },
    );
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data?.assignRoles).toEqual({ id: user.id, roles: ['admin', 'trader'] });
    // The token still claims ["trader"]; the database says admin now.
    expect((await listUsers(user.token)).body.errors).toBeUndefined();
    expect(await myPermissions(user.token)).toEqual({
      roles: ['admin', 'trader'],
      permissions: resolvePermissions('admin'),
    });

    expect(
      (await t.request(AssignRolesDocument, { userId: user.id, roles: ['viewer'] }, { token: tenant.admin.token })).body
        .errors,
    ).toBeUndefined();
    expect(codeOf(await listUsers(user.token))).toBe('FORBIDDEN');
    expect((await t.request(MyAccountDocument, {}, { token: user.token })).body.data?.me.roles).toEqual(['viewer']);

    const events = await t.stack.runtime.db
      .tenant(tenant.id)
      .auditEvent.findMany({ where: { action: 'user.roles_changed', targetId: user.id }, orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.actorId, event.result, event.data])).toEqual([
      [tenant.admin.id, 'success', { before: 'trader', after: 'admin,trader' }],
      [tenant.admin.id, 'success', { before: 'admin,trader', after: 'viewer' }],
    ]);
  });

  it('updateRole: a permission taken from a custom role is gone on the holder’s next request', async () => {
    const tenant = await createTestTenant(t, { prefix: 'update' });
    const created = await t.request(
      CreateRoleDocument,
      {
        input: {
          name: 'directory',
          description: 'Reads the user list',
          parent: 'viewer',
          permissions: ['users:read', 'audit:read'],
        },
      },
      { token: tenant.admin.token },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createRole).toEqual({
      name: 'directory',
      parent: 'viewer',
      permissions: ['audit:read', 'users:read'],
      effectivePermissions: ['audit:read', 'sessions:read:self', 'users:read', 'users:read:self'],
      builtin: false,
      userCount: 0,
      description: 'Reads the user list',
    });
    const user = await addSignedInUser(t, tenant, 'directory');
    expect((await listUsers(user.token)).body.errors).toBeUndefined();
    expect((await readAudit(user.token)).body.errors).toBeUndefined();

    const updated = await t.request(
      UpdateRoleDocument,
      { name: 'directory', input: { permissions: ['audit:read'] } },
      { token: tenant.admin.token },
    );
    expect(updated.body.data?.updateRole.permissions).toEqual(['audit:read']);
    expect(codeOf(await listUsers(user.token))).toBe('FORBIDDEN');
    expect((await readAudit(user.token)).body.errors).toBeUndefined();

    // Through the parent too: every role inheriting from a changed role changes with it.
    await t.request(
      CreateRoleDocument,
      { input: { name: 'directory-plus', parent: 'directory', permissions: [] } },
      { token: tenant.admin.token },
    );
    const child = await addSignedInUser(t, tenant, 'directory-plus');
    expect(codeOf(await listUsers(child.token))).toBe('FORBIDDEN');
    await t.request(
      UpdateRoleDocument,
      { name: 'directory', input: { permissions: ['audit:read', 'users:read'] } },
      { token: tenant.admin.token },
    );
    expect((await listUsers(child.token)).body.errors).toBeUndefined();
    expect((await listUsers(user.token)).body.errors).toBeUndefined();

    const actions = await t.stack.runtime.db.tenant(tenant.id).auditEvent.findMany({
      where: { action: { in: ['role.created', 'role.updated'] } },
      select: { action: true, targetId: true },
    });
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'role.created', targetId: 'directory' },
        { action: 'role.updated', targetId: 'directory' },
        { action: 'role.created', targetId: 'directory-plus' },
      ]),
    );
  });

  it('recomputes correctly after this stack’s Redis keys are flushed, and keeps one cache entry per user', async () => {
    const tenant = await createTestTenant(t, { prefix: 'flush' });
    const admin = await addSignedInUser(t, tenant, 'admin');
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    expect((await listUsers(admin.token)).body.errors).toBeUndefined();
    expect(codeOf(await listUsers(viewer.token))).toBe('FORBIDDEN');

    const prefix = t.stack.runtime.config.redisKeyPrefix;
    // Entries are sealed (AES-256-GCM, the Redis key without prefix as associated data).
    const keys = [permissionCacheKeys(tenant.id, admin.id)[0], permissionCacheKeys(tenant.id, viewer.id)[0]];
    const entries = await redis.mget(...keys.map((key) => `${prefix}${key}`));
    const [adminEntry, viewerEntry] = entries.map(
      (value, i) =>
        JSON.parse(t.stack.runtime.cacheCipher.open(keys[i] ?? '', value ?? '') ?? 'null') as {
          u: string;
          r: string[];
        } | null,
    );
    expect(adminEntry).toMatchObject({ u: admin.id, r: ['admin'] });
    expect(viewerEntry).toMatchObject({ u: viewer.id, r: ['viewer'] });

    await t.request(AssignRolesDocument, { userId: viewer.id, roles: ['admin'] }, { token: tenant.admin.token });
    await t.request(AssignRolesDocument, { userId: admin.id, roles: ['viewer'] }, { token: tenant.admin.token });
    expect(await flushStackKeys()).toBeGreaterThan(0);
    expect((await listUsers(viewer.token)).body.errors).toBeUndefined();
    expect(codeOf(await listUsers(admin.token))).toBe('FORBIDDEN');
    expect((await myPermissions(admin.token)).roles).toEqual(['viewer']);
    expect((await myPermissions(viewer.token)).roles).toEqual(['admin']);
  });
});

describe('no escalation', () => {
  it('a role manager grants, creates and changes nothing beyond their own permissions', async () => {
    const tenant = await createTestTenant(t, { prefix: 'escal' });
    await t.request(
      CreateRoleDocument,
      { input: { name: 'role-manager', parent: 'viewer', permissions: ['roles:read', 'roles:write', 'users:read'] } },
      { token: tenant.admin.token },
    );
    await t.request(
      CreateRoleDocument,
      { input: { name: 'auditor', parent: 'viewer', permissions: ['audit:read'] } },
      { token: tenant.admin.token },
    );
    // A parent within the manager's permissions, whose child is not: changing it changes the child.
    await t.request(
      CreateRoleDocument,
      { input: { name: 'base', parent: 'viewer', permissions: ['users:read'] } },
      { token: tenant.admin.token },
    );
    await t.request(
      CreateRoleDocument,
      { input: { name: 'senior', parent: 'base', permissions: ['audit:read'] } },
      { token: tenant.admin.token },
    );
    const manager = await addSignedInUser(t, tenant, 'role-manager');
    const other = await addSignedInUser(t, tenant, 'viewer');

    const refusals: Array<[string, GraphQLResponse<unknown>]> = [
      [
        'grant admin',
        await t.request(AssignRolesDocument, { userId: other.id, roles: ['admin'] }, { token: manager.token }),
      ],
      [
        'grant a custom role above them',
        await t.request(AssignRolesDocument, { userId: other.id, roles: ['auditor'] }, { token: manager.token }),
      ],
      [
        'demote someone above them',
        await t.request(AssignRolesDocument, { userId: tenant.admin.id, roles: ['viewer'] }, { token: manager.token }),
      ],
      [
        'change their own roles',
        await t.request(AssignRolesDocument, { userId: manager.id, roles: ['viewer'] }, { token: manager.token }),
      ],
      // The same two with the id in upper case: one row to Postgres, so one user to every check.
      [
        'demote someone above them (upper-case id)',
        await t.request(
          AssignRolesDocument,
          { userId: tenant.admin.id.toUpperCase(), roles: ['viewer'] },
          { token: manager.token },
        ),
      ],
      [
        'change their own roles (upper-case id)',
        await t.request(
          AssignRolesDocument,
          { userId: manager.id.toUpperCase(), roles: ['viewer'] },
          { token: manager.token },
        ),
      ],
      [
        'create with a permission they lack',
        await t.request(
          CreateRoleDocument,
          { input: { name: 'sneaky', parent: 'viewer', permissions: ['audit:read'] } },
          { token: manager.token },
        ),
      ],
      [
        'create under a parent above them',
        await t.request(
          CreateRoleDocument,
          { input: { name: 'sneaky', parent: 'trader', permissions: [] } },
          { token: manager.token },
        ),
      ],
      [
        'change a role above them',
        await t.request(UpdateRoleDocument, { name: 'auditor', input: { permissions: [] } }, { token: manager.token }),
      ],
      ['delete a role above them', await t.request(DeleteRoleDocument, { name: 'auditor' }, { token: manager.token })],
      [
        'change the parent of a role above them',
        await t.request(UpdateRoleDocument, { name: 'base', input: { permissions: [] } }, { token: manager.token }),
      ],
    ];
    for (const [what, res] of refusals) expect(codeOf(res), what).toBe('ROLE_NOT_ALLOWED');
    expect(detailsOf(refusals[0]?.[1] as GraphQLResponse<unknown>)).toMatchObject({ field: 'roles', role: 'admin' });
    expect(detailsOf(refusals[6]?.[1] as GraphQLResponse<unknown>)).toMatchObject({
      field: 'permissions',
      missing: ['audit:read'],
    });
    expect(await myPermissions(tenant.admin.token)).toMatchObject({ roles: ['admin'] });
    expect(await myPermissions(manager.token)).toMatchObject({ roles: ['role-manager'] });
    // Not a UUID at all: refused as input, before any rule or SQL.
    const garbage = await t.request(
      AssignRolesDocument,
      { userId: 'nope', roles: ['viewer'] },
      { token: manager.token },
    );
    expect(codeOf(garbage)).toBe('BAD_USER_INPUT');
    expect(detailsOf(garbage)).toMatchObject({ field: 'userId', reason: 'invalid_id' });

    // Within their own permissions they may.
    const ok = await t.request(
      CreateRoleDocument,
      { input: { name: 'reader', parent: 'viewer', permissions: ['users:read'] } },
      { token: manager.token },
    );
    expect(ok.body.errors).toBeUndefined();
    expect(
      (await t.request(AssignRolesDocument, { userId: other.id, roles: ['reader'] }, { token: manager.token })).body
        .errors,
    ).toBeUndefined();
    expect(
      codeOf(
        await t.request(
          UpdateRoleDocument,
          { name: 'reader', input: { permissions: ['users:read', 'users:write'] } },
          { token: manager.token },
        ),
      ),
    ).toBe('ROLE_NOT_ALLOWED');

    const db = t.stack.runtime.db.tenant(tenant.id);
    expect(await db.role.findUnique({ where: { name: 'sneaky' } })).toBeNull();
    expect((await db.userRole.findMany({ where: { userId: other.id } })).map((row) => row.role)).toEqual(['reader']);
    expect((await db.userRole.findMany({ where: { userId: tenant.admin.id } })).map((row) => row.role)).toEqual([
      'admin',
    ]);
    expect((await db.role.findUniqueOrThrow({ where: { name: 'auditor' } })).permissions).toEqual(['audit:read']);
    expect((await db.role.findUniqueOrThrow({ where: { name: 'base' } })).permissions).toEqual(['users:read']);
    const refused = await db.auditEvent.count({
      where: {
        actorId: manager.id,
        result: 'refused',
        action: { in: ['user.roles_changed', 'role.created', 'role.updated', 'role.deleted'] },
      },
    });
    expect(refused).toBe(refusals.length + 1);
  });

  it('nobody deactivates, reactivates or re-invites a user holding permissions they lack', async () => {
    const tenant = await createTestTenant(t, { prefix: 'outrank' });
    await t.request(
      CreateRoleDocument,
      { input: { name: 'account-manager', parent: 'viewer', permissions: ['users:read', 'users:write'] } },
      { token: tenant.admin.token },
    );
    const manager = await addSignedInUser(t, tenant, 'account-manager');
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const otherAdmin = await addSignedInUser(t, tenant, 'admin');

    for (const id of [tenant.admin.id, tenant.admin.id.toUpperCase()]) {
      const refused = await t.request(DeactivateUserDocument, { id }, { token: manager.token });
      expect(codeOf(refused)).toBe('ROLE_NOT_ALLOWED');
      expect(detailsOf(refused)).toMatchObject({
        field: 'id',
        missing: expect.arrayContaining(['roles:write', 'audit:read']) as unknown,
      });
    }
    expect(await myPermissions(tenant.admin.token)).toMatchObject({ roles: ['admin'] });
    // Someone the manager outranks or equals is theirs to manage.
    expect(
      (await t.request(DeactivateUserDocument, { id: viewer.id }, { token: manager.token })).body.errors,
    ).toBeUndefined();
    expect(
      (await t.request(ReactivateUserDocument, { id: viewer.id }, { token: manager.token })).body.errors,
    ).toBeUndefined();

    // An admin deactivated by an admin is not the manager's to bring back.
    expect(
      (await t.request(DeactivateUserDocument, { id: otherAdmin.id }, { token: tenant.admin.token })).body.errors,
    ).toBeUndefined();
    expect(codeOf(await t.request(ReactivateUserDocument, { id: otherAdmin.id }, { token: manager.token }))).toBe(
      'ROLE_NOT_ALLOWED',
    );

    // Re-inviting replaces the invitee's role: an admin's invitee is not the manager's to demote.
    const email = `invitee-${uniqueSlug('i')}@${tenant.slug}.test`;
    expect(
      (await t.request(InviteUserDocument, { input: { email, role: 'admin' } }, { token: tenant.admin.token })).body
        .errors,
    ).toBeUndefined();
    expect(
      codeOf(await t.request(InviteUserDocument, { input: { email, role: 'viewer' } }, { token: manager.token })),
    ).toBe('ROLE_NOT_ALLOWED');
    const db = t.stack.runtime.db.tenant(tenant.id);
    const invitee = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    expect((await db.userRole.findMany({ where: { userId: invitee.id } })).map((row) => row.role)).toEqual(['admin']);
    expect((await db.user.findUniqueOrThrow({ where: { id: otherAdmin.id } })).status).toBe('disabled');
  });

  it('an admin cannot change their own roles either', async () => {
    const tenant = await createTestTenant(t, { prefix: 'self' });
    const res = await t.request(
      AssignRolesDocument,
      { userId: tenant.admin.id, roles: ['viewer'] },
      { token: tenant.admin.token },
    );
    expect(codeOf(res)).toBe('ROLE_NOT_ALLOWED');
    expect(await myPermissions(tenant.admin.token)).toMatchObject({ roles: ['admin'] });
  });

  it('never puts platform permissions in a custom role, nor platform_admin on a tenant user', async () => {
    const tenant = await createTestTenant(t, { prefix: 'plat' });
    const user = await addSignedInUser(t, tenant, 'viewer');
    expect(
      codeOf(
        await t.request(
          AssignRolesDocument,
          { userId: user.id, roles: ['platform_admin'] },
          { token: tenant.admin.token },
        ),
      ),
    ).toBe('ROLE_NOT_ALLOWED');
    const direct = await t.request(
      CreateRoleDocument,
      { input: { name: 'ops', parent: 'viewer', permissions: ['tenants:write'] } },
      { token: tenant.admin.token },
    );
    expect(codeOf(direct)).toBe('ROLE_NOT_ALLOWED');
    expect(detailsOf(direct)).toMatchObject({ platform: ['tenants:write'] });
    // Not even a platform administrator, in the platform tenant, directly or through the parent.
    for (const input of [
      { name: 'ops', parent: 'viewer', permissions: ['platform:admin'] },
      { name: 'ops', parent: 'platform_admin', permissions: [] },
    ]) {
      const res = await t.request(CreateRoleDocument, { input }, { token: platformToken });
      expect(codeOf(res)).toBe('ROLE_NOT_ALLOWED');
    }
    await t.request(
      CreateRoleDocument,
      { input: { name: 'ops', parent: 'viewer', permissions: [] } },
      { token: platformToken },
    );
    expect(
      codeOf(
        await t.request(
          UpdateRoleDocument,
          { name: 'ops', input: { parent: 'platform_admin' } },
          { token: platformToken },
        ),
      ),
    ).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('role definitions', () => {
  it('refuse bad names, unknown permissions and parents, loops and changes to built-in roles, with stable codes', async () => {
    const tenant = await createTestTenant(t, { prefix: 'valid' });
    const token = tenant.admin.token;
    const create = (input: Partial<CreateRoleInput> & { name: string }) =>
      t.request(CreateRoleDocument, { input: { parent: 'viewer', permissions: [], ...input } }, { token });
    for (const name of ['Admin', 'x', 'has space', '1st', 'é-role']) {
      const res = await create({ name });
      expect(codeOf(res), name).toBe('BAD_USER_INPUT');
      expect(detailsOf(res)).toMatchObject({ field: 'name', reason: 'invalid_name' });
    }
    expect(detailsOf(await create({ name: 'admin' }))).toMatchObject({ field: 'name', reason: 'reserved_name' });
    const unknown = await create({ name: 'typo', permissions: ['users:raed'] });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(detailsOf(unknown)).toMatchObject({ field: 'permissions', unknown: ['users:raed'] });
    expect(detailsOf(await create({ name: 'orphan', parent: 'nobody' }))).toMatchObject({ field: 'parent' });
    expect(codeOf(await create({ name: 'desc', description: 'x'.repeat(501) }))).toBe('BAD_USER_INPUT');

    expect((await create({ name: 'alpha' })).body.errors).toBeUndefined();
    expect(codeOf(await create({ name: 'alpha' }))).toBe('CONFLICT');
    expect((await create({ name: 'beta', parent: 'alpha' })).body.errors).toBeUndefined();
    expect((await create({ name: 'gamma', parent: 'beta' })).body.errors).toBeUndefined();
    for (const parent of ['gamma', 'beta', 'alpha']) {
      const loop = await t.request(UpdateRoleDocument, { name: 'alpha', input: { parent } }, { token });
      expect(codeOf(loop), parent).toBe('BAD_USER_INPUT');
      expect(detailsOf(loop)).toMatchObject({ field: 'parent', reason: 'cycle' });
    }
    expect(codeOf(await t.request(UpdateRoleDocument, { name: 'alpha', input: { parent: null } }, { token }))).toBe(
      'BAD_USER_INPUT',
    );
    // Two concurrent changes that would each be fine alone but close a loop together: one wins.
    await create({ name: 'left' });
    await create({ name: 'right' });
    const raced = await Promise.all([
      t.request(UpdateRoleDocument, { name: 'left', input: { parent: 'right' } }, { token }),
      t.request(UpdateRoleDocument, { name: 'right', input: { parent: 'left' } }, { token }),
    ]);
    expect(raced.map(codeOf).sort()).toEqual(['BAD_USER_INPUT', undefined]);
    expect(
      (
        await t.request(
          UpdateRoleDocument,
          { name: 'gamma', input: { parent: 'alpha', description: 'moved' } },
          { token },
        )
      ).body.errors,
    ).toBeUndefined();

    for (const builtin of ['viewer', 'trader', 'admin']) {
      expect(
        codeOf(await t.request(UpdateRoleDocument, { name: builtin, input: { permissions: [] } }, { token })),
        builtin,
      ).toBe('ROLE_NOT_ALLOWED');
      expect(codeOf(await t.request(DeleteRoleDocument, { name: builtin }, { token })), builtin).toBe(
        'ROLE_NOT_ALLOWED',
      );
    }
    expect(codeOf(await t.request(UpdateRoleDocument, { name: 'nope', input: {} }, { token }))).toBe('NOT_FOUND');
    expect(codeOf(await t.request(DeleteRoleDocument, { name: 'nope' }, { token }))).toBe('NOT_FOUND');
    // Roles are the caller's tenant's: another tenant sees none of them.
    const other = await createTestTenant(t, { prefix: 'valid-b' });
    expect((await t.request(RoleDocument, { name: 'alpha' }, { token: other.admin.token })).body.data?.role).toBeNull();
    expect((await t.request(RoleDocument, { name: 'gamma' }, { token })).body.data?.role).toMatchObject({
      parent: 'alpha',
      description: 'moved',
    });
  });

  it('deleteRole: a held role needs reassignTo, and its holders move in the same transaction', async () => {
    const tenant = await createTestTenant(t, { prefix: 'delete' });
    const token = tenant.admin.token;
    await t.request(
      CreateRoleDocument,
      { input: { name: 'desk', parent: 'trader', permissions: ['audit:read'] } },
      { token },
    );
    await t.request(CreateRoleDocument, { input: { name: 'desk-lead', parent: 'desk', permissions: [] } }, { token });
    const holder = await addSignedInUser(t, tenant, 'desk');
    expect((await readAudit(holder.token)).body.errors).toBeUndefined();

    const inherited = await t.request(DeleteRoleDocument, { name: 'desk', reassignTo: 'viewer' }, { token });
    expect(codeOf(inherited)).toBe('CONFLICT');
    expect(detailsOf(inherited)).toMatchObject({ children: ['desk-lead'] });
    expect((await t.request(DeleteRoleDocument, { name: 'desk-lead' }, { token })).body.data).toEqual({
      deleteRole: true,
    });

    const held = await t.request(DeleteRoleDocument, { name: 'desk' }, { token });
    expect(codeOf(held)).toBe('CONFLICT');
    expect(detailsOf(held)).toMatchObject({ field: 'reassignTo', userCount: 1 });
    // A reassignment the caller may not grant changes nothing at all.
    expect(codeOf(await t.request(DeleteRoleDocument, { name: 'desk', reassignTo: 'platform_admin' }, { token }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(codeOf(await t.request(DeleteRoleDocument, { name: 'desk', reassignTo: 'nobody' }, { token }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    const db = t.stack.runtime.db.tenant(tenant.id);
    expect((await db.userRole.findMany({ where: { userId: holder.id } })).map((row) => row.role)).toEqual(['desk']);

    expect((await t.request(DeleteRoleDocument, { name: 'desk', reassignTo: 'trader' }, { token })).body.data).toEqual({
      deleteRole: true,
    });
    expect(await db.role.findUnique({ where: { name: 'desk' } })).toBeNull();
    expect((await myPermissions(holder.token)).roles).toEqual(['trader']);
    expect(codeOf(await readAudit(holder.token))).toBe('FORBIDDEN');
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'role.deleted', targetId: 'desk', result: 'success' },
    });
    expect(event).toMatchObject({
      actorId: tenant.admin.id,
      result: 'success',
      data: { usersReassigned: 1, reassignTo: 'trader' },
    });
  });
});

describe('assignRoles input', () => {
  it('refuses an empty list, unknown roles and users of other tenants', async () => {
    const tenant = await createTestTenant(t, { prefix: 'input' });
    const other = await createTestTenant(t, { prefix: 'input-b' });
    const user = await addSignedInUser(t, tenant, 'viewer');
    const stranger = await addSignedInUser(t, other, 'viewer');
    expect(
      codeOf(await t.request(AssignRolesDocument, { userId: user.id, roles: [] }, { token: tenant.admin.token })),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await t.request(AssignRolesDocument, { userId: user.id, roles: ['root'] }, { token: tenant.admin.token })),
    ).toBe('ROLE_NOT_ALLOWED');
    expect(
      codeOf(
        await t.request(AssignRolesDocument, { userId: stranger.id, roles: ['viewer'] }, { token: tenant.admin.token }),
      ),
    ).toBe('NOT_FOUND');
    expect((await myPermissions(stranger.token)).roles).toEqual(['viewer']);
  });

  it('invitations may give a custom role, never one above the inviter', async () => {
    const tenant = await createTestTenant(t, { prefix: 'invite' });
    await t.request(
      CreateRoleDocument,
      { input: { name: 'analyst', parent: 'viewer', permissions: ['audit:read'] } },
      { token: tenant.admin.token },
    );
    const invited = await t.request(
      InviteUserDocument,
      { input: { email: `a@${tenant.slug}.test`, role: 'analyst' } },
      { token: tenant.admin.token },
    );
    expect(invited.body.errors).toBeUndefined();
    expect(invited.body.data?.inviteUser.roles).toEqual(['analyst']);
  });
});

describe('error codes through the gateway', () => {
  it('tells UNAUTHENTICATED from FORBIDDEN, and passes domain codes with their details', async () => {
    const tenant = await createTestTenant(t, { prefix: 'codes' });
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const anonymous = await t.request(RolesDocument);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.request(MyPermissionsDocument))).toBe('UNAUTHENTICATED');
    const forbidden = await t.request(RolesDocument, {}, { token: viewer.token });
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(forbidden.body.errors?.[0]?.message).not.toMatch(/Not Authori[sz]ed/);
    const domain = await t.request(
      CreateRoleDocument,
      { input: { name: 'Bad Name', parent: 'viewer', permissions: [] } },
      { token: tenant.admin.token },
    );
    expect(domain.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      details: expect.objectContaining({ field: 'name' }),
    });
    const refused = await t.request(
      AssignRolesDocument,
      { userId: viewer.id, roles: ['platform_admin'] },
      { token: tenant.admin.token },
    );
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      details: { field: 'roles', role: 'platform_admin' },
    });
    const expired = await t.request(RolesDocument, {}, { token: `${viewer.token.slice(0, -4)}AAAA` });
    expect(expired.status).toBe(401);
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
  });
});
