import { forgetApiKeyGrants } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import {
  ActivateTenantDocument,
  ApiKeyPolicyDocument,
  ApiKeysDocument,
  ApiKeyUsageDocument,
  AssignRolesDocument,
  AuditEventsDocument,
  CreateApiKeyDocument,
  CreateRoleDocument,
  CreateServiceAccountDocument,
  DeleteServiceAccountDocument,
  LoginDocument,
  MeDocument,
  MySessionsDocument,
  RevokeApiKeyDocument,
  RevokeLeakedApiKeysDocument,
  RotateApiKeyDocument,
  SuspendTenantDocument,
  UpdateTenantSettingsDocument,
  UsersDocument,
  type CreateApiKeyInput,
} from '@tradesage/client';
import {
  addSignedInUser,
  auditActions,
  codeOf,
  createTestTenant,
  dataOf,
  detailsOf,
  platformAdminToken,
  startTestStackWithMail,
  useTestStack,
  type SignedInUser,
  type TestTenant,
} from './support/fixtures.ts';

const [t, tenant, other] = useTestStack(startTestStackWithMail, { prefix: 'keys' }, { prefix: 'keysother' });

const KEY = /^tsk_test_[0-9A-Za-z]{36}$/;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function createKey(
  owner: SignedInUser,
  input: Partial<CreateApiKeyInput> = {},
): Promise<{ id: string; secret: string }> {
  const created = dataOf(
    await t.request(
      CreateApiKeyDocument,
      { input: { name: 'CI', scopes: ['users:read:self'], expiresAt: inDays(30), ...input } },
      { token: owner.token },
    ),
  ).createApiKey;
  return { id: created.apiKey.id, secret: created.secret };
}

const withKey = (secret: string) => ({ token: secret });

describe('creating and using a key', () => {
  it('answers the secret once, in the published format; the key then acts as its owner by Bearer or X-API-Key', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const res = await t.request(
      CreateApiKeyDocument,
      { input: { name: 'Laptop script', scopes: ['users:read:self'], expiresAt: inDays(10) } },
      { token: owner.token },
    );
    const { secret, apiKey } = dataOf(res).createApiKey;
    expect(secret).toMatch(KEY);
    expect(apiKey).toMatchObject({
      name: 'Laptop script',
      ownerId: owner.id,
      ownerKind: 'USER',
      environment: 'TEST',
      status: 'ACTIVE',
      lastFour: secret.slice(-4),
      display: `tsk_test_…${secret.slice(-4)}`,
      scopes: ['users:read:self'],
    });
    // Never again: the list has no secret, and no stored column holds it.
    const listed = JSON.stringify(dataOf(await t.request(ApiKeysDocument, {}, { token: owner.token })).apiKeys);
    expect(listed).not.toContain(secret);
    const row = await t.stack.runtime.db.tenant(tenant.id).apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(9));

    expect(dataOf(await t.request(MeDocument, {}, withKey(secret))).me?.id).toBe(owner.id);
    const viaHeader = await t.request(MeDocument, {}, { headers: { 'x-api-key': secret } });
    expect(dataOf(viaHeader).me?.id).toBe(owner.id);
    expect(await auditActions(t, tenant.id, apiKey.id)).toContain('api_key.created');
  });

  it('refuses a key with a bad checksum exactly as an unknown key, and a key in both headers', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const { secret } = await createKey(owner);
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const unknown = `tsk_test_${'0'.repeat(36)}`;
    for (const bad of [flipped, unknown]) {
      const res = await t.request(MeDocument, {}, withKey(bad));
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.body.errors?.[0]?.message).toBe('Invalid API key');
    }
    const both = await t.request(MeDocument, {}, { token: owner.token, headers: { 'x-api-key': secret } });
    expect(codeOf(both)).toBe('UNAUTHENTICATED');
  });

  it('gives the key its scopes and its owner’s current permissions both: a demoted owner’s key loses them at once', async () => {
    const admin = await addSignedInUser(t, tenant, 'admin');
    const { secret } = await createKey(admin, { scopes: ['users:read', 'users:pii:read'] });
    expect(dataOf(await t.request(UsersDocument, { first: 5 }, withKey(secret))).users.edges.length).toBeGreaterThan(0);
    // audit:read is the admin's, not the key's.
    expect(codeOf(await t.request(AuditEventsDocument, { first: 1 }, withKey(secret)))).toBe('FORBIDDEN');
    dataOf(
      await t.request(AssignRolesDocument, { userId: admin.id, roles: ['viewer'] }, { token: tenant.admin.token }),
    );
    expect(codeOf(await t.request(UsersDocument, { first: 5 }, withKey(secret)))).toBe('FORBIDDEN');
  });

  it('refuses scopes the creator does not hold or the catalogue does not list, and expiries past the tenant’s limit', async () => {
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const create = (input: Partial<CreateApiKeyInput>) =>
      t.request(
        CreateApiKeyDocument,
        { input: { name: 'x', scopes: ['users:read:self'], expiresAt: inDays(5), ...input } },
        { token: viewer.token },
      );
    let res = await create({ scopes: ['users:read'] });
    expect(codeOf(res)).toBe('API_KEY_SCOPE_NOT_ALLOWED');
    expect(detailsOf(res)).toMatchObject({ scope: 'users:read' });
    expect(codeOf(await create({ scopes: ['launch:missiles'] }))).toBe('API_KEY_SCOPE_NOT_ALLOWED');
    res = await create({ expiresAt: inDays(91) });
    expect(codeOf(res)).toBe('API_KEY_EXPIRY_INVALID');
    expect(detailsOf(res)).toMatchObject({ field: 'expiresAt', maxLifetimeDays: 90 });
    expect(codeOf(await create({ expiresAt: inDays(-1) }))).toBe('API_KEY_EXPIRY_INVALID');
    expect(codeOf(await create({ allowedCidrs: ['10.0.0.0/33'] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await create({ rateLimitPerMinute: 0 }))).toBe('BAD_USER_INPUT');
    expect(await t.stack.runtime.db.tenant(tenant.id).apiKey.count({ where: { ownerId: viewer.id } })).toBe(0);
  });
});

