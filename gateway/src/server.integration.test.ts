import crypto from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cachedAccessValue,
  createRuntime,
  GATEWAY_CREDENTIAL_HEADER,
  loadConfig,
  permissionCacheKeys,
  tenantKey,
  type Runtime,
} from '@tradesage/core';
import { createTestRuntimes, type TestRuntimes } from '@tradesage/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_CSP } from './plugins/useExplorer.ts';
import { createGateway, type RunningGateway } from './server.ts';

/**
 * The gateway on real Postgres and Redis with NO subgraph running: it must start from the static
 * supergraph, report itself not ready naming the subgraphs, publish the JWKS, and refuse bad
 * tokens itself.
 */

/** What the gateway sends a subgraph besides the transport's own headers and its credential: nothing else of the client's. */
const FORWARDED_HEADERS = ['authorization', 'content-type', 'user-agent', 'x-forwarded-for', 'x-request-id'];

let stack: TestRuntimes;
let runtime: Runtime;
let gateway: RunningGateway;
let base: string;
const redisKeys: string[] = [];
/** Shared by every runtime of this file, as by every service of one deployment. */
const tokenEncryptionKey = crypto.randomBytes(32).toString('base64');

/** A port nobody listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const gatewayEnv = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
  SANDBOX: 'false',
  EXPLORER: 'false',
  ...extra,
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    response,
    text,
    json: JSON.parse(text) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

/** A correctly signed access token for a session whose state is set in Redis. */
async function tokenForSession(state: 'active' | 'revoked') {
  const tenantId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const key = tenantKey(tenantId, 'sess', sessionId);
  redisKeys.push(key);
  await runtime.redis.set(
    key,
    state === 'active'
      ? runtime.sessionState.sealHotCopy(tenantId, sessionId, null, runtime.cache.epoch ?? '')
      : 'revoked',
    'EX',
    120,
  );
  // The user's permissions are cached too: this tenant has no schema to read them from.
  const userId = crypto.randomUUID();
  const [permissionsKey] = permissionCacheKeys(tenantId, userId);
  redisKeys.push(permissionsKey);
  await runtime.redis.set(
    permissionsKey,
    cachedAccessValue(
      runtime.cacheCipher,
      permissionsKey,
      userId,
      { roles: ['viewer'], permissions: [] },
      { cacheEpoch: runtime.cache.epoch ?? '', epoch: null, generation: null },
    ),
    'EX',
    120,
  );
  const issuer = await runtime.issuer();
  return {
    tenantId,
    token: issuer.issue({
      userId,
      tenantId,
      sessionId,
      roles: ['viewer'],
      auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
    }).token,
  };
}

/** A validly signed token of a user, session and tenant that exist nowhere. */
async function strangerToken(roles: string[]): Promise<string> {
  const ids = { userId: crypto.randomUUID(), tenantId: crypto.randomUUID(), sessionId: crypto.randomUUID() };
  return (await runtime.issuer()).issue({
    ...ids,
    roles,
    auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
  }).token;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_gateway');
  const nowhere = `http://127.0.0.1:${await closedPort()}/graphql`;
  runtime = await stack.runtime(
    gatewayEnv({ AUTH_URL: nowhere, TENANT_URL: nowhere, USER_URL: nowhere, SESSION_URL: nowhere }),
    'gateway-test',
  );
  gateway = await createGateway(runtime).start(0, '127.0.0.1');
  base = gateway.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await gateway?.stop();
  if (runtime && redisKeys.length > 0) await runtime.redis.del(...redisKeys);
  await stack?.close();
});

