import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRuntime, loadConfig, tenantKey, type Runtime } from '@tradesage/core';
import { migrateControl } from '@tradesage/prisma';
import { createTestDatabase, type TestDatabase } from '@tradesage/prisma/testing/test-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type RunningGateway } from './server.ts';

/**
 * The gateway on real Postgres and Redis with NO subgraph running: it must start from the static
 * supergraph, report itself not ready naming the subgraphs, publish the JWKS, and refuse bad
 * tokens itself.
 */

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let database: TestDatabase;
let keysDir: string;
let runtime: Runtime;
let gateway: RunningGateway;
let base: string;
const redisKeys: string[] = [];

/** A port nobody listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function testConfig(extra: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_URL: database.connectionString,
    REDIS_URL,
    SIGNING_KEYS_DIR: keysDir,
    TOKEN_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    SANDBOX: 'false',
    ...extra,
  });
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { response, text, json: JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

/** A correctly signed access token for a session whose state is set in Redis. */
async function tokenForSession(state: 'active' | 'revoked') {
  const tenantId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const key = tenantKey(tenantId, 'sess', sessionId);
  redisKeys.push(key);
  await runtime.redis.set(key, state, 'EX', 120);
  const issuer = await runtime.issuer();
  return { tenantId, token: issuer.issue({ userId: crypto.randomUUID(), tenantId, sessionId, roles: ['viewer'] }).token };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

beforeAll(async () => {
  database = await createTestDatabase('tradesage_gateway');
  keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-gateway-keys-'));
  const nowhere = `http://127.0.0.1:${await closedPort()}/graphql`;
  const config = testConfig({ AUTH_URL: nowhere, TENANT_URL: nowhere, USER_URL: nowhere, SESSION_URL: nowhere });
  runtime = await createRuntime(config, { name: 'gateway-test' });
  await migrateControl(runtime.db.pool);
  gateway = await createGateway(runtime).start(0, '127.0.0.1');
  base = gateway.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await gateway?.stop();
  if (runtime) {
    if (redisKeys.length > 0) await runtime.redis.del(...redisKeys);
    await runtime.close();
  }
  await database?.drop();
  if (keysDir) await fs.rm(keysDir, { recursive: true, force: true });
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

  it('publishes the signing keys as a JWKS, public members only', async () => {
    const issuer = await runtime.issuer();
    const { token } = issuer.issue({ userId: crypto.randomUUID(), tenantId: crypto.randomUUID(), sessionId: crypto.randomUUID(), roles: [] });
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
    const { response, json } = await post({ query: '{ me { id } }' }, { authorization: 'Bearer garbage', 'x-request-id': 'it-req-42' });
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
    const issuer = await runtime.issuer();
    const { token } = issuer.issue({ userId: crypto.randomUUID(), tenantId: crypto.randomUUID(), sessionId: crypto.randomUUID(), roles: ['admin'] });
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

  it('lets a valid token through and masks the unreachable subgraph', async () => {
    const { token } = await tokenForSession('active');
    const { response, json, text } = await post({ query: 'query Me { me { id } }' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(json.data).toBeNull();
    expect(json.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(json.errors?.[0]?.message).toBe('Internal server error');
    // Nothing about the subgraph (its address, the connection error) reaches the client.
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
  });

  it('passes anonymous requests to the subgraphs (login is anonymous)', async () => {
    const { response, json } = await post({ query: '{ me { id } }' });
    expect(response.status).toBe(200);
    expect(json.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
  });

  it('keeps CSRF prevention on', async () => {
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ me { id } }"}' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('refuses bodies over the limit with a JSON 413', async () => {
    const { response } = await post({ query: `{ me { id } } # ${'x'.repeat(250_000)}` }).catch(() => ({ response: undefined }));
    expect(response?.status).toBe(413);
  });

  it('has no introspection and no landing page with Sandbox off', async () => {
    const { json } = await post({ query: '{ __schema { types { name } } }' });
    expect(json.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('sandbox');
    expect((await fetch(`${base}/`)).status).toBe(404);
  });

  it('replaces a malformed incoming request id', async () => {
    const response = await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('gateway with Sandbox on', () => {
  it('serves Apollo Sandbox from /', async () => {
    const sandboxRuntime = await createRuntime(testConfig({ SANDBOX: 'true' }), { name: 'gateway-sandbox-test' });
    const sandbox = await createGateway(sandboxRuntime).start(0, '127.0.0.1');
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
