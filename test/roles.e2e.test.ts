import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { permissionCacheKeys } from '@tradesage/core';
import { BUILTIN_ROLES, PERMISSION_CATALOGUE, resolvePermissions } from '@tradesage/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantDocument, LoginDocument } from './__generated__/graphql.ts';
import {
  randomPassword,
  startTestStack,
  uniqueSlug,
  type GraphQLResponse,
  type TestStack,
} from './support/test-stack.ts';

/**
 * Roles and permissions through the whole supergraph (issue 6): custom roles, several roles per
 * user, no escalation, and permissions read from the database on every request (cached in Redis),
 * so a role change applies to the very next request made with the same access token.
 */

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const ROLES = '{ roles { name parent permissions effectivePermissions builtin userCount } }';
const ROLE =
  'query($name: String!) { role(name: $name) { name parent permissions effectivePermissions builtin userCount description } }';
const MY_PERMISSIONS = '{ myPermissions { roles permissions } }';
const CREATE =
  'mutation($input: CreateRoleInput!) { createRole(input: $input) { name parent permissions effectivePermissions builtin userCount description } }';
const UPDATE =
  'mutation($name: String!, $input: UpdateRoleInput!) { updateRole(name: $name, input: $input) { name parent permissions effectivePermissions } }';
const DELETE = 'mutation($name: String!, $reassignTo: String) { deleteRole(name: $name, reassignTo: $reassignTo) }';
const ASSIGN =
  'mutation($userId: ID!, $roles: [String!]!) { assignRoles(userId: $userId, roles: $roles) { id roles } }';
const USERS = '{ users(first: 5) { edges { node { id } } } }';
const AUDIT = '{ auditEvents(first: 1) { edges { node { id } } } }';

interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly adminId: string;
  readonly adminToken: string;
}

interface RoleResult {
  name: string;
  parent: string | null;
  permissions: string[];
  effectivePermissions: string[];
  builtin: boolean;
  userCount: number;
  description?: string;
}

let t: TestStack;
let platformToken: string;
let redis: Redis;
/** Invitation emails go to a throwaway outbox folder. */
let outboxDir: string;

function codeOf(res: GraphQLResponse<unknown>): unknown {
  return res.body.errors?.[0]?.extensions?.['code'];
}

function detailsOf(res: GraphQLResponse<unknown>): Record<string, unknown> | undefined {
  return res.body.errors?.[0]?.extensions?.['details'] as Record<string, unknown> | undefined;
}

async function login(tenant: string, email: string, password: string): Promise<{ token: string; userId: string }> {
  const res = await t.request(LoginDocument, { input: { tenant, email, password } });
  const payload = res.body.data?.login;
  if (!payload) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  return { token: payload.accessToken, userId: payload.user.id };
}

async function createTenant(prefix: string): Promise<Tenant> {
  const slug = uniqueSlug(prefix);
  const password = randomPassword();
  const created = await t.request(
    CreateTenantDocument,
    { input: { slug, name: `Roles ${prefix}`, adminEmail: `admin@${slug}.test`, adminPassword: password } },
    { token: platformToken },
  );
  const id = created.body.data?.createTenant.id;
  if (!id) throw new Error(`createTenant failed: ${JSON.stringify(created.body.errors)}`);
  const admin = await login(slug, `admin@${slug}.test`, password);
  const tenant = { id, slug, adminId: admin.userId, adminToken: admin.token };
  return tenant;
}

/** A user of `tenant` with `role`, signed in: one access token kept for the whole test. */
async function member(tenant: Tenant, role: string): Promise<{ id: string; token: string }> {
  const email = `${role}-${uniqueSlug('u')}@${tenant.slug}.test`;
  const password = randomPassword();
  const id = await t.addUser(tenant.id, { email, password, role });
  return { id, token: (await login(tenant.slug, email, password)).token };
}

async function myPermissions(token: string): Promise<{ roles: string[]; permissions: string[] }> {
  const res = await t.raw<{ myPermissions: { roles: string[]; permissions: string[] } }>(MY_PERMISSIONS, {}, { token });
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.myPermissions ?? { roles: [], permissions: [] };
}

