import { SUBGRAPH_NAMES, type SubgraphName } from '@tradesage/core';
import type { BreakerState, BreakerWindow } from './resilience/subgraph-breakers.ts';

/**
 * Readiness: may this gateway take traffic? Each dependency is probed in parallel with a deadline;
 * the answer names every one that failed. Reasons go to the log, never to the (unauthenticated)
 * caller, since they can contain hosts and connection details. A dependency whose breaker is not
 * closed fails its check at once (breakerProbe): requests are refused it meanwhile, so the
 * instance is not ready for them.
 *
 * The detailed health report (healthDetails) runs the same probes for operators, with each one's
 * latency and reason, each subgraph's circuit breaker and the breakers of Postgres and Redis.
 */

/** Resolves when the dependency answers; rejects (or never settles) when it does not. */
export type Probe = (signal: AbortSignal) => Promise<void>;

/** The breaker of a dependency of this process (runtime.dependencies: postgres, redis), as health reads it. */
export interface DependencyBreakerView {
  readonly name: string;
  /** Closed: calls may go to the dependency. */
  readonly available: boolean;
  readonly state: BreakerState;
  window(): BreakerWindow;
}

/**
 * `probe`, but failing at once while `breaker` is not closed: the process refuses every call to
 * that dependency until the breaker's own trial closes it, so the check says so without waiting.
 */
export function breakerProbe(breaker: DependencyBreakerView, probe: Probe): Probe {
  return (signal) =>
    breaker.available ? probe(signal) : Promise.reject(new Error(`${breaker.name} breaker is ${breaker.state}`));
}

export type ProbeOutcome = 'ok' | 'failed' | 'timeout';

export interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly checks: Readonly<Record<string, ProbeOutcome>>;
  /** Names of the checks that are not `ok`, in probe order. */
  readonly failing: readonly string[];
}

export interface ReadinessOptions {
  timeoutMs: number;
  /** Reuse an answer this long; concurrent callers always share one round of probes. */
  cacheMs: number;
  onFailure?: (name: string, outcome: Exclude<ProbeOutcome, 'ok'>, error: unknown) => void;
  now?: () => number;
}

class ProbeTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ProbeTimeout';
  }
}

export interface ProbeResult {
  readonly outcome: ProbeOutcome;
  readonly error?: unknown;
  /** From the start of the probe to its answer, its failure or its deadline. */
  readonly latencyMs: number;
}

export async function runProbe(probe: Probe, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new ProbeTimeout(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([probe(controller.signal), deadline]);
    return { outcome: 'ok', latencyMs: latencyMs() };
  } catch (error) {
    const outcome = error instanceof ProbeTimeout || controller.signal.aborted ? 'timeout' : 'failed';
    return { outcome, error, latencyMs: latencyMs() };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every probe at once, each with its own deadline. */
export async function runProbes(
  probes: Readonly<Record<string, Probe>>,
  timeoutMs: number,
): Promise<Array<[name: string, result: ProbeResult]>> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(probes[name] as Probe, timeoutMs)));
  return names.map((name, index) => [name, results[index] ?? { outcome: 'failed', latencyMs: 0 }]);
}

export async function checkReadiness(
  probes: Readonly<Record<string, Probe>>,
  options: Pick<ReadinessOptions, 'timeoutMs' | 'onFailure'>,
): Promise<Readiness> {
  const checks: Record<string, ProbeOutcome> = {};
  const failing: string[] = [];
  (await runProbes(probes, options.timeoutMs)).forEach(([name, result]) => {
    checks[name] = result.outcome;
    if (result.outcome !== 'ok') {
      failing.push(name);
      options.onFailure?.(name, result.outcome, result.error);
    }
  });
  return { status: failing.length === 0 ? 'ready' : 'not_ready', checks, failing };
}

/** A readiness check with single flight and a short cache, for the public /health/ready route. */
export function createReadinessCheck(
  probes: Readonly<Record<string, Probe>>,
  options: ReadinessOptions,
): () => Promise<Readiness> {
  return sharedAndCached(() => checkReadiness(probes, options), options);
}

/**
 * `check` for several callers: concurrent callers share one run, and its answer is reused for
 * `cacheMs`, so a health route cannot be used to multiply the probes' load.
 */
