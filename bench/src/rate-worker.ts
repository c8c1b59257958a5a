/**
 * A fixed-rate (open-loop) load generator, run in a child process (forked by rate.ts): request i
 * is due at start + i / rate whatever the earlier ones are doing, so a slow answer cannot slow the
 * sender down and hide itself (coordinated omission). Each latency is measured from the moment
 * the request was due, so time spent waiting for a free connection counts too. The requests take
 * turns through `requests` (e.g. several users × several operations).
 *
 * autocannon's `overallRate` is not used: it sends each connection's share of a second at the
 * start of that second and then pauses, i.e. bursts once a second instead of a steady rate.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateJob, RateResult } from './rate.ts';
import { serveJob } from './worker.ts';

interface Outcome {
  readonly name: string;
  /** When it was due, from the start of the run. */
  readonly dueMs: number;
  readonly latencyMs: number;
  /** Why it failed; undefined for a good answer. */
  readonly failure?: string;
}

function send(
  agent: http.Agent,
  url: URL,
  request: RateJob['requests'][number],
  due: number,
  start: number,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (failure?: string) =>
      resolve({
        name: request.name,
        dueMs: due - start,
        latencyMs: performance.now() - due,
        ...(failure ? { failure } : {}),
      });
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...request.headers, 'content-type': 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => done(`response: ${error.message}`));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) done(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
          else if (!text.includes(request.expect) || text.includes('"errors"')) done(`body: ${text.slice(0, 200)}`);
          else done();
        });
      },
    );
    req.on('error', (error) => done(`request: ${error.message}`));
    req.end(request.body);
  });
}

async function run(job: RateJob): Promise<RateResult> {
  const url = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.maxSockets });
  const intervalMs = 1000 / job.rate;
  const total = Math.round(job.rate * job.seconds);
  const pending: Array<Promise<Outcome>> = [];
  /** How late the sender itself was in sending (its own lag, not the server's). */
  let worstSendLagMs = 0;
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    worstSendLagMs = Math.max(worstSendLagMs, performance.now() - due);
    const request = job.requests[i % job.requests.length] as RateJob['requests'][number];
    pending.push(send(agent, url, request, due, start, job.timeoutMs));
  }
  const outcomes = await Promise.all(pending);
  const wallSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  const failures: Record<string, number> = {};
  const examples: string[] = [];
  const byName: Record<string, number[]> = {};
  const worstBySecond: number[] = [];
  for (const outcome of outcomes) {
    const second = Math.floor(outcome.dueMs / 1000);
    worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, outcome.latencyMs);
    (byName[outcome.name] ??= []).push(outcome.latencyMs);
    if (outcome.failure) {
      failures[outcome.name] = (failures[outcome.name] ?? 0) + 1;
      if (examples.length < 5) examples.push(`${outcome.name}: ${outcome.failure}`);
    }
  }
  return {
    sent: total,
    wallSeconds,
    latenciesMs: outcomes.map((outcome) => outcome.latencyMs),
    latenciesByNameMs: byName,
    failures,
    failureExamples: examples,
    worstSendLagMs,
    worstBySecondMs: Array.from(worstBySecond, (ms) => Math.round(ms ?? 0)),
  };
}

serveJob(run);
