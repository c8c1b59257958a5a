/**
 * (p) faults: the stack while its dependencies fail. The section runs its own redis-server
 * (`PrivateRedis`: frozen with SIGSTOP, killed, restarted) and puts Postgres and Redis behind TCP
 * proxies it can cut (`CuttableProxy`), both from @tradesage/core/testing. Instance A of one
 * deployment serves a steady `me` load from a few closed-loop clients through every phase; a second
 * instance B of the same deployment joins for the window between instances.
 *
 * 1. `me` with Redis healthy (the baseline), frozen (the requests sent before the breaker opened,
 *    then the rest, against the requirement that a detected stall costs at most 100 ms), after the
 *    thaw, and killed.
 * 2. From the thaw, and from the restart after the kill, until Redis is trusted again.
 * 3. `me` while Postgres is cut off, and from heal() to the first 200.
 * 4. A cut off from Redis, B still reaching it: from A's answer to a revocation until B refuses
 *    the revoked session, and how many times B served it meanwhile (goal: never).
 *
 * Everything the section starts is registered in run.ts's undo list (so Ctrl-C stops it too) and
 * stopped in a `finally`, on success and on failure alike.
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { RevokeSessionDocument } from '@tradesage/client';
import { loadConfig, OUTBOX_POLL_MS, tenantKey, type BreakerState, type Runtime } from '@tradesage/core';
import { CuttableProxy, PrivateRedis } from '@tradesage/core/testing';
import { createTestDatabase } from '@tradesage/prisma/testing';
import { startStack, type RunningStack } from '@tradesage/stack';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { loadAverage } from './edge-support.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';

export const FAULTS_SETTINGS = {
  /** Closed-loop clients sending `me` to instance A, each one request at a time. */
  faultClients: 4,
  /** Healthy load before the baseline is measured (discarded). */
  faultWarmupSeconds: 2,
  /** How long each phase is measured (the baseline, the freeze after detection, after the thaw, the kill, the database outage). */
  faultPhaseSeconds: 6,
  /** Revocations through A timed until B refuses the session. */
  windowTrials: 50,
  /** Longest wait for a breaker, the cache's trust or a first good answer; past it the figure is "not seen". */
  faultRecoveryCapSeconds: 30,
} as const;

/** The requirement: once a stall is detected, it costs a request at most this much. */
const STALL_REQUIREMENT_MS = 100;
/** The requirement: B refuses a session revoked through A within this. */
const WINDOW_REQUIREMENT_MS = 1_000;
/** How long B is polled for the revoked session before the trial counts it as never refused. */
const WINDOW_POLL_CAP_MS = 5_000;
/** A request answered by nothing within this is counted as a timeout. */
const REQUEST_TIMEOUT_MS = 20_000;
/** The channel control.notify_cache_outbox() notifies on every outbox insert (prisma/migrations/control/0007). */
const OUTBOX_CHANNEL = 'tradesage_cache_outbox';

const ME_BODY = JSON.stringify({ query: '{ me { id email } }' });
const ME_EXPECT = '"me":{';
const LOGIN_QUERY =
  'mutation Login($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken } } }';
/** One user agent for every request, sign-ins included: a changed one is recorded in the background. */
const USER_AGENT = 'tradesage-bench-faults';
const OK = '200 ok';

export interface FaultsBenchOptions {
  /** Admin connection: the section's database is created beside it and dropped at the end. */
  readonly adminUrl: string;
  /** The bench's stack configuration for a database and a signing-keys folder (run.ts's benchEnv). */
  readonly env: (databaseUrl: string, keysDir: string) => Record<string, string>;
  /** run.ts's undo list: every resource is registered there, so Ctrl-C and failures clean up. */
  readonly undo: Array<{ what: string; run: () => Promise<unknown> }>;
  readonly log: (line: string) => void;
}

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly retryAfter: string | undefined;
}

function post(agent: http.Agent, url: string, headers: Record<string, string>, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: response.headers['retry-after'],
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function errorCode(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    const code = body.errors?.[0]?.extensions?.code;
    return typeof code === 'string' ? code : 'no error code';
  } catch {
    return 'not JSON';
  }
}

/** What an answer was, as counted: `200 ok`, or its status, first error code and Retry-After. */
function outcomeOf(reply: Reply, expect: string): string {
  if (reply.status === 200 && reply.text.includes(expect) && !reply.text.includes('"errors"')) return OK;
  const retryAfter = reply.retryAfter === undefined ? 'no Retry-After' : `Retry-After ${reply.retryAfter}`;
  return `${reply.status} ${errorCode(reply.text)} (${retryAfter})`;
}

function transportOutcome(error: unknown): string {
  const { name, code } = error as NodeJS.ErrnoException;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : `transport ${code ?? name}`;
}

/** One answer of the load: when it was sent (ms from the section's start), how long it took, what it was. */
interface Answer {
  readonly sentMs: number;
  readonly answeredMs: number;
  readonly ms: number;
  readonly outcome: string;
}

