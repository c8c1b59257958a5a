import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTenantDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MyAccountDocument,
  MySessionsDocument,
  MyTenantDocument,
  RefreshDocument,
  RevokeSessionDocument,
  TenantByIdDocument,
  UpdateProfileDocument,
  UpdateTenantSettingsDocument,
  UserPersonalDataDocument,
  UsersDocument,
} from '@tradesage/client';
import {
  addSignedInUser,
  addTestUser,
  codeOf,
  createTestTenant,
  platformAdminToken,
  randomPassword,
  signIn,
  startTestStack,
  uniqueSlug,
  useTestStack,
  type TestTenant,
} from './support/fixtures.ts';

const [t] = useTestStack(startTestStack);

const tenants: { a?: TestTenant; b?: TestTenant } = {};
let platformToken = '';

function fixture(name: 'a' | 'b'): TestTenant {
  const value = tenants[name];
  if (!value) throw new Error(`tenant ${name} was not created`);
  return value;
}

beforeAll(async () => {
  platformToken = await platformAdminToken(t);
  for (const name of ['a', 'b'] as const) {
    const slug = uniqueSlug(`e2e${name}`);
    const adminEmail = `admin@${slug}.test`;
    const adminPassword = randomPassword();
    const created = await t.request(
      CreateTenantDocument,
      { input: { slug, name: `Tenant ${name}`, adminEmail, adminPassword } },
      { token: platformToken },
    );
    expect(created.body.errors).toBeUndefined();
    const tenant = created.body.data?.createTenant;
    if (!tenant) throw new Error('createTenant returned nothing');
    expect(tenant).toMatchObject({ slug, name: `Tenant ${name}`, status: 'ACTIVE' });
    tenants[name] = { ...tenant, admin: await signIn(t, slug, adminEmail, adminPassword) };
  }
});

describe('the platform administrator', () => {
  it('created two tenants whose admins can sign in', () => {
    expect(fixture('a').admin.id).not.toEqual(fixture('b').admin.id);
  });

  it('is the only one who may create tenants', async () => {
    const res = await t.request(
      CreateTenantDocument,
      { input: { slug: uniqueSlug('nope'), name: 'Nope', adminEmail: 'x@nope.test', adminPassword: randomPassword() } },
      { token: fixture('a').admin.token },
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.body.data?.createTenant ?? null).toBeNull();
  });

  it.each([
    ['a";drop schema public cascade;--', 'INVALID_SLUG'],
    ['public', 'RESERVED_SLUG'],
    ['platform', 'RESERVED_SLUG'],
    ['UPPER', 'INVALID_SLUG'],
  ])('refuses the slug %s with %s through the API', async (slug, code) => {
    const before = await t.stack.runtime.db.control.tenant.count();
    const res = await t.request(
      CreateTenantDocument,
      { input: { slug, name: 'Bad', adminEmail: 'x@bad.test', adminPassword: randomPassword() } },
      { token: platformToken },
    );
    expect(codeOf(res)).toBe(code);
    expect(await t.stack.runtime.db.control.tenant.count()).toBe(before);
  });

  it('sees any tenant by id', async () => {
    const res = await t.request(TenantByIdDocument, { id: fixture('b').id }, { token: platformToken });
    expect(res.body.data?.tenant?.slug).toBe(fixture('b').slug);
  });
});

