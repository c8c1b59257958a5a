import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { tenantKey } from '@tradesage/core';
import { PostgresProxy } from '@tradesage/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, PasswordRequirementsDocument } from '@tradesage/client';
import { signIn, startTestStack, useTestStack, type GraphQLResponse } from './support/fixtures.ts';

// A database outage, as the clients and the operators of a running stack see it: the stack
// reaches its database through a proxy on loopback that the test cuts (every connection reset,
// new ones refused) or stalls (nothing answered, new connections accepted and left silent), and
// then heals. Throughout, every request answers 503 SERVICE_UNAVAILABLE with Retry-After within a
// bounded time, never 500 and never a hang, and nothing of the failure; /health/ready names
// postgres; /health/details and /metrics show its breaker; once healed, the next requests are
// answered, without a restart. The time bounds below are hang checks, not speed checks.

const OPERATOR_TOKEN = crypto.randomBytes(24).toString('base64url');
const CONNECT_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 1_500;
/** Longer than any wait the settings allow (a statement's answer or a connection), plus the stack's own work. */
const HANG_BOUND_MS = 4_000;

let proxy: PostgresProxy | undefined;

// Registered before useTestStack's hooks, so it runs once the stack has stopped.
afterAll(async () => {
  await proxy?.close();
});

const [t, tenant] = useTestStack(
  async () => {
    proxy = await PostgresProxy.start(
      process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    );
    const through = proxy;
    return startTestStack({
      env: {
        OPERATOR_TOKEN,
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        DB_BREAKER_RESET_MS: '1000',
        // Fewer pooled connections that a stall leaves hanging (each costs a request its query timeout).
        DB_POOL_MAX: '4',
      },
      databaseVia: (url) => through.urlFor(url),
    });
  },
  { prefix: 'dbdown', name: 'Database outage' },
);

function database(): PostgresProxy {
  if (!proxy) throw new Error('the proxy has not started');
  return proxy;
}

interface Timed {
  readonly res: GraphQLResponse<unknown>;
  readonly ms: number;
}

async function timed(send: () => Promise<GraphQLResponse<unknown>>): Promise<Timed> {
  const started = performance.now();
  const res = await send();
  return { res, ms: performance.now() - started };
}

/** A fresh session of the tenant's admin whose state Redis has forgotten: the edge's session check goes to Postgres. */
async function uncachedSession(): Promise<string> {
  const session = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
  await t.stack.runtime.redis.del(tenantKey(tenant.id, 'sess', session.sessionId));
  return session.token;
}