/**
 * `clients` clients each sending `me` one after another, as long as it runs; every answer is kept.
 * In the bench's process (the stacks' process too): its cost is the same in every phase.
 */
class ClosedLoop {
  readonly answers: Answer[] = [];
  readonly #agent: http.Agent;
  readonly #lanes: Array<Promise<void>>;
  #running = true;

  constructor(
    url: string,
    headers: Record<string, string>,
    clients: number,
    private readonly zero: number,
  ) {
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    this.#lanes = Array.from({ length: clients }, () => this.#lane(url, headers));
  }

  async #lane(url: string, headers: Record<string, string>): Promise<void> {
    while (this.#running) {
      const sent = performance.now();
      let outcome: string;
      try {
        outcome = outcomeOf(await post(this.#agent, url, headers, ME_BODY), ME_EXPECT);
      } catch (error) {
        outcome = transportOutcome(error);
      }
      const answered = performance.now();
      this.answers.push({ sentMs: sent - this.zero, answeredMs: answered - this.zero, ms: answered - sent, outcome });
      // A refused connection fails at once: do not spin.
      if (outcome.startsWith('transport')) await sleep(5);
    }
  }

  sentIn(fromMs: number, toMs: number): Answer[] {
    return this.answers.filter((answer) => answer.sentMs >= fromMs && answer.sentMs < toMs);
  }

  /** The first good answer that arrived at or after `answeredFromMs` and was sent at or after `sentFromMs`. */
  firstOk(answeredFromMs: number, sentFromMs = -Infinity): Answer | undefined {
    let found: Answer | undefined;
    // Answers are kept in the order they arrived: walk back only over those that came since.
    for (let i = this.answers.length - 1; i >= 0; i--) {
      const answer = this.answers[i] as Answer;
      if (answer.answeredMs < answeredFromMs) break;
      if (answer.outcome === OK && answer.sentMs >= sentFromMs) found = answer;
    }
    return found;
  }

  /** Idempotent: the normal path and the section's cleanup both call it. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#lanes);
    this.#agent.destroy();
  }
}

interface Snapshot {
  readonly atMs: number;
  readonly redis: BreakerState;
  readonly postgres: BreakerState;
  /** `runtime.cache.epoch !== null`: Redis's cached entries are believed. */
  readonly trusted: boolean;
}

/**
 * The states of one instance's two breakers and of its trust in Redis, with the moments they
 * changed: read through their public getters every millisecond and on every breaker transition
 * (`onStateChange`), nothing inside them changed.
 */
class DependencyWatch {
  readonly log: Snapshot[] = [];
  readonly #timer: NodeJS.Timeout;
  readonly #unsubscribe: Array<() => void>;

  constructor(
    private readonly runtime: Runtime,
    private readonly zero: number,
  ) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 1);
    this.#unsubscribe = [
      runtime.dependencies.redis.onStateChange(() => this.#sample()),
      runtime.dependencies.postgres.onStateChange(() => this.#sample()),
    ];
  }

  get now(): Snapshot {
    this.#sample();
    return this.log.at(-1) as Snapshot;
  }

  #sample(): void {
    const { dependencies, cache } = this.runtime;
    const snapshot: Snapshot = {
      atMs: performance.now() - this.zero,
      redis: dependencies.redis.state,
      postgres: dependencies.postgres.state,
      trusted: cache.epoch !== null,
    };
    const last = this.log.at(-1);
    if (
      last === undefined ||
      last.redis !== snapshot.redis ||
      last.postgres !== snapshot.postgres ||
      last.trusted !== snapshot.trusted
    )
      this.log.push(snapshot);
  }

  /** The first moment at or after `fromMs` (ms from the section's start) when `holds` was true. */
  firstAt(fromMs: number, holds: (snapshot: Snapshot) => boolean): number | undefined {
    const current = this.log.filter((snapshot) => snapshot.atMs <= fromMs).at(-1);
    if (current !== undefined && holds(current)) return fromMs;
    return this.log.find((snapshot) => snapshot.atMs > fromMs && holds(snapshot))?.atMs;
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}

/** Waits until `condition` holds, at most `timeoutMs`; false when it never did. */
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

const pct = (samples: readonly number[], p: number): number => (samples.length > 0 ? percentile(samples, p) : NaN);
const fmt = (ms: number | undefined): string =>
  ms === undefined || Number.isNaN(ms) ? 'not seen' : `${ms.toFixed(1)} ms`;

interface PhaseFigures {
  readonly answers: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers by outcome (`200 ok`, `503 SERVICE_UNAVAILABLE, Retry-After 1`, `timeout`, ...). */
  readonly outcomes: Record<string, number>;
  /** Every answer: [sent, ms from the section's start; latency, ms; outcome]. */
  readonly samples: Array<[number, number, string]>;
}

