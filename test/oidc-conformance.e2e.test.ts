import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestStack } from './support/fixtures.ts';
import {
  authorizationRequest,
  authorizeWithSession,
  CookieJar,
  follow,
  registerClient,
  relyingParty,
  startRelayedTestStack,
  type AuthorizationRequest,
  type RegisteredClient,
} from './support/oidc.ts';

// The OpenID Connect Basic OP and Config OP checks of the OpenID Foundation's conformance suite
// that can run here (no internet, no suite server), each named after the suite's test module and
// run against the provider with openid-client as the relying party. README lists the outcome of
// every module, including those not run here.

const [t, tenant] = useTestStack(startRelayedTestStack, { prefix: 'conformance' });
let issuer: string;
let client: RegisteredClient;
let config: oidc.Configuration;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  issuer = `${t.origin}/t/${tenant.slug}`;
  client = await registerClient(t.stack.runtime, tenant.id, {
    redirectUris: [REDIRECT],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  });
  config = await relyingParty(issuer, client);
});

async function codeFlow(params: Record<string, string> = {}, request?: AuthorizationRequest) {
  const req = request ?? (await authorizationRequest(config, REDIRECT, params));
  const { callback } = await authorizeWithSession(new CookieJar(), t.origin, req, tenant.admin.token);
  return { req, callback };
}

async function tokens(params: Record<string, string> = {}) {
  const { req, callback } = await codeFlow(params);
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    ...(params['nonce'] === '' ? {} : { expectedNonce: req.nonce }),
  });
}

describe('Config OP', () => {
  it('oidcc-discovery-endpoint-verification', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta['issuer']).toBe(issuer);
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint'])
      expect(String(meta[field])).toMatch(new RegExp(`^${issuer}/`));
    expect(meta['response_types_supported']).toContain('code');
    expect(meta['subject_types_supported']).toContain('public');
    expect(meta['id_token_signing_alg_values_supported']).toContain('RS256');
    expect(meta['scopes_supported']).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
    expect(meta['claims_supported']).toEqual(
      expect.arrayContaining(['sub', 'email', 'name', 'acr', 'amr', 'auth_time']),
    );
  });

  it('oidcc-idtoken-rs256', async () => {
    const result = await tokens();
    const [header = ''] = (result.id_token ?? '').split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
  });

  it('oidcc-idtoken-unsigned (not offered: none is refused)', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta['id_token_signing_alg_values_supported']).not.toContain('none');
  });
});