export function sharedAndCached<T>(
  check: () => Promise<T>,
  options: { cacheMs: number; now?: () => number },
): () => Promise<T> {
  const now = options.now ?? Date.now;
  let inFlight: Promise<T> | undefined;
  let last: { at: number; value: T } | undefined;
  return () => {
    if (last && now() - last.at < options.cacheMs) return Promise.resolve(last.value);
    inFlight ??= check()
      .then((value) => {
        last = { at: now(), value };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

export interface DependencyHealth {
  readonly status: ProbeOutcome;
  readonly latencyMs: number;
  /** Why the probe failed: for operators only, it can name hosts. */
  readonly error?: string;
}

export interface GuardedDependencyHealth extends DependencyHealth {
  /** The process's breaker of this dependency, and what its window counted. */
  readonly breaker: BreakerWindow & { readonly state: BreakerState };
}

export interface SubgraphHealth extends GuardedDependencyHealth {
  /** The deadline of each call the gateway makes to it. */
  readonly timeoutMs: number;
}

/** The breakers health reads: each subgraph's (the gateway's) and each dependency's (the process's). */
export interface HealthBreakers {
  state(subgraph: SubgraphName): BreakerState;
  window(subgraph: SubgraphName): BreakerWindow;
  readonly dependencies: Readonly<Record<'postgres' | 'redis', DependencyBreakerView>>;
  /** Whether this process believes Redis's cached entries, and under which epoch (runtime.cache). */
  readonly redisCache?: { readonly epoch: string | null };
}

export interface RedisHealth extends GuardedDependencyHealth {
  /**
   * `trusted`: session, permission and API-key checks use Redis's entries, under cache `epoch`;
   * otherwise they read Postgres until Redis is checked again (runtime/redis-coherence.ts).
   */
  readonly cache?: { readonly trusted: boolean; readonly epoch: string | null };
}

/** The operators' report: every dependency with its latency, every subgraph with its breaker. */
export interface HealthDetails {
  /** `ok`: every probe answered, every breaker is closed and Redis's cache is trusted; `degraded` otherwise. */
  readonly status: 'ok' | 'degraded';
  readonly checkedAt: string;
  readonly postgres: GuardedDependencyHealth;
  readonly redis: RedisHealth;
  readonly subgraphs: Readonly<Record<SubgraphName, SubgraphHealth>>;
}

/**
 * Runs `probes` (postgres, redis and one per subgraph, as for readiness) and reads each
 * subgraph's breaker and each dependency's. For operators only: it names failures' reasons, which can hold hosts.
 */
export async function healthDetails(
  probes: Readonly<Record<string, Probe>>,
  breakers: HealthBreakers,
  options: { timeoutMs: number; subgraphTimeoutsMs: Readonly<Record<SubgraphName, number>> },
): Promise<HealthDetails> {
  const results = new Map(await runProbes(probes, options.timeoutMs));
  const health = (name: string): DependencyHealth => {
    const result = results.get(name) ?? { outcome: 'failed', latencyMs: 0 };
    return {
      status: result.outcome,
      latencyMs: result.latencyMs,
      ...(result.outcome === 'ok' ? {} : { error: failureReason(result.error).slice(0, 300) }),
    };
  };
  const subgraphs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      {
        ...health(name),
        timeoutMs: options.subgraphTimeoutsMs[name],
        breaker: { state: breakers.state(name), ...breakers.window(name) },
      },
    ]),
  ) as Record<SubgraphName, SubgraphHealth>;
  const dependency = (name: 'postgres' | 'redis'): GuardedDependencyHealth => {
    const breaker = breakers.dependencies[name];
    return { ...health(name), breaker: { state: breaker.state, ...breaker.window() } };
  };
  const postgres = dependency('postgres');
  const cache = breakers.redisCache;
  const redis: RedisHealth = {
    ...dependency('redis'),
    ...(cache ? { cache: { trusted: cache.epoch !== null, epoch: cache.epoch } } : {}),
  };
  const degraded =
    [...results.values()].some((result) => result.outcome !== 'ok') ||
    [postgres, redis, ...SUBGRAPH_NAMES.map((name) => subgraphs[name])].some(
      (each) => each.breaker.state !== 'closed',
    ) ||
    redis.cache?.trusted === false;
  return { status: degraded ? 'degraded' : 'ok', checkedAt: new Date().toISOString(), postgres, redis, subgraphs };
}

/** healthDetails with single flight and a short cache, as the readiness check. */
export function createHealthDetails(
  probes: Readonly<Record<string, Probe>>,
  breakers: HealthBreakers,
  options: Parameters<typeof healthDetails>[2] & { cacheMs: number },
): () => Promise<HealthDetails> {
  return sharedAndCached(() => healthDetails(probes, breakers, options), options);
}

function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

/** Probes a service's `GET /health`, resolved relative to its GraphQL URL. */
export function httpHealthProbe(graphqlUrl: string, fetchImpl: typeof fetch = fetch): Probe {
  const healthUrl = new URL('health', graphqlUrl).toString();
  return async (signal) => {
    const response = await fetchImpl(healthUrl, { signal, redirect: 'error' });
    // Drain the body so the connection can be reused.
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${healthUrl} answered ${response.status}`);
  };
}
