import { runInWorker } from './worker.ts';

/** One fixed-concurrency, fixed-duration HTTP load run (serialisable: it crosses to a child process). */
export interface LoadJob {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** A response counts as served only if its body contains this and no `"errors"`. */
  readonly expect: string;
  /**
   * Headers of several clients (e.g. users' Authorization), shared out over the connections:
   * connection c sends as sets c, c + connections, ... in turn, over `headers`.
   */
  readonly headerSets?: ReadonlyArray<Record<string, string>>;
  /** Bodies every connection sends in turn, instead of `body` (e.g. several abusive documents). */
  readonly bodies?: readonly string[];
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
  /** Answers during the warm-up (not in the figures; with `totalRequests`, what a process served). */
  readonly warmupRequests: number;
  /** Warm-up answers that were not good ones (checked like the rest, left out of the figures). */
  readonly warmupFailed: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMeanMs: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly mismatches: number;
}

/** Requests that were not a good answer: transport errors, timeouts, non-2xx, wrong bodies. */
export function failedRequests(result: LoadResult): number {
  return result.errors + result.timeouts + result.non2xx + result.mismatches;
}

/** Runs the job in a child process (load-worker.ts) and resolves with its summary. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return runInWorker(new URL('./load-worker.ts', import.meta.url), job, 'load generator');
}

/** Sends one request and returns the body, failing unless it holds `expect` and no errors. */
export async function probe(
  url: string,
  headers: Record<string, string>,
  body: string,
  expect: string,
): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.ok || !text.includes(expect) || text.includes('"errors"')) {
    throw new Error(`probe of ${url} failed: HTTP ${response.status} ${text.slice(0, 500)}`);
  }
  return text;
}
