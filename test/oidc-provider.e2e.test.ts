import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { metrics } from '@tradesage/core';
import { tenantSchemaName } from '@tradesage/prisma';
import {
  ActivateTenantDocument,
  CreateServiceAccountDocument,
  DeleteServiceAccountDocument,
  MeDocument,
  MySessionsDocument,
  RevokeSessionDocument,
  SuspendTenantDocument,
  UsersDocument,
} from '@tradesage/client';
import {
  addSignedInUser,
  auditActions,
  codeOf,
  createTestTenant,
  dataOf,
  eventually,
  platformAdminToken,
  signIn,
  type SignedInUser,
  type TestTenant,
  useTestStack,
} from './support/fixtures.ts';
import {
  authorizationRequest,
  authorizeWithSession,
  CookieJar,
  follow,
  registerClient,
  relyingParty,
  startRelayedTestStack,
  visit,
  type RegisteredClient,
} from './support/oidc.ts';

// Refresh reuse is reuse at once in `strict` (no leeway).
const [t, tenant, strict, other] = useTestStack(
  startRelayedTestStack,
  { prefix: 'oidc' },
  { prefix: 'oidcstrict', settings: { sessions: { refreshReuseLeewaySeconds: 0 } } },
  { prefix: 'oidcother' },
);
const REDIRECT = 'http://127.0.0.1:9/callback';
const API_SCOPES = 'openid profile email offline_access users:read';

const issuerOf = (of: TestTenant) => `${t.origin}/t/${of.slug}`;

type Tokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

async function signInToApp(
  client: RegisteredClient,
  options: { params?: Record<string, string>; user?: SignedInUser; of?: TestTenant; consent?: boolean } = {},
): Promise<{ config: oidc.Configuration; tokens: Tokens }> {
  const of = options.of ?? tenant;
  const config = await relyingParty(issuerOf(of), client);
  const request = await authorizationRequest(config, REDIRECT, options.params);
  const { callback } = await authorizeWithSession(
    new CookieJar(),
    t.origin,
    request,
    (options.user ?? of.admin).token,
    options.consent === undefined ? {} : { consent: options.consent },
  );
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { config, tokens };
}

const withRefresh = { params: { scope: API_SCOPES, prompt: 'consent' } };

async function gatewayCode(token: string): Promise<unknown> {
  return codeOf(await t.request(MeDocument, {}, { token }));
}

