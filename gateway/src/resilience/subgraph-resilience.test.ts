import { createLogger, loadConfig } from '@tradesage/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SubgraphResilience, SubgraphUnavailableError, type SubgraphAttempt } from './subgraph-resilience.ts';

/**
 * The breaker and retry rules against a scripted stand-in for the network: every setting is read
 * from the environment variable a deployment sets, and its effect shown by the calls that reach
 * the "subgraph" and the breaker's state, never by durations.
 */

const logger = createLogger({ level: 'silent', name: 'test' });
const QUERY = JSON.stringify({ query: 'query Q__session__0 { mySessions { id } }' });
const MUTATION = JSON.stringify({ query: 'mutation M__session__0 { revokeAllSessions }' });
const URL_ = 'http://session.internal/graphql';

let opened: SubgraphResilience[] = [];
afterEach(() => {
  for (const resilience of opened) resilience.close();
  opened = [];
  vi.restoreAllMocks();
});

function resilienceWith(env: Record<string, string>): SubgraphResilience {
  const resilience = new SubgraphResilience(
    loadConfig({ SUBGRAPH_RETRY_BACKOFF_MS: '1', ...env }).subgraphCalls,
    logger,
  );
  opened.push(resilience);
  return resilience;
}

/** `retry-later`: 503 with `Retry-After`, as a subgraph answers when its database is down. */
type Answer = 'ok' | 'refused' | 401 | 429 | 500 | 503 | 'retry-later' | 'hang';