/** Deletes every Redis key of this stack (its own REDIS_KEY_PREFIX), nothing of anyone else. */
async function flushStackKeys(): Promise<number> {
  const prefix = t.stack.runtime.config.redisKeyPrefix;
  expect(prefix).toMatch(/^e2e:[0-9a-f]+:$/);
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

beforeAll(async () => {
  outboxDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-roles-outbox-'));
  t = await startTestStack({ env: { OUTBOX_DIR: outboxDir } });
  redis = new Redis(REDIS_URL);
  platformToken = (await login('platform', t.platformAdmin.email, t.platformAdmin.password)).token;
});

afterAll(async () => {
  redis?.disconnect();
  await t?.stop();
  if (outboxDir) await fs.rm(outboxDir, { recursive: true, force: true });
});

describe('the role hierarchy', () => {
  it('lists the built-in roles with inherited permissions: platform_admin > admin > trader > viewer, api_user alone', async () => {
    const tenant = await createTenant('hier');
    const res = await t.raw<{ roles: RoleResult[] }>(ROLES, {}, { token: tenant.adminToken });
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
    expect(await myPermissions(tenant.adminToken)).toEqual({
      roles: ['admin'],
      permissions: resolvePermissions('admin'),
    });
  });

  it('serves the permission catalogue to role readers', async () => {
    const tenant = await createTenant('cat');
    const res = await t.raw<{ permissionCatalogue: Array<{ name: string; scope: string; unlocks: string[] }> }>(
      '{ permissionCatalogue { name scope unlocks } }',
      {},
      { token: tenant.adminToken },
    );
    expect(res.body.data?.permissionCatalogue.map((entry) => entry.name)).toEqual(
      PERMISSION_CATALOGUE.map((entry) => entry.name),
    );
    expect(res.body.data?.permissionCatalogue.find((entry) => entry.name === 'platform:admin')?.scope).toBe('PLATFORM');
    const viewer = await member(tenant, 'viewer');
    expect(codeOf(await t.raw('{ permissionCatalogue { name } }', {}, { token: viewer.token }))).toBe('FORBIDDEN');
  });
});

describe('a role change applies to the very next request, with the same access token', () => {
  it('assignRoles: granted and withdrawn between two requests of one token, audited', async () => {
    const tenant = await createTenant('assign');
    const user = await member(tenant, 'trader');
    expect(codeOf(await t.raw(USERS, {}, { token: user.token }))).toBe('FORBIDDEN');

    const granted = await t.raw<{ assignRoles: { id: string; roles: string[] } }>(
      ASSIGN,
      { userId: user.id, roles: ['trader', 'admin'] },
      { token: tenant.adminToken },
    );
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data?.assignRoles).toEqual({ id: user.id, roles: ['admin', 'trader'] });
    // The token still claims ["trader"]; the database says admin now.
    expect((await t.raw(USERS, {}, { token: user.token })).body.errors).toBeUndefined();
    expect(await myPermissions(user.token)).toEqual({
      roles: ['admin', 'trader'],
      permissions: resolvePermissions('admin'),
    });

    expect(
      (await t.raw(ASSIGN, { userId: user.id, roles: ['viewer'] }, { token: tenant.adminToken })).body.errors,
    ).toBeUndefined();
    expect(codeOf(await t.raw(USERS, {}, { token: user.token }))).toBe('FORBIDDEN');
    expect(
      (await t.raw<{ me: { roles: string[] } }>('{ me { roles } }', {}, { token: user.token })).body.data?.me.roles,
    ).toEqual(['viewer']);

    const events = await t.stack.runtime.db
      .tenant(tenant.id)
      .auditEvent.findMany({ where: { action: 'user.roles_changed', targetId: user.id }, orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.actorId, event.result, event.data])).toEqual([
      [tenant.adminId, 'success', { before: 'trader', after: 'admin,trader' }],
      [tenant.adminId, 'success', { before: 'admin,trader', after: 'viewer' }],
    ]);
  });

  it('updateRole: a permission taken from a custom role is gone on the holder’s next request', async () => {
    const tenant = await createTenant('update');
    const created = await t.raw<{ createRole: RoleResult }>(
      CREATE,
      {
        input: {
          name: 'directory',
          description: 'Reads the user list',
          parent: 'viewer',
          permissions: ['users:read', 'audit:read'],
        },
      },
      { token: tenant.adminToken },
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
    const user = await member(tenant, 'directory');
    expect((await t.raw(USERS, {}, { token: user.token })).body.errors).toBeUndefined();
    expect((await t.raw(AUDIT, {}, { token: user.token })).body.errors).toBeUndefined();

    const updated = await t.raw<{ updateRole: RoleResult }>(
      UPDATE,
      { name: 'directory', input: { permissions: ['audit:read'] } },
      { token: tenant.adminToken },
    );
    expect(updated.body.data?.updateRole.permissions).toEqual(['audit:read']);
    expect(codeOf(await t.raw(USERS, {}, { token: user.token }))).toBe('FORBIDDEN');
    expect((await t.raw(AUDIT, {}, { token: user.token })).body.errors).toBeUndefined();

    // Through the parent too: every role inheriting from a changed role changes with it.
    await t.raw(
      CREATE,
      { input: { name: 'directory-plus', parent: 'directory', permissions: [] } },
      { token: tenant.adminToken },
    );
    const child = await member(tenant, 'directory-plus');
    expect(codeOf(await t.raw(USERS, {}, { token: child.token }))).toBe('FORBIDDEN');
    await t.raw(
      UPDATE,
      { name: 'directory', input: { permissions: ['audit:read', 'users:read'] } },
      { token: tenant.adminToken },
    );
    expect((await t.raw(USERS, {}, { token: child.token })).body.errors).toBeUndefined();
    expect((await t.raw(USERS, {}, { token: user.token })).body.errors).toBeUndefined();

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
    const tenant = await createTenant('flush');
    const admin = await member(tenant, 'admin');
    const viewer = await member(tenant, 'viewer');
    expect((await t.raw(USERS, {}, { token: admin.token })).body.errors).toBeUndefined();
    expect(codeOf(await t.raw(USERS, {}, { token: viewer.token }))).toBe('FORBIDDEN');

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

    await t.raw(ASSIGN, { userId: viewer.id, roles: ['admin'] }, { token: tenant.adminToken });
    await t.raw(ASSIGN, { userId: admin.id, roles: ['viewer'] }, { token: tenant.adminToken });
    expect(await flushStackKeys()).toBeGreaterThan(0);
    expect((await t.raw(USERS, {}, { token: viewer.token })).body.errors).toBeUndefined();
    expect(codeOf(await t.raw(USERS, {}, { token: admin.token }))).toBe('FORBIDDEN');
    expect((await myPermissions(admin.token)).roles).toEqual(['viewer']);
    expect((await myPermissions(viewer.token)).roles).toEqual(['admin']);
  });
});

