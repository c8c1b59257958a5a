import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authMethodFor,
  CLIENT_ID_PATTERN,
  clientScopesOf,
  newClientId,
  newClientSecret,
  publicJwksOf,
  redirectUrisOf,
} from './oauth-client-policy.ts';

/** The error a check throws: its code and details. */
function refusal(check: () => unknown): { code: unknown; details: unknown } {
  try {
    check();
  } catch (error) {
    const { code, details } = error as { code?: unknown; details?: unknown };
    return { code, details };
  }
  throw new Error('the check passed');
}

describe('redirect URIs', () => {
  it('accepts https, loopback http on any port, and app schemes of public clients, as given', () => {
    const uris = [
      'https://app.example.com/cb?x=1',
      'http://localhost:8080/cb',
      'http://127.0.0.1/cb',
      'http://[::1]:9/cb',
    ];
    expect(redirectUrisOf('confidential', uris, 'redirectUris')).toEqual(uris);
    expect(redirectUrisOf('public', ['com.example.app:/cb'], 'redirectUris')).toEqual(['com.example.app:/cb']);
  });

  it.each([
    ['https://app.example.com/cb#frag', 'confidential'],
    ['https://*.example.com/cb', 'confidential'],
    ['/relative', 'confidential'],
    ['http://app.example.com/cb', 'confidential'],
    ['http://localhost.evil.example/cb', 'confidential'],
    ['https://user:pass@app.example.com/cb', 'confidential'],
    ['com.example.app:/cb', 'confidential'],
    ['myapp:/cb', 'public'],
    ['javascript:alert(1)', 'public'],
    ['data:text/html,hi', 'public'],
    ['https://app.example.com/c b', 'confidential'],
  ] as const)('refuses %s for a %s client', (uri, kind) => {
    expect(refusal(() => redirectUrisOf(kind, [uri], 'redirectUris'))).toEqual({
      code: 'OAUTH_REDIRECT_URI_INVALID',
      details: { field: 'redirectUris', uri },
    });
  });

  it('refuses https on a loopback host beside an app scheme (the provider registers it as a native app)', () => {
    expect(
      refusal(() => redirectUrisOf('public', ['com.example.app:/cb', 'https://localhost/cb'], 'redirectUris')).code,
    ).toBe('OAUTH_REDIRECT_URI_INVALID');
    // An app scheme after logout only for a native app.
    expect(
      refusal(() => redirectUrisOf('public', ['com.example.app:/bye'], 'postLogoutRedirectUris', false)).code,
    ).toBe('OAUTH_REDIRECT_URI_INVALID');
  });

  it('counts them: 1 to 20 for sign-in clients, none for service clients, none needed after logout', () => {
    expect(refusal(() => redirectUrisOf('confidential', [], 'redirectUris')).details).toEqual({
      field: 'redirectUris',
    });
    const many = Array.from({ length: 21 }, (_, i) => `https://app.example.com/${i}`);
    expect(refusal(() => redirectUrisOf('public', many, 'redirectUris')).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => redirectUrisOf('service', ['https://a.example/cb'], 'redirectUris')).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(redirectUrisOf('confidential', [], 'postLogoutRedirectUris')).toEqual([]);
  });
});

describe('scopes', () => {
  it('allows OpenID and tenant permission scopes, openid required to sign users in, API scopes only for services', () => {
    expect(clientScopesOf('public', ['openid', 'email', 'users:read', 'openid'])).toEqual([
      'openid',
      'email',
      'users:read',
    ]);
    expect(refusal(() => clientScopesOf('confidential', ['openid', 'platform:admin']))).toEqual({
      code: 'OAUTH_SCOPE_NOT_ALLOWED',
      details: { field: 'scopes', scope: 'platform:admin' },
    });
    expect(refusal(() => clientScopesOf('confidential', ['profile'])).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => clientScopesOf('service', ['users:read', 'offline_access'])).details).toEqual({
      field: 'scopes',
      scope: 'offline_access',
    });
    expect(refusal(() => clientScopesOf('service', [])).code).toBe('BAD_USER_INPUT');
  });
});

describe('authentication methods and keys', () => {
  it('ties the method to the kind', () => {
    expect(authMethodFor('public', undefined)).toBe('none');
    expect(authMethodFor('confidential', undefined)).toBe('client_secret_basic');
    expect(authMethodFor('service', 'private_key_jwt')).toBe('private_key_jwt');
    expect(refusal(() => authMethodFor('public', 'client_secret_post')).details).toEqual({ field: 'authMethod' });
    expect(refusal(() => authMethodFor('service', 'none')).details).toEqual({ field: 'authMethod' });
  });

  it('takes public JWKs only', () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    expect(publicJwksOf({ keys: [publicKey.export({ format: 'jwk' })] }).keys).toHaveLength(1);
    for (const bad of [
      null,
      'keys',
      { keys: [] },
      { keys: [privateKey.export({ format: 'jwk' })] },
      { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] },
      { keys: [{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }] },
    ])
      expect(refusal(() => publicJwksOf(bad)).details).toEqual({ field: 'jwks' });
  });
});

describe('identifiers', () => {
  it('makes client ids of the published shape and 32-byte secrets', () => {
    const ids = new Set(Array.from({ length: 200 }, newClientId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^tsc_[0-9A-Za-z]{20}$/);
      expect(CLIENT_ID_PATTERN.test(id)).toBe(true);
    }
    expect(Buffer.from(newClientSecret(), 'base64url')).toHaveLength(32);
  });
});