describe('the tenant’s apiKeys.maxLifetimeDays', () => {
  it('caps every new key’s expiry, and every user can read it', async () => {
    const capped = await createTestTenant(t, { prefix: 'keyscap' });
    const viewer = await addSignedInUser(t, capped, 'viewer');
    const policy = async () => dataOf(await t.request(ApiKeyPolicyDocument, {}, { token: viewer.token })).apiKeyPolicy;
    expect(await policy()).toEqual({ maxLifetimeDays: 90, environment: 'TEST' });
    dataOf(
      await t.request(
        UpdateTenantSettingsDocument,
        { input: { apiKeys: { maxLifetimeDays: 10 } } },
        { token: capped.admin.token },
      ),
    );
    expect((await policy()).maxLifetimeDays).toBe(10);
    const create = (days: number) =>
      t.request(
        CreateApiKeyDocument,
        { input: { name: 'x', scopes: ['users:read:self'], expiresAt: inDays(days) } },
        { token: viewer.token },
      );
    const refused = await create(11);
    expect(codeOf(refused)).toBe('API_KEY_EXPIRY_INVALID');
    expect(detailsOf(refused)).toMatchObject({ maxLifetimeDays: 10 });
    expect(dataOf(await create(9)).createApiKey.secret).toMatch(KEY);
  });
});

describe('what a key may not do', () => {
  it('refuses session-only operations, key management and step-up operations with API_KEY_NOT_ALLOWED', async () => {
    const admin = await addSignedInUser(t, tenant, 'admin');
    const { secret } = await createKey(admin, { scopes: ['roles:write', 'roles:read', 'users:read'] });
    for (const res of [
      await t.request(MySessionsDocument, {}, withKey(secret)),
      await t.request(ApiKeysDocument, {}, withKey(secret)),
      await t.request(
        CreateApiKeyDocument,
        { input: { name: 'child', scopes: ['users:read'], expiresAt: inDays(1) } },
        withKey(secret),
      ),
      await t.request(
        CreateRoleDocument,
        { input: { name: 'by-key', parent: 'viewer', permissions: ['users:read'] } },
        withKey(secret),
      ),
    ]) {
      expect(codeOf(res)).toBe('API_KEY_NOT_ALLOWED');
    }
  });

  it('is refused in every other tenant: its tenant is the stored key’s, never the request’s', async () => {
    const { secret } = await createKey(other.admin, { scopes: ['users:read'] });
    const me = dataOf(await t.request(MeDocument, {}, withKey(secret))).me;
    expect(me?.id).toBe(other.admin.id);
    const users = dataOf(await t.request(UsersDocument, { first: 50 }, withKey(secret))).users.edges;
    expect(users.map((edge) => edge.node.id)).not.toContain(tenant.admin.id);
  });
});

