/**
 * Requests sent one after another from a child process (forked by sequential.ts), each timed from
 * send to the last byte of its answer: the timing client shares no event loop or garbage collector
 * with the servers, nor with the stack's subgraphs in the bench's own process.
 *
 * node:http over one kept-alive connection rather than fetch: undici's fetch allocates and
 * compiles far more per request, and its own pauses (a collection, a function optimised after a
 * few hundred calls) showed up as 10–15 ms samples the gateway never saw.
 */
import http from 'node:http';
import type { SequentialJob } from './sequential.ts';
import { serveJob } from './worker.ts';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(job: SequentialJob): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      job.url,
      { method: job.body === undefined ? 'GET' : 'POST', headers: job.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(job.body);
  });
}

async function run(job: SequentialJob): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < job.warmup + job.count; i++) {
    const started = performance.now();
    const { status, text } = await send(job);
    const elapsed = performance.now() - started;
    if (status < job.expect.statusFrom || status > job.expect.statusTo || !text.includes(job.expect.body ?? ''))
      throw new Error(
        `${job.name}: expected HTTP ${job.expect.statusFrom}-${job.expect.statusTo}${job.expect.body ? ` with ${job.expect.body}` : ''}, got ${status} ${text.slice(0, 300)}`,
      );
    if (i >= job.warmup) samples.push(elapsed);
  }
  return samples;
}

serveJob(run);
