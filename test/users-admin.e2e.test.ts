import { beforeAll, describe, expect, it } from 'vitest';
import {
  DeactivateUserDocument,
  DeleteUserDocument,
  LoginDocument,
  MyIdDocument,
  ReactivateUserDocument,
  RefreshDocument,
  SetPreferenceDocument,
  TenantUsageDocument,
  UpdateProfileDocument,
  UserListDocument,
  VerifyEmailDocument,
  type UserFilter,
} from '@tradesage/client';
import {
  sessionOf,
  addSignedInUser,
  codeOf,
  detailsOf,
  eventually,
  randomPassword,
  requestEmailChange,
  startTestStackWithMail,
  uniqueEmail,
  useTestStack,
  type SignedInUser,
  type TestTenant,
} from './support/fixtures.ts';

/** Through the gateway: listing users (filter, search, pages) and deleting one. */

const [t, a, b] = useTestStack(startTestStackWithMail, { prefix: 'usradm' }, { prefix: 'usradmb' });

async function addNamed(
  tenant: TestTenant,
  role: string,
  names: { firstName: string; lastName: string; displayName?: string },
  localPart = role,
): Promise<string> {
  const email = uniqueEmail(tenant, localPart);
  const id = await t.addUser(tenant.id, { email, password: randomPassword(), role });
  await t.stack.runtime.db
    .tenant(tenant.id)
    .user.update({ where: { id }, data: { ...names, displayName: names.displayName ?? null } });
  return id;
}

async function list(
  token: string,
  variables: { filter?: UserFilter; search?: string; first?: number; after?: string | null } = {},
) {
  const res = await t.request(UserListDocument, { first: 100, ...variables }, { token });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.users;
}