describe('lifecycle', () => {
  it('revokes: the next request is refused, and revoking again changes nothing', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const { id, secret } = await createKey(owner);
    expect(dataOf(await t.request(MeDocument, {}, withKey(secret))).me?.id).toBe(owner.id);
    const revoked = dataOf(await t.request(RevokeApiKeyDocument, { id }, { token: owner.token })).revokeApiKey;
    expect(revoked.status).toBe('REVOKED');
    const res = await t.request(MeDocument, {}, withKey(secret));
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(dataOf(await t.request(RevokeApiKeyDocument, { id }, { token: owner.token })).revokeApiKey.revokedAt).toBe(
      revoked.revokedAt,
    );
    expect(await auditActions(t, tenant.id, id)).toEqual(
      expect.arrayContaining(['api_key.created', 'api_key.revoked', 'api_key.refused']),
    );
  });

  it('rotates: a new secret at once; the old one stops now (NONE) or after its overlap', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const first = await createKey(owner);
    const rolled = dataOf(
      await t.request(RotateApiKeyDocument, { input: { id: first.id, overlap: 'NONE' } }, { token: owner.token }),
    ).rotateApiKey;
    expect(rolled.secret).toMatch(KEY);
    expect(rolled.apiKey.rotatedFrom).toBe(first.id);
    const old = await t.request(MeDocument, {}, withKey(first.secret));
    expect(old.status).toBe(401);
    expect(codeOf(old)).toBe('API_KEY_EXPIRED');
    expect(dataOf(await t.request(MeDocument, {}, withKey(rolled.secret))).me?.id).toBe(owner.id);

    const overlapped = dataOf(
      await t.request(
        RotateApiKeyDocument,
        { input: { id: rolled.apiKey.id, overlap: 'ONE_HOUR' } },
        { token: owner.token },
      ),
    ).rotateApiKey;
    expect(dataOf(await t.request(MeDocument, {}, withKey(rolled.secret))).me?.id).toBe(owner.id);
    expect(dataOf(await t.request(MeDocument, {}, withKey(overlapped.secret))).me?.id).toBe(owner.id);
    const listed = dataOf(await t.request(ApiKeysDocument, {}, { token: owner.token })).apiKeys;
    const oldRow = listed.find((key) => key.id === rolled.apiKey.id);
    const hour = Date.parse(oldRow?.expiresAt as string) - Date.now();
    expect(hour).toBeGreaterThan(59 * 60_000);
    expect(hour).toBeLessThanOrEqual(60 * 60_000);
  });

  it('answers API_KEY_EXPIRED past the expiry', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const { id, secret } = await createKey(owner);
    await t.stack.runtime.db
      .tenant(tenant.id)
      .apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    forgetApiKeyGrants(t.stack.runtime);
    const res = await t.request(MeDocument, {}, withKey(secret));
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('API_KEY_EXPIRED');
  });

  it('enforces its address allowlist and its own rate limit (429 with Retry-After)', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const elsewhere = await createKey(owner, { allowedCidrs: ['203.0.113.0/24'] });
    const res = await t.request(MeDocument, {}, withKey(elsewhere.secret));
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('API_KEY_ADDRESS_REFUSED');
    const here = await createKey(owner, { allowedCidrs: ['127.0.0.1', '::1/128'], rateLimitPerMinute: 2 });
    expect(dataOf(await t.request(MeDocument, {}, withKey(here.secret))).me?.id).toBe(owner.id);
    expect(dataOf(await t.request(MeDocument, {}, withKey(here.secret))).me?.id).toBe(owner.id);
    const limited = await t.request(MeDocument, {}, withKey(here.secret));
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts requests per day and records the last use', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const { id, secret } = await createKey(owner);
    for (let i = 0; i < 3; i++) dataOf(await t.request(MeDocument, {}, withKey(secret)));
    const keys = dataOf(await t.request(ApiKeyUsageDocument, { days: 7 }, { token: owner.token })).apiKeys;
    const usage = keys.find((key) => key.id === id)?.usage;
    expect(usage).toEqual([{ day: new Date().toISOString().slice(0, 10), requests: 3 }]);
    const row = await t.stack.runtime.db.tenant(tenant.id).apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.lastUsedAt).not.toBeNull();
  });
});

describe('the key’s tenant', () => {
  it('refuses a suspended tenant’s keys with TENANT_NOT_ACTIVE while it is so, and accepts them again once active', async () => {
    const suspended = await createTestTenant(t, { prefix: 'keyssusp' });
    const { secret } = await createKey(suspended.admin);
    expect(dataOf(await t.request(MeDocument, {}, withKey(secret))).me?.id).toBe(suspended.admin.id);
    const platform = await platformAdminToken(t);
    dataOf(await t.request(SuspendTenantDocument, { id: suspended.id, reason: 'unpaid' }, { token: platform }));
    const refused = await t.request(MeDocument, {}, withKey(secret));
    expect(codeOf(refused)).toBe('TENANT_NOT_ACTIVE');
    // Also for a process that has not seen the key yet (its lookup reads the tenant's status).
    forgetApiKeyGrants(t.stack.runtime);
    expect(codeOf(await t.request(MeDocument, {}, withKey(secret)))).toBe('TENANT_NOT_ACTIVE');
    dataOf(await t.request(ActivateTenantDocument, { id: suspended.id }, { token: platform }));
    expect(dataOf(await t.request(MeDocument, {}, withKey(secret))).me?.id).toBe(suspended.admin.id);
  });
});