function figuresOf(answers: readonly Answer[], seconds: number): PhaseFigures {
  const latencies = answers.map((answer) => answer.ms);
  const outcomes: Record<string, number> = {};
  for (const answer of answers) outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
  return {
    answers: answers.length,
    perSecond: seconds > 0 ? answers.length / seconds : NaN,
    p50Ms: pct(latencies, 50),
    p99Ms: pct(latencies, 99),
    maxMs: latencies.length > 0 ? Math.max(...latencies) : NaN,
    outcomes,
    samples: answers.map((a) => [Math.round(a.sentMs * 10) / 10, Math.round(a.ms * 100) / 100, a.outcome]),
  };
}

const outcomeList = (outcomes: Record<string, number>): string =>
  Object.entries(outcomes)
    .sort(([, x], [, y]) => y - x)
    .map(([outcome, n]) => `${n} × ${outcome}`)
    .join(', ') || 'none';

const notOk = (figures: PhaseFigures): number => figures.answers - (figures.outcomes[OK] ?? 0);

/** A row; a value never seen (a breaker that did not open, a recovery past the cap) is NaN and says so. */
function row(
  figure: string,
  value: number | undefined,
  unit: string,
  baselineLabel = '',
  baseline: number | null = null,
): Row {
  if (value === undefined || Number.isNaN(value))
    return { figure: `${figure} (not seen)`, value: NaN, unit, baselineLabel, baseline, ratio: null };
  return { figure, value, unit, baselineLabel, baseline, ratio: ratio(value, baseline) };
}

/** p50 and p99 against the healthy baseline's, and the answers by outcome. */
function phaseRows(label: string, figures: PhaseFigures, healthy: PhaseFigures | undefined): Row[] {
  const against = healthy ? 'Redis healthy' : '';
  return [
    row(`${label}: p50`, figures.p50Ms, 'ms', against, healthy?.p50Ms ?? null),
    row(`${label}: p99`, figures.p99Ms, 'ms', against, healthy?.p99Ms ?? null),
    row(
      `${label}: answers not 200 ok, of ${figures.answers} [${outcomeList(figures.outcomes)}]`,
      notOk(figures),
      'errors',
    ),
  ];
}

/** The same phase after detection: p50 against healthy, p99 and the slowest against the 100 ms requirement. */
function stallRows(label: string, figures: PhaseFigures, healthy: PhaseFigures): Row[] {
  return [
    row(`${label}: p50`, figures.p50Ms, 'ms', 'Redis healthy', healthy.p50Ms),
    row(`${label}: p99`, figures.p99Ms, 'ms', 'requirement', STALL_REQUIREMENT_MS),
    row(`${label}: slowest`, figures.maxMs, 'ms', 'requirement', STALL_REQUIREMENT_MS),
    row(
      `${label}: answers not 200 ok, of ${figures.answers} [${outcomeList(figures.outcomes)}]`,
      notOk(figures),
      'errors',
    ),
  ];
}

const sessionIdOf = (accessToken: string): string => {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sid?: unknown;
  };
  if (typeof payload.sid !== 'string') throw new Error('access token without sid');
  return payload.sid;
};

async function login(agent: http.Agent, url: string, tenant: string, email: string, password: string): Promise<string> {
  const reply = await post(
    agent,
    url,
    {},
    JSON.stringify({ query: LOGIN_QUERY, variables: { input: { tenant, email, password } } }),
  );
  const token = (JSON.parse(reply.text) as { data?: { login?: { accessToken?: unknown } } }).data?.login?.accessToken;
  if (reply.status !== 200 || typeof token !== 'string')
    throw new Error(`login of ${email} failed: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  return token;
}

/** Recovery after a Redis fault: from `fromMs` to the breaker closed, Redis trusted, and the first 200 sent under trust. */
interface Recovery {
  readonly breakerClosedMs: number | undefined;
  readonly trustedMs: number | undefined;
  readonly firstTrustedOkMs: number | undefined;
}

async function awaitRecovery(
  watch: DependencyWatch,
  load: ClosedLoop,
  fromMs: number,
  at: () => number,
  capMs: number,
): Promise<Recovery> {
  const trusted = (s: Snapshot) => s.redis === 'closed' && s.trusted;
  await until(() => watch.firstAt(fromMs, trusted) !== undefined, capMs);
  const trustedAt = watch.firstAt(fromMs, trusted);
  const first = () => (trustedAt === undefined ? undefined : load.firstOk(trustedAt, trustedAt));
  if (trustedAt !== undefined) await until(() => first() !== undefined, Math.max(0, fromMs + capMs - at()));
  const since = (moment: number | undefined) => (moment === undefined ? undefined : moment - fromMs);
  return {
    breakerClosedMs: since(watch.firstAt(fromMs, (s) => s.redis === 'closed')),
    trustedMs: since(trustedAt),
    firstTrustedOkMs: since(first()?.answeredMs),
  };
}

function recoveryRows(what: string, recovery: Recovery, resetMs: number): Row[] {
  const baseline = 'breaker probe interval';
  return [
    row(`${what} → Redis breaker closed`, recovery.breakerClosedMs, 'ms', baseline, resetMs),
    row(`${what} → Redis trusted again (epoch set)`, recovery.trustedMs, 'ms', baseline, resetMs),
    row(`${what} → first 200 sent with Redis trusted`, recovery.firstTrustedOkMs, 'ms', baseline, resetMs),
  ];
}

/** One revocation through A, timed until B refuses the session. */
interface WindowTrial {
  /** A's revocation: sent → answered, ms. */
  readonly revokeMs: number;
  /** A's answer → B's first 401 for the session, ms (undefined: B never refused within the poll cap). */
  readonly windowMs: number | undefined;
  /** B's 200s for the revoked session, each sent after A's answer arrived (goal: 0). */
  readonly staleOks: number;
  /** B's other answers meanwhile (neither 200 ok nor 401), by outcome. */
  readonly otherAnswers: Record<string, number>;
  /** Requests B answered until its first 401. */
  readonly polls: number;
  /** The outbox notification reached the bench's own listener: ms after the revocation was sent. */
  readonly notifiedMs: number | undefined;
  /** B stopped trusting Redis: ms after that notification (undefined: not seen). */
  readonly distrustAfterNotifyMs: number | undefined;
  /** B stopped trusting Redis, relative to A's answer (negative: before it arrived). */
  readonly distrustVsAnswerMs: number | undefined;
  /** B trusted Redis when the revocation was sent, and Redis held the session's active copy. */
  readonly bTrustedAtSend: boolean;
  readonly copyCachedAtSend: boolean;
}

export async function runFaultsBench(
  options: FaultsBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { undo, log } = options;
  const mark = undo.length;
  try {
    return await measureFaults(options);
  } finally {
    // Everything this section started, newest first, whether it succeeded or not.
    while (undo.length > mark) {
      const step = undo.pop();
      if (!step) break;
      try {
        await step.run();
      } catch (error) {
        log(`cleanup: ${step.what} failed: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    }
  }
}

