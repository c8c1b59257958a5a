import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantDocument, LoginDocument } from './__generated__/graphql.ts';
import { randomPassword, startTestStack, uniqueSlug, type TestStack } from './support/test-stack.ts';

const DEACTIVATE = 'mutation($id: ID!) { deactivateUser(id: $id) { id status } }';
const REACTIVATE = 'mutation($id: ID!) { reactivateUser(id: $id) { id status } }';
const REFRESH = 'mutation($input: RefreshInput!) { refresh(input: $input) { accessToken } }';

let t: TestStack;
const tenants: Record<'a' | 'b', { id: string; slug: string; adminToken: string; adminId: string }> = {
  a: { id: '', slug: '', adminToken: '', adminId: '' },
  b: { id: '', slug: '', adminToken: '', adminId: '' },
};

async function login(tenant: string, email: string, password: string) {
  const res = await t.request(LoginDocument, { input: { tenant, email, password } });
  return { res, payload: res.body.data?.login };
}

function codeOf(res: { body: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> } }): unknown {
  return res.body.errors?.[0]?.extensions?.['code'];
}

beforeAll(async () => {
  t = await startTestStack();
  const platform = await login('platform', t.platformAdmin.email, t.platformAdmin.password);
  for (const name of ['a', 'b'] as const) {
    const slug = uniqueSlug(`life${name}`);
    const password = randomPassword();
    const created = await t.request(
      CreateTenantDocument,
      { input: { slug, name: `Lifecycle ${name}`, adminEmail: `admin@${slug}.test`, adminPassword: password } },
      { token: platform.payload?.accessToken ?? '' },
    );
    const id = created.body.data?.createTenant.id ?? '';
    const admin = await login(slug, `admin@${slug}.test`, password);
    tenants[name] = { id, slug, adminToken: admin.payload?.accessToken ?? '', adminId: admin.payload?.user.id ?? '' };
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('deactivating a user', () => {
  it('ends every session at once, refuses login and refresh, and reactivation restores sign-in', async () => {
    const a = tenants.a;
    const password = randomPassword();
    const email = `trader@${a.slug}.test`;
    const traderId = await t.addUser(a.id, { email, password, role: 'trader' });
    const laptop = (await login(a.slug, email, password)).payload;
    const phone = (await login(a.slug, email, password)).payload;
    expect((await t.raw('{ me { id } }', {}, { token: laptop?.accessToken ?? '' })).body.errors).toBeUndefined();

    const off = await t.raw<{ deactivateUser: { status: string } }>(
      DEACTIVATE,
      { id: traderId },
      { token: a.adminToken },
    );
    expect(off.body.errors).toBeUndefined();
    expect(off.body.data?.deactivateUser.status).toBe('DISABLED');

    for (const session of [laptop, phone]) {
      const refused = await t.raw('{ me { id } }', {}, { token: session?.accessToken ?? '' });
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('UNAUTHENTICATED');
      expect(codeOf(await t.raw(REFRESH, { input: { refreshToken: session?.refreshToken } }))).toBe(
        'INVALID_REFRESH_TOKEN',
      );
    }
    expect(codeOf((await login(a.slug, email, password)).res)).toBe('INVALID_CREDENTIALS');

    const on = await t.raw<{ reactivateUser: { status: string } }>(
      REACTIVATE,
      { id: traderId },
      { token: a.adminToken },
    );
    expect(on.body.data?.reactivateUser.status).toBe('ACTIVE');
    expect((await login(a.slug, email, password)).payload?.accessToken).toBeTruthy();
    const audit = await t.stack.runtime.db
      .tenant(a.id)
      .auditEvent.findMany({ where: { targetId: traderId, action: { in: ['user.deactivated', 'user.reactivated'] } } });
    expect(audit.map((e) => e.action).sort()).toEqual(['user.deactivated', 'user.reactivated']);
  });

  it('needs users:write, stays inside the tenant and refuses deactivating yourself', async () => {
    const a = tenants.a;
    const password = randomPassword();
    const email = `viewer@${a.slug}.test`;
    await t.addUser(a.id, { email, password, role: 'viewer' });
    const viewer = (await login(a.slug, email, password)).payload;
    expect(codeOf(await t.raw(DEACTIVATE, { id: a.adminId }, { token: viewer?.accessToken ?? '' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.raw(DEACTIVATE, { id: tenants.b.adminId }, { token: a.adminToken }))).toBe('NOT_FOUND');
    expect((await t.raw('{ me { id } }', {}, { token: tenants.b.adminToken })).body.errors).toBeUndefined();
    expect(codeOf(await t.raw(DEACTIVATE, { id: a.adminId }, { token: a.adminToken }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.raw(REACTIVATE, { id: a.adminId }, { token: a.adminToken }))).toBe('CONFLICT');
  });
});
