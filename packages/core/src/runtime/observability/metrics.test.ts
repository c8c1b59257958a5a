import { describe, expect, it } from 'vitest';
import { Metrics, type BreakerState } from './metrics.ts';

async function valueOf(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((each) =>
    Object.entries(labels).every(([key, value]) => (each.labels as Record<string, unknown>)[key] === value),
  )?.value;
}

describe('Metrics', () => {
  it('has the rate-limit, breaker and security series from the start, at 0 (breakers closed)', async () => {
    const metrics = new Metrics();
    for (const scope of ['address', 'user', 'tenant', 'login', 'unusual_volume'])
      expect(await valueOf(metrics, 'tradesage_rate_limit_rejections_total', { scope })).toBe(0);
    expect(await valueOf(metrics, 'tradesage_circuit_breaker_state', { subgraph: 'auth', state: 'closed' })).toBe(1);
    expect(await valueOf(metrics, 'tradesage_circuit_breaker_state', { subgraph: 'auth', state: 'open' })).toBe(0);
    expect(await valueOf(metrics, 'tradesage_refresh_token_reuse_total')).toBe(0);
    for (const dependency of ['postgres', 'redis']) {
      expect(await valueOf(metrics, 'tradesage_dependency_breaker_state', { dependency, state: 'closed' })).toBe(1);
      expect(await valueOf(metrics, 'tradesage_dependency_breaker_state', { dependency, state: 'open' })).toBe(0);
    }
  });

  it("shows each dependency's breaker state as it changes, from the breakers it is given, until stopped", async () => {
    const metrics = new Metrics();
    const breaker = (state: BreakerState) => {
      const listeners = new Set<(state: BreakerState) => void>();
      return {
        state,
        onStateChange(listener: (state: BreakerState) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        change(next: BreakerState) {
          for (const listener of listeners) listener(next);
        },
      };
    };
    const postgres = breaker('open');
    const redis = breaker('closed');
    const states = async (dependency: string) =>
      Object.fromEntries(
        ((await metrics.registry.getSingleMetric('tradesage_dependency_breaker_state')?.get())?.values ?? [])
          .filter((each) => each.labels['dependency'] === dependency)
          .map((each) => [each.labels['state'], each.value]),
      );

    const stop = metrics.reportDependencyBreakers({ postgres, redis });
    expect(await states('postgres')).toEqual({ closed: 0, open: 1, half_open: 0 });
    postgres.change('half_open');
    expect(await states('postgres')).toEqual({ closed: 0, open: 0, half_open: 1 });
    redis.change('open');
    expect(await states('redis')).toEqual({ closed: 0, open: 1, half_open: 0 });
    stop();
    postgres.change('closed');
    expect(await states('postgres')).toEqual({ closed: 0, open: 0, half_open: 1 });
  });

  it('counts rate-limit refusals by scope and shows one breaker state per subgraph', async () => {
    const metrics = new Metrics();
    metrics.rateLimitRejected('tenant');
    metrics.rateLimitRejected('tenant', 2);
    expect(await valueOf(metrics, 'tradesage_rate_limit_rejections_total', { scope: 'tenant' })).toBe(3);
    metrics.breakerState('user', 'half_open');
    const states = (await metrics.registry.getSingleMetric('tradesage_circuit_breaker_state')?.get())?.values.filter(
      (each) => each.labels['subgraph'] === 'user',
    );
    expect(Object.fromEntries(states?.map((each) => [each.labels['state'], each.value]) ?? [])).toEqual({
      closed: 0,
      open: 0,
      half_open: 1,
    });
  });

  it('keeps label values to a closed set: a reason that is not a plain word becomes other', async () => {
    const metrics = new Metrics();
    metrics.loginFailed('wrong_password');
    metrics.loginFailed('admin@example.test');
    metrics.sessionsRevoked('Robert"); DROP', 2);
    expect(await valueOf(metrics, 'tradesage_login_failures_total', { reason: 'wrong_password' })).toBe(1);
    expect(await valueOf(metrics, 'tradesage_login_failures_total', { reason: 'other' })).toBe(1);
    expect(await valueOf(metrics, 'tradesage_session_revocations_total', { reason: 'other' })).toBe(2);
    expect((await metrics.exposition()).body).not.toContain('example.test');
  });

  it('reports active sessions only where a source is set, counting at most every 30 s; a failed count never fails the scrape', async () => {
    const metrics = new Metrics();
    expect((await metrics.exposition()).body).not.toContain('tradesage_active_sessions');
    let calls = 0;
    let fail = false;
    metrics.countActiveSessionsWith(async () => {
      calls++;
      if (fail) throw new Error('database down');
      return 7;
    });
    expect(await valueOf(metrics, 'tradesage_active_sessions')).toBe(7);
    expect(await valueOf(metrics, 'tradesage_active_sessions')).toBe(7);
    expect(calls).toBe(1);

    const later = new Metrics();
    later.countActiveSessionsWith(async () => {
      calls++;
      if (fail) throw new Error('database down');
      return 9;
    });
    fail = true;
    expect(await valueOf(later, 'tradesage_active_sessions')).toBe(0);
    expect((await later.exposition()).body).toContain('tradesage_active_sessions 0');
  });
});
