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
  const sets = job.headerSets ?? [];
  const bodies = job.bodies ?? [];
  let connection = 0;
  const setupClient = (client: autocannon.Client): void => {
    const mine = sets.filter((_, i) => i % job.connections === connection % job.connections);
    connection++;
    const headers = (mine.length > 0 ? mine : [{}]).map((set) => ({ ...job.headers, ...set }));
    client.setRequests(
      headers.flatMap((each) => (bodies.length > 0 ? bodies : [job.body]).map((body) => ({ headers: each, body }))),
    );
  };
  return autocannon({
    ...(sets.length > 0 || bodies.length > 0 ? { setupClient } : {}),
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
  const warmup = await fire(job, job.warmupSeconds);
  const result = await fire(job, job.durationSeconds);
  return {
    requestsPerSecond: result.requests.average,
    totalRequests: result.requests.total,
    warmupRequests: warmup.requests.total,
    warmupFailed: warmup.errors + warmup.timeouts + warmup.non2xx + warmup.mismatches,
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
