import { describe, expect, it, vi } from 'vitest';
import type { BreakerState } from './resilience/subgraph-breakers.ts';
import {
  breakerProbe,
  checkReadiness,
  createHealthDetails,
  createReadinessCheck,
  healthDetails,
  httpHealthProbe,
  type DependencyBreakerView,
  type HealthBreakers,
  type Probe,
} from './readiness.ts';

/** A dependency breaker (runtime.dependencies.*) in `state`, with a fixed window. */
function dependencyBreaker(name: string, state: BreakerState = 'closed'): DependencyBreakerView {
  return {
    name,
    state,
    available: state === 'closed',
    window: () => ({ calls: 3, failures: state === 'closed' ? 0 : 3, rejected: state === 'closed' ? 0 : 12 }),
  };
}

const ok: Probe = async () => undefined;
const down: Probe = async () => {
  throw new Error('ECONNREFUSED');
};
const hangs: Probe = () => new Promise<void>(() => undefined);

describe('checkReadiness', () => {
  it('is ready when every probe answers', async () => {
    expect(await checkReadiness({ postgres: ok, redis: ok, auth: ok }, { timeoutMs: 50 })).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', auth: 'ok' },
      failing: [],
    });
  });

  it('names every failing dependency and tells a timeout from a failure', async () => {
    const onFailure = vi.fn();
    const result = await checkReadiness(
      { postgres: ok, redis: down, auth: hangs, user: ok },
      { timeoutMs: 30, onFailure },
    );
    expect(result).toEqual({
      status: 'not_ready',
      checks: { postgres: 'ok', redis: 'failed', auth: 'timeout', user: 'ok' },
      failing: ['redis', 'auth'],
    });
    expect(onFailure).toHaveBeenCalledWith('redis', 'failed', expect.any(Error));
    expect(onFailure).toHaveBeenCalledWith('auth', 'timeout', expect.any(Error));
  });

  it('aborts the signal of a probe that timed out', async () => {
    let signal: AbortSignal | undefined;
    await checkReadiness(
      {
        slow: (s) => {
          signal = s;
          return new Promise<void>(() => undefined);
        },
      },
      { timeoutMs: 10 },
    );
    expect(signal?.aborted).toBe(true);
  });

  it('probes in parallel: each probe here answers only once all have started', async () => {
    let started = 0;
    let release: () => void = () => undefined;
    const allStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const barrier: Probe = async () => {
      started += 1;
      if (started === 4) release();
      await allStarted;
    };
    const result = await checkReadiness({ a: barrier, b: barrier, c: barrier, d: barrier }, { timeoutMs: 1_000 });
    expect(result.status).toBe('ready');
  });
});

describe('createReadinessCheck', () => {
  it('shares one round of probes between concurrent callers and caches briefly', async () => {
    let now = 0;
    const probe = vi.fn(ok);
    const check = createReadinessCheck({ postgres: probe }, { timeoutMs: 50, cacheMs: 1_000, now: () => now });
    await Promise.all([check(), check(), check()]);
    expect(probe).toHaveBeenCalledTimes(1);
    now = 500;
    await check();
    expect(probe).toHaveBeenCalledTimes(1);
    now = 1_500;
    await check();
    expect(probe).toHaveBeenCalledTimes(2);
  });
});

describe('httpHealthProbe', () => {
  it("asks GET /health next to the subgraph's GraphQL path", async () => {
    const fetchImpl = vi.fn(async () => new Response('{"status":"ok"}'));
    await httpHealthProbe(
      'http://auth.internal:4001/graphql',
      fetchImpl as unknown as typeof fetch,
    )(new AbortController().signal);
    expect(fetchImpl).toHaveBeenCalledWith(
      'http://auth.internal:4001/health',
      expect.objectContaining({ redirect: 'error' }),
    );
    fetchImpl.mockClear();
    await httpHealthProbe(
      'https://api.example.test/auth/graphql',
      fetchImpl as unknown as typeof fetch,
    )(new AbortController().signal);
    expect(fetchImpl).toHaveBeenCalledWith('https://api.example.test/auth/health', expect.anything());
  });

  it('fails on a non-2xx answer', async () => {
    const fetchImpl = (async () => new Response('nope', { status: 503 })) as unknown as typeof fetch;
    await expect(httpHealthProbe('http://auth/graphql', fetchImpl)(new AbortController().signal)).rejects.toThrow(
      /503/,
    );
  });
});

describe('breakerProbe', () => {
  it('fails at once, naming the state, while the dependency breaker is not closed; probes otherwise', async () => {
    const probe = vi.fn(ok);
    const result = await checkReadiness(
      {
        postgres: breakerProbe(dependencyBreaker('postgres', 'open'), probe),
        redis: breakerProbe(dependencyBreaker('redis', 'half_open'), probe),
      },
      { timeoutMs: 50 },
    );
    expect(result).toEqual({
      status: 'not_ready',
      checks: { postgres: 'failed', redis: 'failed' },
      failing: ['postgres', 'redis'],
    });
    expect(probe).not.toHaveBeenCalled();
    await expect(
      breakerProbe(dependencyBreaker('postgres', 'open'), probe)(new AbortController().signal),
    ).rejects.toThrow('postgres breaker is open');
    await breakerProbe(dependencyBreaker('postgres'), probe)(new AbortController().signal);
    expect(probe).toHaveBeenCalledOnce();
  });
});

