/**
 * Auth benchmarks: login efficiency against the bcrypt limit measured in the same run,
 * the event loop and `me` latency during a login storm, refreshes per core against Keycloak's
 * published figure, and 1000 concurrent logins with BUSY back-pressure.
 *
 * They run on a stack of their own (own database, own keys) configured like production for
 * passwords: BCRYPT_COST 12 (the config default), the default hashing pool (one thread per CPU)
 * and queue bound. Clients run in a child process (auth-worker.ts).
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig, PasswordHasher, type Config } from '@tradesage/core';
import { createTestDatabase } from '@tradesage/prisma/testing';
import { startStack, type RunningStack } from '@tradesage/stack';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import type { AuthJob, LoginsResult, LoginUser, ProbeResult, RefreshResult } from './auth-worker.ts';
import { BENCH_RATE_LIMIT_ENV, benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';
import { runInWorker } from './worker.ts';

export const AUTH_SETTINGS = {
  bcryptCost: 12,
  /**
   * Seconds of hashing the login queue may hold. PASSWORD_HASH_QUEUE is set from it and the bcrypt
   * time measured first: the default bound (8 per hashing thread) at cost 12 queues ~2 s of work; a deeper queue would go beyond
   * the gateway's 15 s subgraph timeout, so queued logins would fail as timeouts instead of BUSY.
   */
  queueBudgetSeconds: 3,
  hashSamples: 6,
  stormLogins: 200,
  bigStormLogins: 1000,
  /** `me` clients running beside a storm (and in the quiet baseline before it). */
  meProbes: 2,
  quietSeconds: 4,
  refreshLanes: 24,
  refreshWarmupSeconds: 2,
  refreshSeconds: 10,
} as const;

/** Keycloak's published sizing figure: 120 refresh-token grants per second per vCPU. */
const KEYCLOAK_REFRESH_PER_VCPU = 120;

function runClients<T>(job: AuthJob): Promise<T> {
  return runInWorker(new URL('./auth-worker.ts', import.meta.url), job, 'auth clients');
}

/** The stack process's event-loop delay p99 (ms) while `work` runs. */
async function withEventLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; p99Ms: number; maxMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

export interface AuthBenchOutcome {
  readonly rows: Row[];
  readonly details: Record<string, unknown>;
  /** Failures other than BUSY in the login storms: the run is marked failed. */
  readonly failures: string[];
}

const fmt = (n: number): string => n.toFixed(1);

