import crypto from 'node:crypto';
import {
  AppError,
  BadInputError,
  hasInvisibleCharacters,
  isApiScope,
  isRegistrableScope,
  type OAuthClientAuthMethod,
  type OAuthClientKind,
} from '@tradesage/core';

/**
 * What an OAuth client may be registered with: pure checks, one per rule, each throwing a stable
 * code naming the input field. Applied by OAuthClientService on create and update.
 */

export const MAX_CLIENT_NAME_LENGTH = 100;
export const MAX_REDIRECT_URIS = 20;
export const MAX_REDIRECT_URI_LENGTH = 2_000;
export const MAX_CLIENT_SCOPES = 50;
export const MAX_JWKS_KEYS = 10;
const MAX_JWKS_BYTES = 20_000;

/** RFC 8252 §7.3: loopback redirects, any port. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Members of a JWK that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
/** Key types the provider verifies client assertions with (RS256/PS256, ES256, EdDSA). */
const JWK_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);

export type RedirectField = 'redirectUris' | 'postLogoutRedirectUris';

export function clientNameOf(text: string): string {
  const name = text.trim();
  if (name.length === 0 || name.length > MAX_CLIENT_NAME_LENGTH || hasInvisibleCharacters(name))
    throw new BadInputError('BAD_USER_INPUT', `A name of 1 to ${MAX_CLIENT_NAME_LENGTH} characters`, {
      field: 'name',
    });
  return name;
}

/**
 * The authentication method a kind of client may use (RFC 6749 §2.1): a public client has no
 * credential (NONE); confidential and service clients hold a secret or a private key.
 */
export function authMethodFor(kind: OAuthClientKind, given: OAuthClientAuthMethod | undefined): OAuthClientAuthMethod {
  const method = given ?? (kind === 'public' ? 'none' : 'client_secret_basic');
  const allowed = kind === 'public' ? method === 'none' : method !== 'none';
  if (!allowed)
    throw new BadInputError(
      'BAD_USER_INPUT',
      kind === 'public'
        ? 'A PUBLIC client authenticates with NONE (it cannot keep a secret)'
        : `A ${kind.toUpperCase()} client authenticates with a secret or PRIVATE_KEY_JWT, not NONE`,
      { field: 'authMethod' },
    );
  return method;
}

/** Whether this method authenticates with a client secret (one is generated and shown once). */
export function usesSecret(method: OAuthClientAuthMethod): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post';
}

/**
 * Whether redirect URIs make the client a native application (a private-use scheme, RFC 8252
 * §7.1), as the provider registers it (clientMetadata): a native application may not also use
 * https on a loopback host, and only a native one may use an app scheme after logout.
 */
export function isNativeClient(redirectUris: readonly string[]): boolean {
  return redirectUris.some((uri) => !uri.startsWith('https:') && !uri.startsWith('http:'));
}

/**
 * Redirect URIs, compared as exact strings by the provider (RFC 9700 §4.1.3): absolute, without a
 * fragment (RFC 6749 §3.1.2) or wildcard; https, or http only on a loopback host (RFC 8252 §7.3),
 * or, for a PUBLIC client, a private-use scheme in reverse-domain form (RFC 8252 §7.1). SERVICE
 * clients redirect nowhere. Post-logout URIs follow the same rules and the redirect URIs' kind of
 * application (a private-use scheme only for a native client).
 */
export function redirectUrisOf(
  kind: OAuthClientKind,
  given: readonly string[],
  field: RedirectField,
  nativeClient?: boolean,
): string[] {
  const uris = [...new Set(given)];
  if (kind === 'service') {
    if (uris.length > 0) throw new BadInputError('BAD_USER_INPUT', 'A SERVICE client has no redirect URIs', { field });
    return [];
  }
  const min = field === 'redirectUris' ? 1 : 0;
  if (uris.length < min || uris.length > MAX_REDIRECT_URIS)
    throw new BadInputError('BAD_USER_INPUT', `Give ${min} to ${MAX_REDIRECT_URIS} URIs`, { field });
  const parsed = uris.map((uri) => [uri, parseRedirectUri(kind, uri, field)] as const);
  const native = nativeClient ?? isNativeClient(uris);
  for (const [uri, url] of parsed) {
    if (native && url.protocol === 'https:' && LOOPBACK_HOSTS.has(url.hostname))
      throw invalidUri(
        field,
        uri,
        'A native application (app-scheme redirects) cannot also use https on a loopback host',
      );
    if (!native && url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalidUri(field, uri, 'An app scheme is only for a native application (one redirect URI with it)');
  }
  return uris;
}

function parseRedirectUri(kind: OAuthClientKind, uri: string, field: RedirectField): URL {
  if (uri.length === 0 || uri.length > MAX_REDIRECT_URI_LENGTH || hasInvisibleCharacters(uri) || /\s/.test(uri))
    throw invalidUri(field, uri, `A URI of 1 to ${MAX_REDIRECT_URI_LENGTH} characters, without spaces`);
  if (uri.includes('#')) throw invalidUri(field, uri, 'A redirect URI has no fragment (RFC 6749 §3.1.2)');
  if (uri.includes('*')) throw invalidUri(field, uri, 'Redirect URIs are matched exactly: no wildcards');
  const url = URL.parse(uri);
  if (!url) throw invalidUri(field, uri, 'Not an absolute URI');
  if (url.username || url.password) throw invalidUri(field, uri, 'A redirect URI holds no user name or password');
  if (url.protocol === 'https:') {
    if (!url.hostname) throw invalidUri(field, uri, 'An https URI names a host');
    return url;
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname))
      throw invalidUri(field, uri, 'http only on a loopback host (localhost, 127.0.0.1, [::1]); https otherwise');
    return url;
  }
  // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app controls (com.example.app).
  const scheme = url.protocol.slice(0, -1);
  if (kind !== 'public' || !/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme))
    throw invalidUri(
      field,
      uri,
      kind === 'public'
        ? 'https, http on a loopback host, or an app scheme in reverse-domain form (com.example.app:/callback)'
        : 'https, or http on a loopback host (app schemes are for PUBLIC clients)',
    );
  return url;
}

