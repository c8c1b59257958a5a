/**
 * Runs autocannon in its own thread (started by load.ts), so the load generator never shares an
 * event loop with the servers it measures. Warm-up first (results discarded), then the run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load.ts';

async function fire(job: LoadJob, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: job.url,
    method: 'POST',
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: seconds,
    // A 200 carrying `errors` (shield refusal, rate limit) must not pass for a served request.
    verifyBody: (body: string) => body.includes(job.expect) && !body.includes('"errors"'),
  });
}

async function main(): Promise<void> {
  const job = workerData as LoadJob;
  await fire(job, job.warmupSeconds);
  const result = await fire(job, job.durationSeconds);
  const summary: LoadResult = {
    requestsPerSecond: result.requests.average,
    totalRequests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
  };
  parentPort?.postMessage(summary);
}

await main();
