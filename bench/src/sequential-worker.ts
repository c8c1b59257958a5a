/**
 * Requests sent one after another from a child process (forked by sequential.ts), each timed from
 * send to the last byte of its answer: the timing client shares no event loop or garbage collector
 * with the servers, nor with the stack's subgraphs in the bench's own process.
 */
import type { SequentialJob } from './sequential.ts';
import { serveJob } from './worker.ts';

async function run(job: SequentialJob): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < job.warmup + job.count; i++) {
    const started = performance.now();
    const response = await fetch(job.url, {
      method: job.body === undefined ? 'GET' : 'POST',
      headers: job.headers,
      ...(job.body === undefined ? {} : { body: job.body }),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    const { status } = response;
    if (status < job.expect.statusFrom || status > job.expect.statusTo || !text.includes(job.expect.body ?? ''))
      throw new Error(
        `${job.name}: expected HTTP ${job.expect.statusFrom}-${job.expect.statusTo}${job.expect.body ? ` with ${job.expect.body}` : ''}, got ${status} ${text.slice(0, 300)}`,
      );
    if (i >= job.warmup) samples.push(elapsed);
  }
  return samples;
}

serveJob(run);