function invalidUri(field: RedirectField, uri: string, message: string): AppError {
  return new AppError('OAUTH_REDIRECT_URI_INVALID', message, { details: { field, uri } });
}

/**
 * Scopes a client may be registered with: OpenID Connect's and the tenant's permissions of the
 * catalogue, never platform ones. A client that signs users in asks for `openid` (OpenID Connect
 * Core §3.1.2.1); a SERVICE client has no user, so API scopes only.
 */
export function clientScopesOf(kind: OAuthClientKind, given: readonly string[]): string[] {
  const scopes = [...new Set(given.map((scope) => scope.trim()))];
  if (scopes.length === 0 || scopes.length > MAX_CLIENT_SCOPES)
    throw new BadInputError('BAD_USER_INPUT', `Give 1 to ${MAX_CLIENT_SCOPES} scopes`, { field: 'scopes' });
  for (const scope of scopes) {
    if (!isRegistrableScope(scope))
      throw new AppError('OAUTH_SCOPE_NOT_ALLOWED', `${scope} is not a scope an application may be given`, {
        details: { field: 'scopes', scope },
      });
    if (kind === 'service' && !isApiScope(scope))
      throw new AppError('OAUTH_SCOPE_NOT_ALLOWED', `A SERVICE client acts for no user: ${scope} is not for it`, {
        details: { field: 'scopes', scope },
      });
  }
  if (kind !== 'service' && !scopes.includes('openid'))
    throw new BadInputError('BAD_USER_INPUT', 'An application that signs users in has the openid scope', {
      field: 'scopes',
      scope: 'openid',
    });
  return scopes;
}

/**
 * The public keys of a PRIVATE_KEY_JWT client (RFC 7523 §2.2): a JWK Set of at most
 * MAX_JWKS_KEYS RSA, EC or OKP keys, none holding private members. Each must be a key Node can
 * import, so a broken one is refused now rather than at the client's first sign-in.
 */
export function publicJwksOf(value: unknown): { keys: Array<Record<string, unknown>> } {
  const refuse = (message: string) => new BadInputError('BAD_USER_INPUT', message, { field: 'jwks' });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw refuse('jwks is a JWK Set: an object with a "keys" array');
  if (JSON.stringify(value).length > MAX_JWKS_BYTES) throw refuse(`jwks is at most ${MAX_JWKS_BYTES} bytes`);
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_JWKS_KEYS)
    throw refuse(`jwks.keys holds 1 to ${MAX_JWKS_KEYS} public keys`);
  return {
    keys: keys.map((key, i) => {
      if (typeof key !== 'object' || key === null || Array.isArray(key)) throw refuse(`jwks.keys[${i}] is not a JWK`);
      const jwk = key as Record<string, unknown>;
      const secret = PRIVATE_JWK_MEMBERS.find((member) => member in jwk);
      if (secret) throw refuse(`jwks.keys[${i}] holds private key material (${secret}): give public keys only`);
      if (typeof jwk['kty'] !== 'string' || !JWK_KEY_TYPES.has(jwk['kty']))
        throw refuse(`jwks.keys[${i}]: kty is RSA, EC or OKP`);
      try {
        crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' });
      } catch {
        throw refuse(`jwks.keys[${i}] is not a valid public key`);
      }
      return { ...jwk };
    }),
  };
}

/** A new client id: `tsc_` and 20 characters of [0-9A-Za-z] (about 119 bits). */
export function newClientId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = 'tsc_';
  // Rejection sampling: 62 does not divide 256, so bytes of 248 and above are skipped (no bias).
  while (id.length < 24) {
    for (const byte of crypto.randomBytes(32)) {
      if (byte < 248 && id.length < 24) id += alphabet[byte % 62];
    }
  }
  return id;
}

/** The shape of a client id, checked before any lookup. */
export const CLIENT_ID_PATTERN = /^tsc_[0-9A-Za-z_-]{16,40}$/;

/** A new client secret: 32 random bytes, base64url (RFC 6749 §2.3.1; RFC 9700 §4.4 strength). */
export function newClientSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}
