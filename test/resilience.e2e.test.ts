import { loadConfig, type SubgraphName } from '@tradesage/core';
import { createGateway, type Gateway, type RunningGateway } from '@tradesage/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyIdDocument, MySessionsViaMeDocument, UserPersonalDataDocument } from '@tradesage/client';
import { errorsOf, eventually, startTestStack, useTestStack, type GraphQLResponse } from './support/fixtures.ts';
import { startStandInSubgraph, type StandInSubgraph } from './support/stand-in-subgraph.ts';

/**
 * A subgraph that accepts connections and never answers, in front of a gateway of the stack: the
 * gateway's other subgraphs keep answering, calls to it end at its own deadline, its breaker opens
 * after the configured failures and then refuses calls without sending them, lets one probe
 * through once half-open, and closes when the subgraph answers again. Counts of the calls that
 * reach the stalled server and the breaker's state are what is asserted, never durations.
 */

const [t, tenant] = useTestStack(startTestStack, { prefix: 'resil' });

/** The subgraph-call settings of these gateways, read from the environment as a deployment's are. */
const SETTINGS = loadConfig({
  SESSION_TIMEOUT_MS: '500',
  AUTH_TIMEOUT_MS: '500',
  SUBGRAPH_BREAKER_MIN_CALLS: '3',
  SUBGRAPH_BREAKER_ERROR_PERCENT: '50',
  SUBGRAPH_BREAKER_RESET_MS: '5000',
  SUBGRAPH_RETRIES: '2',
}).subgraphCalls;

/** A gateway of the stack's runtime whose `subgraph` is the stand-in. */
async function gatewayWithStandIn(
  subgraph: SubgraphName,
): Promise<{ gateway: Gateway; running: RunningGateway; standIn: StandInSubgraph }> {
  const standIn = await startStandInSubgraph(t.stack.subgraphUrls[subgraph]);
  const gateway = createGateway(t.stack.runtime, {
    subgraphUrls: { ...t.stack.subgraphUrls, [subgraph]: standIn.url },
    subgraphCalls: SETTINGS,
  });
  return { gateway, running: await gateway.start(0, '127.0.0.1'), standIn };
}

function expectUnavailable(res: GraphQLResponse<unknown>, subgraph: SubgraphName, standIn: StandInSubgraph): void {
  expect(res.status).toBe(200);
  expect(errorsOf(res)).toContainEqual({
    message: `The ${subgraph} service is unavailable`,
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', details: { subgraph } },
  });
  // Never where the subgraph lives, nor anything it or the connection said.
  const body = JSON.stringify(res.body);
  expect(body).not.toContain(new URL(standIn.url).port);
  expect(body).not.toMatch(/127\.0\.0\.1|localhost|ECONN|abort|timeout|fetch failed/i);
}