async function tokenEndpoint(of: TestTenant, client: RegisteredClient, body: Record<string, string>) {
  const res = await fetch(`${issuerOf(of)}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(client.secret
        ? { authorization: `Basic ${Buffer.from(`${client.row.id}:${client.secret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(client.secret ? body : { ...body, client_id: client.row.id }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Runs an authorization up to the callback and returns the code without redeeming it. */
async function codeFor(client: RegisteredClient, of = tenant, params: Record<string, string> = {}) {
  const config = await relyingParty(issuerOf(of), client);
  const request = await authorizationRequest(config, REDIRECT, params);
  const { callback } = await authorizeWithSession(new CookieJar(), t.origin, request, of.admin.token);
  return { config, request, callback, code: callback.searchParams.get('code') ?? '' };
}

describe('discovery', () => {
  it('publishes the tenant issuer with the product routes, PKCE S256 and RS256 + ES256', async () => {
    const res = await fetch(`${issuerOf(tenant)}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta['issuer']).toBe(issuerOf(tenant));
    expect(meta['authorization_endpoint']).toBe(`${issuerOf(tenant)}/oauth/authorize`);
    expect(meta['token_endpoint']).toBe(`${issuerOf(tenant)}/oauth/token`);
    expect(meta['revocation_endpoint']).toBe(`${issuerOf(tenant)}/oauth/revoke`);
    expect(meta['introspection_endpoint']).toBe(`${issuerOf(tenant)}/oauth/introspect`);
    expect(meta['end_session_endpoint']).toBe(`${issuerOf(tenant)}/oauth/logout`);
    expect(meta['code_challenge_methods_supported']).toEqual(['S256']);
    expect(meta['response_types_supported']).toEqual(['code']);
    expect(meta['grant_types_supported']).not.toContain('implicit');
    expect(meta['grant_types_supported']).not.toContain('password');
    expect(meta['id_token_signing_alg_values_supported']).toEqual(expect.arrayContaining(['RS256', 'ES256']));
    expect(meta['authorization_response_iss_parameter_supported']).toBe(true);
    const rfc8414 = await fetch(`${t.origin}/.well-known/oauth-authorization-server/t/${tenant.slug}`);
    expect(((await rfc8414.json()) as { issuer: string }).issuer).toBe(issuerOf(tenant));
    expect((await fetch(`${t.origin}/t/no-such-tenant/.well-known/openid-configuration`)).status).toBe(404);
    const jwks = (await (await fetch(`${issuerOf(tenant)}/oauth/jwks`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys.map((key) => key['alg']).sort()).toEqual(['ES256', 'RS256']);
    expect(jwks.keys.some((key) => 'd' in key)).toBe(false);
  });
});

describe('authorization code flow with PKCE', () => {
  it('signs in to an application: ID token claims, an API access token the gateway accepts, a device session', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { tokens } = await signInToApp(client, withRefresh);
    const claims = tokens.claims();
    expect(claims?.iss).toBe(issuerOf(tenant));
    expect(claims?.sub).toBe(tenant.admin.id);
    expect(claims?.['acr']).toBe('aal1');
    expect(claims?.['amr']).toEqual(['pwd']);
    expect(typeof claims?.['auth_time']).toBe('number');
    expect(tokens.refresh_token).toBeTruthy();
    const [, payload = ''] = tokens.access_token.split('.');
    const access = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(access).toMatchObject({ iss: issuerOf(tenant), aud: `${t.origin}/graphql`, sub: tenant.admin.id });
    expect(access['sid']).toBe(claims?.['sid']);
    const users = dataOf(await t.request(UsersDocument, { first: 5 }, { token: tokens.access_token })).users;
    expect(users.edges.map((edge) => edge.node.id)).toContain(tenant.admin.id);
    // The application's sign-in is one of the user's device sessions.
    const sessions = dataOf(await t.request(MySessionsDocument, {}, { token: tenant.admin.token })).mySessions;
    const appSession = sessions.find((session) => session.id === claims?.['sid']);
    expect(appSession?.application).toEqual({ clientId: client.row.id, name: client.row.name });
    expect(sessions.find((session) => session.current)?.application).toBeNull();
    expect(await auditActions(t, tenant.id)).toEqual(expect.arrayContaining(['oauth.authorized', 'login.succeeded']));
  });

  it('answers userinfo for an access token of the provider itself (no API scope asked)', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tenant.admin.id);
    expect(info).toMatchObject({ sub: tenant.admin.id, email: tenant.admin.email });
    // It is not a token for the API.
    expect(await gatewayCode(tokens.access_token)).toBe('UNAUTHENTICATED');
  });

  it('refuses an authorization without PKCE or with the plain method, and an inexact redirect URI', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const base = `${issuerOf(tenant)}/oauth/authorize?${new URLSearchParams({
      client_id: client.row.id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT,
      state: 'abc',
    }).toString()}`;
    const noPkce = await follow(new CookieJar(), base, t.origin);
    expect(noPkce.url.origin).toBe('http://127.0.0.1:9');
    expect(noPkce.url.searchParams.get('error')).toBe('invalid_request');
    expect(noPkce.url.searchParams.get('state')).toBe('abc');
    expect(noPkce.url.searchParams.get('iss')).toBe(issuerOf(tenant));
    const plain = await follow(
      new CookieJar(),
      `${base}&code_challenge=${'a'.repeat(43)}&code_challenge_method=plain`,
      t.origin,
    );
    expect(plain.url.searchParams.get('error')).toBe('invalid_request');
    for (const uri of [
      `${REDIRECT}/more`,
      `${REDIRECT}?x=1`,
      'http://127.0.0.1:9/CALLBACK',
      'http://127.0.0.1:10/callback',
    ]) {
      const res = await follow(
        new CookieJar(),
        base.replace(encodeURIComponent(REDIRECT), encodeURIComponent(uri)) +
          `&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
        t.origin,
      );
      // Never sent to an unregistered address: an error page of the provider itself.
      expect(res.url.origin).toBe(t.origin);
      expect(res.response.status).toBe(400);
    }
  });

  it('refuses a wrong verifier and a code redeemed twice, which ends what the first redemption issued', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const wrong = await codeFor(client, tenant, withRefresh.params);
    const refused = await tokenEndpoint(tenant, client, {
      grant_type: 'authorization_code',
      code: wrong.code,
      redirect_uri: REDIRECT,
      code_verifier: crypto.randomBytes(32).toString('base64url'),
    });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const noVerifier = await tokenEndpoint(tenant, client, {
      grant_type: 'authorization_code',
      code: wrong.code,
      redirect_uri: REDIRECT,
    });
    expect(noVerifier.status).toBe(400);

    const { code, request } = await codeFor(client, tenant, withRefresh.params);
    const redeem = () =>
      tokenEndpoint(tenant, client, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: request.verifier,
      });
    const first = await redeem();
    expect(first.status).toBe(200);
    expect(await gatewayCode(first.body['access_token'] as string)).toBeUndefined();
    const second = await redeem();
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await gatewayCode(first.body['access_token'] as string)).toBe('UNAUTHENTICATED');
    const refresh = await tokenEndpoint(tenant, client, {
      grant_type: 'refresh_token',
      refresh_token: first.body['refresh_token'] as string,
    });
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await auditActions(t, tenant.id)).toContain('oauth.code_reused');
    const counted = await metrics.registry.getSingleMetric('tradesage_oidc_token_requests_total')?.get();
    const count = (labels: Record<string, string>) =>
      counted?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value ?? 0;
    expect(count({ grant_type: 'authorization_code', outcome: 'ok' })).toBeGreaterThan(0);
    expect(count({ grant_type: 'authorization_code', outcome: 'invalid_grant' })).toBeGreaterThan(0);
  });

  it('redeems a code once when two redemptions race', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { code, request } = await codeFor(client);
    const body = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: request.verifier };
    const results = await Promise.all([tokenEndpoint(tenant, client, body), tokenEndpoint(tenant, client, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; a spent one presented again after the leeway ends the grant, audited', async () => {
    const client = await registerClient(t.stack.runtime, strict.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client, { ...withRefresh, of: strict });
    const first = tokens.refresh_token ?? '';
    const next = await oidc.refreshTokenGrant(config, first);
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(first);
    expect(await gatewayCode(next.access_token)).toBeUndefined();
    await expect(oidc.refreshTokenGrant(config, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The whole grant ended: the newest refresh token and the access tokens too.
    await expect(oidc.refreshTokenGrant(config, next.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await gatewayCode(next.access_token)).toBe('UNAUTHENTICATED');
    expect(await auditActions(t, strict.id)).toContain('oauth.refresh_token_reused');
  });

  it('within the tenant reuse leeway, a just-spent token is rotated again instead of ending the grant', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client, withRefresh);
    const first = tokens.refresh_token ?? '';
    const a = await oidc.refreshTokenGrant(config, first);
    const b = await oidc.refreshTokenGrant(config, first);
    expect(b.refresh_token).not.toBe(a.refresh_token);
    expect(await gatewayCode(b.access_token)).toBeUndefined();
  });

  it('have an absolute lifetime: rotation never extends the chain, and the device session lasts as long', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client, withRefresh);
    const schema = tenantSchemaName(tenant.id);
    const expiries = async () =>
      (
        await t.stack.runtime.db.pool.query<{ expires_at: Date }>(
          `SELECT expires_at FROM "${schema}".oidc_payloads WHERE kind = 'RefreshToken' AND grant_id = $1 ORDER BY expires_at`,
          [
            (
              await t.stack.runtime.db.pool.query<{ oauth_grant_id: string }>(
                `SELECT oauth_grant_id FROM "${schema}".sessions WHERE id = $1`,
                [tokens.claims()?.['sid']],
              )
            ).rows[0]?.oauth_grant_id,
          ],
        )
      ).rows.map((row) => row.expires_at.getTime());
    const [first] = await expiries();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    const after = await expiries();
    expect(after).toHaveLength(2);
    // The rotated token expires when the first would have (within the second the first was issued in).
    expect(Math.abs((after[1] ?? 0) - (first ?? 0))).toBeLessThan(1500);
    const session = await t.stack.runtime.db.tenant(tenant.id).session.findUniqueOrThrow({
      where: { id: tokens.claims()?.['sid'] as string },
    });
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBeGreaterThan(86_400_000);
  });

  it('without offline access, the application session lasts as long as its access token', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { tokens } = await signInToApp(client, { params: { scope: 'openid users:read' } });
    const session = await t.stack.runtime.db.tenant(tenant.id).session.findUniqueOrThrow({
      where: { id: tokens.claims()?.['sid'] as string },
    });
    const lifetime = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(lifetime).toBeGreaterThan(15 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(16 * 60_000 + 1000);
  });

  it('are not issued without offline_access', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { tokens } = await signInToApp(client, { params: { scope: 'openid users:read', prompt: 'consent' } });
    expect(tokens.refresh_token).toBeUndefined();
    expect(await gatewayCode(tokens.access_token)).toBeUndefined();
  });
});

describe('revocation, introspection and the device session', () => {
  it('revoking the refresh token (RFC 7009) ends the grant and its access tokens', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client, withRefresh);
    const refresh = tokens.refresh_token ?? '';
    expect((await oidc.tokenIntrospection(config, refresh)).active).toBe(true);
    await oidc.tokenRevocation(config, refresh);
    expect((await oidc.tokenIntrospection(config, refresh)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, refresh)).rejects.toMatchObject({ error: 'invalid_grant' });
    await eventually(async () => ((await gatewayCode(tokens.access_token)) === 'UNAUTHENTICATED' ? true : undefined));
  });

  it("revoking the application's device session ends its access and refresh tokens", async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { config, tokens } = await signInToApp(client, withRefresh);
    const sid = tokens.claims()?.['sid'] as string;
    dataOf(await t.request(RevokeSessionDocument, { id: sid }, { token: tenant.admin.token }));
    expect(await gatewayCode(tokens.access_token)).toBe('UNAUTHENTICATED');
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('signing in again from the same browser', () => {
  it('is a new device session each time, also after the previous one was revoked', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const config = await relyingParty(issuerOf(tenant), client);
    const jar = new CookieJar();
    const once = async () => {
      const request = await authorizationRequest(config, REDIRECT, { scope: 'openid users:read' });
      const { callback } = await authorizeWithSession(jar, t.origin, request, tenant.admin.token);
      return oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
    };
    const first = await once();
    dataOf(
      await t.request(RevokeSessionDocument, { id: first.claims()?.['sid'] as string }, { token: tenant.admin.token }),
    );
    const second = await once();
    expect(second.claims()?.['sid']).not.toBe(first.claims()?.['sid']);
    expect(await gatewayCode(second.access_token)).toBeUndefined();
    expect(await gatewayCode(first.access_token)).toBe('UNAUTHENTICATED');
  });
});

describe('signing out of an application (RP-initiated logout)', () => {
  it('ends a grant without offline access and its tokens; one with offline access outlives it', async () => {
    // Two applications signed in to from one browser: one with offline access, one without.
    const registered = () =>
      registerClient(t.stack.runtime, tenant.id, {
        redirectUris: [REDIRECT],
        postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'],
      });
    const offlineConfig = await relyingParty(issuerOf(tenant), await registered());
    const config = await relyingParty(issuerOf(tenant), await registered());
    const jar = new CookieJar();
    const signInWith = async (params: Record<string, string>, config: oidc.Configuration) => {
      const request = await authorizationRequest(config, REDIRECT, params);
      const { callback } = await authorizeWithSession(jar, t.origin, request, tenant.admin.token);
      return oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
    };
    const offline = await signInWith({ scope: API_SCOPES, prompt: 'consent' }, offlineConfig);
    const online = await signInWith({ scope: 'openid users:read' }, config);
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: online.id_token ?? '',
      post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
      state: 'bye',
    });
    const confirm = await visit(jar, logout);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1] ?? '';
    const fields = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const target = new URL(action.replace(/&amp;/g, '&'), t.origin);
    const done = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(target) },
      body: new URLSearchParams({ ...fields, logout: 'yes' }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://127.0.0.1:9/signed-out?state=bye');
    await eventually(async () => ((await gatewayCode(online.access_token)) === 'UNAUTHENTICATED' ? true : undefined));
    // Offline access was asked for and granted: it survives the sign-out.
    expect(await gatewayCode(offline.access_token)).toBeUndefined();
    expect((await oidc.refreshTokenGrant(offlineConfig, offline.refresh_token ?? '')).access_token).toBeTruthy();
  });
});

describe('tenant isolation', () => {
  it("refuses tenant A's client, code and refresh token at tenant B's issuer", async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { code, request } = await codeFor(client, tenant, withRefresh.params);
    const atOther = await tokenEndpoint(other, client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: request.verifier,
    });
    expect(atOther).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The same client id registered at B too: still nothing of A's is found there.
    const { tokens } = await signInToApp(client, withRefresh);
    const twin = await new (await import('@tradesage/core')).OAuthClientRepository(
      t.stack.runtime.db.tenant(other.id),
    ).create({
      ...client.row,
      createdById: null,
    });
    expect(twin.id).toBe(client.row.id);
    const refreshAtOther = await tokenEndpoint(other, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refreshAtOther).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const authorize = await follow(
      new CookieJar(),
      `${issuerOf(other)}/oauth/authorize?client_id=unknown-client&response_type=code&scope=openid`,
      t.origin,
    );
    expect(authorize.response.status).toBe(400);
  });

  it("refuses the sign-in of another tenant's user", async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const config = await relyingParty(issuerOf(tenant), client);
    const request = await authorizationRequest(config, REDIRECT);
    await expect(authorizeWithSession(new CookieJar(), t.origin, request, other.admin.token)).rejects.toMatchObject({
      code: 'OAUTH_TENANT_MISMATCH',
    });
  });
});

describe('what an application token may do', () => {
  it("is limited to its scopes and the user's own permissions, and never to session-only operations", async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, {
      redirectUris: [REDIRECT],
      scopes: ['openid', 'users:read', 'users:read:self'],
    });
    const narrow = await signInToApp(client, { params: { scope: 'openid users:read:self' } });
    expect(codeOf(await t.request(UsersDocument, { first: 5 }, { token: narrow.tokens.access_token }))).toBe(
      'FORBIDDEN',
    );
    const viewer = await addSignedInUser(t, tenant, 'viewer');
    const asViewer = await signInToApp(client, { params: { scope: 'openid users:read' }, user: viewer });
    expect(codeOf(await t.request(UsersDocument, { first: 5 }, { token: asViewer.tokens.access_token }))).toBe(
      'FORBIDDEN',
    );
    const mine = await t.request(MySessionsDocument, {}, { token: asViewer.tokens.access_token });
    expect(codeOf(mine)).toBe('OAUTH_TOKEN_NOT_ALLOWED');
  });

  it('asks for a fresh sign-in for max_age and a second factor for acr_values=aal2', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const config = await relyingParty(issuerOf(tenant), client);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stale = await authorizationRequest(config, REDIRECT, { max_age: '0' });
    const refused = await authorizeWithSession(new CookieJar(), t.origin, stale, tenant.admin.token).catch(
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(refused).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const older = await authorizationRequest(config, REDIRECT, { max_age: '1' });
    const refusedOlder = await authorizeWithSession(new CookieJar(), t.origin, older, tenant.admin.token).catch(
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(refusedOlder).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    // A session signed in just now satisfies both.
    const fresh = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
    const ok = await authorizeWithSession(
      new CookieJar(),
      t.origin,
      await authorizationRequest(config, REDIRECT, { max_age: '60' }),
      fresh.token,
    );
    expect(ok.callback.searchParams.get('code')).toBeTruthy();
    const mfa = await authorizationRequest(config, REDIRECT, { acr_values: 'aal2' });
    const refusedMfa = await authorizeWithSession(new CookieJar(), t.origin, mfa, tenant.admin.token).catch(
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(refusedMfa).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(String((refusedMfa as Error).message)).toContain('"secondFactor":true');
    const essential = await authorizationRequest(config, REDIRECT, {
      claims: JSON.stringify({ id_token: { acr: { essential: true, values: ['aal2'] } } }),
    });
    const refusedEssential = await authorizeWithSession(new CookieJar(), t.origin, essential, tenant.admin.token).catch(
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(refusedEssential).toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });
});

describe('consent', () => {
  it('asks a third-party application once; a refusal answers access_denied', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT], firstParty: false });
    const user = await addSignedInUser(t, tenant, 'trader');
    const config = await relyingParty(issuerOf(tenant), client);
    const denied = await authorizeWithSession(
      new CookieJar(),
      t.origin,
      await authorizationRequest(config, REDIRECT),
      user.token,
      { consent: false },
    );
    expect(denied.steps).toEqual(['consent']);
    expect(denied.callback.searchParams.get('error')).toBe('access_denied');
    const given = await authorizeWithSession(
      new CookieJar(),
      t.origin,
      await authorizationRequest(config, REDIRECT),
      user.token,
      { consent: true },
    );
    expect(given.steps).toEqual(['consent']);
    expect(given.callback.searchParams.get('code')).toBeTruthy();
    const again = await authorizeWithSession(
      new CookieJar(),
      t.origin,
      await authorizationRequest(config, REDIRECT),
      user.token,
    );
    expect(again.steps).toEqual([]);
    expect(await auditActions(t, tenant.id)).toContain('oauth.consent_given');
  });
});

describe('client credentials for service accounts', () => {
  async function serviceAccount(): Promise<string> {
    return dataOf(
      await t.request(
        CreateServiceAccountDocument,
        { input: { name: `svc-${crypto.randomBytes(3).toString('hex')}`, roles: ['api_user'] } },
        { token: tenant.admin.token },
      ),
    ).createServiceAccount.id;
  }

  it('with a client secret: a token acting as the service account within its scopes', async () => {
    const accountId = await serviceAccount();
    const client = await registerClient(t.stack.runtime, tenant.id, {
      kind: 'service',
      redirectUris: [],
      scopes: ['users:read'],
      serviceAccountId: accountId,
    });
    const config = await relyingParty(issuerOf(tenant), client);
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: 'users:read',
      resource: `${t.origin}/graphql`,
    });
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(accountId);
    // Deleting the service account deletes its client: the token stops at once.
    dataOf(await t.request(DeleteServiceAccountDocument, { id: accountId }, { token: tenant.admin.token }));
    expect(await gatewayCode(tokens.access_token)).toBe('UNAUTHENTICATED');
  });

  it('with private_key_jwt (RFC 7523)', async () => {
    const accountId = await serviceAccount();
    const { publicKey, privateKey: keyObject } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signingKey = (key: crypto.KeyObject) =>
      crypto.subtle.importKey('jwk', key.export({ format: 'jwk' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
      ]);
    const privateKey = await signingKey(keyObject);
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
    const client = await registerClient(t.stack.runtime, tenant.id, {
      kind: 'service',
      redirectUris: [],
      scopes: ['users:read'],
      serviceAccountId: accountId,
      authMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const config = await oidc.discovery(
      new URL(issuerOf(tenant)),
      client.row.id,
      undefined,
      oidc.PrivateKeyJwt({ key: privateKey, kid: 'k1' }),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: 'users:read',
      resource: `${t.origin}/graphql`,
    });
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(accountId);
    // A wrong key is refused.
    const otherKey = await signingKey(crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    const forged = await oidc.discovery(
      new URL(issuerOf(tenant)),
      client.row.id,
      undefined,
      oidc.PrivateKeyJwt({ key: otherKey, kid: 'k1' }),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    await expect(oidc.clientCredentialsGrant(forged, { scope: 'users:read' })).rejects.toMatchObject({
      error: 'invalid_client',
    });
  });
});

describe('a suspended tenant', () => {
  it("refuses its applications' tokens until it is active again", async () => {
    const suspended = await createTestTenant(t, { prefix: 'oidcsusp' });
    const accountId = dataOf(
      await t.request(
        CreateServiceAccountDocument,
        { input: { name: 'svc', roles: ['api_user'] } },
        { token: suspended.admin.token },
      ),
    ).createServiceAccount.id;
    const client = await registerClient(t.stack.runtime, suspended.id, {
      kind: 'service',
      redirectUris: [],
      scopes: ['users:read'],
      serviceAccountId: accountId,
    });
    const config = await relyingParty(issuerOf(suspended), client);
    const { access_token: token } = await oidc.clientCredentialsGrant(config, { scope: 'users:read' });
    expect(dataOf(await t.request(MeDocument, {}, { token })).me?.id).toBe(accountId);
    const platform = await platformAdminToken(t);
    dataOf(await t.request(SuspendTenantDocument, { id: suspended.id, reason: 'unpaid' }, { token: platform }));
    // The tenant's status is cached for up to five seconds per process.
    await eventually(async () => ((await gatewayCode(token)) === 'TENANT_NOT_ACTIVE' ? true : undefined), 7000);
    expect((await fetch(`${issuerOf(suspended)}/.well-known/openid-configuration`)).status).toBe(404);
    dataOf(await t.request(ActivateTenantDocument, { id: suspended.id }, { token: platform }));
    await eventually(async () => ((await gatewayCode(token)) === undefined ? true : undefined), 7000);
  });
});

describe('guessing at the token endpoint', () => {
  it('refuses an address after 30 failed requests in a minute, whatever it presents next', async () => {
    const target = await createTestTenant(t, { prefix: 'oidcguess' });
    const client = await registerClient(t.stack.runtime, target.id, { redirectUris: [REDIRECT] });
    const guess = { ...client, secret: crypto.randomBytes(32).toString('base64url') };
    const statuses: number[] = [];
    // Failures are counted once their answer is sent: the refusal may come a request or two late.
    while (statuses.length < 40 && statuses.at(-1) !== 429)
      statuses.push((await tokenEndpoint(target, guess, { grant_type: 'client_credentials' })).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.length).toBeLessThanOrEqual(33);
    expect(statuses.at(-1)).toBe(429);
    const res = await fetch(`${issuerOf(target)}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.row.id}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another tenant's issuer is not affected.
    expect((await tokenEndpoint(tenant, guess, { grant_type: 'client_credentials' })).status).toBe(401);
  });
});
