import * as oidc from 'openid-client';
import { createLogger } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { MeDocument } from '@tradesage/client';
import { useTestStack } from './support/fixtures.ts';
import {
  authorizationRequest,
  authorizeWithSession,
  CookieJar,
  registerClient,
  relyingParty,
  startRelayedTestStack,
} from './support/oidc.ts';

// The provider's flows at the most verbose log level: no client secret, code, token or ID token
// is written by the gateway or any subgraph (ASVS 16.2.5).

const lines: string[] = [];
const logger = createLogger({ level: 'trace', name: 'tradesage', destination: { write: (line) => lines.push(line) } });
const [t, tenant] = useTestStack(() => startRelayedTestStack({ logger }), { prefix: 'oidclogs' });
const REDIRECT = 'http://127.0.0.1:9/callback';

describe('logs of the OpenID Connect flows', () => {
  it('hold no client secret, code, access, refresh or ID token', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, { redirectUris: [REDIRECT] });
    const config = await relyingParty(`${t.origin}/t/${tenant.slug}`, client);
    const request = await authorizationRequest(config, REDIRECT, {
      scope: 'openid profile email offline_access users:read',
      prompt: 'consent',
    });
    const { callback } = await authorizeWithSession(new CookieJar(), t.origin, request, tenant.admin.token);
    const code = callback.searchParams.get('code') ?? '';
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    await t.request(MeDocument, {}, { token: tokens.access_token });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    await oidc.tokenIntrospection(config, refreshed.refresh_token ?? '');
    // A failed redemption (the code again) and a refused token.
    await oidc
      .authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state })
      .catch(() => undefined);
    await t.request(MeDocument, {}, { token: refreshed.access_token });
    await oidc.tokenRevocation(config, refreshed.refresh_token ?? '');

    const secrets = [
      client.secret ?? '',
      code,
      request.verifier,
      tokens.access_token,
      tokens.refresh_token ?? '',
      tokens.id_token ?? '',
      refreshed.access_token,
      refreshed.refresh_token ?? '',
      tenant.admin.token,
    ].filter((secret) => secret.length > 0);
    expect(secrets.length).toBe(9);
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    for (const secret of secrets)
      expect(text.includes(secret), `a secret in the logs: ${secret.slice(0, 8)}…`).toBe(false);
    // The signature part alone (a token cut in a log line) is not there either.
    for (const token of [tokens.access_token, refreshed.access_token])
      expect(text.includes(token.split('.')[2] ?? '')).toBe(false);
  });
});