describe('healthDetails', () => {
  const states: Record<string, BreakerState> = { auth: 'closed', tenant: 'closed', user: 'closed', session: 'closed' };
  const dependencies = { postgres: dependencyBreaker('postgres'), redis: dependencyBreaker('redis') };
  const breakers: HealthBreakers = {
    state: (name: string) => states[name] ?? 'closed',
    window: () => ({ calls: 7, failures: 1, rejected: 0 }),
    dependencies,
  };
  const subgraphTimeoutsMs = { auth: 10_000, tenant: 10_000, user: 10_000, session: 500 };
  const all = (probe: Probe = ok) => ({
    postgres: probe,
    redis: probe,
    auth: probe,
    tenant: probe,
    user: probe,
    session: probe,
  });

  it('lists Postgres, Redis and every subgraph with its latency, deadline and breaker', async () => {
    const report = await healthDetails(all(), breakers, { timeoutMs: 50, subgraphTimeoutsMs });
    expect(report.status).toBe('ok');
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    expect(report.postgres).toEqual({
      status: 'ok',
      latencyMs: expect.any(Number),
      breaker: { state: 'closed', calls: 3, failures: 0, rejected: 0 },
    });
    expect(report.redis).toEqual({
      status: 'ok',
      latencyMs: expect.any(Number),
      breaker: { state: 'closed', calls: 3, failures: 0, rejected: 0 },
    });
    expect(Object.keys(report.subgraphs)).toEqual(['auth', 'tenant', 'user', 'session']);
    expect(report.subgraphs.session).toEqual({
      status: 'ok',
      latencyMs: expect.any(Number),
      timeoutMs: 500,
      breaker: { state: 'closed', calls: 7, failures: 1, rejected: 0 },
    });
  });

  it('is degraded, with the reason, when a probe fails or a breaker is not closed', async () => {
    const failing = await healthDetails({ ...all(), redis: down, user: hangs }, breakers, {
      timeoutMs: 30,
      subgraphTimeoutsMs,
    });
    expect(failing.status).toBe('degraded');
    expect(failing.redis).toMatchObject({ status: 'failed', latencyMs: expect.any(Number), error: 'ECONNREFUSED' });
    expect(failing.subgraphs.user).toMatchObject({ status: 'timeout', error: 'no answer within 30 ms' });

    states['tenant'] = 'half_open';
    try {
      const report = await healthDetails(all(), breakers, { timeoutMs: 50, subgraphTimeoutsMs });
      expect(report.status).toBe('degraded');
      expect(report.subgraphs.tenant.breaker.state).toBe('half_open');
    } finally {
      states['tenant'] = 'closed';
    }
  });

  it("shows the Postgres breaker open, with its window, and the report degraded (the database's outage)", async () => {
    const outage = { ...breakers, dependencies: { ...dependencies, postgres: dependencyBreaker('postgres', 'open') } };
    const report = await healthDetails({ ...all(), postgres: breakerProbe(outage.dependencies.postgres, ok) }, outage, {
      timeoutMs: 50,
      subgraphTimeoutsMs,
    });
    expect(report.status).toBe('degraded');
    expect(report.postgres).toEqual({
      status: 'failed',
      latencyMs: expect.any(Number),
      error: 'postgres breaker is open',
      breaker: { state: 'open', calls: 3, failures: 3, rejected: 12 },
    });
    expect(report.redis.breaker.state).toBe('closed');
  });

  it("says whether Redis's cache is trusted, and is degraded while it is not (everything read from Postgres)", async () => {
    const trusted = await healthDetails(
      all(),
      { ...breakers, redisCache: { epoch: '12' } },
      {
        timeoutMs: 50,
        subgraphTimeoutsMs,
      },
    );
    expect(trusted.status).toBe('ok');
    expect(trusted.redis.cache).toEqual({ trusted: true, epoch: '12' });
    const untrusted = await healthDetails(
      all(),
      { ...breakers, redisCache: { epoch: null } },
      {
        timeoutMs: 50,
        subgraphTimeoutsMs,
      },
    );
    expect(untrusted.status).toBe('degraded');
    expect(untrusted.redis.cache).toEqual({ trusted: false, epoch: null });
  });

  it('shares one round of probes between concurrent callers, as readiness does', async () => {
    const probe = vi.fn(ok);
    const details = createHealthDetails(all(probe), breakers, { timeoutMs: 50, cacheMs: 1_000, subgraphTimeoutsMs });
    await Promise.all([details(), details(), details()]);
    expect(probe).toHaveBeenCalledTimes(6);
  });
});