/** Every kind of request: signed in (session cached in Redis, and not), a sign-in, an anonymous query. */
function everyKindOfRequest(token: string, uncachedToken: string) {
  return {
    'me (session cached)': () => t.request(MeDocument, {}, { token }),
    'me (session checked in Postgres at the edge)': () => t.request(MeDocument, {}, { token: uncachedToken }),
    login: () =>
      t.request(LoginDocument, {
        input: { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
      }),
    anonymous: () => t.request(PasswordRequirementsDocument, { tenant: tenant.slug }),
  };
}

function expectServiceUnavailable(what: string, { res, ms }: Timed): void {
  const first = res.body.errors?.[0];
  expect({ what, status: res.status, code: first?.extensions?.['code'] }).toEqual({
    what,
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(first?.message).toBe('The service is temporarily unavailable, please retry');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(first?.extensions?.['details']).toEqual({ retryAfterSeconds: retryAfter });
  // Nothing of the failure: no address, port, driver message or SQLSTATE.
  expect(JSON.stringify(res.body)).not.toMatch(
    /ECONN|terminated|timeout|127\.0\.0\.1|5432|postgres|prisma|P10\d\d|57P0|connection/i,
  );
  expect(ms).toBeLessThan(HANG_BOUND_MS);
}

async function operatorGet(path: string): Promise<Response> {
  return fetch(new URL(path, t.gatewayUrl), { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readiness(): Promise<{
  status: number;
  body: { status: string; checks: Record<string, string>; failing: string[] };
}> {
  const res = await fetch(new URL('/health/ready', t.gatewayUrl));
  return { status: res.status, body: (await res.json()) as never };
}

interface Details {
  status: string;
  postgres: { status: string; breaker: { state: string; calls: number; failures: number; rejected: number } };
  redis: { status: string; breaker: { state: string } };
  subgraphs: Record<string, { breaker: { state: string } }>;
}

async function details(): Promise<Details> {
  const res = await operatorGet('/health/details');
  expect(res.status).toBe(200);
  return (await res.json()) as Details;
}

/** `tradesage_dependency_breaker_state{dependency="postgres",state}` on /metrics. */
async function postgresBreakerSeries(): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', t.gatewayUrl))).text();
  const series: Record<string, number> = {};
  for (const [, state, value] of text.matchAll(
    /^tradesage_dependency_breaker_state\{dependency="postgres",state="(\w+)"\} (\S+)$/gm,
  ))
    if (state && value) series[state] = Number(value);
  return series;
}

/** Heals the proxy, then sends `me` until it is answered: the time from healing to the first 200. */
async function healAndRecover(token: string): Promise<number> {
  database().heal();
  const healedAt = performance.now();
  for (;;) {
    const res = await t.request(MeDocument, {}, { token });
    if (res.status === 200 && res.body.errors === undefined) return performance.now() - healedAt;
    // Until then, still the outage's own answer.
    expect(res.status).toBe(503);
    if (performance.now() - healedAt > 15_000) throw new Error('not answered 15 s after the database came back');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the database cut off (connections reset, new ones refused)', () => {
  it('answers every request 503 SERVICE_UNAVAILABLE with Retry-After, says so in health and metrics, and recovers without a restart', async () => {
    const token = (await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password)).token;
    const uncached = await uncachedSession();
    expect((await t.request(MeDocument, {}, { token })).status).toBe(200);
    const requests = everyKindOfRequest(token, uncached);
    // The tenant's OpenID Connect provider, built (and its tenant known) before the outage.
    const issuer = new URL(`/t/${tenant.slug}/`, t.gatewayUrl);
    expect((await fetch(new URL('.well-known/openid-configuration', issuer))).status).toBe(200);

    database().cut();
    // An application's token request: the provider cannot read its client.
    const tokenRequest = await fetch(new URL('oauth/token', issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'secret' }),
    });
    expect(tokenRequest.status).toBe(503);
    expect(Number(tokenRequest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await tokenRequest.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The service is temporarily unavailable, please retry',
    });
    // Before the breaker has opened (each failure counted) and after (refused at once): the same answer.
    for (let round = 0; round < 3; round++)
      for (const [what, send] of Object.entries(requests)) expectServiceUnavailable(what, await timed(send));
    // The signing keys' set, read from the registry.
    const jwks = await fetch(new URL('/.well-known/jwks.json', t.gatewayUrl));
    expect(jwks.status).toBe(503);
    expect(Number(jwks.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await until('readiness names postgres', async () => (await readiness()).body.failing.includes('postgres'));
    const ready = await readiness();
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
    expect(ready.body.checks['postgres']).not.toBe('ok');
    expect(ready.body.checks['redis']).toBe('ok');
    expect(JSON.stringify(ready.body)).not.toMatch(/ECONN|127\.0\.0\.1|breaker/);

    await until(
      'the report shows the postgres breaker open',
      async () => (await details()).postgres.breaker.state === 'open',
    );
    const report = await details();
    expect(report.status).toBe('degraded');
    expect(report.postgres.status).not.toBe('ok');
    expect(report.postgres.breaker.failures).toBeGreaterThan(0);
    expect(report.redis.breaker.state).toBe('closed');
    // The database's outage is not the subgraphs': their breakers never opened.
    for (const subgraph of Object.values(report.subgraphs)) expect(subgraph.breaker.state).toBe('closed');

    await until('/metrics shows the postgres breaker open', async () => (await postgresBreakerSeries())['open'] === 1);
    expect(await postgresBreakerSeries()).toEqual({ closed: 0, open: 1, half_open: 0 });

    // Back: the breaker's own probe closes it within its reset interval (1 s); no restart.
    expect(await healAndRecover(token)).toBeLessThan(5_000);
    for (const [what, send] of Object.entries(requests)) {
      const { res } = await timed(send);
      expect({ what, status: res.status, errors: res.body.errors }).toEqual({ what, status: 200, errors: undefined });
    }
    await until('ready again', async () => (await readiness()).status === 200);
    expect(await postgresBreakerSeries()).toEqual({ closed: 1, open: 0, half_open: 0 });
  });
});

describe('the database stalled (nothing answered, connections accepted and left silent)', () => {
  it('still answers every request 503 within its waits, never a hang, and recovers once it answers again', async () => {
    const token = (await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password)).token;
    const uncached = await uncachedSession();
    expect((await t.request(MeDocument, {}, { token })).status).toBe(200);
    const requests = everyKindOfRequest(token, uncached);

    database().stall();
    // The pooled connections hang now too: each costs at most the query timeout, a new one the
    // connect timeout, until the breaker opens and every request is refused at once.
    for (let round = 0; round < 3; round++)
      for (const [what, send] of Object.entries(requests)) expectServiceUnavailable(what, await timed(send));
    await until('the breaker opens', async () => {
      expectServiceUnavailable('me', await timed(requests['me (session cached)']));
      return t.stack.runtime.dependencies.postgres.state !== 'closed';
    });
    const refused = await timed(requests['me (session cached)']);
    expectServiceUnavailable('me, breaker open', refused);
    expect(refused.ms).toBeLessThan(CONNECT_TIMEOUT_MS);
    expect((await readiness()).body.failing).toContain('postgres');

    expect(await healAndRecover(token)).toBeLessThan(5_000);
    for (const [what, send] of Object.entries(requests)) {
      const { res } = await timed(send);
      expect({ what, status: res.status, errors: res.body.errors }).toEqual({ what, status: 200, errors: undefined });
    }
  });
});
