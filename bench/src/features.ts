/**
 * (k) features: what rate limiting, metrics and tracing cost together on the federated `me` — our
 * gateway as shipped with all three on, against the same gateway with all three off. Goal: at most
 * 1.10x (throughput at least 1/1.10 of the gateway without them; latency and gateway CPU per
 * request at most 1.10x).
 *
 * - on: as shipped (AS_SHIPPED), traces exported (OTEL_EXPORTER_OTLP_ENDPOINT, every trace sampled:
 *   TRACE_SAMPLE_RATIO's default) to a loopback collector that only counts what it gets;
 * - off: the same, built without the request budgets and the request path's metrics
 *   (GatewayOptions `features`, see EdgeFeatures) and with no trace endpoint;
 * - sampled: like `on`, with TRACE_SAMPLE_RATIO 0.1 (one trace in ten recorded): what an operator
 *   who keeps every trace pays against one who samples, shown beside the goal's figure;
 * - rate limits alone, metrics alone, tracing alone: where the difference goes (gateway CPU per
 *   request against `off`).
 * Everything else (edge authentication, the unusual-volume detector, logging) is on in all. The
 * subgraphs are the stack's, untraced, alike for all. Each gateway is warmed up first, then they
 * take turns for several rounds, each round starting one gateway further on, so each is measured
 * at several points of the run; each figure is the median of its rounds (a machine that gets
 * busier for a while, as a shared 2-core machine does, skews one round, not the median).
 * The goal's CPU figure comes from a paired phase (pairedCpu): `on` and `off` loaded at the same
 * fixed rate at the same time, so both see the machine in the same state.
 */
import type { EdgeFeatures } from '@tradesage/gateway';
import {
  AS_SHIPPED,
  FEDERATED_ME_QUERY,
  gatewayProcess,
  LOAD_USERS,
  loadAverage,
  queryData,
  signedInUsers,
  startTraceCollector,
  warmUp,
  withCpu,
  type EdgeBenchOptions,
} from './edge-support.ts';
import type { GatewayProcess } from './gateway-process.ts';
import type { LoadResult } from './load.ts';
import { failedCount, runRate, type RateJob } from './rate.ts';
import type { Row } from './report.ts';
import { median, ratio } from './stats.ts';

/** Every feature a gateway can be built without, all off: the baseline (tracing: no endpoint). */
const ALL_OFF: EdgeFeatures = { rateLimits: false, metrics: false };

export const FEATURES_SETTINGS = {
  featuresRounds: 4,
  featuresSampledRatio: 0.1,
  featuresGoal: 1.1,
  featuresCompared: 'rate limits + metrics + tracing',
  /** The paired phase: `on` and `off` each at this fixed rate, at the same time, for this long, this often. */
  featuresPairedRatePerSecond: 80,
  featuresPairedSeconds: 10,
  featuresPairedRounds: 6,
} as const;

interface Sample {
  readonly load: LoadResult;
  readonly gatewayCpuMicros: number;
}

