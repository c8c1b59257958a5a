/**
 * The client SDK (@tradesage/client) against a real stack: sign-in, typed operations, refresh of
 * an expiring or refused access token (one refresh however many calls wait for it), a session
 * revoked elsewhere, typed errors, cancellation, persisted documents and the browser cookie mode.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ChangePasswordDocument,
  CreateApiKeyDocument,
  createClient,
  isErrorCode,
  MeDocument,
  MyIdDocument,
  MySessionsDocument,
  RevokeApiKeyDocument,
  RevokeUserSessionsDocument,
  TradeSageError,
  type ClientOptions,
  type ErrorCode,
  type SessionTokens,
} from '@tradesage/client';
import {
  addTestUser,
  createTestTenant,
  dataOf,
  sessionOf,
  startTestStack,
  TEST_USER_AGENT,
  useTestStack,
  type TestUser,
} from './support/fixtures.ts';

const MANIFEST = fileURLToPath(import.meta.resolve('@tradesage/client/persisted-documents.json'));
// Strict refresh (no reuse leeway): a second refresh with the same token would end the session,
// so a client that refreshed twice where once was due loses its session and the test sees it.
const [t, tenant] = useTestStack(() => startTestStack({ env: { TRUSTED_DOCUMENTS_MANIFESTS: MANIFEST } }), {
  prefix: 'sdk',
  settings: { sessions: { refreshReuseLeewaySeconds: 0 } },
});

/** A fetch that counts the operations it sends, by the name at the start of their document. */
function countingFetch() {
  const sent: string[] = [];
  const counted: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body)) as { query?: string; documentId?: string };
    sent.push(
      body.query ? (/(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? 'anonymous') : `id:${body.documentId}`,
    );
    return fetch(input, init);
  };
  return { sent, fetch: counted, count: (name: string) => sent.filter((n) => n === name).length };
}

/** A clock the test moves. */
function testClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (seconds: number) => (offset += seconds * 1000) };
}

function client(options: Partial<ClientOptions> = {}) {
  return createClient({ url: t.gatewayUrl, headers: { 'user-agent': TEST_USER_AGENT }, ...options });
}

async function signedInClient(user: TestUser, options: Partial<ClientOptions> = {}) {
  const c = client(options);
  await c.signIn({ tenant: tenant.slug, email: user.email, password: user.password });
  return c;
}

describe('bearer mode', () => {
  it('signs in and runs typed operations; reports the tokens it holds', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const seen: Array<SessionTokens | null> = [];
    const c = await signedInClient(user, { onTokens: (tokens) => seen.push(tokens) });
    const { me } = await c.request(MeDocument);
    expect(me.email).toBe(user.email);
    expect(c.signedIn).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.refreshToken).toMatch(/\S{20,}/);
    await c.signOut();
    expect(c.signedIn).toBe(false);
    expect(seen.at(-1)).toBeNull();
  });

  it('refreshes an access token about to expire before using it, once for many concurrent calls', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const clock = testClock();
    const counter = countingFetch();
    const c = await signedInClient(user, { now: clock.now, fetch: counter.fetch });
    const first = c.tokens;
    clock.advance(15 * 60); // past the 15-minute access token by this client's clock
    const answers = await Promise.all(Array.from({ length: 8 }, () => c.request(MyIdDocument)));
    expect(answers.every((answer) => answer.me.id === user.id)).toBe(true);
    expect(counter.count('Refresh')).toBe(1);
    expect(c.tokens?.accessToken).not.toBe(first?.accessToken);
    expect(c.tokens?.refreshToken).not.toBe(first?.refreshToken);
    // With strict reuse, a second refresh with the spent token would have ended the session.
    expect((await c.request(MyIdDocument)).me.id).toBe(user.id);
  });

  it('refreshes and retries once when the API refuses the access token', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const signedIn = await signedInClient(user);
    const tokens = signedIn.tokens as SessionTokens;
    const counter = countingFetch();
    const c = client({
      tokens: { ...tokens, accessToken: `${tokens.accessToken.slice(0, -4)}AAAA` },
      fetch: counter.fetch,
    });
    const answers = await Promise.all([c.request(MyIdDocument), c.request(MyIdDocument), c.request(MyIdDocument)]);
    expect(answers.map((answer) => answer.me.id)).toEqual([user.id, user.id, user.id]);
    expect(counter.count('Refresh')).toBe(1);
    expect(counter.count('MyId')).toBe(6);
  });

  it('ends the session once when it was revoked elsewhere', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const ended: TradeSageError[] = [];
    const c = await signedInClient(user, { onSessionEnd: (reason) => ended.push(reason) });
    const revoked = await t.request(RevokeUserSessionsDocument, { userId: user.id }, { token: tenant.admin.token });
    expect(dataOf(revoked).revokeUserSessions).toBe(1);

    const calls = await Promise.allSettled([c.request(MyIdDocument), c.request(MyIdDocument)]);
    for (const call of calls) {
      expect(call.status).toBe('rejected');
      expect(isErrorCode((call as PromiseRejectedResult).reason, 'UNAUTHENTICATED')).toBe(true);
    }
    expect(ended.map((reason) => reason.code)).toEqual(['INVALID_REFRESH_TOKEN']);
    expect(c.signedIn).toBe(false);
  });
});