async function measureFaults(options: FaultsBenchOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { undo, log } = options;
  const settings = FAULTS_SETTINGS;
  const capMs = settings.faultRecoveryCapSeconds * 1000;
  const phaseMs = settings.faultPhaseSeconds * 1000;
  const loadBefore = loadAverage();
  log(`load average (1, 5, 15 min) before: ${loadBefore}`);

  // The database (created beside the admin URL, reached through a proxy) and Redis (of our own).
  const database = await createTestDatabase('tradesage_bench', options.adminUrl);
  undo.push({ what: `drop database ${database.name}`, run: () => database.drop() });
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-keys-'));
  undo.push({ what: 'remove the signing keys folder', run: () => rm(keysDir, { recursive: true, force: true }) });
  const redis = await PrivateRedis.start();
  undo.push({ what: 'stop the private redis-server', run: () => redis.dispose() });
  let frozen = false;
  const redisProxyA = await CuttableProxy.start(redis.port);
  undo.push({ what: "close A's Redis proxy", run: () => redisProxyA.close() });
  const redisProxyB = await CuttableProxy.start(redis.port);
  undo.push({ what: "close B's Redis proxy", run: () => redisProxyB.close() });
  const databaseUrl = new URL(database.connectionString);
  if (!['127.0.0.1', 'localhost'].includes(databaseUrl.hostname))
    throw new Error(
      `the faults section cuts Postgres with a proxy on 127.0.0.1: BENCH_POSTGRES_URL must be local, not ${databaseUrl.hostname}`,
    );
  const postgresProxy = await CuttableProxy.start(Number(databaseUrl.port || 5432));
  undo.push({ what: 'close the Postgres proxy', run: () => postgresProxy.close() });
  databaseUrl.hostname = '127.0.0.1';
  databaseUrl.port = String(postgresProxy.port);
  // A stack is stopped with its dependencies back: a failure mid-phase leaves none cut or frozen.
  const restore = {
    what: 'restore Postgres and Redis before stopping a stack',
    run: async () => {
      postgresProxy.heal();
      redisProxyA.heal();
      if (frozen) await redis.thaw();
      frozen = false;
    },
  };

  const env = {
    ...options.env(databaseUrl.toString(), keysDir),
    REDIS_URL: redisProxyA.url,
    REDIS_KEY_PREFIX: `bench-faults:${crypto.randomBytes(4).toString('hex')}:`,
  };
  const config = loadConfig(env);
  const a = await startStack(config, { ephemeralPorts: true });
  undo.push({ what: 'stop instance A', run: () => a.stop() });
  undo.push(restore);
  const { timeoutMs: redisTimeoutMs, breakerResetMs: redisResetMs } = config.dependencies.redis;
  const postgresResetMs = config.dependencies.postgres.breakerResetMs;
  log(
    `instance A ${a.gatewayUrl}; redis-server ${redis.url} (A through ${redisProxyA.url}); Postgres through 127.0.0.1:${postgresProxy.port}; ` +
      `REDIS_TIMEOUT_MS ${redisTimeoutMs}, REDIS_BREAKER_RESET_MS ${redisResetMs}, DB_BREAKER_RESET_MS ${postgresResetMs}`,
  );

  const slug = benchSlug('faults');
  const admin = { email: 'admin@faults.example', password: benchPassword() };
  const trader = { email: 'trader@faults.example', password: benchPassword() };
  const tenant = await provisionTenantWithUsers(a.runtime, {
    slug,
    name: 'Faults bench tenant',
    users: [
      { ...admin, role: 'admin' },
      { ...trader, role: 'trader' },
    ],
  });
  await liftTenantRateLimits(a.runtime, tenant.id);
  const agentA = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const agentB = new http.Agent({ keepAlive: true, maxSockets: 1 });
  undo.push({
    what: 'close the timing connections',
    run: async () => {
      agentA.destroy();
      agentB.destroy();
    },
  });
  const traderToken = await login(agentA, a.gatewayUrl, slug, trader.email, trader.password);

  const zero = performance.now();
  const at = () => performance.now() - zero;
  const watchA = new DependencyWatch(a.runtime, zero);
  undo.push({ what: "stop watching A's dependencies", run: async () => watchA.stop() });
  if (!(await until(() => watchA.now.trusted, capMs))) throw new Error('instance A never trusted Redis at start');

  // 1. Redis healthy: the baseline.
  const load = new ClosedLoop(a.gatewayUrl, { authorization: `Bearer ${traderToken}` }, settings.faultClients, zero);
  undo.push({ what: 'stop the load', run: () => load.stop() });
  await sleep(settings.faultWarmupSeconds * 1000);
  const healthyFrom = at();
  await sleep(phaseMs);
  const healthy = figuresOf(load.sentIn(healthyFrom, at()), phaseMs / 1000);
  log(
    `Redis healthy: p50 ${fmt(healthy.p50Ms)} p99 ${fmt(healthy.p99Ms)}, ${healthy.perSecond.toFixed(0)} answers/s [${outcomeList(healthy.outcomes)}]`,
  );

  // 1. Redis frozen (SIGSTOP): detection until the breaker opens, then the rest of the phase.
  const frozenAt = at();
  frozen = true;
  await redis.freeze();
  await until(() => watchA.firstAt(frozenAt, (s) => s.redis === 'open') !== undefined, capMs);
  const freezeOpenedAt = watchA.firstAt(frozenAt, (s) => s.redis === 'open');
  await sleep(phaseMs);
  const thawAt = at();
  await redis.thaw();
  frozen = false;
  const freezeDetection = figuresOf(
    load.sentIn(frozenAt, freezeOpenedAt ?? thawAt),
    ((freezeOpenedAt ?? thawAt) - frozenAt) / 1000,
  );
  const freezeAfter = figuresOf(
    load.sentIn(freezeOpenedAt ?? thawAt, thawAt),
    (thawAt - (freezeOpenedAt ?? thawAt)) / 1000,
  );
  // The strict reading of "after the first detection": from the first answer that met the frozen
  // server (it waited out a deadline) until the breaker opened.
  const firstStalledAt = load.answers.find((answer) => answer.sentMs >= frozenAt)?.answeredMs ?? thawAt;
  const freezeStalled = figuresOf(
    load.sentIn(firstStalledAt, freezeOpenedAt ?? thawAt),
    ((freezeOpenedAt ?? thawAt) - firstStalledAt) / 1000,
  );
  log(
    `Redis frozen: breaker open after ${fmt(freezeOpenedAt === undefined ? undefined : freezeOpenedAt - frozenAt)}; ` +
      `${freezeDetection.answers} requests sent before (p50 ${fmt(freezeDetection.p50Ms)} p99 ${fmt(freezeDetection.p99Ms)}) [${outcomeList(freezeDetection.outcomes)}]; ` +
      `after: p50 ${fmt(freezeAfter.p50Ms)} p99 ${fmt(freezeAfter.p99Ms)} slowest ${fmt(freezeAfter.maxMs)} [${outcomeList(freezeAfter.outcomes)}]`,
  );

  // 2. From the thaw until Redis is trusted again; then 1. after the thaw.
  const thawRecovery = await awaitRecovery(watchA, load, thawAt, at, capMs);
  const thawRecovered = at();
  log(
    `thawed: breaker closed after ${fmt(thawRecovery.breakerClosedMs)}, Redis trusted after ${fmt(thawRecovery.trustedMs)}, ` +
      `first 200 sent under trust answered after ${fmt(thawRecovery.firstTrustedOkMs)}`,
  );
  const afterThawFrom = at();
  await sleep(phaseMs);
  const afterThawTo = at();
  const afterThaw = figuresOf(load.sentIn(afterThawFrom, afterThawTo), phaseMs / 1000);
  log(`after the thaw: p50 ${fmt(afterThaw.p50Ms)} p99 ${fmt(afterThaw.p99Ms)} [${outcomeList(afterThaw.outcomes)}]`);

  // 1. Redis killed (SIGKILL), then 2. restarted empty.
  const killAt = at();
  await redis.kill();
  await until(() => watchA.firstAt(killAt, (s) => s.redis === 'open') !== undefined, capMs);
  const killOpenedAt = watchA.firstAt(killAt, (s) => s.redis === 'open');
  await sleep(phaseMs);
  const restartAt = at();
  await redis.restart();
  const restartedAt = at();
  const killDetection = figuresOf(
    load.sentIn(killAt, killOpenedAt ?? restartAt),
    ((killOpenedAt ?? restartAt) - killAt) / 1000,
  );
  const killAfter = figuresOf(
    load.sentIn(killOpenedAt ?? restartAt, restartAt),
    (restartAt - (killOpenedAt ?? restartAt)) / 1000,
  );
  log(
    `Redis killed: breaker open after ${fmt(killOpenedAt === undefined ? undefined : killOpenedAt - killAt)}; ` +
      `${killDetection.answers} requests sent before (p99 ${fmt(killDetection.p99Ms)}) [${outcomeList(killDetection.outcomes)}]; ` +
      `after: p50 ${fmt(killAfter.p50Ms)} p99 ${fmt(killAfter.p99Ms)} slowest ${fmt(killAfter.maxMs)} [${outcomeList(killAfter.outcomes)}]`,
  );
  const restartRecovery = await awaitRecovery(watchA, load, restartedAt, at, capMs);
  log(
    `restarted (redis-server answering ${fmt(restartedAt - restartAt)} after restart() was called): breaker closed after ${fmt(restartRecovery.breakerClosedMs)}, ` +
      `Redis trusted after ${fmt(restartRecovery.trustedMs)}, first 200 sent under trust answered after ${fmt(restartRecovery.firstTrustedOkMs)}`,
  );
  const restartRecovered = at();

  // 3. Postgres cut off (the proxy destroys its connections and refuses new ones), then healed.
  const cutAt = at();
  postgresProxy.partition();
  await sleep(phaseMs);
  const healAt = at();
  postgresProxy.heal();
  await until(() => load.firstOk(healAt) !== undefined, capMs);
  const firstAfterHeal = load.firstOk(healAt);
  const healedMs = firstAfterHeal === undefined ? undefined : firstAfterHeal.answeredMs - healAt;
  const outage = figuresOf(load.sentIn(cutAt, healAt), phaseMs / 1000);
  const postgresOpenedAt = watchA.firstAt(cutAt, (s) => s.postgres === 'open');
  log(
    `Postgres cut off: p50 ${fmt(outage.p50Ms)} p99 ${fmt(outage.p99Ms)} [${outcomeList(outage.outcomes)}]; ` +
      `Postgres breaker open after ${fmt(postgresOpenedAt === undefined || postgresOpenedAt > healAt ? undefined : postgresOpenedAt - cutAt)}; ` +
      `healed: first 200 after ${fmt(healedMs)}`,
  );
  await until(() => watchA.now.trusted && watchA.now.postgres === 'closed', capMs);
  const loadEnd = at();
  await load.stop();
  const afterHeal = figuresOf(load.sentIn(healAt, loadEnd), (loadEnd - healAt) / 1000);

  // 4. The window between instances: A cut off from Redis, B reaching it.
  const b: RunningStack = await startStack(loadConfig({ ...env, REDIS_URL: redisProxyB.url }), {
    ephemeralPorts: true,
  });
  undo.push({ what: 'stop instance B', run: () => b.stop() });
  undo.push(restore);
  const watchB = new DependencyWatch(b.runtime, zero);
  undo.push({ what: "stop watching B's dependencies", run: async () => watchB.stop() });
  const notifications: number[] = [];
  const listener = new pg.Client({ connectionString: database.connectionString });
  undo.push({ what: 'close the outbox listener', run: () => listener.end() });
  listener.on('error', (error) => log(`outbox listener: ${error.message}`));
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.payload === 'revocation_outbox') notifications.push(at());
  });
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  const direct = redis.client(config.redisKeyPrefix);
  const adminToken = await login(agentA, a.gatewayUrl, slug, admin.email, admin.password);
  const adminHeaders = { authorization: `Bearer ${adminToken}` };
  if (!(await until(() => watchB.now.trusted, capMs))) throw new Error('instance B never trusted Redis');
  redisProxyA.partition();
  // A finds out (its connection is gone; its own requests open its breaker): as after a real cut.
  for (let i = 0; i < 10; i++) await post(agentA, a.gatewayUrl, adminHeaders, ME_BODY);
  await sleep(1_500);
  log(
    `window: A cut off from Redis (A's breaker ${watchA.now.redis}, trusted ${watchA.now.trusted}); B trusts Redis: ${watchB.now.trusted}`,
  );

  const trials: WindowTrial[] = [];
  let bUntrustedWaits = 0;
  for (let trial = 0; trial < settings.windowTrials; trial++) {
    const victim = await login(agentB, b.gatewayUrl, slug, admin.email, admin.password);
    const sessionId = sessionIdOf(victim);
    const victimHeaders = { authorization: `Bearer ${victim}` };
    // Warm: B caches the session's active copy, which needs B to trust Redis while it reads.
    for (let attempt = 0; ; attempt++) {
      if (!watchB.now.trusted) {
        bUntrustedWaits += 1;
        if (!(await until(() => watchB.now.trusted, capMs)))
          throw new Error('instance B stopped trusting Redis for good');
      }
      for (let i = 0; i < 2; i++) {
        const reply = await post(agentB, b.gatewayUrl, victimHeaders, ME_BODY);
        if (outcomeOf(reply, ME_EXPECT) !== OK)
          throw new Error(`victim's me on B: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
      }
      if (watchB.now.trusted || attempt === 5) break;
    }
    const copy = await direct.get(tenantKey(tenant.id, 'sess', sessionId));
    const bTrustedAtSend = watchB.now.trusted;
    const sentAt = at();
    const revoked = await post(
      agentA,
      a.gatewayUrl,
      adminHeaders,
      JSON.stringify({ query: RevokeSessionDocument.toString(), variables: { id: sessionId } }),
    );
    const answeredAt = at();
    if (revoked.status !== 200 || revoked.text.includes('"errors"') || !revoked.text.includes('revokedAt'))
      throw new Error(`revokeSession through A: HTTP ${revoked.status} ${revoked.text.slice(0, 300)}`);
    let staleOks = 0;
    let polls = 0;
    let refusedAt: number | undefined;
    const otherAnswers: Record<string, number> = {};
    while (at() - answeredAt < WINDOW_POLL_CAP_MS) {
      let outcome: string;
      let status = 0;
      try {
        const reply = await post(agentB, b.gatewayUrl, victimHeaders, ME_BODY);
        status = reply.status;
        outcome = outcomeOf(reply, ME_EXPECT);
      } catch (error) {
        outcome = transportOutcome(error);
      }
      polls += 1;
      if (outcome === OK) staleOks += 1;
      else if (status === 401) {
        refusedAt = at();
        break;
      } else otherAnswers[outcome] = (otherAnswers[outcome] ?? 0) + 1;
    }
    const notifiedAt = notifications.find((t) => t >= sentAt);
    const distrustAt = watchB.firstAt(sentAt, (s) => !s.trusted);
    trials.push({
      revokeMs: answeredAt - sentAt,
      windowMs: refusedAt === undefined ? undefined : refusedAt - answeredAt,
      staleOks,
      otherAnswers,
      polls,
      notifiedMs: notifiedAt === undefined ? undefined : notifiedAt - sentAt,
      distrustAfterNotifyMs: notifiedAt === undefined || distrustAt === undefined ? undefined : distrustAt - notifiedAt,
      distrustVsAnswerMs: distrustAt === undefined ? undefined : distrustAt - answeredAt,
      bTrustedAtSend,
      copyCachedAtSend: copy !== null && copy !== 'revoked',
    });
  }
  redisProxyA.heal();

  const defined = (values: Array<number | undefined>): number[] => values.filter((v): v is number => v !== undefined);
  const windows = defined(trials.map((t) => t.windowMs));
  const neverRefused = trials.length - windows.length;
  const staleOks = trials.reduce((sum, t) => sum + t.staleOks, 0);
  const trialsWithStale = trials.filter((t) => t.staleOks > 0).length;
  const notifyToDistrust = defined(trials.map((t) => t.distrustAfterNotifyMs));
  const distrustVsAnswer = defined(trials.map((t) => t.distrustVsAnswerMs));
  const valid = trials.filter((t) => t.bTrustedAtSend && t.copyCachedAtSend).length;
  log(
    `window, ${trials.length} trials (${valid} with B trusting Redis and the active copy cached when the revocation was sent): ` +
      `B's 200s after A answered ${staleOks} (in ${trialsWithStale} trials); A's answer → B's 401 p50 ${fmt(pct(windows, 50))} p99 ${fmt(pct(windows, 99))} max ${fmt(windows.length > 0 ? Math.max(...windows) : NaN)}` +
      `${neverRefused > 0 ? `; ${neverRefused} never refused within ${WINDOW_POLL_CAP_MS} ms` : ''}; ` +
      `outbox notification → B distrusts p50 ${fmt(pct(notifyToDistrust, 50))} p99 ${fmt(pct(notifyToDistrust, 99))}; ` +
      `B distrusts relative to A's answer p50 ${fmt(pct(distrustVsAnswer, 50))} max ${fmt(distrustVsAnswer.length > 0 ? Math.max(...distrustVsAnswer) : NaN)}`,
  );
  const loadAfter = loadAverage();
  log(`load average after: ${loadAfter}`);

  const freezeDetectMs = freezeOpenedAt === undefined ? undefined : freezeOpenedAt - frozenAt;
  const killDetectMs = killOpenedAt === undefined ? undefined : killOpenedAt - killAt;
  const postgresDetectMs =
    postgresOpenedAt === undefined || postgresOpenedAt > healAt ? undefined : postgresOpenedAt - cutAt;
  const rows: Row[] = [
    ...phaseRows('me, Redis healthy (baseline)', healthy, undefined),
    row("Redis frozen → A's Redis breaker open", freezeDetectMs, 'ms', 'command deadline', redisTimeoutMs),
    ...phaseRows(`me, Redis frozen, sent before the breaker opened (detection)`, freezeDetection, healthy),
    row(
      `me, Redis frozen, sent after the first stalled answer until the breaker opened (${freezeStalled.answers} in ${(((freezeOpenedAt ?? thawAt) - firstStalledAt) / 1000).toFixed(1)} s): p99`,
      freezeStalled.p99Ms,
      'ms',
      'requirement',
      STALL_REQUIREMENT_MS,
    ),
    ...stallRows('me, Redis frozen, after detection', freezeAfter, healthy),
    ...recoveryRows('Redis thawed', thawRecovery, redisResetMs),
    ...phaseRows('me, after the thaw (Redis trusted again)', afterThaw, healthy),
    row("Redis killed → A's Redis breaker open", killDetectMs, 'ms', 'command deadline', redisTimeoutMs),
    ...phaseRows('me, Redis killed, sent before the breaker opened (detection)', killDetection, healthy),
    ...stallRows('me, Redis killed, after detection', killAfter, healthy),
    ...recoveryRows('Redis restarted (empty)', restartRecovery, redisResetMs),
    row(
      `Postgres cut off → A's Postgres breaker open (within the ${settings.faultPhaseSeconds} s outage)`,
      postgresDetectMs,
      'ms',
    ),
    ...phaseRows('me, Postgres cut off', outage, healthy),
    row('Postgres healed → first 200', healedMs, 'ms', 'Postgres breaker probe interval', postgresResetMs),
    row(
      `window: B's 200s for a session revoked through A, sent after A answered (${trials.length} trials; goal 0)`,
      staleOks,
      'errors',
    ),
    row(
      `window: A's revocation answer → B's first 401, p50`,
      pct(windows, 50),
      'ms',
      'requirement',
      WINDOW_REQUIREMENT_MS,
    ),
    row(
      `window: A's revocation answer → B's first 401, p99`,
      pct(windows, 99),
      'ms',
      'requirement',
      WINDOW_REQUIREMENT_MS,
    ),
    row(
      `window: A's revocation answer → B's first 401, slowest${neverRefused > 0 ? ` (${neverRefused} never refused)` : ''}`,
      windows.length > 0 ? Math.max(...windows) : NaN,
      'ms',
      'requirement',
      WINDOW_REQUIREMENT_MS,
    ),
    row(
      'window: outbox notification → B stops trusting Redis, p50',
      pct(notifyToDistrust, 50),
      'ms',
      'outbox poll',
      OUTBOX_POLL_MS,
    ),
    row(
      'window: outbox notification → B stops trusting Redis, p99',
      pct(notifyToDistrust, 99),
      'ms',
      'outbox poll',
      OUTBOX_POLL_MS,
    ),
    row(
      "window: B stops trusting Redis, relative to A's answer (negative: before), latest",
      distrustVsAnswer.length > 0 ? Math.max(...distrustVsAnswer) : NaN,
      'ms',
    ),
  ];
  return {
    rows,
    details: {
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: {
        ...settings,
        redisTimeoutMs,
        redisBreakerResetMs: redisResetMs,
        postgresBreakerResetMs: postgresResetMs,
        stallRequirementMs: STALL_REQUIREMENT_MS,
        windowRequirementMs: WINDOW_REQUIREMENT_MS,
      },
      timeline: {
        healthyFrom,
        frozenAt,
        firstStalledAt,
        freezeOpenedAt,
        thawAt,
        thawRecovered,
        afterThawFrom,
        afterThawTo,
        killAt,
        killOpenedAt,
        restartAt,
        restartedAt,
        restartRecovered,
        cutAt,
        postgresOpenedAt,
        healAt,
        loadEnd,
      },
      phases: {
        healthy,
        freezeDetection,
        freezeStalled,
        freezeAfter,
        afterThaw,
        killDetection,
        killAfter,
        outage,
        afterHeal,
        recoveryAfterThaw: figuresOf(load.sentIn(thawAt, thawRecovered), (thawRecovered - thawAt) / 1000),
        recoveryAfterRestart: figuresOf(
          load.sentIn(restartAt, restartRecovered),
          (restartRecovered - restartAt) / 1000,
        ),
      },
      recovery: { thaw: thawRecovery, restart: restartRecovery, postgresHealedToFirstOkMs: healedMs },
      dependencyStatesA: watchA.log,
      window: {
        trials,
        valid,
        staleOks,
        trialsWithStale,
        neverRefused,
        bUntrustedWaits,
        dependencyStatesB: watchB.log,
      },
    },
  };
}
