import { describe, expect, it, vi } from 'vitest';
import { checkReadiness, createReadinessCheck, httpHealthProbe, type Probe } from './readiness.ts';

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
