/**
 * (n) apikeys: what an API key costs as a request's credential at the gateway, against a session's
 * access token — the same `{ me { id email } }` of the same user, sent with either.
 *
 * - Under load: autocannon (section (a)'s settings, in a child process) with the session token and
 *   with the key, taking turns for several rounds in alternating order (token, key, key, token, ...),
 *   so a machine that gets busier hits both; each figure is the median of its rounds. Besides
 *   requests/s and p50/p99, the stack process's CPU per answered request (gateway and subgraphs share
 *   it here), the steadiest figure on a shared machine. Goal: the key's requests/s at least 1.0x the
 *   token's.
 * - One request at a time from a child process (api-keys-worker.ts, node:http over one kept-alive
 *   connection): the token, the key with its facts cached (warm) and the key right after
 *   `forgetApiKeyGrants(stack.runtime)` (cold: the gateway looks the key up in Postgres, the control
 *   index then the tenant's row, before its Redis round trip), in rotating order. The worker asks this
 *   process before every timed request, whatever the kind, and this process clears the cache before
 *   a cold one only, so the three kinds reach an equally idle stack. The stack runs in this process,
 *   so its gateway and subgraphs share one runtime and one cache: a cold request makes one lookup
 *   (the gateway's), and the user subgraph finds the key cached.
 *
 * Every answer must be HTTP 200 with `me.id` the user's and no `errors`; any other fails the run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateApiKeyDocument } from '@tradesage/client';
import { forgetApiKeyGrants } from '@tradesage/core';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { failedRequests, type LoadResult } from './load.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import type { StackBenchOptions } from './sessions.ts';
import { median, percentile, ratio } from './stats.ts';

export const API_KEYS_SETTINGS = {
  /** Load runs per credential (section (a)'s settings each), taking turns in alternating order. */
  apiKeysRounds: 4,
  /** The key's requests/s against the token's, at least. */
  apiKeysGoal: 1.0,
  apiKeysScope: 'users:read:self',
  /** Rounds of one request per kind, untimed, then timed. */
  apiKeysSequentialWarmup: 50,
  apiKeysSequentialRounds: 400,
} as const;

export const API_KEYS_QUERY = '{ me { id email } }';

/** The kinds timed one request at a time; `cold` is the key right after the cache is cleared. */
export const SEQUENTIAL_KINDS = ['token', 'key', 'cold'] as const;
export type SequentialKind = (typeof SEQUENTIAL_KINDS)[number];

/** The requests timed one after another (serialisable: it crosses to api-keys-worker.ts). */
export interface KeyTimingJob {
  readonly url: string;
  readonly body: string;
  readonly userId: string;
  readonly authorization: Readonly<Record<'token' | 'key', string>>;
  /** SEQUENTIAL_KINDS: one request of each per round, the order rotating by one every round. */
  readonly kinds: readonly SequentialKind[];
  readonly warmup: number;
  readonly rounds: number;
}

/** ms per timed request (send to last byte), per kind, in the order measured. */
export type KeyTimings = Record<SequentialKind, number[]>;

/** The worker asks before each request; `seq` pairs the answer with the question. */
export interface PrepareMessage {
  readonly prepare: SequentialKind;
  readonly seq: number;
}
export interface ReadyMessage {
  readonly ready: number;
}
type WorkerMessage = PrepareMessage | { ok: true; result: KeyTimings } | { ok: false; error: string };

/**
 * Forks api-keys-worker.ts with `job` and answers its questions: before each request it asks, and
 * `prepare` runs here (clearing the key cache for a cold one) before the worker is told to send.
 */
function runKeyTimings(job: KeyTimingJob, prepare: (kind: SequentialKind) => void): Promise<KeyTimings> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./api-keys-worker.ts', import.meta.url)), { serialization: 'json' });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      child.kill();
      reject(error);
    };
    child.on('message', (message: WorkerMessage) => {
      if ('prepare' in message) {
        try {
          prepare(message.prepare);
          child.send({ ready: message.seq } satisfies ReadyMessage);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
        }
        return;
      }
      if (settled) return;
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`timed key requests failed: ${message.error}`));
    });
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`timed key requests exited (${signal ?? code}) before reporting`)),
    );
    child.send(job);
  });
}

interface LoadSample {
  readonly load: LoadResult;
  /** This process's CPU (the stack: gateway and subgraphs) per answered request, warm-up included, µs. */
  readonly stackCpuMicros: number;
}

