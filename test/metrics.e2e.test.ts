import crypto from 'node:crypto';
import { metrics } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { LoginDocument, LogoutDocument, MeDocument, RefreshDocument } from '@tradesage/client';
import { addTestUser, codeOf, dataOf, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

/**
 * `/metrics` of the stack (one process: gateway and subgraphs count in one registry): request
 * durations by operation type and outcome, subgraph calls, the security counters where they
 * happen (failed logins, lockouts, refresh reuse, revocations, active sessions), the rate-limit and
 * breaker series other parts of the edge feed, and no label that names a user, a tenant or
 * anything a client chose.
 */

const [t, tenant] = useTestStack(startTestStack, {
  prefix: 'metrics',
  settings: { lockout: { threshold: 3 }, sessions: { refreshReuseLeewaySeconds: 0 } },
});

async function scrape(url = new URL('/metrics', t.gatewayUrl).toString()): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one series (labels matched exactly, in any order), undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value))
      return Number(match[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('times HTTP requests, GraphQL operations by type and outcome, and each subgraph call', async () => {
    const before = await scrape();
    const ok = (text: string) =>
      sample(text, 'tradesage_graphql_request_duration_seconds_count', { operation_type: 'query', outcome: 'success' });
    dataOf(await t.request(MeDocument, {}, { token: tenant.admin.token }));
    expect(codeOf(await t.request(MeDocument, {}))).toBe('UNAUTHENTICATED');

    const after = await scrape();
    expect(ok(after)).toBe((ok(before) ?? 0) + 1);
    expect(
      sample(after, 'tradesage_graphql_request_duration_seconds_count', {
        operation_type: 'query',
        outcome: 'client_error',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'tradesage_http_request_duration_seconds_count', {
        route: '/graphql',
        method: 'POST',
        code: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    for (const subgraph of ['user', 'tenant', 'session'])
      expect(
        sample(after, 'tradesage_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'success' }),
      ).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts failed logins by reason, lockouts, refresh-token reuse, revocations and active sessions', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const before = await scrape();
    const wrong = { tenant: tenant.slug, email: user.email, password: 'not-the-password-1' };
    for (let i = 0; i < 3; i++) await t.request(LoginDocument, { input: wrong });
    await t.request(LoginDocument, { input: { ...wrong, tenant: `nowhere-${crypto.randomBytes(3).toString('hex')}` } });

    const other = await addTestUser(t, tenant, 'viewer');
    const session = await signIn(t, tenant.slug, other.email, other.password);
    const rotated = dataOf(await t.request(RefreshDocument, { input: { refreshToken: session.refreshToken } })).refresh;
    // The spent token again, with no leeway: reuse, and the session ends.
    expect(codeOf(await t.request(RefreshDocument, { input: { refreshToken: session.refreshToken } }))).toBe(
      'INVALID_REFRESH_TOKEN',
    );
    const third = await signIn(t, tenant.slug, other.email, other.password);
    dataOf(await t.request(LogoutDocument, {}, { token: third.token }));
    expect(rotated.accessToken).toBeTruthy();

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('tradesage_login_failures_total', { reason: 'wrong_password' })).toBe(3);
    expect(delta('tradesage_login_failures_total', { reason: 'unknown_tenant' })).toBe(1);
    expect(delta('tradesage_account_lockouts_total', { permanent: 'false' })).toBe(1);
    expect(delta('tradesage_refresh_token_reuse_total')).toBe(1);
    expect(delta('tradesage_session_revocations_total', { reason: 'refresh_token_reuse' })).toBe(1);
    expect(delta('tradesage_session_revocations_total', { reason: 'logout' })).toBe(1);
    // The platform administrator's and the tenant admin's sessions, over every tenant (the count
    // itself: session-metrics.integration.test.ts).
    expect(sample(after, 'tradesage_active_sessions')).toBeGreaterThanOrEqual(2);
  });

  it('has the rate-limit and circuit-breaker series other parts of the edge feed', async () => {
    const before = await scrape();
    expect(sample(before, 'tradesage_rate_limit_rejections_total', { scope: 'user' })).toBeDefined();
    for (const subgraph of ['auth', 'tenant', 'user', 'session']) {
      expect(sample(before, 'tradesage_circuit_breaker_state', { subgraph, state: 'closed' })).toBeDefined();
    }
    metrics.rateLimitRejected('user');
    metrics.breakerState('auth', 'open');
    const after = await scrape();
    expect(sample(after, 'tradesage_rate_limit_rejections_total', { scope: 'user' })).toBe(
      (sample(before, 'tradesage_rate_limit_rejections_total', { scope: 'user' }) ?? 0) + 1,
    );
    expect(sample(after, 'tradesage_circuit_breaker_state', { subgraph: 'auth', state: 'open' })).toBe(1);
    expect(sample(after, 'tradesage_circuit_breaker_state', { subgraph: 'auth', state: 'closed' })).toBe(0);
    metrics.breakerState('auth', 'closed');
  });

  it('never labels a series with a user, a tenant, an address or an operation name', async () => {
    const operationName = `Custom${crypto.randomBytes(4).toString('hex')}`;
    await t.raw(`query ${operationName} { me { id } }`, {}, { token: tenant.admin.token });
    await t.raw(`query ${operationName}Broken { me { nope } }`, {}, { token: tenant.admin.token });
    await fetch(new URL(`/no-such-${operationName}`, t.gatewayUrl));
    const text = await scrape();
    for (const value of [tenant.id, tenant.slug, tenant.admin.id, tenant.admin.email, operationName, '127.0.0.1'])
      expect(text).not.toContain(value);
    expect(
      sample(text, 'tradesage_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    // Every label value is from a closed set: words, numbers, our route patterns.
    const values = [...text.matchAll(/="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
    for (const value of values) expect(value).toMatch(/^([a-z0-9_.+-]*|[A-Z]+|\/[a-z/.-]*|v\d+\.\d+\.\d+)$/i);
  });

  it('are served by each subgraph too, for a subgraph run as its own process', async () => {
    const text = await scrape(new URL('/metrics', t.stack.subgraphUrls.auth).toString());
    expect(text).toContain('tradesage_login_failures_total');
  });
});
