/**
 * Readiness: may this gateway take traffic? Each dependency is probed in parallel with a deadline;
 * the answer names every one that failed. Reasons go to the log, never to the (unauthenticated)
 * caller, since they can contain hosts and connection details.
 */

/** Resolves when the dependency answers; rejects (or never settles) when it does not. */
export type Probe = (signal: AbortSignal) => Promise<void>;

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

export async function runProbe(probe: Probe, timeoutMs: number): Promise<{ outcome: ProbeOutcome; error?: unknown }> {
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
    return { outcome: 'ok' };
  } catch (error) {
    return { outcome: error instanceof ProbeTimeout || controller.signal.aborted ? 'timeout' : 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(
  probes: Readonly<Record<string, Probe>>,
  options: Pick<ReadinessOptions, 'timeoutMs' | 'onFailure'>,
): Promise<Readiness> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(probes[name] as Probe, options.timeoutMs)));
  const checks: Record<string, ProbeOutcome> = {};
  const failing: string[] = [];
  names.forEach((name, index) => {
    const result = results[index] ?? { outcome: 'failed' as const };
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
  const now = options.now ?? Date.now;
  let inFlight: Promise<Readiness> | undefined;
  let last: { at: number; value: Readiness } | undefined;
  return () => {
    if (last && now() - last.at < options.cacheMs) return Promise.resolve(last.value);
    inFlight ??= checkReadiness(probes, options)
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
