/**
 * The one-at-a-time requests of (n), from a child process (forked by api-keys.ts): `me` with the
 * session token, with the API key cached (warm) and with the key right after the stack process
 * cleared its cache (cold). Each round sends one of each, the order rotating by one every round.
 * Before every request, of any kind, the worker asks the stack process (IPC) and waits for its
 * answer — for a cold one, that process has cleared the cache by then — and only then starts the
 * clock. Each request is timed from send to the last byte of its answer over one kept-alive
 * connection (node:http, as sequential-worker.ts and for the same reasons). An answer that is not
 * HTTP 200 with the user's `me.id` and no `errors` fails the run.
 */
import http from 'node:http';
// Types only: the worker loads none of the stack's modules.
import type { KeyTimingJob, KeyTimings, PrepareMessage, ReadyMessage, SequentialKind } from './api-keys.ts';
import { serveJob } from './worker.ts';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, authorization: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization }, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let seq = 0;
const waiting = new Map<number, () => void>();
process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && 'ready' in message) {
    const { ready } = message as ReadyMessage;
    waiting.get(ready)?.();
    waiting.delete(ready);
  }
});

/** Asks the stack process to make ready for a request of `kind`; resolves once it has. */
function prepare(kind: SequentialKind): Promise<void> {
  const id = ++seq;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    process.send?.({ prepare: kind, seq: id } satisfies PrepareMessage);
  });
}

async function run(job: KeyTimingJob): Promise<KeyTimings> {
  const timings: KeyTimings = { token: [], key: [], cold: [] };
  for (let round = 0; round < job.warmup + job.rounds; round++) {
    for (let k = 0; k < job.kinds.length; k++) {
      const kind = job.kinds[(round + k) % job.kinds.length] as SequentialKind;
      await prepare(kind);
      const started = performance.now();
      const { status, text } = await post(job.url, job.authorization[kind === 'token' ? 'token' : 'key'], job.body);
      const ms = performance.now() - started;
      const parsed = JSON.parse(text) as { data?: { me?: { id?: unknown } | null } | null; errors?: unknown };
      if (status !== 200 || parsed.errors !== undefined || parsed.data?.me?.id !== job.userId)
        throw new Error(
          `me with the ${kind} credential: expected HTTP 200 with the user's me.id, got ${status} ${text.slice(0, 300)}`,
        );
      if (round >= job.warmup) timings[kind].push(ms);
    }
  }
  return timings;
}

serveJob(run);