describe('API key mode', () => {
  it('sends the key with every request, never refreshes, and types a refused key', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const session = await signedInClient(user);
    const { createApiKey } = await session.request(CreateApiKeyDocument, {
      input: { name: 'sdk', scopes: ['users:read:self'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const counting = countingFetch();
    const machine = client({ apiKey: createApiKey.secret, fetch: counting.fetch });
    expect((await machine.request(MeDocument)).me?.id).toBe(user.id);
    const refused = await machine.request(MySessionsDocument).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'API_KEY_NOT_ALLOWED' });
    await session.request(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
    const revoked = await machine.request(MeDocument).catch((error: unknown) => error);
    expect(revoked).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(counting.sent.filter((name) => name === 'Refresh')).toHaveLength(0);
    expect(() => client({ apiKey: createApiKey.secret, mode: 'cookie' })).toThrow(TypeError);
  });
});

describe('typed errors', () => {
  it('gives each refusal its code, status and typed details', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const wrong = await client()
      .signIn({ tenant: tenant.slug, email: user.email, password: 'not-the-password' })
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(TradeSageError);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 200 });

    const c = await signedInClient(user);
    const weak = await c
      .request(ChangePasswordDocument, { input: { currentPassword: user.password, newPassword: 'short' } })
      .catch((error: unknown) => error);
    if (!isErrorCode(weak, 'PASSWORD_TOO_SHORT')) throw new Error(`expected PASSWORD_TOO_SHORT, got ${String(weak)}`);
    expectTypeOf(weak.details.problems).toEqualTypeOf<Array<Extract<ErrorCode, `PASSWORD_${string}`>>>();
    expect(weak.details.field).toBe('newPassword');
    expect(weak.details.problems).toContain('PASSWORD_TOO_SHORT');
    expect(weak.details.minLength).toBeGreaterThan(5);
    expect(weak.path).toEqual(['changePassword']);
  });

  it('types RATE_LIMITED with the seconds to wait', async () => {
    const throttled = await createTestTenant(t, {
      prefix: 'sdkrl',
      settings: { rateLimits: { loginAttemptsPerMinute: 2 } },
    });
    const attempts = [];
    for (let i = 0; i < 4; i++)
      attempts.push(
        await client()
          .signIn({ tenant: throttled.slug, email: 'nobody@sdkrl.test', password: 'wrong-password' })
          .catch((error: unknown) => error),
      );
    const limited = attempts.find((error) => isErrorCode(error, 'RATE_LIMITED'));
    if (!isErrorCode(limited, 'RATE_LIMITED'))
      throw new Error(`no RATE_LIMITED among ${attempts.map(String).join(', ')}`);
    expectTypeOf(limited.details.retryAfterSeconds).toEqualTypeOf<number>();
    expect(limited.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.details.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('names a network failure and an answer that is not GraphQL', async () => {
    const unreachable = createClient({ url: 'http://127.0.0.1:9/graphql' });
    await expect(unreachable.request(MyIdDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    // A proxy in front of the API answering with its own error page.
    const proxy = http.createServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const behindProxy = createClient({ url: `http://127.0.0.1:${port}/graphql` });
      await expect(behindProxy.request(MyIdDocument)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
    } finally {
      proxy.close();
    }
  });
});

describe('cancellation', () => {
  it('rejects a cancelled call with the signal reason; a refresh it waited for still serves the others', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const clock = testClock();
    const counter = countingFetch();
    const c = await signedInClient(user, { now: clock.now, fetch: counter.fetch });
    clock.advance(15 * 60);
    const controller = new AbortController();
    const cancelled = c.request(MyIdDocument, undefined, { signal: controller.signal });
    const other = c.request(MyIdDocument);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect((await other).me.id).toBe(user.id);
    expect(counter.count('Refresh')).toBe(1);
  });
});

describe('persisted documents', () => {
  it('sends only the document id, which the gateway runs', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const counter = countingFetch();
    const c = await signedInClient(user, { persisted: true, fetch: counter.fetch });
    expect((await c.request(MeDocument)).me.email).toBe(user.email);
    expect(counter.sent.every((name) => name.startsWith('id:sha256:'))).toBe(true);
  });
});

describe('cookie mode', () => {
  /** A browser's cookie jar, for this origin only: keeps the `Set-Cookie` answers, sends them back. */
  function browserFetch() {
    const jar = new Map<string, string>();
    const withCookies: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
      const response = await fetch(input, { ...init, headers });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (/Max-Age=0/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      return response;
    };
    return { jar, fetch: withCookies };
  }

  it('keeps the refresh token out of reach of scripts and continues the session at the next page load', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const browser = browserFetch();
    const page = client({ mode: 'cookie', fetch: browser.fetch, readCookie: (name) => browser.jar.get(name) });
    const payload = sessionOf(await page.signIn({ tenant: tenant.slug, email: user.email, password: user.password }));
    expect(payload.refreshToken).toBeNull();
    expect(page.tokens?.refreshToken).toBeUndefined();
    expect(browser.jar.has('__Host-tradesage_rt')).toBe(true);

    // A new page: no token in memory, the cookie still there.
    const reloaded = client({ mode: 'cookie', fetch: browser.fetch, readCookie: (name) => browser.jar.get(name) });
    expect(reloaded.signedIn).toBe(false);
    expect(await reloaded.resume()).toBe(true);
    expect((await reloaded.request(MyIdDocument)).me.id).toBe(user.id);
  });

  it('answers false at page load without a session', async () => {
    const page = client({ mode: 'cookie', fetch: browserFetch().fetch });
    expect(await page.resume()).toBe(false);
    expect(page.signedIn).toBe(false);
  });
});