describe('me', () => {
  it('resolves fields owned by all four subgraphs in one query', async () => {
    const a = fixture('a');
    const res = await t.request(MeDocument, {}, { token: a.admin.token });
    expect(res.body.errors).toBeUndefined();
    const me = res.body.data?.me;
    expect(me).toMatchObject({
      id: a.admin.id,
      email: a.admin.email,
      roles: ['admin'],
      tenant: { id: a.id, slug: a.slug },
    });
    expect(me?.sessions.some((s) => s.current)).toBe(true);
    // lastLoginAt lives in the auth subgraph.
    const security = await t.request(MyAccountDocument, {}, { token: a.admin.token });
    expect(security.body.errors).toBeUndefined();
    expect(Date.parse(security.body.data?.me.lastLoginAt ?? '')).toBeGreaterThan(Date.now() - 600_000);
  });

  it('is refused without a token', async () => {
    const res = await t.request(MeDocument, {});
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('updates the profile and validates input', async () => {
    const a = fixture('a');
    const ok = await t.request(
      UpdateProfileDocument,
      { input: { firstName: 'Ada', lastName: 'Lovelace' } },
      { token: a.admin.token },
    );
    expect(ok.body.data?.updateMyProfile).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
    const bad = await t.request(UpdateProfileDocument, { input: { firstName: '<script>' } }, { token: a.admin.token });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('myTenant is the caller tenant', async () => {
    const res = await t.request(MyTenantDocument, {}, { token: fixture('b').admin.token });
    expect(res.body.data?.myTenant.id).toBe(fixture('b').id);
  });
});

describe('tenant isolation', () => {
  it('an admin of tenant A asking for a user of tenant B gets no data', async () => {
    const res = await t.request(
      UserPersonalDataDocument,
      { id: fixture('b').admin.id },
      { token: fixture('a').admin.token },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.user).toBeNull();
  });

  it('an admin of tenant A cannot read tenant B', async () => {
    const res = await t.request(TenantByIdDocument, { id: fixture('b').id }, { token: fixture('a').admin.token });
    expect(res.body.data?.tenant ?? null).toBeNull();
  });

  it('users lists only the caller tenant, with cursor pagination', async () => {
    const a = await createTestTenant(t, { prefix: 'e2elist' });
    for (let i = 0; i < 3; i++)
      await t.addUser(a.id, { email: `viewer${i}@${a.slug}.test`, password: randomPassword(), role: 'viewer' });
    const first = await t.request(UsersDocument, { first: 2 }, { token: a.admin.token });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.users.edges).toHaveLength(2);
    expect(first.body.data?.users.pageInfo.hasNextPage).toBe(true);
    const rest = await t.request(
      UsersDocument,
      { first: 10, after: first.body.data?.users.pageInfo.endCursor },
      { token: a.admin.token },
    );
    const emails = [...(first.body.data?.users.edges ?? []), ...(rest.body.data?.users.edges ?? [])].map(
      (e) => e.node.email,
    );
    expect(emails).toHaveLength(4);
    expect(new Set(emails).size).toBe(4);
    expect(emails.every((e) => e?.endsWith(`@${a.slug}.test`))).toBe(true);
    expect(rest.body.data?.users.pageInfo.hasNextPage).toBe(false);
  });

  it('a viewer may not list users (hierarchical permissions)', async () => {
    const a = fixture('a');
    const { email, password } = await addTestUser(t, a, 'viewer', 'plain-viewer');
    const { token } = await signIn(t, a.slug, email, password);
    const res = await t.request(UsersDocument, { first: 5 }, { token });
    expect(codeOf(res)).toBe('FORBIDDEN');
    const self = await t.request(MeDocument, {}, { token });
    expect(self.body.data?.me.email).toBe(email);
  });

  it('a platform_admin role inside an ordinary tenant grants nothing on the platform', async () => {
    const a = fixture('a');
    const { token } = await addSignedInUser(t, a, 'platform_admin', 'fake-root');
    const res = await t.request(TenantByIdDocument, { id: fixture('b').id }, { token });
    expect(res.body.data?.tenant ?? null).toBeNull();
    const create = await t.request(
      CreateTenantDocument,
      {
        input: {
          slug: uniqueSlug('esc'),
          name: 'Escalation',
          adminEmail: 'x@esc.test',
          adminPassword: randomPassword(),
        },
      },
      { token },
    );
    expect(codeOf(create)).toBe('FORBIDDEN');
  });
});

describe('login', () => {
  it('gives one error for a wrong password, an unknown user and an unknown tenant', async () => {
    const a = fixture('a');
    const attempts = [
      { tenant: a.slug, email: a.admin.email, password: 'wrong-password-123' },
      { tenant: a.slug, email: `nobody@${a.slug}.test`, password: 'wrong-password-123' },
      { tenant: 'no-such-tenant', email: a.admin.email, password: a.admin.password },
    ];
    for (const input of attempts) {
      const res = await t.request(LoginDocument, { input });
      expect(codeOf(res)).toBe('INVALID_CREDENTIALS');
      expect(res.body.errors?.[0]?.message).toBe('Invalid tenant, email or password');
    }
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; replaying a spent one fails and ends the session (strict rotation)', async () => {
    const a = fixture('a');
    // No reuse leeway: the replay below is reuse at once (the leeway: refresh-leeway.e2e.test.ts).
    const strict = await t.request(
      UpdateTenantSettingsDocument,
      { input: { sessions: { refreshReuseLeewaySeconds: 0 } } },
      { token: a.admin.token },
    );
    expect(strict.body.errors).toBeUndefined();
    const first = await signIn(t, a.slug, a.admin.email, a.admin.password);
    const rotated = await t.request(RefreshDocument, { input: { refreshToken: first.refreshToken } });
    expect(rotated.body.errors).toBeUndefined();
    const second = rotated.body.data?.refresh;
    expect(second?.refreshToken).toBeTruthy();
    expect(second?.refreshToken).not.toBe(first.refreshToken);
    expect(second?.user.id).toBe(first.id);
    // The new access token works.
    expect((await t.request(MeDocument, {}, { token: second?.accessToken ?? '' })).body.data?.me.id).toBe(a.admin.id);

    const replay = await t.request(RefreshDocument, { input: { refreshToken: first.refreshToken } });
    expect(codeOf(replay)).toBe('INVALID_REFRESH_TOKEN');
    // Reuse revoked the whole session: the rotated pair is dead too.
    const after = await t.request(MeDocument, {}, { token: second?.accessToken ?? '' });
    expect(after.status).toBe(401);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    const again = await t.request(RefreshDocument, { input: { refreshToken: second?.refreshToken ?? '' } });
    expect(codeOf(again)).toBe('INVALID_REFRESH_TOKEN');
  });

  it('refuses garbage', async () => {
    const res = await t.request(RefreshDocument, { input: { refreshToken: 'not-a-token' } });
    expect(codeOf(res)).toBe('INVALID_REFRESH_TOKEN');
  });

  it('are only stored hashed', async () => {
    const a = fixture('a');
    const session = await signIn(t, a.slug, a.admin.email, a.admin.password);
    const stored = await t.stack.runtime.db.tenant(a.id).refreshToken.findMany({ select: { hash: true } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((row) => (session.refreshToken ?? '').includes(row.hash))).toBe(false);
  });
});

describe('revocation takes effect on the very next request', () => {
  it('revokeSession refuses that session access token at once', async () => {
    const a = fixture('a');
    const laptop = await signIn(t, a.slug, a.admin.email, a.admin.password, 'laptop');
    const phone = await signIn(t, a.slug, a.admin.email, a.admin.password, 'phone');
    const sessions = await t.request(MySessionsDocument, {}, { token: laptop.token });
    const listed = sessions.body.data?.mySessions ?? [];
    const current = listed.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const phoneSession = listed.find((s) => !s.current && s.userAgent === 'phone');
    expect(phoneSession).toBeDefined();

    const revoked = await t.request(RevokeSessionDocument, { id: phoneSession?.id ?? '' }, { token: laptop.token });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data?.revokeSession.revokedAt).toBeTruthy();

    const refused = await t.request(MeDocument, {}, { token: phone.token });
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect((await t.request(MeDocument, {}, { token: laptop.token })).body.data?.me.id).toBe(a.admin.id);
  });

  it('logout refuses the token at once, at the gateway and at every subgraph', async () => {
    const a = fixture('a');
    const session = await signIn(t, a.slug, a.admin.email, a.admin.password);
    const out = await t.request(LogoutDocument, {}, { token: session.token });
    expect(out.body.data?.logout).toBe(true);
    const refused = await t.request(MeDocument, {}, { token: session.token });
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    // Even a request that carries a valid gateway credential is refused: each subgraph checks the
    // session itself (defence in depth, should anything get past the gateway).
    for (const url of Object.values(t.stack.subgraphUrls)) {
      const direct = await t.raw('{ __typename }', {}, { token: session.token, url, viaGatewayCredential: true });
      expect(direct.status).toBe(401);
      expect(codeOf(direct)).toBe('UNAUTHENTICATED');
    }
  });

  it('a user cannot revoke another user session', async () => {
    const a = fixture('a');
    const b = fixture('b');
    const other = await signIn(t, b.slug, b.admin.email, b.admin.password);
    const mine = await t.request(MySessionsDocument, {}, { token: other.token });
    const target = mine.body.data?.mySessions[0]?.id ?? '';
    const res = await t.request(RevokeSessionDocument, { id: target }, { token: a.admin.token });
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect((await t.request(MeDocument, {}, { token: other.token })).body.data?.me.id).toBe(b.admin.id);
  });
});

// Subgraphs answer only the gateway (test/isolation-gateway.e2e.test.ts); these requests carry the
// gateway's credential, so what they meet is each subgraph's own checks.
describe('subgraphs enforce their own rules', () => {
  const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }';

  it('refuse _entities without a token', async () => {
    const res = await t.raw(
      entities,
      { r: [{ __typename: 'User', id: fixture('a').admin.id }] },
      { url: t.stack.subgraphUrls.user, viaGatewayCredential: true },
    );
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('resolve a reference only inside the caller tenant (__resolveReference under shield)', async () => {
    const a = fixture('a');
    const own = await t.raw<{ _entities: Array<{ id: string; email: string } | null> }>(
      entities,
      { r: [{ __typename: 'User', id: a.admin.id }] },
      { url: t.stack.subgraphUrls.user, token: a.admin.token, viaGatewayCredential: true },
    );
    expect(own.body.data?._entities[0]?.email).toBe(a.admin.email);
    const foreign = await t.raw<{ _entities: Array<{ id: string; email: string } | null> }>(
      entities,
      { r: [{ __typename: 'User', id: fixture('b').admin.id }] },
      { url: t.stack.subgraphUrls.user, token: a.admin.token, viaGatewayCredential: true },
    );
    expect(foreign.body.data?._entities[0] ?? null).toBeNull();
  });

  it('ignore a client-supplied tenant header', async () => {
    const a = fixture('a');
    const res = await t.request(MeDocument, {}, { token: a.admin.token, headers: { 'x-tenant-id': fixture('b').id } });
    expect(res.body.data?.me.tenant.id).toBe(a.id);
  });
});