describe('service accounts', () => {
  it('hold roles and keys, never sign in, and take their keys with them when deleted', async () => {
    const created = dataOf(
      await t.request(
        CreateServiceAccountDocument,
        { input: { name: 'Reporting job', description: 'nightly export', roles: ['api_user'] } },
        { token: tenant.admin.token },
      ),
    ).createServiceAccount;
    expect(created).toMatchObject({ name: 'Reporting job', roles: ['api_user'] });
    const key = await createKey(tenant.admin, { ownerId: created.id, scopes: ['users:read'] });
    expect(dataOf(await t.request(MeDocument, {}, withKey(key.secret))).me?.id).toBe(created.id);
    const listed = await t.raw<{ users: { edges: unknown[] } }>(
      '{ users(first: 5) { edges { node { id } } } }',
      {},
      withKey(key.secret),
    );
    expect(dataOf(listed).users.edges.length).toBeGreaterThan(0);
    // Listed as a service account, not among the people.
    const people = dataOf(await t.request(UsersDocument, { first: 100 }, { token: tenant.admin.token })).users.edges;
    expect(people.map((edge) => edge.node.id)).not.toContain(created.id);
    const account = await t.stack.runtime.db.tenant(tenant.id).user.findUniqueOrThrow({ where: { id: created.id } });
    const login = await t.request(LoginDocument, {
      input: { tenant: tenant.slug, email: account.email, password: 'anything at all 1' },
    });
    expect(codeOf(login)).toBe('INVALID_CREDENTIALS');
    // A scope beyond its roles is refused.
    expect(
      codeOf(
        await t.request(
          CreateApiKeyDocument,
          { input: { name: 'x', ownerId: created.id, scopes: ['audit:read'], expiresAt: inDays(1) } },
          { token: tenant.admin.token },
        ),
      ),
    ).toBe('API_KEY_SCOPE_NOT_ALLOWED');

    dataOf(await t.request(DeleteServiceAccountDocument, { id: created.id }, { token: tenant.admin.token }));
    expect(codeOf(await t.request(MeDocument, {}, withKey(key.secret)))).toBe('UNAUTHENTICATED');
  });

  it('are managed only with apikeys:manage, and never given a role above the caller', async () => {
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const res = await t.request(
      CreateServiceAccountDocument,
      { input: { name: 'x', roles: ['viewer'] } },
      { token: viewer.token },
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    const admin: TestTenant['admin'] = tenant.admin;
    expect(
      codeOf(
        await t.request(
          CreateServiceAccountDocument,
          { input: { name: 'x', roles: ['platform_admin'] } },
          { token: admin.token },
        ),
      ),
    ).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('leaked keys', () => {
  it('revokes every valid key handed in, emails its owner, audits it, and answers the same whatever was found', async () => {
    const owner = await addSignedInUser(t, tenant, 'viewer');
    const { id, secret } = await createKey(owner, { name: 'pasted in a gist' });
    const res = await t.request(RevokeLeakedApiKeysDocument, {
      keys: [secret, 'tsk_test_not-a-key', `tsk_live_${'1'.repeat(36)}`],
    });
    expect(dataOf(res).revokeLeakedApiKeys).toEqual({ received: 3 });
    expect(codeOf(await t.request(MeDocument, {}, withKey(secret)))).toBe('UNAUTHENTICATED');
    const mail = await t.mail.next(owner.email, { subject: /API key/ });
    expect(mail.text).toContain('pasted in a gist');
    expect(mail.text).not.toContain(secret);
    expect(await auditActions(t, tenant.id, id)).toContain('api_key.revoked');
    const nothing = await t.request(RevokeLeakedApiKeysDocument, { keys: ['nothing here'] });
    expect(dataOf(nothing).revokeLeakedApiKeys).toEqual({ received: 1 });
    expect(
      codeOf(await t.request(RevokeLeakedApiKeysDocument, { keys: Array.from({ length: 1001 }, () => 'x') })),
    ).toBe('BAD_USER_INPUT');
  });
});