describe('no escalation', () => {
  it('a role manager grants, creates and changes nothing beyond their own permissions', async () => {
    const tenant = await createTenant('escal');
    await t.raw(
      CREATE,
      { input: { name: 'role-manager', parent: 'viewer', permissions: ['roles:read', 'roles:write', 'users:read'] } },
      { token: tenant.adminToken },
    );
    await t.raw(
      CREATE,
      { input: { name: 'auditor', parent: 'viewer', permissions: ['audit:read'] } },
      { token: tenant.adminToken },
    );
    // A parent within the manager's permissions, whose child is not: changing it changes the child.
    await t.raw(
      CREATE,
      { input: { name: 'base', parent: 'viewer', permissions: ['users:read'] } },
      { token: tenant.adminToken },
    );
    await t.raw(
      CREATE,
      { input: { name: 'senior', parent: 'base', permissions: ['audit:read'] } },
      { token: tenant.adminToken },
    );
    const manager = await member(tenant, 'role-manager');
    const other = await member(tenant, 'viewer');

    const refusals: Array<[string, GraphQLResponse<unknown>]> = [
      ['grant admin', await t.raw(ASSIGN, { userId: other.id, roles: ['admin'] }, { token: manager.token })],
      [
        'grant a custom role above them',
        await t.raw(ASSIGN, { userId: other.id, roles: ['auditor'] }, { token: manager.token }),
      ],
      [
        'demote someone above them',
        await t.raw(ASSIGN, { userId: tenant.adminId, roles: ['viewer'] }, { token: manager.token }),
      ],
      [
        'change their own roles',
        await t.raw(ASSIGN, { userId: manager.id, roles: ['viewer'] }, { token: manager.token }),
      ],
      // The same two with the id in upper case: one row to Postgres, so one user to every check.
      [
        'demote someone above them (upper-case id)',
        await t.raw(ASSIGN, { userId: tenant.adminId.toUpperCase(), roles: ['viewer'] }, { token: manager.token }),
      ],
      [
        'change their own roles (upper-case id)',
        await t.raw(ASSIGN, { userId: manager.id.toUpperCase(), roles: ['viewer'] }, { token: manager.token }),
      ],
      [
        'create with a permission they lack',
        await t.raw(
          CREATE,
          { input: { name: 'sneaky', parent: 'viewer', permissions: ['audit:read'] } },
          { token: manager.token },
        ),
      ],
      [
        'create under a parent above them',
        await t.raw(CREATE, { input: { name: 'sneaky', parent: 'trader', permissions: [] } }, { token: manager.token }),
      ],
      [
        'change a role above them',
        await t.raw(UPDATE, { name: 'auditor', input: { permissions: [] } }, { token: manager.token }),
      ],
      ['delete a role above them', await t.raw(DELETE, { name: 'auditor' }, { token: manager.token })],
      [
        'change the parent of a role above them',
        await t.raw(UPDATE, { name: 'base', input: { permissions: [] } }, { token: manager.token }),
      ],
    ];
    for (const [what, res] of refusals) expect(codeOf(res), what).toBe('ROLE_NOT_ALLOWED');
    expect(detailsOf(refusals[0]?.[1] as GraphQLResponse<unknown>)).toMatchObject({ field: 'roles', role: 'admin' });
    expect(detailsOf(refusals[6]?.[1] as GraphQLResponse<unknown>)).toMatchObject({
      field: 'permissions',
      missing: ['audit:read'],
    });
    expect(await myPermissions(tenant.adminToken)).toMatchObject({ roles: ['admin'] });
    expect(await myPermissions(manager.token)).toMatchObject({ roles: ['role-manager'] });
    // Not a UUID at all: refused as input, before any rule or SQL.
    const garbage = await t.raw(ASSIGN, { userId: 'nope', roles: ['viewer'] }, { token: manager.token });
    expect(codeOf(garbage)).toBe('BAD_USER_INPUT');
    expect(detailsOf(garbage)).toMatchObject({ field: 'userId', reason: 'invalid_id' });

    // Within their own permissions they may.
    const ok = await t.raw<{ createRole: RoleResult }>(
      CREATE,
      { input: { name: 'reader', parent: 'viewer', permissions: ['users:read'] } },
      { token: manager.token },
    );
    expect(ok.body.errors).toBeUndefined();
    expect(
      (await t.raw(ASSIGN, { userId: other.id, roles: ['reader'] }, { token: manager.token })).body.errors,
    ).toBeUndefined();
    expect(
      codeOf(
        await t.raw(
          UPDATE,
          { name: 'reader', input: { permissions: ['users:read', 'users:write'] } },
          { token: manager.token },
        ),
      ),
    ).toBe('ROLE_NOT_ALLOWED');

    const db = t.stack.runtime.db.tenant(tenant.id);
    expect(await db.role.findUnique({ where: { name: 'sneaky' } })).toBeNull();
    expect((await db.userRole.findMany({ where: { userId: other.id } })).map((row) => row.role)).toEqual(['reader']);
    expect((await db.userRole.findMany({ where: { userId: tenant.adminId } })).map((row) => row.role)).toEqual([
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
    const tenant = await createTenant('outrank');
    await t.raw(
      CREATE,
      { input: { name: 'account-manager', parent: 'viewer', permissions: ['users:read', 'users:write'] } },
      { token: tenant.adminToken },
    );
    const manager = await member(tenant, 'account-manager');
    const viewer = await member(tenant, 'viewer');
    const otherAdmin = await member(tenant, 'admin');
    const deactivate = 'mutation($id: ID!) { deactivateUser(id: $id) { id status } }';
    const reactivate = 'mutation($id: ID!) { reactivateUser(id: $id) { id status } }';
    const invite = 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }';

    for (const id of [tenant.adminId, tenant.adminId.toUpperCase()]) {
      const refused = await t.raw(deactivate, { id }, { token: manager.token });
      expect(codeOf(refused)).toBe('ROLE_NOT_ALLOWED');
      expect(detailsOf(refused)).toMatchObject({
        field: 'id',
        missing: expect.arrayContaining(['roles:write', 'audit:read']) as unknown,
      });
    }
    expect(await myPermissions(tenant.adminToken)).toMatchObject({ roles: ['admin'] });
    // Someone the manager outranks or equals is theirs to manage.
    expect((await t.raw(deactivate, { id: viewer.id }, { token: manager.token })).body.errors).toBeUndefined();
    expect((await t.raw(reactivate, { id: viewer.id }, { token: manager.token })).body.errors).toBeUndefined();

    // An admin deactivated by an admin is not the manager's to bring back.
    expect((await t.raw(deactivate, { id: otherAdmin.id }, { token: tenant.adminToken })).body.errors).toBeUndefined();
    expect(codeOf(await t.raw(reactivate, { id: otherAdmin.id }, { token: manager.token }))).toBe('ROLE_NOT_ALLOWED');

    // Re-inviting replaces the invitee's role: an admin's invitee is not the manager's to demote.
    const email = `invitee-${uniqueSlug('i')}@${tenant.slug}.test`;
    expect(
      (await t.raw(invite, { input: { email, role: 'admin' } }, { token: tenant.adminToken })).body.errors,
    ).toBeUndefined();
    expect(codeOf(await t.raw(invite, { input: { email, role: 'viewer' } }, { token: manager.token }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    const db = t.stack.runtime.db.tenant(tenant.id);
    const invitee = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    expect((await db.userRole.findMany({ where: { userId: invitee.id } })).map((row) => row.role)).toEqual(['admin']);
    expect((await db.user.findUniqueOrThrow({ where: { id: otherAdmin.id } })).status).toBe('disabled');
  });

  it('an admin cannot change their own roles either', async () => {
    const tenant = await createTenant('self');
    const res = await t.raw(ASSIGN, { userId: tenant.adminId, roles: ['viewer'] }, { token: tenant.adminToken });
    expect(codeOf(res)).toBe('ROLE_NOT_ALLOWED');
    expect(await myPermissions(tenant.adminToken)).toMatchObject({ roles: ['admin'] });
  });

  it('never puts platform permissions in a custom role, nor platform_admin on a tenant user', async () => {
    const tenant = await createTenant('plat');
    const user = await member(tenant, 'viewer');
    expect(
      codeOf(await t.raw(ASSIGN, { userId: user.id, roles: ['platform_admin'] }, { token: tenant.adminToken })),
    ).toBe('ROLE_NOT_ALLOWED');
    const direct = await t.raw(
      CREATE,
      { input: { name: 'ops', parent: 'viewer', permissions: ['tenants:write'] } },
      { token: tenant.adminToken },
    );
    expect(codeOf(direct)).toBe('ROLE_NOT_ALLOWED');
    expect(detailsOf(direct)).toMatchObject({ platform: ['tenants:write'] });
    // Not even a platform administrator, in the platform tenant, directly or through the parent.
    for (const input of [
      { name: 'ops', parent: 'viewer', permissions: ['platform:admin'] },
      { name: 'ops', parent: 'platform_admin', permissions: [] },
    ]) {
      const res = await t.raw(CREATE, { input }, { token: platformToken });
      expect(codeOf(res)).toBe('ROLE_NOT_ALLOWED');
    }
    await t.raw(CREATE, { input: { name: 'ops', parent: 'viewer', permissions: [] } }, { token: platformToken });
    expect(
      codeOf(await t.raw(UPDATE, { name: 'ops', input: { parent: 'platform_admin' } }, { token: platformToken })),
    ).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('role definitions', () => {
  it('refuse bad names, unknown permissions and parents, loops and changes to built-in roles, with stable codes', async () => {
    const tenant = await createTenant('valid');
    const token = tenant.adminToken;
    const create = (input: Record<string, unknown>) =>
      t.raw(CREATE, { input: { parent: 'viewer', permissions: [], ...input } }, { token });
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
      const loop = await t.raw(UPDATE, { name: 'alpha', input: { parent } }, { token });
      expect(codeOf(loop), parent).toBe('BAD_USER_INPUT');
      expect(detailsOf(loop)).toMatchObject({ field: 'parent', reason: 'cycle' });
    }
    expect(codeOf(await t.raw(UPDATE, { name: 'alpha', input: { parent: null } }, { token }))).toBe('BAD_USER_INPUT');
    // Two concurrent changes that would each be fine alone but close a loop together: one wins.
    await create({ name: 'left' });
    await create({ name: 'right' });
    const raced = await Promise.all([
      t.raw(UPDATE, { name: 'left', input: { parent: 'right' } }, { token }),
      t.raw(UPDATE, { name: 'right', input: { parent: 'left' } }, { token }),
    ]);
    expect(raced.map(codeOf).sort()).toEqual(['BAD_USER_INPUT', undefined]);
    expect(
      (await t.raw(UPDATE, { name: 'gamma', input: { parent: 'alpha', description: 'moved' } }, { token })).body.errors,
    ).toBeUndefined();

    for (const builtin of ['viewer', 'trader', 'admin']) {
      expect(codeOf(await t.raw(UPDATE, { name: builtin, input: { permissions: [] } }, { token })), builtin).toBe(
        'ROLE_NOT_ALLOWED',
      );
      expect(codeOf(await t.raw(DELETE, { name: builtin }, { token })), builtin).toBe('ROLE_NOT_ALLOWED');
    }
    expect(codeOf(await t.raw(UPDATE, { name: 'nope', input: {} }, { token }))).toBe('NOT_FOUND');
    expect(codeOf(await t.raw(DELETE, { name: 'nope' }, { token }))).toBe('NOT_FOUND');
    // Roles are the caller's tenant's: another tenant sees none of them.
    const other = await createTenant('valid-b');
    expect(
      (await t.raw<{ role: RoleResult | null }>(ROLE, { name: 'alpha' }, { token: other.adminToken })).body.data?.role,
    ).toBeNull();
    expect(
      (await t.raw<{ role: RoleResult | null }>(ROLE, { name: 'gamma' }, { token })).body.data?.role,
    ).toMatchObject({ parent: 'alpha', description: 'moved' });
  });

  it('deleteRole: a held role needs reassignTo, and its holders move in the same transaction', async () => {
    const tenant = await createTenant('delete');
    const token = tenant.adminToken;
    await t.raw(CREATE, { input: { name: 'desk', parent: 'trader', permissions: ['audit:read'] } }, { token });
    await t.raw(CREATE, { input: { name: 'desk-lead', parent: 'desk', permissions: [] } }, { token });
    const holder = await member(tenant, 'desk');
    expect((await t.raw(AUDIT, {}, { token: holder.token })).body.errors).toBeUndefined();

    const inherited = await t.raw(DELETE, { name: 'desk', reassignTo: 'viewer' }, { token });
    expect(codeOf(inherited)).toBe('CONFLICT');
    expect(detailsOf(inherited)).toMatchObject({ children: ['desk-lead'] });
    expect((await t.raw(DELETE, { name: 'desk-lead' }, { token })).body.data).toEqual({ deleteRole: true });

    const held = await t.raw(DELETE, { name: 'desk' }, { token });
    expect(codeOf(held)).toBe('CONFLICT');
    expect(detailsOf(held)).toMatchObject({ field: 'reassignTo', userCount: 1 });
    // A reassignment the caller may not grant changes nothing at all.
    expect(codeOf(await t.raw(DELETE, { name: 'desk', reassignTo: 'platform_admin' }, { token }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(codeOf(await t.raw(DELETE, { name: 'desk', reassignTo: 'nobody' }, { token }))).toBe('ROLE_NOT_ALLOWED');
    const db = t.stack.runtime.db.tenant(tenant.id);
    expect((await db.userRole.findMany({ where: { userId: holder.id } })).map((row) => row.role)).toEqual(['desk']);

    expect((await t.raw(DELETE, { name: 'desk', reassignTo: 'trader' }, { token })).body.data).toEqual({
      deleteRole: true,
    });
    expect(await db.role.findUnique({ where: { name: 'desk' } })).toBeNull();
    expect((await myPermissions(holder.token)).roles).toEqual(['trader']);
    expect(codeOf(await t.raw(AUDIT, {}, { token: holder.token }))).toBe('FORBIDDEN');
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'role.deleted', targetId: 'desk', result: 'success' },
    });
    expect(event).toMatchObject({
      actorId: tenant.adminId,
      result: 'success',
      data: { usersReassigned: 1, reassignTo: 'trader' },
    });
  });
});

describe('assignRoles input', () => {
  it('refuses an empty list, unknown roles and users of other tenants', async () => {
    const tenant = await createTenant('input');
    const other = await createTenant('input-b');
    const user = await member(tenant, 'viewer');
    const stranger = await member(other, 'viewer');
    expect(codeOf(await t.raw(ASSIGN, { userId: user.id, roles: [] }, { token: tenant.adminToken }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.raw(ASSIGN, { userId: user.id, roles: ['root'] }, { token: tenant.adminToken }))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(codeOf(await t.raw(ASSIGN, { userId: stranger.id, roles: ['viewer'] }, { token: tenant.adminToken }))).toBe(
      'NOT_FOUND',
    );
    expect((await myPermissions(stranger.token)).roles).toEqual(['viewer']);
  });

  it('invitations may give a custom role, never one above the inviter', async () => {
    const tenant = await createTenant('invite');
    await t.raw(
      CREATE,
      { input: { name: 'analyst', parent: 'viewer', permissions: ['audit:read'] } },
      { token: tenant.adminToken },
    );
    const invite = 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id roles } }';
    const invited = await t.raw<{ inviteUser: { id: string; roles: string[] } }>(
      invite,
      { input: { email: `a@${tenant.slug}.test`, role: 'analyst' } },
      { token: tenant.adminToken },
    );
    expect(invited.body.errors).toBeUndefined();
    expect(invited.body.data?.inviteUser.roles).toEqual(['analyst']);
  });
});

describe('error codes through the gateway', () => {
  it('tells UNAUTHENTICATED from FORBIDDEN, and passes domain codes with their details', async () => {
    const tenant = await createTenant('codes');
    const viewer = await member(tenant, 'viewer');
    const anonymous = await t.raw(ROLES);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.raw(MY_PERMISSIONS))).toBe('UNAUTHENTICATED');
    const forbidden = await t.raw(ROLES, {}, { token: viewer.token });
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(forbidden.body.errors?.[0]?.message).not.toMatch(/Not Authori[sz]ed/);
    const domain = await t.raw(
      CREATE,
      { input: { name: 'Bad Name', parent: 'viewer', permissions: [] } },
      { token: tenant.adminToken },
    );
    expect(domain.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      details: expect.objectContaining({ field: 'name' }),
    });
    const refused = await t.raw(ASSIGN, { userId: viewer.id, roles: ['platform_admin'] }, { token: tenant.adminToken });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      details: { field: 'roles', role: 'platform_admin' },
    });
    const expired = await t.raw(ROLES, {}, { token: `${viewer.token.slice(0, -4)}AAAA` });
    expect(expired.status).toBe(401);
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
  });
});