describe('users(filter, search, first, after)', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids['ann'] = await addNamed(a, 'trader', { firstName: 'Ann', lastName: 'Archer' }, 'ann');
    ids['percent'] = await addNamed(a, 'viewer', { firstName: 'Bob', lastName: 'Hundred%' });
    ids['under'] = await addNamed(a, 'viewer', { firstName: 'Zed', lastName: 'Under_score' });
    ids['display'] = await addNamed(a, 'trader', {
      firstName: 'Carl',
      lastName: 'Smith',
      displayName: 'The ARCHITECT',
    });
    ids['disabled'] = await addNamed(a, 'viewer', { firstName: 'Dora', lastName: 'Gone' });
    await t.stack.runtime.db
      .tenant(a.id)
      .user.update({ where: { id: ids['disabled'] as string }, data: { status: 'disabled' } });
    await addNamed(b, 'trader', { firstName: 'Ann', lastName: 'Archer' }, 'ann');
  });

  it('searches first, last and display names case-insensitively, within the tenant only', async () => {
    const found = await list(a.admin.token, { search: 'ARCH' });
    expect(found.edges.map((edge) => edge.node.id).sort()).toEqual([ids['ann'], ids['display']].sort());
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    expect((await list(a.admin.token, { search: '%' })).edges.map((edge) => edge.node.id)).toEqual([ids['percent']]);
    expect((await list(a.admin.token, { search: '_' })).edges.map((edge) => edge.node.id)).toEqual([ids['under']]);
    expect((await list(a.admin.token, { search: 'd%' })).edges.map((edge) => edge.node.id)).toEqual([ids['percent']]);
    expect((await list(a.admin.token, { search: '\\' })).edges).toEqual([]);
  });

  it('searches email addresses only for holders of users:pii:read', async () => {
    const byEmail = await list(a.admin.token, { search: 'ANN-' });
    expect(byEmail.edges.map((edge) => edge.node.id)).toEqual([ids['ann']]);
    const apiUser = await addSignedInUser(t, a, 'api_user');
    // api_user may list users but not read their addresses, so it cannot probe them by search either.
    expect((await list(apiUser.token, { search: 'ann-' })).edges).toEqual([]);
    expect((await list(apiUser.token, { search: 'archer' })).edges.map((edge) => edge.node.id)).toEqual([ids['ann']]);
  });

  it('refuses a search over 100 characters', async () => {
    const res = await t.request(UserListDocument, { search: 'x'.repeat(101) }, { token: a.admin.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(detailsOf(res)).toMatchObject({ field: 'search' });
  });

  it('filters by role name and by status', async () => {
    const traders = await list(a.admin.token, { filter: { role: 'trader' } });
    expect(traders.edges.map((edge) => edge.node.id).sort()).toEqual([ids['ann'], ids['display']].sort());
    expect(traders.edges.every((edge) => edge.node.roles.includes('trader'))).toBe(true);
    const disabled = await list(a.admin.token, { filter: { status: 'DISABLED' } });
    expect(disabled.edges.map((edge) => edge.node.id)).toEqual([ids['disabled']]);
    expect((await list(a.admin.token, { filter: { role: 'no-such-role' } })).edges).toEqual([]);
    const both = await list(a.admin.token, { filter: { role: 'viewer', status: 'ACTIVE' }, search: 'zed' });
    expect(both.edges.map((edge) => edge.node.id)).toEqual([ids['under']]);
  });

  it('pages through a filtered list without gaps or repeats, also when users are added between pages', async () => {
    const all = (await list(a.admin.token, { filter: { status: 'ACTIVE' } })).edges.map((edge) => edge.node.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await list(a.admin.token, { filter: { status: 'ACTIVE' }, first: 2, after });
      seen.push(...res.edges.map((edge) => edge.node.id));
      if (page === 0) await addNamed(a, 'viewer', { firstName: 'Late', lastName: 'Comer' });
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Oldest first: the user added meanwhile comes last, after everyone listed before.
    expect(seen.slice(0, all.length)).toEqual(all);
    expect(seen).toHaveLength(all.length + 1);
  });

  it('needs users:read', async () => {
    const viewer = await addSignedInUser(t, a, 'viewer');
    expect(codeOf(await t.request(UserListDocument, {}, { token: viewer.token }))).toBe('FORBIDDEN');
  });
});

describe('deleteUser', () => {
  async function victim(): Promise<SignedInUser> {
    const user = await addSignedInUser(t, a, 'trader');
    await t.request(
      UpdateProfileDocument,
      {
        input: {
          firstName: 'Vic',
          lastName: 'Tim',
          displayName: 'Vicky',
          locale: 'fr-FR',
          timezone: 'Europe/Paris',
          avatarUrl: 'https://img.example.com/v.png',
        },
      },
      { token: user.token },
    );
    await t.request(SetPreferenceDocument, { key: 'ui.theme', value: 'dark' }, { token: user.token });
    return user;
  }

  it('erases the personal data, ends every session, keeps an anonymised audit trail, and cannot be undone', async () => {
    const user = await victim();
    const phone = await t.request(
      LoginDocument,
      { input: { tenant: a.slug, email: user.email, password: user.password } },
      { headers: { 'user-agent': 'VictimPhone/1.0' } },
    );
    const pending = uniqueEmail(a, 'pending');
    const link = await requestEmailChange(t, user, pending);
    const db = t.stack.runtime.db.tenant(a.id);
    const auditBefore = await db.auditEvent.findMany({
      where: { OR: [{ actorId: user.id }, { targetId: user.id }] },
      select: { id: true },
    });
    await eventually(async () =>
      (await db.userActivity.count({ where: { userId: user.id, kind: 'api' } })) > 0 ? true : undefined,
    );

    const res = await t.request(DeleteUserDocument, { id: user.id }, { token: a.admin.token });
    expect(res.body.errors).toBeUndefined();
    const deleted = res.body.data?.deleteUser;
    expect(deleted).toMatchObject({ id: user.id, status: 'DELETED', email: `deleted-${user.id}@erased.invalid` });
    // Every profile field the victim filled in is cleared: the names empty, the others null.
    expect(deleted).toMatchObject({ firstName: '', lastName: '' });
    for (const field of ['displayName', 'locale', 'timezone', 'avatarUrl'] as const)
      expect(deleted?.[field], field).toBeNull();
    expect(deleted?.deletedAt).toBeTruthy();

    // Signed out everywhere at once, and no way back in.
    for (const token of [user.token, sessionOf(phone.body.data?.login).accessToken ?? '']) {
      const refused = await t.request(MyIdDocument, {}, { token });
      expect(refused.status).toBe(401);
    }
    expect(codeOf(await t.request(RefreshDocument, { input: { refreshToken: user.refreshToken } }))).toBe(
      'INVALID_REFRESH_TOKEN',
    );
    expect(
      codeOf(await t.request(LoginDocument, { input: { tenant: a.slug, email: user.email, password: user.password } })),
    ).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token: link } }))).toBe('INVALID_TOKEN');

    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({
      passwordHash: null,
      username: null,
      pendingEmail: null,
      emailVerifiedAt: null,
      lastLoginAt: null,
      status: 'deleted',
    });
    expect(await db.userPreference.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.oneTimeToken.count({ where: { userId: user.id } })).toBe(0);
    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(
      sessions.every((s) => s.revokedAt !== null && s.ip === null && s.userAgent === null && s.browser === null),
    ).toBe(true);
    const activity = await db.userActivity.findMany({ where: { userId: user.id } });
    expect(activity.length).toBeGreaterThan(0);
    expect(activity.every((row) => row.ip === null && row.userAgent === null)).toBe(true);

    // The audit trail stays, ids intact, with nothing left that names the person.
    const events = await db.auditEvent.findMany({ where: { OR: [{ actorId: user.id }, { targetId: user.id }] } });
    expect(auditBefore.length).toBeGreaterThanOrEqual(5);
    expect(events.map((event) => event.id)).toEqual(expect.arrayContaining(auditBefore.map((event) => event.id)));
    const text = JSON.stringify(events.map((event) => ({ ...event, id: event.id.toString() })));
    for (const personal of [user.email, pending, 'Vicky', 'VictimPhone']) expect(text).not.toContain(personal);
    const changeRequested = events.find((event) => event.action === 'email.change_requested');
    expect(changeRequested?.data).toEqual({ erased: true });
    const earlier = new Set(auditBefore.map((event) => event.id));
    const byUser = events.filter((event) => earlier.has(event.id) && event.actorId === user.id);
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((event) => event.ip === null && event.userAgent === null)).toBe(true);
    expect(events.find((event) => event.action === 'user.deleted')).toMatchObject({
      actorId: a.admin.id,
      targetId: user.id,
      result: 'success',
    });

    expect(codeOf(await t.request(ReactivateUserDocument, { id: user.id }, { token: a.admin.token }))).toBe('CONFLICT');
    expect(codeOf(await t.request(DeactivateUserDocument, { id: user.id }, { token: a.admin.token }))).toBe('CONFLICT');
    expect(codeOf(await t.request(DeleteUserDocument, { id: user.id }, { token: a.admin.token }))).toBe('CONFLICT');

    // Left out of the list unless asked for.
    expect((await list(a.admin.token)).edges.some((edge) => edge.node.id === user.id)).toBe(false);
    // Counted as deleted by tenantUsage, not in its total.
    const usage = await t.request(TenantUsageDocument, { period: 'DAY' }, { token: a.admin.token });
    expect(usage.body.errors).toBeUndefined();
    expect(usage.body.data?.tenantUsage.users.deleted).toBe(await db.user.count({ where: { status: 'deleted' } }));
    expect(usage.body.data?.tenantUsage.users.total).toBe(
      await db.user.count({ where: { status: { not: 'deleted' } } }),
    );
    expect((await list(a.admin.token, { filter: { status: 'DELETED' } })).edges.map((edge) => edge.node.id)).toContain(
      user.id,
    );
    // The address is free again.
    expect((await addSignedInUser(t, a, 'viewer')).token).toBeTruthy();
    await t.addUser(a.id, { email: user.email, password: randomPassword(), role: 'viewer' });
  });

  it('refuses deleting yourself, other tenants’ users, users above the caller, and callers without users:write', async () => {
    const self = await t.request(DeleteUserDocument, { id: a.admin.id.toUpperCase() }, { token: a.admin.token });
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect(detailsOf(self)).toMatchObject({ field: 'id' });
    expect(codeOf(await t.request(DeleteUserDocument, { id: b.admin.id }, { token: a.admin.token }))).toBe('NOT_FOUND');
    expect(codeOf(await t.request(DeleteUserDocument, { id: 'not-a-uuid' }, { token: a.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    const trader = await addSignedInUser(t, a, 'trader');
    const target = await addSignedInUser(t, a, 'viewer');
    expect(codeOf(await t.request(DeleteUserDocument, { id: target.id }, { token: trader.token }))).toBe('FORBIDDEN');
    const apiUser = await addSignedInUser(t, a, 'api_user');
    expect(codeOf(await t.request(DeleteUserDocument, { id: target.id }, { token: apiUser.token }))).toBe('FORBIDDEN');
    // No escalation: a user holding a permission the admin lacks is not the admin's to delete.
    const above = await addSignedInUser(t, a, 'platform_admin');
    const refused = await t.request(DeleteUserDocument, { id: above.id }, { token: a.admin.token });
    expect(codeOf(refused)).toBe('ROLE_NOT_ALLOWED');
    expect(detailsOf(refused)).toMatchObject({ field: 'id', missing: expect.arrayContaining(['platform:admin']) });
    expect((await t.request(MyIdDocument, {}, { token: above.token })).status).toBe(200);
    // Nothing happened to any of them.
    expect((await t.request(MyIdDocument, {}, { token: target.token })).status).toBe(200);
    expect((await t.request(MyIdDocument, {}, { token: b.admin.token })).status).toBe(200);
  });
});
