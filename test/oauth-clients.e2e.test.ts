import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  CreateOAuthClientDocument,
  CreateServiceAccountDocument,
  DeleteOAuthClientDocument,
  MeDocument,
  MyAuthorizedAppsDocument,
  OAuthClientDocument,
  OAuthClientsDocument,
  OAuthProviderDocument,
  RefreshDocument,
  RevokeAppAuthorizationDocument,
  RotateOAuthClientSecretDocument,
  UpdateOAuthClientDocument,
  type CreateOAuthClientInput,
} from '@tradesage/client';
import { CLIENT_SECRET_AAD, OAuthClientRepository } from '@tradesage/core';
import { quoteIdent, tenantSchemaName } from '@tradesage/prisma';
import { startLocalhostRelay, type LocalhostRelay } from './support/browser.ts';
import {
  addSignedInUser,
  auditActions,
  codeOf,
  dataOf,
  detailsOf,
  startTestStack,
  useTestStack,
  type SignedInUser,
  type TestTenant,
} from './support/fixtures.ts';
import {
  authorizationRequest,
  authorizeWithSession,
  CookieJar,
  relyingParty,
  type RegisteredClient,
} from './support/oidc.ts';

// The provider's issuer is APP_URL's: a loopback relay, open before the stack starts, is that origin.
let relay: LocalhostRelay | undefined;
const [t, tenant, other] = useTestStack(
  async () => {
    relay = await startLocalhostRelay();
    const stack = await startTestStack({ env: { APP_URL: relay.origin } });
    relay.relayTo(stack.gatewayUrl);
    return stack;
  },
  { prefix: 'oac' },
  { prefix: 'oacother' },
);
afterAll(() => relay?.close());

const origin = () => relay?.origin ?? '';
const issuerOf = (of: TestTenant) => `${origin()}/t/${of.slug}`;
const REDIRECT = 'http://127.0.0.1:9/callback';
const CLIENT_ID = /^tsc_[0-9A-Za-z]{20}$/;
type Tokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

const confidential = (input: Partial<CreateOAuthClientInput> = {}): CreateOAuthClientInput => ({
  name: 'Portfolio site',
  kind: 'CONFIDENTIAL',
  redirectUris: [REDIRECT],
  scopes: ['openid', 'profile', 'email', 'offline_access', 'users:read'],
  firstParty: true,
  ...input,
});

function create(input: CreateOAuthClientInput, token = tenant.admin.token) {
  return t.request(CreateOAuthClientDocument, { input }, { token });
}

/** Creates a client through the API; the client as openid-client's helpers take it. */
async function createClient(
  input: CreateOAuthClientInput,
  of: TestTenant = tenant,
): Promise<RegisteredClient & { id: string }> {
  const created = dataOf(await create(input, of.admin.token), 'createOAuthClient').createOAuthClient;
  const row = await new OAuthClientRepository(t.stack.runtime.db.tenant(of.id)).find(created.client.id);
  if (!row) throw new Error('the created client has no row');
  return { id: row.id, row, secret: created.secret ?? null };
}

async function signInToApp(
  client: RegisteredClient,
  user: SignedInUser = tenant.admin,
  scope = 'openid profile email offline_access users:read',
): Promise<{ config: oidc.Configuration; tokens: Tokens; steps: string[] }> {
  const config = await relyingParty(issuerOf(tenant), client);
  const request = await authorizationRequest(config, REDIRECT, { scope, prompt: 'consent' });
  const { callback, steps } = await authorizeWithSession(new CookieJar(), origin(), request, user.token);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { config, tokens, steps };
}

