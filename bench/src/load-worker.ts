/**
 * Runs autocannon in a child process (forked by load.ts), so the load generator never shares an
 * event loop — or a garbage collector — with the servers it measures. Not a worker thread:
 * autocannon skips its result aggregation when it is not on the main thread.
 * Warm-up first (results discarded), then the measured run.
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load.ts';
import { serveJob } from './worker.ts';

async function fire(job: LoadJob, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: job.url,
    method: 'POST',
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: seconds,
    // A 200 carrying `errors` (shield refusal, rate limit) must not pass for a served request.
    verifyBody: (body) => {
      const text = typeof body === 'string' ? body : (body?.toString('utf8') ?? '');
      return text.includes(job.expect) && !text.includes('"errors"');
    },
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  await fire(job, job.warmupSeconds);
  const result = await fire(job, job.durationSeconds);
  return {
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
}

serveJob(run);