describe('gateway with no subgraph running', () => {
  it('started from the static supergraph', () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it('is alive', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('is not ready, naming every subgraph and not Postgres or Redis', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, string>; failing: string[] };
    expect(body.status).toBe('not_ready');
    expect(body.checks).toMatchObject({ postgres: 'ok', redis: 'ok' });
    for (const name of ['auth', 'tenant', 'user', 'session']) expect(body.checks[name]).not.toBe('ok');
    expect(body.failing.sort()).toEqual(['auth', 'session', 'tenant', 'user']);
  });

  it('lists, for operators, Postgres and Redis up and every subgraph down, with latencies and breakers', async () => {
    const response = await fetch(`${base}/health/details`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      status: string;
      postgres: { status: string; latencyMs: number; breaker: { state: string } };
      redis: { status: string; latencyMs: number; breaker: { state: string } };
      subgraphs: Record<string, { status: string; error?: string; timeoutMs: number; breaker: { state: string } }>;
    };
    expect(report.status).toBe('degraded');
    // The process's own breaker of each, with what its window counted.
    const closedBreaker = { state: 'closed', calls: expect.any(Number), failures: 0, rejected: 0 };
    expect(report.postgres).toEqual({ status: 'ok', latencyMs: expect.any(Number), breaker: closedBreaker });
    expect(report.redis).toEqual({
      status: 'ok',
      latencyMs: expect.any(Number),
      breaker: closedBreaker,
      cache: { trusted: true, epoch: expect.stringMatching(/^\d+$/) as unknown },
    });
    expect(Object.keys(report.subgraphs)).toEqual(['auth', 'tenant', 'user', 'session']);
    for (const subgraph of Object.values(report.subgraphs)) {
      expect(subgraph).toMatchObject({ status: 'failed', timeoutMs: 10_000, breaker: { state: expect.any(String) } });
      // Operators get the reason; the public readiness answer never does.
      expect(subgraph.error).toMatch(/ECONNREFUSED/);
    }
  });

  it('publishes the signing keys as a JWKS, public members only', async () => {
    const token = await strangerToken([]);
    const kid = (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;

    const response = await fetch(`${base}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(body.keys.map((key) => key['kid'])).toContain(kid);
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
  });

  it('refuses a garbage bearer token with 401 UNAUTHENTICATED and echoes the request id', async () => {
    const { response, json } = await post(
      { query: '{ me { id } }' },
      { authorization: 'Bearer garbage', 'x-request-id': 'it-req-42' },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('it-req-42');
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(json.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(json.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(json.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    expect(json.data).toBeUndefined();
  });

  it('refuses a malformed Authorization header', async () => {
    const { response, json } = await post({ query: '{ me { id } }' }, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(response.status).toBe(401);
    expect(json.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('refuses an alg=none token carrying otherwise valid claims', async () => {
    const token = await strangerToken(['admin']);
    const [header, payload] = token.split('.') as [string, string];
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    for (const alg of ['none', 'None', 'NONE']) {
      const unsigned = `${base64url({ alg, typ: 'at+jwt', kid })}.${base64url(claims)}.`;
      const { response, json } = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${unsigned}` });
      expect(response.status).toBe(401);
      expect(json.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a correctly signed token whose session was revoked', async () => {
    const { token } = await tokenForSession('revoked');
    const { response, json } = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(json.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('lets a valid token through and names the unreachable subgraph, nothing else of it', async () => {
    const { token } = await tokenForSession('active');
    const { response, json, text } = await post(
      { query: 'query Me { me { id } }' },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(200);
    expect(json.data).toBeNull();
    expect(json.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', details: { subgraph: 'user' } });
    expect(json.errors?.[0]?.message).toBe('The user service is unavailable');
    // Nothing about the subgraph (its address, the connection error) reaches the client.
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
  });

  it('passes anonymous requests to the subgraphs (login is anonymous)', async () => {
    const { response, json } = await post({ query: '{ me { id } }' });
    expect(response.status).toBe(200);
    expect(json.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('keeps CSRF prevention on', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ me { id } }"}',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('refuses bodies over the limit with a JSON 413', async () => {
    const { response } = await post({ query: `{ me { id } } # ${'x'.repeat(250_000)}` }).catch(() => ({
      response: undefined,
    }));
    expect(response?.status).toBe(413);
  });

  it('has no introspection and no landing page with Sandbox off', async () => {
    const { json } = await post({ query: '{ __schema { types { name } } }' });
    expect(json.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('sandbox');
    // The root leads to the web app's pages when it is built, never to a landing page.
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status === 404 || root.headers.get('location') === '/account').toBe(true);
  });

  it('replaces a malformed incoming request id', async () => {
    const response = await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('gateway in front of a subgraph', () => {
  /** Stands in for the user subgraph: records each call, answers what the test says. */
  let subgraph: Server;
  let calls: Array<{ headers: IncomingHttpHeaders; body: { query?: string } }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  let front: RunningGateway;
  let frontRuntime: Runtime;

  beforeAll(async () => {
    subgraph = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        calls.push({ headers: req.headers, body: JSON.parse(raw) as { query?: string } });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const { port } = subgraph.address() as AddressInfo;
    frontRuntime = await stack.runtime(gatewayEnv(), 'gateway-front-test');
    front = await createGateway(frontRuntime, { subgraphUrls: { user: `http://127.0.0.1:${port}/graphql` } }).start(
      0,
      '127.0.0.1',
    );
  });

  afterAll(async () => {
    await front?.stop();
    await new Promise<void>((resolve) => (subgraph ? subgraph.close(() => resolve()) : resolve()));
  });

  async function ask(headers: Record<string, string>) {
    calls = [];
    const response = await fetch(front.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: 'query Me { me { id } }' }),
    });
    return {
      response,
      json: (await response.json()) as {
        data?: unknown;
        errors?: Array<{ message: string; path?: unknown; extensions?: Record<string, unknown> }>;
      },
    };
  }

  it('forwards the verified token, request id, client address and user agent, and nothing else of the client', async () => {
    answer = { status: 200, body: { data: { me: { id: 'u-1' } } } };
    const { token } = await tokenForSession('active');
    const { json } = await ask({
      authorization: `Bearer ${token}`,
      'x-request-id': 'fwd-1',
      'user-agent': 'it-agent',
      'x-forwarded-for': '6.6.6.6',
      'x-tenant-id': '00000000-0000-0000-0000-000000000000',
      'x-tenant': 'other',
      'x-tenant-slug': 'other',
      'x-user-id': '00000000-0000-0000-0000-000000000001',
      'x-forwarded-tenant': 'other',
      'x-forwarded-host': 'evil.example',
      forwarded: 'for=6.6.6.6;host=evil.example',
      'x-real-ip': '6.6.6.6',
      'x-roles': 'platform_admin',
      [GATEWAY_CREDENTIAL_HEADER]: 'forged-by-the-client',
      'apollo-federation-include-trace': 'ftv1',
      cookie: 'a=b',
    });
    expect(json).toEqual({ data: { me: { id: 'u-1' } } });
    const sent = calls[0]?.headers ?? {};
    expect(sent['authorization']).toBe(`Bearer ${token}`);
    expect(sent['x-request-id']).toBe('fwd-1');
    expect(sent['user-agent']).toBe('it-agent');
    // The address the gateway saw, not the one the client claimed.
    expect(sent['x-forwarded-for']).toMatch(/127\.0\.0\.1$/);
    // The gateway's own credential, made for this subgraph and request, never the client's.
    expect(frontRuntime.gatewayCredentials.verify(String(sent[GATEWAY_CREDENTIAL_HEADER]), 'user')).toEqual({
      ok: true,
      requestId: 'fwd-1',
    });
    // Exactly the allowlist, plus what HTTP itself adds.
    const transport = ['host', 'connection', 'content-length', 'accept', 'accept-encoding'];
    expect(
      Object.keys(sent)
        .filter((name) => !transport.includes(name))
        .sort(),
    ).toEqual([...FORWARDED_HEADERS, GATEWAY_CREDENTIAL_HEADER].sort());
  });

  it("relays a subgraph's domain error with its code", async () => {
    answer = {
      status: 200,
      body: {
        data: null,
        errors: [{ message: 'User not found', path: ['me'], extensions: { code: 'NOT_FOUND', internal: 'x' } }],
      },
    };
    const { token } = await tokenForSession('active');
    const { json } = await ask({ authorization: `Bearer ${token}` });
    expect(json.errors?.[0]).toEqual({ message: 'User not found', path: ['me'], extensions: { code: 'NOT_FOUND' } });
  });

  it("relays a subgraph's own 401 refusal as UNAUTHENTICATED", async () => {
    answer = {
      status: 401,
      body: { errors: [{ message: 'Session has ended', extensions: { code: 'UNAUTHENTICATED' } }] },
    };
    const { token } = await tokenForSession('active');
    const { json } = await ask({ authorization: `Bearer ${token}` });
    expect(json.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(json.errors?.[0]?.message).toBe('Session has ended');
  });

  it("masks a subgraph's internal error", async () => {
    answer = {
      status: 200,
      body: {
        data: null,
        errors: [{ message: 'relation "users" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      },
    };
    const { json } = await ask({});
    expect(json.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('the detailed health report in production', () => {
  const TOKEN = crypto.randomBytes(24).toString('base64url');

  /** The gateway's routes as production serves them (no subgraph needed), OPERATOR_TOKEN as given. */
  async function productionGateway(operatorToken: string | undefined) {
    const production = {
      ...runtime,
      config: {
        ...runtime.config,
        env: 'production' as const,
        operatorToken: loadConfig(operatorToken ? { OPERATOR_TOKEN: operatorToken } : {}).operatorToken,
      },
    };
    const server = createServer(createGateway(production).app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/details`;
    return {
      get: (headers: Record<string, string> = {}) => fetch(url, { headers }),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('does not exist without OPERATOR_TOKEN', async () => {
    const gateway = await productionGateway(undefined);
    try {
      const attempts: Array<Record<string, string>> = [{}, { authorization: `Bearer ${TOKEN}` }];
      for (const headers of attempts) {
        const response = await gateway.get(headers);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toMatch(/postgres|breaker/);
      }
    } finally {
      await gateway.close();
    }
  });

  it('answers only the bearer of OPERATOR_TOKEN', async () => {
    const gateway = await productionGateway(TOKEN);
    try {
      const refused: Array<Record<string, string>> = [
        {},
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: TOKEN },
      ];
      for (const headers of refused) {
        const response = await gateway.get(headers);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toMatch(/postgres|breaker/);
      }
      const response = await gateway.get({ authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ postgres: { status: 'ok' }, redis: { status: 'ok' } });
      // Liveness and readiness stay public.
      expect((await fetch(new URL('/health', response.url))).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('gateway with Sandbox on', () => {
  it('serves Apollo Sandbox from /', async () => {
    const sandboxRuntime = await createRuntime(stack.config(gatewayEnv({ SANDBOX: 'true' })), {
      name: 'gateway-sandbox-test',
    });
    const sandbox = await createGateway(sandboxRuntime, { webAppDir: null }).start(0, '127.0.0.1');
    try {
      const root = sandbox.url.replace(/\/graphql$/, '/');
      const redirect = await fetch(root, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/graphql');
      const page = await fetch(root, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('embeddable-sandbox');
      expect(page.headers.get('content-security-policy')).toBeNull();
    } finally {
      await sandbox.stop();
      await sandboxRuntime.close();
    }
  });
});

/** A second gateway with other settings, on the same database, for the length of `check`. */
async function withGateway(env: Record<string, string>, check: (root: string) => Promise<void>): Promise<void> {
  const otherRuntime = await createRuntime(stack.config(gatewayEnv(env)), { name: 'gateway-settings-test' });
  // Without the web app: the root then leads to the explorer or Sandbox.
  const other = await createGateway(otherRuntime, { webAppDir: null }).start(0, '127.0.0.1');
  try {
    await check(other.url.replace(/\/graphql$/, ''));
  } finally {
    await other.stop();
    await otherRuntime.close();
  }
}

describe('gateway explorer setting', () => {
  it('answers 404 for the explorer, its files and its bundle with EXPLORER off', async () => {
    for (const route of ['/explorer', '/explorer/explorer.js', '/explorer/static/ruru.js']) {
      const response = await fetch(`${base}${route}`, { headers: { accept: 'text/html' } });
      expect(response.status, route).toBe(404);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
  });

  it('serves the explorer, its files and its bundle from the gateway under its own CSP with EXPLORER on', async () => {
    await withGateway({ EXPLORER: 'true' }, async (root) => {
      const redirect = await fetch(`${root}/`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/explorer');

      const page = await fetch(`${root}/explorer`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(EXPLORER_CSP);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const html = await page.text();
      expect(html).toContain('<div id="ruru-root"></div>');
      // Nothing from elsewhere, and no inline script: only the JSON data block and our own files.
      expect(html).not.toMatch(/\b(https?:)?\/\/[a-z0-9]/i);
      expect(html.match(/<script\b[^>]*>/g)).toEqual([
        '<script type="application/json" id="explorer-config">',
        '<script type="module" src="/explorer/explorer.js">',
      ]);
      expect(html).not.toContain('Apollo Sandbox');

      for (const [route, type] of [
        ['/explorer/explorer.js', /javascript/],
        ['/explorer/explorer.css', /^text\/css/],
        ['/explorer/static/ruru.js', /javascript/],
        ['/explorer/static/ruru.css', /^text\/css/],
        ['/explorer/static/graphqlWorker.js', /javascript/],
      ] as const) {
        const response = await fetch(`${root}${route}`);
        expect(response.status, route).toBe(200);
        expect(response.headers.get('content-type'), route).toMatch(type);
        expect(response.headers.get('content-security-policy'), route).toBe(EXPLORER_CSP);
        expect((await response.arrayBuffer()).byteLength, route).toBeGreaterThan(100);
      }
      expect((await fetch(`${root}/explorer/static/nothing.js`)).status).toBe(404);

      // The explorer reads the schema by introspection.
      const introspection = await fetch(`${root}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      });
      expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });
  });

  it('leads / to the explorer and keeps Apollo Sandbox at /graphql when both are on', async () => {
    await withGateway({ EXPLORER: 'true', SANDBOX: 'true' }, async (root) => {
      const redirect = await fetch(`${root}/`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe('/explorer');
      const page = await fetch(`${root}/explorer`);
      expect(page.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
      expect(await page.text()).toContain('<a href="/graphql">Apollo Sandbox</a>');
      const sandbox = await fetch(`${root}/graphql`, { headers: { accept: 'text/html' } });
      expect(await sandbox.text()).toContain('embeddable-sandbox');
    });
  });
});