async function tokenEndpoint(of: TestTenant, clientId: string, secret: string, body: Record<string, string>) {
  const res = await fetch(`${issuerOf(of)}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function serviceAccount(roles = ['api_user']): Promise<string> {
  return dataOf(
    await t.request(
      CreateServiceAccountDocument,
      { input: { name: `svc-${crypto.randomBytes(3).toString('hex')}`, roles } },
      { token: tenant.admin.token },
    ),
  ).createServiceAccount.id;
}

/** A session of the tenant's admin signed in `minutesAgo` (its tokens refreshed since). */
async function staleAdmin(minutesAgo: number): Promise<string> {
  const admin = await addSignedInUser(t, tenant, 'admin');
  await t.stack.runtime.db
    .tenant(tenant.id)
    .session.update({ where: { id: admin.sessionId }, data: { authTime: new Date(Date.now() - minutesAgo * 60_000) } });
  return dataOf(await t.request(RefreshDocument, { input: { refreshToken: admin.refreshToken } })).refresh.accessToken;
}

describe('registering applications', () => {
  it('a confidential client: its secret answered once and sealed at rest; it signs users in with the real provider', async () => {
    const res = await create(confidential());
    const { client, secret } = dataOf(res).createOAuthClient;
    expect(client.id).toMatch(CLIENT_ID);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client).toMatchObject({
      name: 'Portfolio site',
      kind: 'CONFIDENTIAL',
      authMethod: 'CLIENT_SECRET_BASIC',
      firstParty: true,
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: [],
      secretLastFour: secret?.slice(-4),
      serviceAccount: null,
      createdBy: tenant.admin.id,
    });
    // Never again: neither the list nor the one client shows it, and the row holds it only sealed.
    const listed = dataOf(await t.request(OAuthClientsDocument, {}, { token: tenant.admin.token })).oauthClients;
    expect(listed.map((entry) => entry.id)).toContain(client.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const one = dataOf(await t.request(OAuthClientDocument, { id: client.id }, { token: tenant.admin.token }));
    expect(one.oauthClient?.name).toBe('Portfolio site');
    const row = await t.stack.runtime.db.tenant(tenant.id).oAuthClient.findUniqueOrThrow({ where: { id: client.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(t.stack.runtime.mfaSecrets.open(CLIENT_SECRET_AAD, row.secretSealed ?? '')).toBe(secret);
    expect(await auditActions(t, tenant.id, client.id)).toEqual(['oauth_client.created']);

    const registered = await createClient(confidential());
    const { tokens } = await signInToApp(registered);
    expect(tokens.claims()?.sub).toBe(tenant.admin.id);
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(tenant.admin.id);
  });

  it('tells the console where the issuer is', async () => {
    const info = dataOf(await t.request(OAuthProviderDocument, {}, { token: tenant.admin.token })).oauthProvider;
    expect(info.issuer).toBe(issuerOf(tenant));
    expect(info.discoveryUrl).toBe(`${issuerOf(tenant)}/.well-known/openid-configuration`);
    expect(info.scopes).toEqual(expect.arrayContaining(['openid', 'offline_access', 'users:read', 'oauth:manage']));
    expect(info.scopes).not.toContain('platform:admin');
    const discovery = (await (await fetch(info.discoveryUrl)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(info.issuer);
  });

  it('a public client: no secret, PKCE alone; an app-scheme redirect is accepted for it', async () => {
    const created = dataOf(
      await create(
        confidential({
          kind: 'PUBLIC',
          redirectUris: [REDIRECT, 'com.example.portfolio:/oauth/callback'],
          postLogoutRedirectUris: ['com.example.portfolio:/signed-out'],
        }),
      ),
    ).createOAuthClient;
    expect(created.secret).toBeNull();
    expect(created.client).toMatchObject({ kind: 'PUBLIC', authMethod: 'NONE', secretLastFour: null });
    const row = await new OAuthClientRepository(t.stack.runtime.db.tenant(tenant.id)).find(created.client.id);
    if (!row) throw new Error('no row');
    expect(row.secretSealed).toBeNull();
    const { tokens } = await signInToApp({ row, secret: null });
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(tenant.admin.id);
  });

  it('a confidential client with CLIENT_SECRET_POST authenticates with its secret in the body', async () => {
    const client = await createClient(confidential({ authMethod: 'CLIENT_SECRET_POST' }));
    const config = await oidc.discovery(
      new URL(issuerOf(tenant)),
      client.id,
      undefined,
      oidc.ClientSecretPost(client.secret ?? ''),
      { execute: [oidc.allowInsecureRequests] },
    );
    const request = await authorizationRequest(config, REDIRECT);
    const { callback } = await authorizeWithSession(new CookieJar(), origin(), request, tenant.admin.token);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()?.sub).toBe(tenant.admin.id);
  });

  it('a service client acts as its service account, with a secret or with private_key_jwt', async () => {
    const accountId = await serviceAccount();
    const withSecret = await createClient({
      name: 'Nightly export',
      kind: 'SERVICE',
      scopes: ['users:read'],
      serviceAccountId: accountId,
    });
    const listed = dataOf(await t.request(OAuthClientDocument, { id: withSecret.id }, { token: tenant.admin.token }));
    expect(listed.oauthClient?.serviceAccount?.id).toBe(accountId);
    const config = await relyingParty(issuerOf(tenant), withSecret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'users:read', resource: `${origin()}/graphql` });
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(accountId);

    const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
    const created = dataOf(
      await create({
        name: 'Signed export',
        kind: 'SERVICE',
        authMethod: 'PRIVATE_KEY_JWT',
        jwks: { keys: [jwk] },
        scopes: ['users:read'],
        serviceAccountId: accountId,
      }),
    ).createOAuthClient;
    expect(created.secret).toBeNull();
    const key = await crypto.subtle.importKey(
      'jwk',
      privateKey.export({ format: 'jwk' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const signed = await oidc.discovery(
      new URL(issuerOf(tenant)),
      created.client.id,
      undefined,
      oidc.PrivateKeyJwt({ key, kid: 'k1' }),
      { execute: [oidc.allowInsecureRequests] },
    );
    const signedTokens = await oidc.clientCredentialsGrant(signed, {
      scope: 'users:read',
      resource: `${origin()}/graphql`,
    });
    expect(dataOf(await t.request(MeDocument, {}, { token: signedTokens.access_token })).me?.id).toBe(accountId);

    // Never beyond what the service account's roles grant.
    const beyond = await create({ name: 'x', kind: 'SERVICE', scopes: ['audit:read'], serviceAccountId: accountId });
    expect(codeOf(beyond)).toBe('OAUTH_SCOPE_NOT_ALLOWED');
    expect(detailsOf(beyond)).toMatchObject({ field: 'scopes', scope: 'audit:read' });
  });
});

describe('validation', () => {
  it('refuses each broken rule with a stable code naming the field, and stores nothing', async () => {
    const accountId = await serviceAccount();
    const ecJwk = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
    const ecPublic = Object.fromEntries(Object.entries(ecJwk).filter(([member]) => member !== 'd'));
    const cases: Array<[string, CreateOAuthClientInput, string, Record<string, unknown>]> = [
      ['an empty name', confidential({ name: ' ' }), 'BAD_USER_INPUT', { field: 'name' }],
      [
        'a public client with a secret',
        confidential({ kind: 'PUBLIC', authMethod: 'CLIENT_SECRET_BASIC' }),
        'BAD_USER_INPUT',
        { field: 'authMethod' },
      ],
      [
        'a confidential client without one',
        confidential({ authMethod: 'NONE' }),
        'BAD_USER_INPUT',
        { field: 'authMethod' },
      ],
      [
        'private_key_jwt without keys',
        confidential({ authMethod: 'PRIVATE_KEY_JWT' }),
        'BAD_USER_INPUT',
        { field: 'jwks' },
      ],
      [
        'a private key',
        confidential({ authMethod: 'PRIVATE_KEY_JWT', jwks: { keys: [ecJwk] } }),
        'BAD_USER_INPUT',
        { field: 'jwks' },
      ],
      [
        'a symmetric key',
        confidential({ authMethod: 'PRIVATE_KEY_JWT', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }),
        'BAD_USER_INPUT',
        { field: 'jwks' },
      ],
      [
        'keys that are no JWK Set',
        confidential({ authMethod: 'PRIVATE_KEY_JWT', jwks: [ecPublic] }),
        'BAD_USER_INPUT',
        { field: 'jwks' },
      ],
      ['keys for a secret client', confidential({ jwks: { keys: [ecPublic] } }), 'BAD_USER_INPUT', { field: 'jwks' }],
      ['no redirect URI', confidential({ redirectUris: [] }), 'BAD_USER_INPUT', { field: 'redirectUris' }],
      [
        '21 redirect URIs',
        confidential({ redirectUris: Array.from({ length: 21 }, (_, i) => `https://app.example.com/cb/${i}`) }),
        'BAD_USER_INPUT',
        { field: 'redirectUris' },
      ],
      [
        'a fragment',
        confidential({ redirectUris: ['https://app.example.com/cb#x'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris', uri: 'https://app.example.com/cb#x' },
      ],
      [
        'a wildcard',
        confidential({ redirectUris: ['https://*.example.com/cb'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'a relative URI',
        confidential({ redirectUris: ['/callback'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'http off loopback',
        confidential({ redirectUris: ['http://app.example.com/cb'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'an app scheme for a confidential client',
        confidential({ redirectUris: ['com.example.app:/cb'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'an app scheme without a dot',
        confidential({ kind: 'PUBLIC', redirectUris: ['myapp:/cb'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'javascript:',
        confidential({ kind: 'PUBLIC', redirectUris: ['javascript:alert(1)'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'redirectUris' },
      ],
      [
        'a post-logout URI off https',
        confidential({ postLogoutRedirectUris: ['http://evil.example/bye'] }),
        'OAUTH_REDIRECT_URI_INVALID',
        { field: 'postLogoutRedirectUris' },
      ],
      [
        'a platform permission',
        confidential({ scopes: ['openid', 'platform:admin'] }),
        'OAUTH_SCOPE_NOT_ALLOWED',
        { field: 'scopes', scope: 'platform:admin' },
      ],
      [
        'an unknown scope',
        confidential({ scopes: ['openid', 'launch:missiles'] }),
        'OAUTH_SCOPE_NOT_ALLOWED',
        { field: 'scopes', scope: 'launch:missiles' },
      ],
      [
        'a sign-in client without openid',
        confidential({ scopes: ['profile', 'users:read'] }),
        'BAD_USER_INPUT',
        { field: 'scopes' },
      ],
      [
        'redirects for a service client',
        { name: 's', kind: 'SERVICE', scopes: ['users:read'], serviceAccountId: accountId, redirectUris: [REDIRECT] },
        'BAD_USER_INPUT',
        { field: 'redirectUris' },
      ],
      [
        'a service client without its account',
        { name: 's', kind: 'SERVICE', scopes: ['users:read'] },
        'BAD_USER_INPUT',
        { field: 'serviceAccountId' },
      ],
      [
        'OpenID scopes for a service client',
        { name: 's', kind: 'SERVICE', scopes: ['openid', 'users:read'], serviceAccountId: accountId },
        'OAUTH_SCOPE_NOT_ALLOWED',
        { field: 'scopes', scope: 'openid' },
      ],
      [
        'a service account for a sign-in client',
        confidential({ serviceAccountId: accountId }),
        'BAD_USER_INPUT',
        { field: 'serviceAccountId' },
      ],
      [
        'an unknown service account',
        { name: 's', kind: 'SERVICE', scopes: ['users:read'], serviceAccountId: crypto.randomUUID() },
        'NOT_FOUND',
        {},
      ],
    ];
    const before = await t.stack.runtime.db.tenant(tenant.id).oAuthClient.count();
    for (const [what, input, code, details] of cases) {
      const res = await create(input);
      expect(codeOf(res), what).toBe(code);
      expect(detailsOf(res) ?? {}, what).toMatchObject(details);
      expect(res.body.data?.createOAuthClient ?? null, what).toBeNull();
    }
    expect(await t.stack.runtime.db.tenant(tenant.id).oAuthClient.count()).toBe(before);
  });

  it('applies the same rules to updates, and answers NOT_FOUND for an unknown client', async () => {
    const client = await createClient(confidential());
    const update = (id: string, input: Record<string, unknown>) =>
      t.request(UpdateOAuthClientDocument, { id, input }, { token: tenant.admin.token });
    let res = await update(client.id, { redirectUris: ['https://app.example.com/cb#frag'] });
    expect(codeOf(res)).toBe('OAUTH_REDIRECT_URI_INVALID');
    expect(detailsOf(res)).toMatchObject({ field: 'redirectUris' });
    res = await update(client.id, { scopes: ['openid', 'tenants:write'] });
    expect(codeOf(res)).toBe('OAUTH_SCOPE_NOT_ALLOWED');
    res = await update(client.id, { name: '' });
    expect(detailsOf(res)).toMatchObject({ field: 'name' });
    expect(codeOf(await update('tsc_00000000000000000000', { name: 'x' }))).toBe('NOT_FOUND');
    expect(codeOf(await update('not a client id', { name: 'x' }))).toBe('NOT_FOUND');
    expect(
      (await t.stack.runtime.db.tenant(tenant.id).oAuthClient.findUnique({ where: { id: client.id } }))?.redirectUris,
    ).toEqual([REDIRECT]);
  });
});

describe('changing a client', () => {
  it('updates what it is registered with; the provider follows at once (an old redirect URI is refused)', async () => {
    const client = await createClient(confidential());
    const next = 'http://127.0.0.1:9/elsewhere';
    const updated = dataOf(
      await t.request(
        UpdateOAuthClientDocument,
        { id: client.id, input: { name: 'Renamed', redirectUris: [next], firstParty: false } },
        { token: tenant.admin.token },
      ),
    ).updateOAuthClient;
    expect(updated).toMatchObject({ name: 'Renamed', redirectUris: [next], firstParty: false });
    const config = await relyingParty(issuerOf(tenant), client);
    const old = await authorizationRequest(config, REDIRECT);
    await expect(authorizeWithSession(new CookieJar(), origin(), old, tenant.admin.token)).rejects.toThrow(
      /the provider answered 400/,
    );
    expect(await auditActions(t, tenant.id, client.id)).toEqual(['oauth_client.created', 'oauth_client.updated']);
  });

  it('rotates the secret: the new one answered once, the old one refused from now on', async () => {
    const client = await createClient(confidential());
    const rotated = dataOf(
      await t.request(RotateOAuthClientSecretDocument, { id: client.id }, { token: tenant.admin.token }),
    ).rotateOAuthClientSecret;
    expect(rotated.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.secret).not.toBe(client.secret);
    expect(rotated.client.secretLastFour).toBe(rotated.secret?.slice(-4));
    const probe = {
      grant_type: 'authorization_code',
      code: 'nothing',
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
    };
    const old = await tokenEndpoint(tenant, client.id, client.secret ?? '', probe);
    expect(old.body['error']).toBe('invalid_client');
    // The new secret authenticates: the code is what is wrong now.
    const fresh = await tokenEndpoint(tenant, client.id, rotated.secret ?? '', probe);
    expect(fresh.body['error']).toBe('invalid_grant');
    expect(await auditActions(t, tenant.id, client.id)).toContain('oauth_client.secret_rotated');

    const publicClient = dataOf(await create(confidential({ kind: 'PUBLIC' }))).createOAuthClient.client;
    const conflict = await t.request(
      RotateOAuthClientSecretDocument,
      { id: publicClient.id },
      { token: tenant.admin.token },
    );
    expect(codeOf(conflict)).toBe('CONFLICT');
  });
});

describe('who may manage clients', () => {
  it('needs a recent sign-in to create, change or roll a client', async () => {
    const client = await createClient(confidential());
    const stale = await staleAdmin(11);
    const refused = [
      await create(confidential(), stale),
      await t.request(UpdateOAuthClientDocument, { id: client.id, input: { name: 'x' } }, { token: stale }),
      await t.request(RotateOAuthClientSecretDocument, { id: client.id }, { token: stale }),
    ];
    for (const res of refused) {
      expect(codeOf(res)).toBe('STEP_UP_REQUIRED');
      expect(detailsOf(res)).toMatchObject({ maxAgeSeconds: 600 });
    }
    // Reading needs no step-up.
    expect(dataOf(await t.request(OAuthClientsDocument, {}, { token: stale })).oauthClients.length).toBeGreaterThan(0);
  });

  it('needs oauth:manage (a viewer is FORBIDDEN) and a session (an API key is refused)', async () => {
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const client = await createClient(confidential());
    for (const res of [
      await t.request(OAuthClientsDocument, {}, { token: viewer.token }),
      await t.request(OAuthClientDocument, { id: client.id }, { token: viewer.token }),
      await t.request(OAuthProviderDocument, {}, { token: viewer.token }),
      await create(confidential(), viewer.token),
      await t.request(RotateOAuthClientSecretDocument, { id: client.id }, { token: viewer.token }),
      await t.request(DeleteOAuthClientDocument, { id: client.id }, { token: viewer.token }),
    ])
      expect(codeOf(res)).toBe('FORBIDDEN');
    const key = dataOf(
      await t.request(
        CreateApiKeyDocument,
        {
          input: {
            name: 'automation',
            scopes: ['oauth:manage', 'users:read'],
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          },
        },
        { token: tenant.admin.token },
      ),
    ).createApiKey.secret;
    for (const res of [
      await t.request(OAuthClientsDocument, {}, { token: key }),
      await create(confidential(), key),
      await t.request(DeleteOAuthClientDocument, { id: client.id }, { token: key }),
      await t.request(MyAuthorizedAppsDocument, {}, { token: key }),
    ])
      expect(codeOf(res)).toBe('API_KEY_NOT_ALLOWED');
    expect(await t.stack.runtime.db.tenant(tenant.id).oAuthClient.count({ where: { id: client.id } })).toBe(1);
  });
});

describe('tenant isolation', () => {
  it("another tenant's admin cannot see, change, roll or delete a client, and its issuer does not know it", async () => {
    const client = await createClient(confidential());
    const token = other.admin.token;
    expect(dataOf(await t.request(OAuthClientDocument, { id: client.id }, { token })).oauthClient).toBeNull();
    const theirs = dataOf(await t.request(OAuthClientsDocument, {}, { token })).oauthClients;
    expect(theirs.map((entry) => entry.id)).not.toContain(client.id);
    expect(
      codeOf(await t.request(UpdateOAuthClientDocument, { id: client.id, input: { name: 'hijacked' } }, { token })),
    ).toBe('NOT_FOUND');
    expect(codeOf(await t.request(RotateOAuthClientSecretDocument, { id: client.id }, { token }))).toBe('NOT_FOUND');
    expect(codeOf(await t.request(DeleteOAuthClientDocument, { id: client.id }, { token }))).toBe('NOT_FOUND');
    const row = await t.stack.runtime.db.tenant(tenant.id).oAuthClient.findUniqueOrThrow({ where: { id: client.id } });
    expect(row.name).toBe('Portfolio site');
    expect(t.stack.runtime.mfaSecrets.open(CLIENT_SECRET_AAD, row.secretSealed ?? '')).toBe(client.secret);
    // At the other tenant's issuer the client is unknown; at its own it authenticates.
    const probe = {
      grant_type: 'authorization_code',
      code: 'nothing',
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
    };
    expect((await tokenEndpoint(other, client.id, client.secret ?? '', probe)).body['error']).toBe('invalid_client');
    expect((await tokenEndpoint(tenant, client.id, client.secret ?? '', probe)).body['error']).toBe('invalid_grant');
  });
});

describe('deleting a client', () => {
  it("ends every user's sign-in to it: its access tokens are refused, its refresh tokens and artefacts are gone", async () => {
    const client = await createClient(confidential({ firstParty: false }));
    const user = await addSignedInUser(t, tenant, 'viewer');
    const first = await signInToApp(client, user, 'openid offline_access users:read');
    const second = await signInToApp(client, tenant.admin);
    for (const { tokens } of [first, second])
      expect(codeOf(await t.request(MeDocument, {}, { token: tokens.access_token }))).toBeUndefined();
    const db = t.stack.runtime.db.tenant(tenant.id);
    expect(await db.oAuthConsent.count({ where: { clientId: client.id } })).toBe(2);

    expect(
      dataOf(await t.request(DeleteOAuthClientDocument, { id: client.id }, { token: tenant.admin.token }))
        .deleteOAuthClient,
    ).toBe(true);
    for (const { tokens } of [first, second]) {
      const res = await t.request(MeDocument, {}, { token: tokens.access_token });
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    // The client is gone: its refresh token cannot even authenticate at the token endpoint.
    await expect(oidc.refreshTokenGrant(first.config, first.tokens.refresh_token ?? '')).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: 'invalid_client' } }],
    });
    const sessions = await db.session.findMany({ where: { oauthClientId: client.id } });
    expect(sessions).toHaveLength(2);
    for (const session of sessions) expect(session).toMatchObject({ revokedReason: 'grant_revoked' });
    expect(await db.oAuthConsent.count({ where: { clientId: client.id } })).toBe(0);
    const artefacts = await t.stack.runtime.db.pool.query(
      `SELECT count(*)::int AS n FROM ${quoteIdent(tenantSchemaName(tenant.id))}.oidc_payloads WHERE payload->>'clientId' = $1`,
      [client.id],
    );
    expect(artefacts.rows[0]).toEqual({ n: 0 });
    expect(await auditActions(t, tenant.id, client.id)).toContain('oauth_client.deleted');
    expect(codeOf(await t.request(DeleteOAuthClientDocument, { id: client.id }, { token: tenant.admin.token }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe("a user's authorized applications", () => {
  it('lists what the user signed in to; revoking ends its sessions and refresh, and the next sign-in asks again', async () => {
    const client = await createClient(confidential({ firstParty: false, name: 'Third-party tracker' }));
    const user = await addSignedInUser(t, tenant, 'viewer');
    const { config, tokens, steps } = await signInToApp(client, user, 'openid profile offline_access users:read');
    expect(steps).toEqual(['consent']);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');

    const apps = dataOf(await t.request(MyAuthorizedAppsDocument, {}, { token: user.token })).myAuthorizedApps;
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({
      clientId: client.id,
      name: 'Third-party tracker',
      firstParty: false,
      activeSessions: 1,
      scopes: expect.arrayContaining(['openid', 'profile', 'offline_access', 'users:read']) as unknown,
    });
    expect(Math.abs(Date.parse(String(apps[0]?.lastSignInAt)) - Date.now())).toBeLessThan(60_000);
    // The admin's list is the admin's own.
    const adminApps = dataOf(await t.request(MyAuthorizedAppsDocument, {}, { token: tenant.admin.token }));
    expect(adminApps.myAuthorizedApps.map((app) => app.clientId)).not.toContain(client.id);
    // An application's token cannot list or end the user's applications.
    expect(codeOf(await t.request(MyAuthorizedAppsDocument, {}, { token: refreshed.access_token }))).toBe(
      'OAUTH_TOKEN_NOT_ALLOWED',
    );
    expect(
      codeOf(
        await t.request(RevokeAppAuthorizationDocument, { clientId: client.id }, { token: refreshed.access_token }),
      ),
    ).toBe('OAUTH_TOKEN_NOT_ALLOWED');

    expect(
      dataOf(await t.request(RevokeAppAuthorizationDocument, { clientId: client.id }, { token: user.token }))
        .revokeAppAuthorization,
    ).toBe(true);
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const res = await t.request(MeDocument, {}, { token: refreshed.access_token });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(dataOf(await t.request(MyAuthorizedAppsDocument, {}, { token: user.token })).myAuthorizedApps).toEqual([]);
    expect(await auditActions(t, tenant.id, client.id)).toContain('oauth.grant_revoked');
    expect(
      dataOf(await t.request(RevokeAppAuthorizationDocument, { clientId: client.id }, { token: user.token }))
        .revokeAppAuthorization,
    ).toBe(false);
    // The user's own session is untouched.
    expect(dataOf(await t.request(MeDocument, {}, { token: user.token })).me?.id).toBe(user.id);

    const again = await signInToApp(client, user, 'openid profile offline_access users:read');
    expect(again.steps).toEqual(['consent']);
    expect(dataOf(await t.request(MeDocument, {}, { token: again.tokens.access_token })).me?.id).toBe(user.id);
    expect(
      dataOf(await t.request(MyAuthorizedAppsDocument, {}, { token: user.token })).myAuthorizedApps[0]?.activeSessions,
    ).toBe(1);
  });

  it("answers false for another tenant's client and leaves its users' sign-ins alone", async () => {
    const client = await createClient(confidential({ firstParty: false }));
    const { tokens } = await signInToApp(client, tenant.admin);
    const res = await t.request(RevokeAppAuthorizationDocument, { clientId: client.id }, { token: other.admin.token });
    expect(dataOf(res).revokeAppAuthorization).toBe(false);
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(tenant.admin.id);
  });
});
