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
import type { LoadResult } from './load.ts';
import type { Row } from './report.ts';
import { median, ratio } from './stats.ts';

/** Every feature a gateway can be built without, all off: the baseline (tracing: no endpoint). */
const ALL_OFF: EdgeFeatures = { rateLimits: false, metrics: false };

export const FEATURES_SETTINGS = {
  featuresRounds: 4,
  featuresSampledRatio: 0.1,
  featuresGoal: 1.1,
  featuresCompared: 'rate limits + metrics + tracing',
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
    row('on', `gateway CPU per request (goal <= ${goal}x)`, 'µs', cpu),
    row('sampled', 'throughput', 'req/s', (s) => s.load.requestsPerSecond),
    row('sampled', 'gateway CPU per request', 'µs', cpu),
    row('rateLimits', 'gateway CPU per request', 'µs', cpu),
    row('metrics', 'gateway CPU per request', 'µs', cpu),
    row('tracing', 'gateway CPU per request', 'µs', cpu),
  ];
  return { rows, details: { query: FEDERATED_ME_QUERY, compared: ALL_OFF, samples, traceExports: exported } };
}
