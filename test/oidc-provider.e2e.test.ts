import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeDocument, UsersDocument } from '@tradesage/client';
import { startLocalhostRelay, type LocalhostRelay } from './support/browser.ts';
import { createTestTenant, dataOf, type TestTenant } from './support/fixtures.ts';
import {
  authorizationRequest,
  authorizeWithSession,
  CookieJar,
  registerClient,
  relyingParty,
  type RegisteredClient,
} from './support/oidc.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let relay: LocalhostRelay;
let t: TestStack;
let tenant: TestTenant;
let issuer: string;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  relay = await startLocalhostRelay();
  t = await startTestStack({ env: { APP_URL: relay.origin } });
  relay.relayTo(t.gatewayUrl);
  tenant = await createTestTenant(t, { prefix: 'oidc' });
  issuer = `${relay.origin}/t/${tenant.slug}`;
});

afterAll(async () => {
  await t?.stop();
  await relay?.close();
});

async function signInToApp(
  client: RegisteredClient,
  params: Record<string, string> = {},
  token = tenant.admin.token,
): Promise<{ config: oidc.Configuration; tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers }> {
  const config = await relyingParty(issuer, client);
  const request = await authorizationRequest(config, REDIRECT, params);
  const { callback } = await authorizeWithSession(new CookieJar(), relay.origin, request, token);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { config, tokens };
}

describe('discovery', () => {
  it('publishes the tenant issuer with the product routes, PKCE S256 and RS256 + ES256', async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta['issuer']).toBe(issuer);
    expect(meta['authorization_endpoint']).toBe(`${issuer}/oauth/authorize`);
    expect(meta['token_endpoint']).toBe(`${issuer}/oauth/token`);
    expect(meta['revocation_endpoint']).toBe(`${issuer}/oauth/revoke`);
    expect(meta['code_challenge_methods_supported']).toEqual(['S256']);
    expect(meta['response_types_supported']).toEqual(['code']);
    expect(meta['id_token_signing_alg_values_supported']).toEqual(expect.arrayContaining(['RS256', 'ES256']));
    expect(meta['authorization_response_iss_parameter_supported']).toBe(true);
    const rfc8414 = await fetch(`${relay.origin}/.well-known/oauth-authorization-server/t/${tenant.slug}`);
    expect(((await rfc8414.json()) as { issuer: string }).issuer).toBe(issuer);
    expect((await fetch(`${relay.origin}/t/no-such-tenant/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe('authorization code flow with PKCE', () => {
  it('signs in to an application: ID token claims, API access token accepted by the gateway', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const { tokens } = await signInToApp(client, {
      scope: 'openid profile email offline_access users:read',
      prompt: 'consent',
    });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(issuer);
    expect(claims?.sub).toBe(tenant.admin.id);
    expect(claims?.['acr']).toBe('aal1');
    expect(claims?.['amr']).toEqual(['pwd']);
    expect(typeof claims?.['auth_time']).toBe('number');
    expect(typeof claims?.['sid']).toBe('string');
    expect(tokens.refresh_token).toBeTruthy();
    const users = dataOf(await t.request(UsersDocument, { first: 5 }, { token: tokens.access_token })).users;
    expect(users.edges.map((edge) => edge.node.id)).toContain(tenant.admin.id);
    const me = dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me;
    expect(me?.id).toBe(tenant.admin.id);
  });
});