describe('the session subgraph stalls', () => {
  let gateway: Gateway;
  let running: RunningGateway;
  let standIn: StandInSubgraph;

  beforeAll(async () => {
    ({ gateway, running, standIn } = await gatewayWithStandIn('session'));
  });

  afterAll(async () => {
    await running?.stop();
    await standIn?.close();
  });

  const mySessions = () => t.request(MySessionsViaMeDocument, {}, { url: running.url, token: tenant.admin.token });
  const myId = () => t.request(MyIdDocument, {}, { url: running.url, token: tenant.admin.token });

  it('queries that do not touch it answer in full, and it never hears of them', async () => {
    const res = await myId();
    expect(res.body).toEqual({ data: { me: { id: tenant.admin.id } } });
    expect(standIn.calls).toBe(0);
  });

  it('its calls end at its deadline, not retried; after the configured failures its breaker opens', async () => {
    for (let i = 1; i <= 3; i++) {
      expect(gateway.resilience.state('session')).toBe('closed');
      expectUnavailable(await mySessions(), 'session', standIn);
      // One call each: a timed-out query is not retried (SUBGRAPH_RETRIES=2 notwithstanding).
      expect(standIn.calls).toBe(i);
    }
    expect(gateway.resilience.state('session')).toBe('open');
    // Operators see it: the breaker's state is a gauge on /metrics.
    const metrics = await (await fetch(new URL('/metrics', running.url))).text();
    expect(metrics).toMatch(/^tradesage_circuit_breaker_state\{subgraph="session",state="open"\} 1$/m);
    expect(metrics).toMatch(/^tradesage_circuit_breaker_state\{subgraph="session",state="closed"\} 0$/m);
  });

  it('while open, calls fail fast without reaching it, and the other subgraphs still answer', async () => {
    const answers = await Promise.all([mySessions(), mySessions(), mySessions(), mySessions(), myId()]);
    for (const res of answers.slice(0, 4)) expectUnavailable(res, 'session', standIn);
    expect(answers[4]?.body).toEqual({ data: { me: { id: tenant.admin.id } } });
    expect(standIn.calls).toBe(3);
    expect(gateway.resilience.state('session')).toBe('open');
    expect(gateway.resilience.window('session')).toMatchObject({ calls: 3, failures: 3, rejected: 4 });
  });

  it('the detailed health report shows its breaker open and every other dependency up', async () => {
    const response = await fetch(new URL('/health/details', running.url));
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      status: string;
      postgres: { status: string; latencyMs: number };
      redis: { status: string; latencyMs: number };
      subgraphs: Record<string, { status: string; latencyMs: number; timeoutMs: number; breaker: { state: string } }>;
    };
    expect(report.status).toBe('degraded');
    expect(report.postgres).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
    expect(report.redis).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
    for (const name of ['auth', 'tenant', 'user'])
      expect(report.subgraphs[name]).toMatchObject({ status: 'ok', breaker: { state: 'closed' } });
    // Its /health stalls too: the probe gives up at its own deadline.
    expect(report.subgraphs['session']).toMatchObject({
      status: 'timeout',
      timeoutMs: 500,
      breaker: { state: 'open', calls: 3, failures: 3 },
    });
    // The report is the operators': the public readiness answer stays as it was.
    const ready = await fetch(new URL('/health/ready', running.url));
    expect(await ready.json()).toMatchObject({ status: 'not_ready', failing: ['session'] });
  });

  it('half-open after the reset time: one probe reaches it, the calls beside it fail fast; its timeout reopens', async () => {
    await eventually(async () => (gateway.resilience.state('session') === 'half_open' ? true : undefined), 15_000);
    const answers = await Promise.all([mySessions(), mySessions(), mySessions()]);
    for (const res of answers) expectUnavailable(res, 'session', standIn);
    expect(standIn.calls).toBe(4);
    expect(gateway.resilience.state('session')).toBe('open');
  });

  it('once the subgraph answers again, the next probe closes the breaker and its fields come back', async () => {
    standIn.mode = 'relay';
    const changes: string[] = [];
    const stop = gateway.resilience.onStateChange((change) => changes.push(`${change.subgraph}:${change.state}`));
    try {
      await eventually(async () => (gateway.resilience.state('session') === 'half_open' ? true : undefined), 15_000);
      const probe = await mySessions();
      expect(probe.body.errors).toBeUndefined();
      expect(probe.body.data?.me.sessions.map((session) => session.id)).toContain(tenant.admin.sessionId);
      expect(standIn.calls).toBe(5);
      expect(gateway.resilience.state('session')).toBe('closed');
      expect(changes).toEqual(['session:half_open', 'session:closed']);
      expect((await mySessions()).body.errors).toBeUndefined();
      expect(standIn.calls).toBe(6);
    } finally {
      stop();
    }
  });
});

describe('the auth subgraph stalls', () => {
  let running: RunningGateway;
  let standIn: StandInSubgraph;

  beforeAll(async () => {
    ({ running, standIn } = await gatewayWithStandIn('auth'));
  });

  afterAll(async () => {
    await running?.stop();
    await standIn?.close();
  });

  it("a query touching it gets a partial answer: every field but auth's, and an error naming auth", async () => {
    const variables = { id: tenant.admin.id };
    const full = await t.request(UserPersonalDataDocument, variables, { token: tenant.admin.token });
    expect(full.body.data?.user?.lastLoginAt).toEqual(expect.any(String));
    const res = await t.request(UserPersonalDataDocument, variables, { url: running.url, token: tenant.admin.token });
    expect(res.body.data).toEqual({ user: { ...full.body.data?.user, lastLoginAt: null, emailVerified: null } });
    expectUnavailable(res, 'auth', standIn);
    expect(standIn.calls).toBe(1);
  });
});
