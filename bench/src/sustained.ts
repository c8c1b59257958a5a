/**
 * (j) sustained: 10,000 requests a minute (167/s, evenly spaced, fixed rate: rate-worker.ts) of a
 * mixed read workload for 60 s, sent by several users of one tenant. Goal: 0 errors; p50, p95 and
 * p99 printed, against the same workload through a bare Apollo Gateway over the same subgraphs.
 *
 * Our gateway runs as shipped (AS_SHIPPED): its own process, the default log level, the default
 * per-user budget and unusual-volume threshold (1200 a minute each: the load is spread over enough
 * users to stay under them, as a tenant's real traffic is). The tenant's own budget
 * (`rateLimits.requestsPerMinute`) is set to allow the load. A request counts as failed unless it is
 * HTTP 200 with `data` and no `errors` — a refusal by a rate limit would be one.
 */
import {
  AS_SHIPPED,
  FEDERATED_ME_QUERY,
  gatewayProcess,
  loadAverage,
  queryData,
  signedInUsers,
  withCpu,
  type EdgeBenchOptions,
} from './edge-support.ts';
import { failedCount, runRate, type RateResult } from './rate.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';

export const SUSTAINED_SETTINGS = {
  sustainedRatePerSecond: 167,
  sustainedSeconds: 60,
  sustainedWarmupSeconds: 5,
  /** 167/s over 12 users is ~835 requests a minute each, under the default 1200 per user. */
  sustainedUsers: 12,
  sustainedTenantPerMinute: 15_000,
  sustainedMaxSockets: 64,
} as const;

/** The mixed read workload: each user sends these in turn. */
const WORKLOAD = [
  { name: 'me', query: FEDERATED_ME_QUERY, expect: '"me":{' },
  { name: 'mySessions', query: '{ mySessions { id current deviceType createdAt } }', expect: '"mySessions":[' },
  {
    name: 'users(first: 20)',
    query: '{ users(first: 20) { edges { node { id email firstName lastName status roles } } } }',
    expect: '"users":{',
  },
  { name: 'myTenant', query: '{ myTenant { id slug name plan status } }', expect: '"myTenant":{' },
  { name: 'featureFlags', query: '{ featureFlags { key on } }', expect: '"featureFlags":[' },
] as const;

export async function runSustainedBench(
  options: EdgeBenchOptions,
  quick: boolean,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { log } = options;
  const settings = SUSTAINED_SETTINGS;
  const seconds = quick ? 10 : settings.sustainedSeconds;
  const { tokens } = await signedInUsers(options, {
    prefix: 'sustained',
    count: settings.sustainedUsers,
    role: 'admin',
    requestsPerMinute: settings.sustainedTenantPerMinute,
  });
  const ours = await gatewayProcess(options, 'our gateway', { kind: 'tradesage', ...AS_SHIPPED });
  const bare = await gatewayProcess(options, 'bare Apollo gateway', { kind: 'bare' });
  for (const { query } of WORKLOAD) {
    await queryData(ours.url, tokens[0] as string, query);
    await queryData(bare.url, tokens[0] as string, query);
  }

  // Users take turns, and each user's requests take turns through the workload.
  const requests = Array.from({ length: tokens.length * WORKLOAD.length }, (_, i) => {
    const operation = WORKLOAD[Math.floor(i / tokens.length) % WORKLOAD.length] as (typeof WORKLOAD)[number];
    return {
      name: operation.name,
      headers: { authorization: `Bearer ${tokens[i % tokens.length] as string}` },
      body: JSON.stringify({ query: operation.query }),
      expect: operation.expect,
    };
  });
  const job = (url: string, measured: number) => ({
    url,
    rate: settings.sustainedRatePerSecond,
    seconds: measured,
    maxSockets: settings.sustainedMaxSockets,
    timeoutMs: 30_000,
    requests,
  });
  // Both gateways (and the subgraphs behind them) warm before either is measured: whichever ran
  // first would otherwise carry the cold start (JIT, tenant clients, caches) alone.
  for (const gateway of [ours, bare]) {
    const warmup = await runRate(job(gateway.url, settings.sustainedWarmupSeconds));
    if (failedCount(warmup) > 0)
      log(`  warm-up of ${gateway.label}: ${failedCount(warmup)} failed (${warmup.failureExamples[0]})`);
  }
  const results: Record<'ours' | 'bare', { run: RateResult; gatewayCpuShare: number; loadAverage: string }> =
    {} as never;
  for (const [which, gateway] of [
    ['ours', ours],
    ['bare', bare],
  ] as const) {
    const averageBefore = loadAverage();
    const { result, gatewayMicros } = await withCpu([gateway], () => runRate(job(gateway.url, seconds)));
    const cpuShare = (gatewayMicros[0] ?? 0) / 1e6 / seconds;
    results[which] = { run: result, gatewayCpuShare: cpuShare, loadAverage: averageBefore };
    const failed = failedCount(result);
    log(
      `${gateway.label.padEnd(20)} ${result.sent} requests at ${settings.sustainedRatePerSecond}/s: ${failed} failed; ` +
        `p50 ${percentile(result.latenciesMs, 50).toFixed(1)} ms p95 ${percentile(result.latenciesMs, 95).toFixed(1)} ms ` +
        `p99 ${percentile(result.latenciesMs, 99).toFixed(1)} ms; gateway CPU ${(100 * cpuShare).toFixed(0)}% of a core; ` +
        `sender lag ≤ ${result.worstSendLagMs.toFixed(0)} ms; load average ${averageBefore}`,
    );
    for (const example of result.failureExamples) log(`  failed: ${example}`);
    const slow = result.worstBySecondMs.flatMap((ms, second) => (ms >= 500 ? [`${second} s: ${ms} ms`] : []));
    if (slow.length > 0) log(`  seconds with an answer of 500 ms or more: ${slow.join(', ')}`);
    for (const [name, samples] of Object.entries(result.latenciesByNameMs))
      log(
        `  ${name.padEnd(18)} p50 ${percentile(samples, 50).toFixed(1)} ms  p99 ${percentile(samples, 99).toFixed(1)} ms`,
      );
  }

  const label = `${settings.sustainedRatePerSecond}/s mixed reads, ${seconds} s`;
  const row = (figure: string, unit: string, value: number, baseline: number): Row => ({
    figure: `${label}: ${figure}`,
    value,
    unit,
    baselineLabel: 'bare Apollo gateway',
    baseline,
    ratio: ratio(value, baseline),
  });
  const latency = (p: number) =>
    row(
      `p${p} latency`,
      'ms',
      percentile(results.ours.run.latenciesMs, p),
      percentile(results.bare.run.latenciesMs, p),
    );
  const rows: Row[] = [
    row('errors (goal 0)', 'errors', failedCount(results.ours.run), failedCount(results.bare.run)),
    latency(50),
    latency(95),
    latency(99),
    row('gateway CPU, share of a core', '%', 100 * results.ours.gatewayCpuShare, 100 * results.bare.gatewayCpuShare),
  ];
  return {
    rows,
    details: {
      workload: WORKLOAD.map((operation) => operation.name),
      users: tokens.length,
      seconds,
      ours: results.ours,
      bare: results.bare,
    },
  };
}