export async function runAuthBench(options: {
  adminUrl: string;
  redisUrl: string;
  undo: Array<{ what: string; run: () => Promise<unknown> }>;
  log: (line: string) => void;
}): Promise<AuthBenchOutcome> {
  const { log, undo } = options;
  const cores = os.availableParallelism();

  // bcrypt limit, measured now on this machine before anything else runs: one comparison at a time.
  const probeHasher = new PasswordHasher({ cost: AUTH_SETTINGS.bcryptCost, threads: 1, maxQueue: 4 });
  const password = benchPassword();
  const hashMs: number[] = [];
  try {
    const hash = await probeHasher.hash(password);
    for (let i = 0; i < AUTH_SETTINGS.hashSamples; i++) {
      const started = performance.now();
      if (!(await probeHasher.verify(password, hash))) throw new Error('bench password does not verify');
      hashMs.push(performance.now() - started);
    }
  } finally {
    await probeHasher.close();
  }
  const msPerHash = hashMs.reduce((sum, ms) => sum + ms, 0) / hashMs.length;
  const bcryptLimit = (cores * 1000) / msPerHash;
  const queueBound = Math.max(cores, Math.floor((AUTH_SETTINGS.queueBudgetSeconds * 1000 * cores) / msPerHash));
  log(
    `bcrypt cost ${AUTH_SETTINGS.bcryptCost}: ${fmt(msPerHash)} ms per hash => limit ${fmt(bcryptLimit)} logins/s on ${cores} cores`,
  );
  const database = await createTestDatabase('tradesage_bench_auth', options.adminUrl);
  undo.push({ what: `drop database ${database.name}`, run: () => database.drop() });
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-auth-keys-'));
  undo.push({ what: 'remove the auth bench keys folder', run: () => rm(keysDir, { recursive: true, force: true }) });
  const config: Config = loadConfig({
    DATABASE_URL: database.connectionString,
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: 'silent',
    BCRYPT_COST: String(AUTH_SETTINGS.bcryptCost),
    PASSWORD_HASH_QUEUE: String(queueBound),
    SIGNING_KEYS_DIR: keysDir,
    PLATFORM_ADMIN_EMAIL: `bench-root-${crypto.randomBytes(4).toString('hex')}@platform.example`,
    PLATFORM_ADMIN_PASSWORD: benchPassword(),
    NODE_ENV: 'test',
    ...BENCH_RATE_LIMIT_ENV,
  });
  const stack: RunningStack = await startStack(config, { ephemeralPorts: true });
  undo.push({ what: 'stop the auth bench stack', run: () => stack.stop() });
  const { passwords } = stack.runtime;
  const threads = config.passwords.threads ?? cores;
  log(
    `auth stack: BCRYPT_COST ${passwords.cost}, ${threads} hashing threads, PASSWORD_HASH_QUEUE ${config.passwords.maxQueue} ` +
      `(${AUTH_SETTINGS.queueBudgetSeconds} s of hashing; the default ${threads * 8} would queue ${fmt((threads * 8 * msPerHash) / threads / 1000)} s); gateway ${stack.gatewayUrl}`,
  );

  // One tenant, 1000 users sharing one cost-12 hash (hashing 1000 distinct passwords would take minutes;
  // a login costs one bcrypt comparison whatever the password).
  const slug = benchSlug('auth');
  const tenant = await provisionTenantWithUsers(stack.runtime, {
    slug,
    name: 'Auth bench',
    users: [{ email: `admin@${slug}.example`, password, role: 'admin' }],
  });
  await liftTenantRateLimits(stack.runtime, tenant.id);
  const db = stack.runtime.db.tenant(tenant.id);
  const admin = await db.user.findFirstOrThrow({ select: { passwordHash: true } });
  const users: LoginUser[] = Array.from({ length: AUTH_SETTINGS.bigStormLogins }, (_, i) => ({
    tenant: slug,
    email: `trader-${i}@${slug}.example`,
    password,
  }));
  const accounts = users.map((user) => ({
    id: crypto.randomUUID(),
    email: user.email,
    passwordHash: admin.passwordHash,
  }));
  await db.user.createMany({ data: accounts });
  await db.userRole.createMany({ data: accounts.map((row) => ({ userId: row.id, role: 'trader' })) });

  const meToken = await accessTokenFor(stack, users[0] as LoginUser);

  // (i) quiet baseline, then the 200-login storm.
  const quiet = await withEventLoopDelay(() =>
    runClients<ProbeResult>({
      kind: 'probe',
      gatewayUrl: stack.gatewayUrl,
      meToken,
      seconds: AUTH_SETTINGS.quietSeconds,
      probes: AUTH_SETTINGS.meProbes,
    }),
  );
  const storm = await withEventLoopDelay(() =>
    runClients<LoginsResult>({
      kind: 'logins',
      gatewayUrl: stack.gatewayUrl,
      users: users.slice(0, AUTH_SETTINGS.stormLogins),
      meToken,
      probes: AUTH_SETTINGS.meProbes,
    }),
  );
  const loginsPerSecond = (storm.result.succeeded * 1000) / storm.result.totalMs;
  const meQuietP99 = percentile(quiet.result.meLatenciesMs, 99);
  const meStormP99 = percentile(storm.result.meLatenciesMs, 99);
  log(
    `(i) ${storm.result.succeeded}/${AUTH_SETTINGS.stormLogins} logins in ${fmt(storm.result.totalMs / 1000)} s = ${fmt(loginsPerSecond)} logins/s ` +
      `(${storm.result.busyRetries} BUSY retries); event loop p99 ${fmt(storm.p99Ms)} ms (quiet ${fmt(quiet.p99Ms)} ms); ` +
      `me p99 ${fmt(meStormP99)} ms over ${storm.result.meLatenciesMs.length} queries (quiet ${fmt(meQuietP99)} ms)`,
  );

  // (ii) refreshes through the gateway, each lane rotating its own sessions' tokens.
  const refresh = await runClients<RefreshResult>({
    kind: 'refresh',
    gatewayUrl: stack.gatewayUrl,
    refreshTokens: storm.result.refreshTokens,
    lanes: AUTH_SETTINGS.refreshLanes,
    warmupSeconds: AUTH_SETTINGS.refreshWarmupSeconds,
    seconds: AUTH_SETTINGS.refreshSeconds,
  });
  const refreshPerSecond = refresh.refreshes / refresh.seconds;
  const refreshPerCore = refreshPerSecond / cores;
  const refreshErrors = Object.values(refresh.errors).reduce((sum, n) => sum + n, 0);
  log(
    `(ii) ${refresh.refreshes} refreshes in ${fmt(refresh.seconds)} s = ${fmt(refreshPerSecond)}/s, ${fmt(refreshPerCore)}/s per core; ` +
      `p50 ${fmt(percentile(refresh.latenciesMs, 50))} ms p99 ${fmt(percentile(refresh.latenciesMs, 99))} ms${refreshErrors > 0 ? `; errors ${JSON.stringify(refresh.errors)}` : ''}`,
  );

  // (iii) 1000 logins at once: back-pressure answers BUSY, clients retry, every login completes.
  const big = await withEventLoopDelay(() =>
    runClients<LoginsResult>({ kind: 'logins', gatewayUrl: stack.gatewayUrl, users, meToken: null, probes: 0 }),
  );
  const floorSeconds = (AUTH_SETTINGS.bigStormLogins * msPerHash) / cores / 1000;
  log(
    `(iii) ${big.result.succeeded}/${AUTH_SETTINGS.bigStormLogins} logins completed in ${fmt(big.result.totalMs / 1000)} s; ` +
      `${big.result.busyRetries} BUSY retries (${big.result.retriedLogins} logins retried); other errors ${JSON.stringify(big.result.otherErrors)}; ` +
      `event loop p99 ${fmt(big.p99Ms)} ms`,
  );

  const failures: string[] = [];
  for (const [name, result, expected] of [
    ['200-login storm', storm.result, AUTH_SETTINGS.stormLogins],
    ['1000-login storm', big.result, AUTH_SETTINGS.bigStormLogins],
  ] as const) {
    if (result.succeeded !== expected || Object.keys(result.otherErrors).length > 0) {
      failures.push(
        `${name}: ${result.succeeded}/${expected} logins, errors other than BUSY: ${JSON.stringify(result.otherErrors)}`,
      );
    }
  }
  if (refreshErrors > 0) failures.push(`refresh: ${JSON.stringify(refresh.errors)}`);

  await undo.pop()?.run();
  await undo.pop()?.run();
  await undo.pop()?.run();

  const row = (figure: string, value: number, unit: string, baselineLabel: string, baseline: number | null): Row => ({
    figure,
    value,
    unit,
    baselineLabel,
    baseline,
    ratio: ratio(value, baseline),
  });
  const cost = `cost ${passwords.cost}`;
  const rows: Row[] = [
    row(
      `logins/s, ${AUTH_SETTINGS.stormLogins} concurrent (${cost})`,
      loginsPerSecond,
      'logins/s',
      `bcrypt limit: ${cores} cores / ${fmt(msPerHash)} ms`,
      bcryptLimit,
    ),
    row(`${AUTH_SETTINGS.stormLogins} concurrent logins: BUSY retries`, storm.result.busyRetries, 'retries', '', null),
    row(`auth event-loop delay p99 during the storm`, storm.p99Ms, 'ms', 'quiet, same process', quiet.p99Ms),
    row(`me p99 via gateway during the storm`, meStormP99, 'ms', 'quiet, same clients', meQuietP99),
    row(
      `refresh/s per core via gateway (${cores} cores)`,
      refreshPerCore,
      'refresh/s/core',
      'Keycloak published, per vCPU',
      KEYCLOAK_REFRESH_PER_VCPU,
    ),
    row(
      `${AUTH_SETTINGS.bigStormLogins} concurrent logins, all completed (${cost})`,
      big.result.totalMs / 1000,
      's',
      `bcrypt floor: ${AUTH_SETTINGS.bigStormLogins} x ${fmt(msPerHash)} ms / ${cores} cores`,
      floorSeconds,
    ),
    row(`${AUTH_SETTINGS.bigStormLogins} concurrent logins: BUSY retries`, big.result.busyRetries, 'retries', '', null),
    row(
      `${AUTH_SETTINGS.bigStormLogins} concurrent logins: errors other than BUSY`,
      Object.values(big.result.otherErrors).reduce((s, n) => s + n, 0),
      'errors',
      '',
      null,
    ),
  ];
  return {
    rows,
    failures,
    details: {
      settings: {
        ...AUTH_SETTINGS,
        cores,
        threads,
        queueBound: config.passwords.maxQueue,
        defaultQueueBound: threads * 8,
      },
      bcrypt: { cost: passwords.cost, msPerHash, samplesMs: hashMs, limitLoginsPerSecond: bcryptLimit },
      storm: {
        ...summary(storm.result),
        eventLoopP99Ms: storm.p99Ms,
        eventLoopMaxMs: storm.maxMs,
        meP99Ms: meStormP99,
      },
      quiet: {
        eventLoopP99Ms: quiet.p99Ms,
        meP99Ms: meQuietP99,
        meQueries: quiet.result.meLatenciesMs.length,
        meErrors: quiet.result.meErrors,
      },
      refresh: {
        ...refresh,
        latenciesMs: undefined,
        p50Ms: percentile(refresh.latenciesMs, 50),
        p99Ms: percentile(refresh.latenciesMs, 99),
        perSecond: refreshPerSecond,
        perCore: refreshPerCore,
      },
      bigStorm: { ...summary(big.result), eventLoopP99Ms: big.p99Ms, floorSeconds },
    },
  };
}

function summary(result: LoginsResult): Record<string, unknown> {
  return {
    totalMs: result.totalMs,
    succeeded: result.succeeded,
    busyRetries: result.busyRetries,
    retriedLogins: result.retriedLogins,
    otherErrors: result.otherErrors,
    loginP50Ms: result.loginLatenciesMs.length > 0 ? percentile(result.loginLatenciesMs, 50) : null,
    loginP99Ms: result.loginLatenciesMs.length > 0 ? percentile(result.loginLatenciesMs, 99) : null,
    meQueries: result.meLatenciesMs.length,
    meErrors: result.meErrors,
  };
}

/** An access token for the `me` probe (one login through the gateway, before any measurement). */
async function accessTokenFor(stack: RunningStack, user: LoginUser): Promise<string> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation L($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken } } }',
      variables: { input: user },
    }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken?: string } } };
  const token = body.data?.login?.accessToken;
  if (!token) throw new Error(`login for the me probe failed: ${JSON.stringify(body)}`);
  return token;
}
