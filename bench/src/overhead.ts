/**
 * (i) overhead: the federated `me` (user, tenant, session and auth subgraphs) through our gateway
 * against the same query through a bare Apollo Gateway over the same subgraphs. Goal: our
 * throughput at least 0.85x the bare gateway's.
 *
 * Both gateways run in processes of their own (gateway-child.ts), the subgraphs in the bench's
 * stack, so the two differ only in the gateway: ours (as shipped: AS_SHIPPED) verifies the token
 * and the session at the edge, counts the request in its budgets and the unusual-volume detector,
 * logs it, times it for /metrics...; the bare one forwards the Authorization header and adds the
 * gateway credential our subgraphs require. The load is sent as LOAD_USERS users of one tenant.
 * Each gateway is warmed up first, then they take turns (ours, bare, bare, ours, ...) so a machine
 * that gets busier hits both. Besides throughput and
 * latency, each gateway process's CPU time per answered request is read from the process itself:
 * the steadiest figure on a shared machine, and the one that says where the time goes.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  AS_SHIPPED,
  FEDERATED_ME_QUERY,
  LOAD_USERS,
  gatewayProcess,
  loadAverage,
  queryData,
  signedInUsers,
  warmUp,
  withCpu,
  type EdgeBenchOptions,
} from './edge-support.ts';
import type { LoadResult } from './load.ts';
import type { Row } from './report.ts';
import { ratio } from './stats.ts';

export const OVERHEAD_SETTINGS = {
  /** Load runs per gateway, taking turns. */
  overheadRounds: 2,
  overheadGoal: 0.85,
} as const;

interface Sample {
  readonly load: LoadResult;
  /** Gateway process CPU per answered request (warm-up included), in µs. */
  readonly gatewayCpuMicros: number;
  /** The stack process's (subgraphs') CPU per answered request, in µs. */
  readonly subgraphsCpuMicros: number;
  readonly loadAverage: string;
}

export async function runOverheadBench(
  options: EdgeBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { measureAs, log } = options;
  const { tokens } = await signedInUsers(options, { prefix: 'overhead', count: LOAD_USERS, role: 'trader' });
  const ours = await gatewayProcess(options, 'our gateway', { kind: 'tradesage', ...AS_SHIPPED });
  const bare = await gatewayProcess(options, 'bare Apollo gateway', { kind: 'bare' });

  // Both must give the same answer, or the comparison means nothing.
  const token = tokens[0] as string;
  const ourData = await queryData(ours.url, token, FEDERATED_ME_QUERY);
  const bareData = await queryData(bare.url, token, FEDERATED_ME_QUERY);
  if (!isDeepStrictEqual(ourData, bareData))
    throw new Error(`the two gateways answer differently: ${JSON.stringify(ourData)} vs ${JSON.stringify(bareData)}`);

  for (const gateway of [ours, bare]) await warmUp(gateway.url, tokens, FEDERATED_ME_QUERY, '"me":{');
  const samples: Record<'ours' | 'bare', Sample[]> = { ours: [], bare: [] };
  for (let round = 0; round < OVERHEAD_SETTINGS.overheadRounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
    for (const which of order) {
      const gateway = which === 'ours' ? ours : bare;
      const averageBefore = loadAverage();
      const { result, gatewayMicros, selfMicros } = await withCpu([gateway], () =>
        measureAs(`me, ${gateway.label}`, gateway.url, tokens, FEDERATED_ME_QUERY, '"me":{'),
      );
      const answered = Math.max(1, result.totalRequests + result.warmupRequests);
      samples[which].push({
        load: result,
        gatewayCpuMicros: (gatewayMicros[0] ?? 0) / answered,
        subgraphsCpuMicros: selfMicros / answered,
        loadAverage: averageBefore,
      });
      log(
        `  ${gateway.label}: ${((gatewayMicros[0] ?? 0) / answered).toFixed(0)} µs gateway CPU and ${(selfMicros / answered).toFixed(0)} µs subgraph CPU per request; load average ${averageBefore}`,
      );
    }
  }

  const mean = (list: readonly Sample[], pick: (s: Sample) => number): number =>
    list.reduce((sum, s) => sum + pick(s), 0) / list.length;
  const row = (figure: string, unit: string, pick: (s: Sample) => number): Row => {
    const value = mean(samples.ours, pick);
    const baseline = mean(samples.bare, pick);
    return { figure, value, unit, baselineLabel: 'bare Apollo gateway', baseline, ratio: ratio(value, baseline) };
  };
  const rows: Row[] = [
    row(
      `federated me, our gateway: throughput (goal >= ${OVERHEAD_SETTINGS.overheadGoal}x)`,
      'req/s',
      (s) => s.load.requestsPerSecond,
    ),
    row('federated me, our gateway: p50 latency', 'ms', (s) => s.load.latencyP50Ms),
    row('federated me, our gateway: p99 latency', 'ms', (s) => s.load.latencyP99Ms),
    row('federated me: gateway process CPU per request', 'µs', (s) => s.gatewayCpuMicros),
    row('federated me: subgraphs CPU per request', 'µs', (s) => s.subgraphsCpuMicros),
  ];
  return { rows, details: { query: FEDERATED_ME_QUERY, samples } };
}
