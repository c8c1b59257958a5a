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
 *   who keeps every trace pays against one who samples, shown beside the goal's figure.
 * Everything else (edge authentication, the unusual-volume detector, logging) is on in both. The
 * subgraphs are the stack's, untraced, alike for all. Each gateway is warmed up first, then they
 * take turns (on, off, sampled, then the other way round) so a machine that gets busier hits all.
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
import { ratio } from './stats.ts';

/** Every feature a gateway can be built without, all off: the baseline (tracing: no endpoint). */
const ALL_OFF: EdgeFeatures = { rateLimits: false, metrics: false };

export const FEATURES_SETTINGS = {
  featuresRounds: 2,
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
  const on = await gatewayProcess(options, 'gateway, features on', {
    kind: 'tradesage',
    env: { ...AS_SHIPPED.env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
    unset: AS_SHIPPED.unset,
  });
  const off = await gatewayProcess(options, 'gateway, features off', {
    kind: 'tradesage',
    ...AS_SHIPPED,
    features: ALL_OFF,
  });
  const sampled = await gatewayProcess(options, 'gateway, features on, traces sampled', {
    kind: 'tradesage',
    env: {
      ...AS_SHIPPED.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      TRACE_SAMPLE_RATIO: String(FEATURES_SETTINGS.featuresSampledRatio),
    },
    unset: AS_SHIPPED.unset,
  });
  const gateways = { on, off, sampled } as const;
  for (const gateway of Object.values(gateways)) {
    await queryData(gateway.url, tokens[0] as string, FEDERATED_ME_QUERY);
    await warmUp(gateway.url, tokens, FEDERATED_ME_QUERY, '"me":{');
  }
  if (collector.received().requests === 0) {
    // Spans are exported in batches every few seconds: after the warm-up some must have come.
    throw new Error('the gateway with tracing on exported no trace to the collector');
  }

  const samples: Record<keyof typeof gateways, Sample[]> = { on: [], off: [], sampled: [] };
  for (let round = 0; round < FEATURES_SETTINGS.featuresRounds; round++) {
    const order = round % 2 === 0 ? (['on', 'off', 'sampled'] as const) : (['sampled', 'off', 'on'] as const);
    for (const which of order) {
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

  const mean = (list: readonly Sample[], pick: (s: Sample) => number): number =>
    list.reduce((sum, s) => sum + pick(s), 0) / list.length;
  const goal = FEATURES_SETTINGS.featuresGoal;
  const row = (figure: string, unit: string, pick: (s: Sample) => number, which: 'on' | 'sampled' = 'on'): Row => {
    const value = mean(samples[which], pick);
    const baseline = mean(samples.off, pick);
    const variant =
      which === 'on' ? '' : `, ${100 * FEATURES_SETTINGS.featuresSampledRatio}% of traces (TRACE_SAMPLE_RATIO)`;
    return {
      figure: `federated me, ${FEATURES_SETTINGS.featuresCompared} on${variant}: ${figure}`,
      value,
      unit,
      baselineLabel: 'the same gateway with them off',
      baseline,
      ratio: ratio(value, baseline),
    };
  };
  const rows: Row[] = [
    row(`throughput (goal >= ${(1 / goal).toFixed(2)}x)`, 'req/s', (s) => s.load.requestsPerSecond),
    row(`p50 latency (goal <= ${goal}x)`, 'ms', (s) => s.load.latencyP50Ms),
    row(`p99 latency (goal <= ${goal}x)`, 'ms', (s) => s.load.latencyP99Ms),
    row(`gateway CPU per request (goal <= ${goal}x)`, 'µs', (s) => s.gatewayCpuMicros),
    row('throughput', 'req/s', (s) => s.load.requestsPerSecond, 'sampled'),
    row('gateway CPU per request', 'µs', (s) => s.gatewayCpuMicros, 'sampled'),
  ];
  return { rows, details: { query: FEDERATED_ME_QUERY, compared: ALL_OFF, samples, traceExports: exported } };
}