export async function runFeaturesBench(
  options: EdgeBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { measureAs, log, undo } = options;
  const { tokens } = await signedInUsers(options, { prefix: 'features', count: LOAD_USERS, role: 'trader' });
  const collector = await startTraceCollector();
  undo.push({ what: 'stop the trace collector', run: () => collector.close() });
  const traced = { ...AS_SHIPPED.env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
  const variant = (label: string, env: Record<string, string>, features: Partial<EdgeFeatures> = {}) =>
    gatewayProcess(options, `gateway, ${label}`, { kind: 'tradesage', env, unset: AS_SHIPPED.unset, features });
  const gateways = {
    off: await variant('features off', AS_SHIPPED.env, ALL_OFF),
    on: await variant('features on', traced),
    sampled: await variant('features on, traces sampled', {
      ...traced,
      TRACE_SAMPLE_RATIO: String(FEATURES_SETTINGS.featuresSampledRatio),
    }),
    rateLimits: await variant('rate limits alone', AS_SHIPPED.env, { ...ALL_OFF, rateLimits: true }),
    metrics: await variant('metrics alone', AS_SHIPPED.env, { ...ALL_OFF, metrics: true }),
    tracing: await variant('tracing alone', traced, ALL_OFF),
  } as const;
  type Which = keyof typeof gateways;
  for (const gateway of Object.values(gateways)) {
    await queryData(gateway.url, tokens[0] as string, FEDERATED_ME_QUERY);
    await warmUp(gateway.url, tokens, FEDERATED_ME_QUERY, '"me":{');
  }
  if (collector.received().requests === 0) {
    // Spans are exported in batches every few seconds: after the warm-up some must have come.
    throw new Error('the gateways with tracing on exported no trace to the collector');
  }

  const names = Object.keys(gateways) as Which[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Which, Sample[]>;
  for (let round = 0; round < FEATURES_SETTINGS.featuresRounds; round++) {
    for (const which of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const gateway = gateways[which];
      const averageBefore = loadAverage();
      const { result, gatewayMicros } = await withCpu([gateway], () =>
        measureAs(`me, ${gateway.label}`, gateway.url, tokens, FEDERATED_ME_QUERY, '"me":{'),
      );
      const perRequest = (gatewayMicros[0] ?? 0) / Math.max(1, result.totalRequests + result.warmupRequests);
      samples[which].push({ load: result, gatewayCpuMicros: perRequest });
      log(`  ${gateway.label}: ${perRequest.toFixed(0)} µs gateway CPU per request; load average ${averageBefore}`);
    }
  }
  const paired = await pairedCpu(gateways.on, gateways.off, tokens, log);
  const exported = collector.received();
  log(`trace collector: ${exported.requests} exports, ${(exported.bytes / 2 ** 20).toFixed(1)} MiB`);

  const middle = (list: readonly Sample[], pick: (s: Sample) => number): number => median(list.map(pick));
  const goal = FEATURES_SETTINGS.featuresGoal;
  const variantName: Record<Exclude<Which, 'off'>, string> = {
    on: `${FEATURES_SETTINGS.featuresCompared} on`,
    sampled: `${FEATURES_SETTINGS.featuresCompared} on, ${100 * FEATURES_SETTINGS.featuresSampledRatio}% of traces (TRACE_SAMPLE_RATIO)`,
    rateLimits: 'rate limits alone',
    metrics: 'metrics alone',
    tracing: 'tracing alone (every trace)',
  };
  const row = (which: Exclude<Which, 'off'>, figure: string, unit: string, pick: (s: Sample) => number): Row => {
    const value = middle(samples[which], pick);
    const baseline = middle(samples.off, pick);
    return {
      figure: `federated me, ${variantName[which]}: ${figure}`,
      value,
      unit,
      baselineLabel: 'the same gateway with them off',
      baseline,
      ratio: ratio(value, baseline),
    };
  };
  const cpu = (s: Sample) => s.gatewayCpuMicros;
  const rows: Row[] = [
    row('on', `throughput (goal >= ${(1 / goal).toFixed(2)}x)`, 'req/s', (s) => s.load.requestsPerSecond),
    row('on', `p50 latency (goal <= ${goal}x)`, 'ms', (s) => s.load.latencyP50Ms),
    row('on', `p99 latency (goal <= ${goal}x)`, 'ms', (s) => s.load.latencyP99Ms),
    row('on', 'gateway CPU per request, gateways in turn', 'µs', cpu),
    {
      figure: `federated me, ${variantName.on}: gateway CPU per request, paired at ${FEATURES_SETTINGS.featuresPairedRatePerSecond}/s each (goal <= ${goal}x)`,
      value: median(paired.map((round) => round.on)),
      unit: 'µs',
      baselineLabel: 'the same gateway with them off, at the same time',
      baseline: median(paired.map((round) => round.off)),
      ratio: median(paired.map((round) => round.on / round.off)),
    },
    row('sampled', 'throughput', 'req/s', (s) => s.load.requestsPerSecond),
    row('sampled', 'gateway CPU per request', 'µs', cpu),
    row('rateLimits', 'gateway CPU per request', 'µs', cpu),
    row('metrics', 'gateway CPU per request', 'µs', cpu),
    row('tracing', 'gateway CPU per request', 'µs', cpu),
  ];
  return { rows, details: { query: FEDERATED_ME_QUERY, compared: ALL_OFF, samples, paired, traceExports: exported } };
}

/**
 * CPU per request of `on` and `off` measured side by side: both get the same fixed-rate load
 * (rate-worker.ts) over the same seconds, so whatever else the machine is doing meanwhile weighs on
 * both alike. Gateways measured in turn see the machine at different moments, and a single
 * 10-second run's CPU per request moves by ±10-15% with it; here each round gives a ratio of its
 * own, and the figure is the median of the rounds' ratios. The rate is well under what either
 * gateway can answer, so neither queues and both do the same work per request.
 */
async function pairedCpu(
  on: GatewayProcess,
  off: GatewayProcess,
  tokens: readonly string[],
  log: (line: string) => void,
): Promise<Array<{ on: number; off: number }>> {
  const settings = FEATURES_SETTINGS;
  const requests = tokens.map((token) => ({
    name: 'me',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: FEDERATED_ME_QUERY }),
    expect: '"me":{',
  }));
  const job = (url: string): RateJob => ({
    url,
    rate: settings.featuresPairedRatePerSecond,
    seconds: settings.featuresPairedSeconds,
    maxSockets: 32,
    timeoutMs: 30_000,
    requests,
  });
  const rounds: Array<{ on: number; off: number }> = [];
  for (let round = 0; round < settings.featuresPairedRounds; round++) {
    const averageBefore = loadAverage();
    const { result, gatewayMicros } = await withCpu([on, off], () =>
      Promise.all([runRate(job(on.url)), runRate(job(off.url))]),
    );
    const failed = result.map(failedCount);
    if (failed.some((n) => n > 0))
      throw new Error(
        `paired run: ${failed.join(' and ')} requests failed (${result[0].failureExamples[0] ?? result[1].failureExamples[0]})`,
      );
    const perRequest = result.map((run, i) => (gatewayMicros[i] ?? 0) / Math.max(1, run.sent));
    rounds.push({ on: perRequest[0] ?? 0, off: perRequest[1] ?? 0 });
    log(
      `  paired round ${round + 1}: on ${perRequest[0]?.toFixed(0)} µs, off ${perRequest[1]?.toFixed(0)} µs gateway CPU per request ` +
        `(${((perRequest[0] ?? 0) / (perRequest[1] ?? 1)).toFixed(2)}x); load average ${averageBefore}`,
    );
  }
  return rounds;
}