/** A network whose answers follow `script` (its last entry repeats); `calls` counts what reached it. */
function network(...script: Answer[]): { fetch: typeof fetch; readonly calls: number; release(): void } {
  let calls = 0;
  const hanging: Array<() => void> = [];
  const call = (_input: unknown, init?: RequestInit): Promise<Response> => {
    const answer = script[Math.min(calls, script.length - 1)];
    calls += 1;
    if (answer === 'refused') {
      return Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      );
    }
    if (answer === 'hang') {
      return new Promise((resolve, reject) => {
        hanging.push(() => resolve(new Response('{"data":{}}', { status: 200 })));
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (answer === 'retry-later')
      return Promise.resolve(new Response('{"errors":[]}', { status: 503, headers: { 'retry-after': '1' } }));
    return Promise.resolve(new Response('{"data":{}}', { status: answer === 'ok' ? 200 : answer }));
  };
  return {
    fetch: call as typeof fetch,
    get calls() {
      return calls;
    },
    release: () => hanging.splice(0).forEach((resolve) => resolve()),
  };
}

async function outcome(promise: Promise<Response>): Promise<number | string> {
  try {
    return (await promise).status;
  } catch (error) {
    if (error instanceof SubgraphUnavailableError) return error.reason;
    throw error;
  }
}

describe('circuit breaker', () => {
  const post = (body = QUERY) => ({ method: 'POST', body });
  /** Retries off: each call is one attempt for the breaker to count. */
  const breakerWith = (env: Record<string, string>) => resilienceWith({ SUBGRAPH_RETRIES: '0', ...env });
  /** Opens at the first failure, half-opens after `resetMs`. */
  const tripwire = (resetMs: string) =>
    breakerWith({ SUBGRAPH_BREAKER_MIN_CALLS: '1', SUBGRAPH_BREAKER_RESET_MS: resetMs });

  it('opens once the window holds MIN_CALLS calls and more than ERROR_PERCENT of them failed; then refuses without calling', async () => {
    const resilience = breakerWith({
      SUBGRAPH_BREAKER_MIN_CALLS: '4',
      SUBGRAPH_BREAKER_ERROR_PERCENT: '50',
    });
    const net = network('ok', 'refused', 'ok', 'refused', 'refused', 'ok');
    const session = resilience.fetcher('session', net.fetch);
    for (const expected of [200, 'unreachable', 200, 'unreachable'])
      expect(await outcome(session(URL_, post()))).toBe(expected);
    // Four calls, half failed: not more than 50%.
    expect(resilience.state('session')).toBe('closed');
    expect(await outcome(session(URL_, post()))).toBe('unreachable');
    expect(resilience.state('session')).toBe('open');
    expect(await outcome(session(URL_, post()))).toBe('rejected');
    expect(await outcome(session(URL_, post(MUTATION)))).toBe('rejected');
    expect(net.calls).toBe(5);
    expect(resilience.window('session')).toEqual({ calls: 5, failures: 3, rejected: 2 });
  });

  it('stays closed below MIN_CALLS calls, or at a failure share not above ERROR_PERCENT', async () => {
    const fewCalls = breakerWith({ SUBGRAPH_BREAKER_MIN_CALLS: '10' });
    const lowShare = breakerWith({
      SUBGRAPH_BREAKER_MIN_CALLS: '4',
      SUBGRAPH_BREAKER_ERROR_PERCENT: '70',
    });
    for (const resilience of [fewCalls, lowShare]) {
      const session = resilience.fetcher('session', network('ok', 'refused', 'ok', 'refused', 'refused', 'ok').fetch);
      for (let i = 0; i < 5; i++) await outcome(session(URL_, post()));
      expect(resilience.state('session')).toBe('closed');
    }
  });

  it('counts 5xx answers as failures and hands the last one on; answers below 500 are the subgraph working', async () => {
    const resilience = breakerWith({ SUBGRAPH_BREAKER_MIN_CALLS: '3' });
    const refusing = resilience.fetcher('user', network(401, 429).fetch);
    for (let i = 0; i < 5; i++) await outcome(refusing(URL_, post()));
    expect(resilience.state('user')).toBe('closed');

    const failing = resilience.fetcher('session', network(500).fetch);
    for (let i = 0; i < 3; i++) expect(await outcome(failing(URL_, post()))).toBe(500);
    expect(resilience.state('session')).toBe('open');
    // One breaker per subgraph.
    expect(resilience.state('user')).toBe('closed');
  });

  it('never counts a 503 with Retry-After: the subgraph answering that its database is down is the subgraph working', async () => {
    const resilience = breakerWith({ SUBGRAPH_BREAKER_MIN_CALLS: '3' });
    const refusing = resilience.fetcher('auth', network('retry-later').fetch);
    for (let i = 0; i < 6; i++) expect(await outcome(refusing(URL_, post()))).toBe(503);
    expect(resilience.state('auth')).toBe('closed');
    expect(resilience.window('auth')).toMatchObject({ calls: 6, failures: 0 });
  });

  it('forgets failures older than WINDOW_MS', async () => {
    const resilience = breakerWith({
      SUBGRAPH_BREAKER_MIN_CALLS: '3',
      SUBGRAPH_BREAKER_WINDOW_MS: '1000',
    });
    const session = resilience.fetcher('session', network('refused').fetch);
    await outcome(session(URL_, post()));
    await outcome(session(URL_, post()));
    await vi.waitFor(() => expect(resilience.window('session').calls).toBe(0), { timeout: 5_000, interval: 50 });
    await outcome(session(URL_, post()));
    await outcome(session(URL_, post()));
    // Four failures in all, but only two in the window.
    expect(resilience.state('session')).toBe('closed');
    await outcome(session(URL_, post()));
    expect(resilience.state('session')).toBe('open');
  });

  it('half-open after RESET_MS: one probe goes through, the calls beside it are refused; its success closes', async () => {
    const resilience = tripwire('100');
    const changes: string[] = [];
    resilience.onStateChange(({ subgraph, state }) => changes.push(`${subgraph}:${state}`));
    const net = network('refused', 'hang', 'ok');
    const session = resilience.fetcher('session', net.fetch);
    await outcome(session(URL_, post()));
    expect(resilience.state('session')).toBe('open');
    await vi.waitFor(() => expect(resilience.state('session')).toBe('half_open'), { timeout: 5_000, interval: 20 });

    const probe = outcome(session(URL_, post()));
    expect(await outcome(session(URL_, post()))).toBe('rejected');
    expect(await outcome(session(URL_, post()))).toBe('rejected');
    expect(net.calls).toBe(2);
    net.release();
    expect(await probe).toBe(200);
    expect(resilience.state('session')).toBe('closed');
    expect(changes).toEqual(['session:open', 'session:half_open', 'session:closed']);
    expect(await outcome(session(URL_, post()))).toBe(200);
  });

  it('a failed probe opens it again for RESET_MS; with a long RESET_MS it stays open', async () => {
    const quick = tripwire('100');
    const slow = tripwire('600000');
    const quickSession = quick.fetcher('session', network('refused').fetch);
    await outcome(quickSession(URL_, post()));
    await outcome(slow.fetcher('session', network('refused').fetch)(URL_, post()));
    await vi.waitFor(() => expect(quick.state('session')).toBe('half_open'), { timeout: 5_000, interval: 20 });
    expect(slow.state('session')).toBe('open');
    expect(await outcome(quickSession(URL_, post()))).toBe('unreachable');
    expect(quick.state('session')).toBe('open');
  });
});

describe('retries', () => {
  const post = (body: string, signal?: AbortSignal) => ({ method: 'POST', body, ...(signal ? { signal } : {}) });
  const lenient = { SUBGRAPH_BREAKER_MIN_CALLS: '100000' };

  it('retries a query that could not reach the subgraph, at most RETRIES times', async () => {
    for (const [retries, expectedCalls] of [
      ['2', 3],
      ['0', 1],
    ] as const) {
      const net = network('refused');
      const user = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: retries }).fetcher('user', net.fetch);
      expect(await outcome(user(URL_, post(QUERY)))).toBe('unreachable');
      expect(net.calls).toBe(expectedCalls);
    }
    const blip = network('refused', 'ok');
    const user = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '2' }).fetcher('user', blip.fetch);
    expect(await outcome(user(URL_, post(QUERY)))).toBe(200);
    expect(blip.calls).toBe(2);
  });

  it('retries a query answered 503, never one answered 500', async () => {
    const unavailable = network(503, 'ok');
    const resilience = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '2' });
    expect(await outcome(resilience.fetcher('user', unavailable.fetch)(URL_, post(QUERY)))).toBe(200);
    expect(unavailable.calls).toBe(2);
    const broken = network(500, 'ok');
    expect(await outcome(resilience.fetcher('tenant', broken.fetch)(URL_, post(QUERY)))).toBe(500);
    expect(broken.calls).toBe(1);
  });

  it('never retries a 503 with Retry-After at once: the subgraph said when', async () => {
    const later = network('retry-later', 'ok');
    const resilience = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '2' });
    expect(await outcome(resilience.fetcher('user', later.fetch)(URL_, post(QUERY)))).toBe(503);
    expect(later.calls).toBe(1);
  });

  it('never repeats a mutation, whatever the failure', async () => {
    const resilience = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '5' });
    for (const answer of ['refused', 503] as const) {
      const net = network(answer, 'ok');
      await outcome(resilience.fetcher('auth', net.fetch)(URL_, post(MUTATION)));
      expect(net.calls).toBe(1);
    }
  });

  it('never retries once the deadline has passed: a timeout ends the call', async () => {
    const net = network('hang', 'ok');
    const user = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '5' }).fetcher('user', net.fetch);
    expect(await outcome(user(URL_, post(QUERY, AbortSignal.timeout(50))))).toBe('timeout');
    expect(net.calls).toBe(1);
  });

  it('waits a random time up to BACKOFF_MS × 2^(n-1) before retry n, within the deadline', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const long = network('refused');
    const patient = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '2', SUBGRAPH_RETRY_BACKOFF_MS: '1000' });
    // The first wait (1000 ms) outlasts the call's deadline: no retry is sent.
    expect(await outcome(patient.fetcher('user', long.fetch)(URL_, post(QUERY, AbortSignal.timeout(200))))).toBe(
      'timeout',
    );
    expect(long.calls).toBe(1);
    const short = network('refused');
    const eager = resilienceWith({ ...lenient, SUBGRAPH_RETRIES: '2', SUBGRAPH_RETRY_BACKOFF_MS: '1' });
    expect(await outcome(eager.fetcher('user', short.fetch)(URL_, post(QUERY, AbortSignal.timeout(200))))).toBe(
      'unreachable',
    );
    expect(short.calls).toBe(3);
  });

  it('adds at most a reserve of 10 plus BUDGET_PERCENT of the calls, however many retries each may make', async () => {
    const retriesAfter = async (percent: string) => {
      const net = network('refused');
      const user = resilienceWith({
        ...lenient,
        SUBGRAPH_RETRIES: '2',
        SUBGRAPH_RETRY_BUDGET_PERCENT: percent,
      }).fetcher('user', net.fetch);
      for (let i = 0; i < 100; i++) await outcome(user(URL_, post(QUERY)));
      return net.calls - 100;
    };
    // Without a budget, 100 failing calls with 2 retries each would be 200 retries.
    expect(await retriesAfter('0')).toBe(10);
    const withTenPercent = await retriesAfter('10');
    expect(withTenPercent).toBeGreaterThan(10);
    expect(withTenPercent).toBeLessThanOrEqual(10 + 10);
  });
});

describe('attempts', () => {
  it('reports every attempt with its subgraph, number and outcome; a failing listener changes nothing', async () => {
    const resilience = resilienceWith({ SUBGRAPH_BREAKER_MIN_CALLS: '100', SUBGRAPH_RETRIES: '2' });
    const attempts: SubgraphAttempt[] = [];
    resilience.onAttempt(() => {
      throw new Error('a broken metrics listener');
    });
    const stop = resilience.onAttempt((attempt) => attempts.push(attempt));
    const user = resilience.fetcher('user', network('refused', 503, 'ok').fetch);
    expect(await outcome(user(URL_, { method: 'POST', body: QUERY }))).toBe(200);
    expect(attempts.map(({ subgraph, attempt, outcome }) => [subgraph, attempt, outcome])).toEqual([
      ['user', 1, 'unreachable'],
      ['user', 2, 'server_error'],
      ['user', 3, 'ok'],
    ]);
    for (const attempt of attempts) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    stop();
    await outcome(user(URL_, { method: 'POST', body: QUERY }));
    expect(attempts).toHaveLength(3);
  });
});