export async function runApiKeysBench(
  options: StackBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, login, measure, log } = options;
  const { runtime } = stack;
  const settings = API_KEYS_SETTINGS;

  const slug = benchSlug('apikeys');
  const user = { email: `keys@${slug}.example`, password: benchPassword() };
  const tenant = await provisionTenantWithUsers(runtime, {
    slug,
    name: 'API keys bench tenant',
    users: [{ ...user, role: 'trader' }],
  });
  await liftTenantRateLimits(runtime, tenant.id);
  const userId = tenant.userIds[0];
  if (userId === undefined) throw new Error('provisioning returned no user');
  // A fresh login is a recent sign-in, which creating a key requires.
  const token = await login(slug, user.email, user.password);
  const created = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: CreateApiKeyDocument.toString(),
      variables: {
        input: {
          name: 'bench',
          scopes: [settings.apiKeysScope],
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      },
    }),
  });
  const createdBody = (await created.json()) as {
    data?: { createApiKey?: { secret?: string; apiKey?: { id?: string } } } | null;
    errors?: unknown;
  };
  const secret = createdBody.data?.createApiKey?.secret;
  const keyId = createdBody.data?.createApiKey?.apiKey?.id;
  if (!created.ok || createdBody.errors !== undefined || typeof secret !== 'string' || typeof keyId !== 'string')
    throw new Error(`createApiKey: HTTP ${created.status} ${JSON.stringify(createdBody).slice(0, 500)}`);
  log(`tenant ${slug}: one trader, signed in; API key ${keyId} with scope ${settings.apiKeysScope}`);

  const authorization = { token: `Bearer ${token}`, key: `Bearer ${secret}` } as const;
  // The answer must be the user's own `me`: autocannon counts any other body as a mismatch.
  const expect = `"me":{"id":"${userId}"`;

  // Under load, in turns: token, key, key, token, ... (each run: 2 s warm-up + 8 s).
  const samples: Record<'token' | 'key', LoadSample[]> = { token: [], key: [] };
  for (let round = 0; round < settings.apiKeysRounds; round++) {
    const order = round % 2 === 0 ? (['token', 'key'] as const) : (['key', 'token'] as const);
    for (const which of order) {
      const cpu = process.cpuUsage();
      const load = await measure(
        `me, ${which === 'key' ? 'API key' : 'session token'}`,
        stack.gatewayUrl,
        { authorization: authorization[which] },
        API_KEYS_QUERY,
        expect,
      );
      const used = process.cpuUsage(cpu);
      const failed = failedRequests(load) + load.warmupFailed;
      if (failed > 0)
        throw new Error(
          `me with the ${which}: ${failed} answers were not the user's me (${JSON.stringify({ non2xx: load.non2xx, errors: load.errors, timeouts: load.timeouts, mismatches: load.mismatches, warmupFailed: load.warmupFailed })})`,
        );
      const stackCpuMicros = (used.user + used.system) / Math.max(1, load.totalRequests + load.warmupRequests);
      samples[which].push({ load, stackCpuMicros });
      log(`  ${which}: ${stackCpuMicros.toFixed(0)} µs stack CPU per request`);
    }
  }
  const pairedRatios = samples.key.map(
    (key, i) => key.load.requestsPerSecond / (samples.token[i] as LoadSample).load.requestsPerSecond,
  );
  log(`throughput key / token per round: ${pairedRatios.map((r) => `${r.toFixed(2)}x`).join(', ')}`);

  // One at a time: token, warm key, cold key, in rotating order.
  let forgotten = 0;
  const started = performance.now();
  const timings = await runKeyTimings(
    {
      url: stack.gatewayUrl,
      body: JSON.stringify({ query: API_KEYS_QUERY }),
      userId,
      authorization,
      kinds: SEQUENTIAL_KINDS,
      warmup: settings.apiKeysSequentialWarmup,
      rounds: settings.apiKeysSequentialRounds,
    },
    (kind) => {
      if (kind !== 'cold') return;
      forgetApiKeyGrants(runtime);
      forgotten++;
    },
  );
  const expectedCold = settings.apiKeysSequentialWarmup + settings.apiKeysSequentialRounds;
  if (forgotten !== expectedCold) throw new Error(`expected ${expectedCold} cache clearings, saw ${forgotten}`);
  const p = (list: readonly number[]) => ({ p50: percentile(list, 50), p99: percentile(list, 99) });
  const one = { token: p(timings.token), key: p(timings.key), cold: p(timings.cold) };
  for (const kind of SEQUENTIAL_KINDS)
    log(
      `one at a time, ${kind.padEnd(5)} p50 ${one[kind].p50.toFixed(2)} ms  p99 ${one[kind].p99.toFixed(2)} ms  (${timings[kind].length} timed)`,
    );
  log(`${settings.apiKeysSequentialRounds} rounds timed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const middle = (which: 'token' | 'key', pick: (s: LoadSample) => number): number => median(samples[which].map(pick));
  const loadRow = (figure: string, unit: string, pick: (s: LoadSample) => number): Row => {
    const value = middle('key', pick);
    const baseline = middle('token', pick);
    return {
      figure,
      value,
      unit,
      baselineLabel: 'the same with a session token',
      baseline,
      ratio: ratio(value, baseline),
    };
  };
  const row = (figure: string, value: number, baselineLabel: string, baseline: number | null, unit = 'ms'): Row => ({
    figure,
    value,
    unit,
    baselineLabel,
    baseline,
    ratio: ratio(value, baseline),
  });
  const rounds = `medians of ${settings.apiKeysRounds}`;
  const rows: Row[] = [
    loadRow(
      `me with an API key: throughput, ${rounds} (goal >= ${settings.apiKeysGoal.toFixed(1)}x)`,
      'req/s',
      (s) => s.load.requestsPerSecond,
    ),
    loadRow(`me with an API key: p50 latency under load, ${rounds}`, 'ms', (s) => s.load.latencyP50Ms),
    loadRow(`me with an API key: p99 latency under load, ${rounds}`, 'ms', (s) => s.load.latencyP99Ms),
    loadRow(`me with an API key: stack CPU per request, ${rounds}`, 'µs', (s) => s.stackCpuMicros),
    row('me with an API key, one at a time: p50', one.key.p50, 'the same with a session token', one.token.p50),
    row('me with an API key, one at a time: p99', one.key.p99, 'the same with a session token', one.token.p99),
    row('me with a cold API key (cache cleared before each): p50', one.cold.p50, 'the key cached', one.key.p50),
    row('me with a cold API key (cache cleared before each): p99', one.cold.p99, 'the key cached', one.key.p99),
    row('cold key lookup: p50 cold - p50 cached', one.cold.p50 - one.key.p50, '', null),
    row('cold key lookup: p99 cold - p99 cached', one.cold.p99 - one.key.p99, '', null),
  ];
  return {
    rows,
    details: {
      query: API_KEYS_QUERY,
      scope: settings.apiKeysScope,
      load: samples,
      throughputRatioPerRound: pairedRatios,
      oneAtATime: one,
      timings,
    },
  };
}
