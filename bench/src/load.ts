import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
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

type LoadReply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** Runs the job in a child process (load-worker.ts) and resolves with its summary. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // fork reuses this process's execArgv, so the child gets the same TypeScript loader (tsx).
    const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), { serialization: 'json' });
    let settled = false;
    child.once('message', (reply: LoadReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`load generator failed: ${reply.error}`));
    });
    child.once('error', (error) => {
      settled = true;
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`load generator exited (${signal ?? code}) before reporting`));
    });
    child.send(job);
  });
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
