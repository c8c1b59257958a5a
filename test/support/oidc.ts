import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import {
  CLIENT_SECRET_AAD,
  OAuthClientRepository,
  type Logger,
  type OAuthClientRow,
  type Runtime,
} from '@tradesage/core';
import { startLocalhostRelay } from './browser.ts';
import { startTestStack, type TestStack } from './test-stack.ts';

/** A test stack whose APP_URL is a localhost relay's origin, so its issuers can be fetched. */
export interface RelayedTestStack extends TestStack {
  /** `http://localhost:<port>`: APP_URL, the origin of every tenant's issuer (`<origin>/t/<slug>`). */
  readonly origin: string;
}

/**
 * The whole stack behind a localhost relay opened first: the providers' issuers are built from
 * APP_URL, known before the gateway's ephemeral port is (see startLocalhostRelay). Use it with
 * useTestStack; `stop` closes both.
 */
export async function startRelayedTestStack(
  options: { env?: Readonly<Record<string, string>>; logger?: Logger } = {},
): Promise<RelayedTestStack> {
  const relay = await startLocalhostRelay();
  try {
    const t = await startTestStack({ ...options, env: { ...options.env, APP_URL: relay.origin } });
    relay.relayTo(t.gatewayUrl);
    return {
      ...t,
      origin: relay.origin,
      async stop() {
        await t.stop();
        await relay.close();
      },
    };
  } catch (error) {
    await relay.close();
    throw error;
  }
}

/** A cookie jar for one user agent: `Path` honoured, nothing else (loopback, no domains). */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const cookiePath = pathAttr ? pathAttr.slice(5) : '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      const key = `${name}|${cookiePath}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path: cookiePath });
    }
  }

  header(url: URL): string {
    const parts: string[] = [];
    for (const [key, { value, path }] of this.#cookies) {
      if (url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
        parts.push(`${key.split('|')[0]}=${value}`);
    }
    return parts.join('; ');
  }
}

/** GET with the jar, following no redirect: the response (its cookies stored). */
export async function visit(jar: CookieJar, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const response = await fetch(target, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header(target) },
  });
  jar.store(response);
  return response;
}

/** Follows redirects with the jar until one leaves `origin` or a page answers; the last URL and response. */
export async function follow(
  jar: CookieJar,
  start: string | URL,
  origin: string,
): Promise<{ url: URL; response: Response }> {
  let url = new URL(start);
  for (let hops = 0; hops < 10; hops++) {
    const response = await visit(jar, url);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url, response };
    url = new URL(location, url);
    if (url.origin !== origin) return { url, response };
  }
  throw new Error('too many redirects');
}

export interface RegisteredClient {
  readonly row: OAuthClientRow;
  readonly secret: string | null;
}

/** Registers a client straight in the tenant's schema (the API's own registration is tested apart). */
export async function registerClient(
  runtime: Runtime,
  tenantId: string,
  input: Partial<OAuthClientRow> & { redirectUris: readonly string[] },
): Promise<RegisteredClient> {
  const kind = input.kind ?? 'confidential';
  const secret = kind === 'public' ? null : crypto.randomBytes(32).toString('base64url');
  const row = await new OAuthClientRepository(runtime.db.tenant(tenantId)).create({
    id: `tsc_${crypto.randomBytes(12).toString('base64url')}`,
    name: input.name ?? 'Test app',
    kind,
    firstParty: input.firstParty ?? true,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    scopes: input.scopes ?? ['openid', 'profile', 'email', 'offline_access', 'users:read'],
    authMethod: input.authMethod ?? (kind === 'public' ? 'none' : 'client_secret_basic'),
    secretSealed: secret ? runtime.mfaSecrets.seal(CLIENT_SECRET_AAD, secret) : null,
    secretLastFour: secret ? secret.slice(-4) : null,
    jwks: input.jwks ?? null,
    serviceAccountId: input.serviceAccountId ?? null,
    createdById: null,
  });
  return { row, secret };
}

/** openid-client's configuration for a registered client (plain HTTP allowed: loopback). */
export async function relyingParty(issuer: string, client: RegisteredClient): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(issuer),
    client.row.id,
    client.secret ? { client_secret: client.secret } : undefined,
    client.secret ? oidc.ClientSecretBasic(client.secret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
}

export interface AuthorizationRequest {
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  params: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/**
 * Runs the authorization as the account pages do, without a browser: follows the provider to
 * the interaction, signs in there with `accessToken` (the page's session), answers consent when
 * asked, and returns where the provider sends the user agent back (the client's redirect URI).
 */
export async function authorizeWithSession(
  jar: CookieJar,
  origin: string,
  request: AuthorizationRequest,
  accessToken: string,
  options: { consent?: boolean } = {},
): Promise<{ callback: URL; steps: string[] }> {
  const steps: string[] = [];
  const first = await follow(jar, request.url, origin);
  const pageUrl = first.url;
  if (pageUrl.pathname !== '/account/authorize') {
    if (pageUrl.origin === origin)
      throw new Error(`the provider answered ${first.response.status}: ${(await first.response.text()).slice(0, 500)}`);
    // The provider sent the user agent straight back (an error for the client): hand it back.
    return { callback: pageUrl, steps: ['no-interaction'] };
  }
  const slug = pageUrl.searchParams.get('tenant') ?? '';
  const uid = pageUrl.searchParams.get('uid') ?? '';
  const base = `${origin}/t/${slug}/interaction/${uid}`;
  const post = async (path: string, body: unknown) => {
    const url = new URL(`${base}/${path}`);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${accessToken}`,
        cookie: jar.header(url),
      },
      body: JSON.stringify(body),
    });
    jar.store(response);
    return response;
  };
  let response = await post('login', {});
  let answer = (await response.json()) as {
    kind?: string;
    redirectTo?: string;
    errors?: Array<{ extensions: { code: string } }>;
  };
  if (answer.kind === 'consent') {
    steps.push('consent');
    response = await post('login', { consent: options.consent ?? true });
    answer = (await response.json()) as typeof answer;
  }
  if (answer.kind !== 'redirect' || !answer.redirectTo)
    throw Object.assign(new Error(`interaction refused: ${JSON.stringify(answer)}`), {
      code: answer.errors?.[0]?.extensions.code,
    });
  const back = await follow(jar, answer.redirectTo, origin);
  return { callback: back.url, steps };
}