describe('Basic OP', () => {
  it('oidcc-server', async () => {
    const result = await tokens();
    expect(result.claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-response-type-missing', async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid' });
    url.searchParams.delete('response_type');
    const res = await follow(new CookieJar(), url, t.origin);
    // Either shown to the user or sent to the client as an error; never a code.
    expect(res.url.searchParams.get('code')).toBeNull();
    expect(res.response.status === 400 || res.url.searchParams.get('error') === 'invalid_request').toBe(true);
  });

  it('oidcc-userinfo-get, oidcc-userinfo-post-header, oidcc-userinfo-post-body', async () => {
    const { access_token: token } = await tokens();
    const get = await fetch(`${issuer}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await get.json()) as { sub: string }).sub).toBe(tenant.admin.id);
    const postHeader = await fetch(`${issuer}/oauth/userinfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await postHeader.json()) as { sub: string }).sub).toBe(tenant.admin.id);
    const postBody = await fetch(`${issuer}/oauth/userinfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: token }),
    });
    expect(((await postBody.json()) as { sub: string }).sub).toBe(tenant.admin.id);
  });

  it('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', async () => {
    const req = await authorizationRequest(config, REDIRECT);
    req.url.searchParams.delete('nonce');
    const { callback } = await codeFlow({}, req);
    const result = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
    });
    expect(result.claims()?.['nonce']).toBeUndefined();
  });

  it('oidcc-scope-profile, oidcc-scope-email, oidcc-scope-all', async () => {
    const profile = await tokens({ scope: 'openid profile' });
    const info = await oidc.fetchUserInfo(config, profile.access_token, tenant.admin.id);
    expect(info.email).toBeUndefined();
    const email = await tokens({ scope: 'openid email' });
    expect(await oidc.fetchUserInfo(config, email.access_token, tenant.admin.id)).toMatchObject({
      email: tenant.admin.email,
      email_verified: expect.any(Boolean),
    });
    const all = await tokens({ scope: 'openid profile email' });
    expect((await oidc.fetchUserInfo(config, all.access_token, tenant.admin.id)).email).toBe(tenant.admin.email);
  });

  it('oidcc-ensure-other-scope-order-succeeds', async () => {
    expect((await tokens({ scope: 'email openid' })).claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-display-page, oidcc-display-popup', async () => {
    for (const display of ['page', 'popup']) expect((await tokens({ display })).claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-prompt-login', async () => {
    // Seconds are the unit of auth_time: the admin's sign-in is made at least a second older.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const req = await authorizationRequest(config, REDIRECT, { prompt: 'login' });
    await expect(authorizeWithSession(new CookieJar(), t.origin, req, tenant.admin.token)).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
  });

  it('oidcc-prompt-none-not-logged-in', async () => {
    const req = await authorizationRequest(config, REDIRECT, { prompt: 'none' });
    const res = await follow(new CookieJar(), req.url, t.origin);
    expect(res.url.searchParams.get('error')).toBe('login_required');
    expect(res.url.searchParams.get('state')).toBe(req.state);
  });

  it('oidcc-max-age-1, oidcc-max-age-10000', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stale = await authorizationRequest(config, REDIRECT, { max_age: '1' });
    await expect(authorizeWithSession(new CookieJar(), t.origin, stale, tenant.admin.token)).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    const result = await tokens({ max_age: '10000' });
    expect(typeof result.claims()?.auth_time).toBe('number');
  });

  it('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
    expect((await tokens({ extra_parameter: 'ignored' })).claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-id-token-hint', async () => {
    const first = await tokens();
    const again = await tokens({ id_token_hint: first.id_token ?? '' });
    expect(again.claims()?.sub).toBe(first.claims()?.sub);
  });

  it('oidcc-login-hint, oidcc-ui-locales, oidcc-claims-locales', async () => {
    const result = await tokens({ login_hint: tenant.admin.email, ui_locales: 'en', claims_locales: 'en' });
    expect(result.claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-ensure-request-with-acr-values-succeeds', async () => {
    expect((await tokens({ acr_values: 'aal1 aal2' })).claims()?.['acr']).toBe('aal1');
  });

  it('oidcc-claims-essential', async () => {
    const result = await tokens({ claims: JSON.stringify({ userinfo: { name: { essential: true } } }) });
    const info = await oidc.fetchUserInfo(config, result.access_token, tenant.admin.id);
    expect(info.sub).toBe(tenant.admin.id);
  });

  it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta['request_parameter_supported'] ?? false).toBe(false);
    const req = await authorizationRequest(config, REDIRECT);
    const payload = Buffer.from(JSON.stringify({ client_id: client.row.id })).toString('base64url');
    req.url.searchParams.set('request', `eyJhbGciOiJub25lIn0.${payload}.`);
    const res = await follow(new CookieJar(), req.url, t.origin);
    expect(res.url.searchParams.get('code')).toBeNull();
  });

  it('oidcc-codereuse, oidcc-codereuse-30seconds (the second redemption fails)', async () => {
    const { req, callback } = await codeFlow();
    await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    await expect(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('oidcc-server-client-secret-post', async () => {
    const post = await oidc.discovery(
      new URL(issuer),
      client.row.id,
      undefined,
      oidc.ClientSecretPost(client.secret ?? ''),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const req = await authorizationRequest(post, REDIRECT);
    const { callback } = await authorizeWithSession(new CookieJar(), t.origin, req, tenant.admin.token);
    const result = await oidc.authorizationCodeGrant(post, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(result.claims()?.sub).toBe(tenant.admin.id);
  });

  it('oidcc-refresh-token', async () => {
    const result = await tokens({ scope: 'openid offline_access', prompt: 'consent' });
    const refreshed = await oidc.refreshTokenGrant(config, result.refresh_token ?? '');
    expect(refreshed.claims()?.sub).toBe(tenant.admin.id);
  });
});
