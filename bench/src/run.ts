/**
 * `npm run bench`: figures for the TradeSage supergraph on this machine, printed as one table and
 * written to bench/results/latest.json. Benchmarks are not tests: nothing here is
 * asserted against a time; the run fails only on errors.
 *
 *   (a) `me` through the gateway vs straight to the user subgraph vs a bare Apollo gateway+subgraph
 *   (b) tenant provisioning latency with 10 vs 100 tenants already registered (two databases,
 *       sampled in turns so machine noise hits both levels alike)
 *   (c) open Postgres connections after touching 200 tenants vs the pool max
 *   (d) auth (auth.ts): 200 concurrent logins vs the bcrypt limit, with the event loop and `me`
 *       latency during the storm; refreshes per core vs Keycloak's 120/s per vCPU; 1000 concurrent
 *       logins with BUSY back-pressure (BCRYPT_COST 12, on a stack of their own)
 *   (e) tenants at scale (tenants.ts): provisioning with 1000 tenants present vs the 100 ms goal,
 *       migrating 1000 schemas vs the 60 s goal, peak Postgres connections vs the pool max
 *   (f) sessions (sessions.ts): `me` through the gateway with its session-state check on vs off
 *       (a bench-only gateway whose check is a stub), `mySessions` for a user with 50 sessions
 *   (g) shield (shield.ts): a 500-row `users` query at the user subgraph with the real rules vs
 *       the same schema with allow-all rules (and no shield), executed directly and through HTTP
 *   (h) limits (limits.ts): how fast the gateway refuses each abusive document (goal p99 < 10 ms),
 *       and `/health` p99 while an attacker sends them (goal < 50 ms)
 *   (i)-(l) overhead, sustained, features, web: see bench/README.md
 *   (m) mfa (mfa.ts): TOTP verifications per core vs raw HMAC-SHA-1; the sign-in of a user with a
 *       TOTP factor (login + completeSignIn) vs the login of a user without one
 *   (n) apikeys (api-keys.ts): `me` with an API key vs with a session token (requests/s, p50/p99),
 *       and a key looked up cold (its cache cleared before each request) vs cached
 *   (o) oidc (oidc.ts): a tenant's OpenID Connect token endpoint: authorization-code redemptions/s
 *       and refresh grants/s (one Node process = one core), refresh against our own `refresh`
 *       mutation and against Keycloak's 120/s per vCPU (goal 4x); CPU and SQL statements per request
 *   (p) faults (faults.ts): `me` while a redis-server of the section's own is frozen, killed and
 *       restarted and while Postgres is cut off (vs Redis healthy; a detected stall vs 100 ms), the time
 *       until Redis is trusted again, and the window between two instances: B's answers for a session
 *       revoked through A while A is cut off from Redis (goal: none stale, within 1000 ms)
 *
 * Sections: `stack` (a-c), `tenants` (e), `auth` (d), `sessions` (f), `shield` (g), `limits` (h),
 * `overhead` (i), `sustained` (j), `features` (k), `web` (l), `mfa` (m), `apikeys` (n), `oidc` (o),
 * `faults` (p); all by default. Run some only with
 * `npm run bench -- tenants` (or `BENCH_ONLY=tenants`; `--only tenants` reaches this script only
 * past npm's own option parsing: `npm run bench -- -- --only tenants`). A partial run writes
 * bench/results/latest-<sections>.json instead of latest.json.
 *
 * Environment (read only here): BENCH_POSTGRES_URL (an admin URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; throwaway databases are created beside it) and
 * REDIS_URL (default redis://127.0.0.1:6379).
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime, GATEWAY_CREDENTIAL_HEADER, loadConfig, type Config } from '@tradesage/core';
import { migrateControl } from '@tradesage/prisma';
import { startStack, type RunningStack } from '@tradesage/stack';
import { runAuthBench, type AuthBenchOutcome } from './auth.ts';
import { startBaseline } from './baseline.ts';
import { openConnections, tenantIds, touchTenants } from './connections.ts';
import { createTestDatabase } from '@tradesage/prisma/testing';
import { failedRequests, probe, runLoad, type LoadResult } from './load.ts';
import {
  BENCH_RATE_LIMIT_ENV,
  benchPassword,
  benchSlug,
  fillTenants,
  liftTenantRateLimits,
  measureProvisioning,
  tenantCount,
  type ProvisioningSamples,
} from './provisioning.ts';
import { formatTable, machine, writeReport, type Row } from './report.ts';
import { percentile, ratio } from './stats.ts';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { runSessionsBench, SESSIONS_SETTINGS, type StackBenchOptions } from './sessions.ts';
import { runShieldBench, SHIELD_SETTINGS } from './shield.ts';
import { runTenantsBench, TENANTS_SETTINGS } from './tenants.ts';
import { LIMITS_SETTINGS, runLimitsBench } from './limits.ts';
import { loadAverage, type EdgeBenchOptions } from './edge-support.ts';
import { FEATURES_SETTINGS, runFeaturesBench } from './features.ts';
import { OVERHEAD_SETTINGS, runOverheadBench } from './overhead.ts';
import { runSustainedBench, SUSTAINED_SETTINGS } from './sustained.ts';
import { runWebBench, WEB_SETTINGS } from './web.ts';
import { MFA_SETTINGS, runSignInBench, runTotpBench } from './mfa.ts';
import { API_KEYS_SETTINGS, runApiKeysBench } from './api-keys.ts';
import { OIDC_SETTINGS, runOidcBench } from './oidc.ts';
import { FAULTS_SETTINGS, runFaultsBench } from './faults.ts';

const SECTIONS = [
  'stack',
  'tenants',
  'auth',
  'sessions',
  'shield',
  'limits',
  'overhead',
  'sustained',
  'features',
  'web',
  'mfa',
  'apikeys',
  'oidc',
  'faults',
] as const;
type Section = (typeof SECTIONS)[number];

/** `--only a,b`, `--only=a`, bare `a b`, or BENCH_ONLY=a,b; everything when none is given. */
function selectedSections(argv: readonly string[], env: string | undefined): Set<Section> {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--only') names.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) names.push(...arg.slice('--only='.length).split(','));
    else if (arg.startsWith('-'))
      throw new Error(`unknown option ${arg}; usage: npm run bench [-- <${SECTIONS.join('|')}>[,...]]`);
    else names.push(...arg.split(','));
  }
  if (names.length === 0 && env) names.push(...env.split(','));
  const chosen = names.map((name) => name.trim()).filter((name) => name !== '');
  for (const name of chosen) {
    if (!(SECTIONS as readonly string[]).includes(name))
      throw new Error(`unknown bench section ${JSON.stringify(name)}; one of ${SECTIONS.join(', ')}`);
  }
  return new Set((chosen.length > 0 ? chosen : SECTIONS) as Section[]);
}

/** Tenants registered while provisioning is timed: the baseline level, then the grown one. */
const TENANT_LEVELS = [10, 100] as const;
/** BENCH_QUICK=1: short load runs, to check that the scenarios work; the figures mean little. */
const QUICK = process.env['BENCH_QUICK'] === '1';
const SETTINGS = {
  connections: 20,
  warmupSeconds: QUICK ? 1 : 2,
  durationSeconds: QUICK ? 3 : 8,
  provisionSamples: 40,
  tenantLevels: TENANT_LEVELS.join(','),
  fillParallelism: 4,
  touchedTenants: 200,
  touchParallelism: 50,
} as const;

const ADMIN_URL = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set: the edge sections' gateway processes run with `--cpu-prof` and leave their profiles here. */
const CPU_PROFILE_DIR = process.env['BENCH_CPU_PROFILE_DIR']
  ? path.resolve(process.env['BENCH_CPU_PROFILE_DIR'])
  : undefined;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const resultsFile = (name: string): string => fileURLToPath(new URL(`../results/${name}.json`, import.meta.url));

const ME_BODY = JSON.stringify({ query: '{ me { id email firstName lastName roles } }' });
const ME_EXPECT = '"me":{';
const LOGIN_QUERY =
  'mutation Login($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken } } }';

const section = (title: string): void => console.log(`\n== ${title}`);
const fmt = (n: number): string => n.toFixed(1);

/** Undo steps, run last-in first-out by `cleanup`, also on SIGINT/SIGTERM. */
const undo: Array<{ what: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup: ${step.what} failed:`, error);
        process.exitCode = 1;
      }
    }
  })();
  return cleaning;
}

/** A port free on the loopback interface right now (the OS picks it; closed again at once). */
async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A stack of its own for one section (a fresh database and signing keys), torn down once `run` is
 * done; `run` also gets the stack's configuration as environment variables. `ownOrigin`: the
 * gateway listens on a loopback port chosen first and APP_URL is that origin (what the OpenID
 * Connect issuers are built from), instead of an ephemeral port with the default APP_URL.
 */
async function withOwnStack<T>(
  run: (stack: RunningStack, env: Record<string, string>) => Promise<T>,
  options: { ownOrigin?: boolean } = {},
): Promise<T> {
  const mark = undo.length;
  const database = await createTestDatabase('tradesage_bench', ADMIN_URL);
  undo.push({ what: `drop database ${database.name}`, run: () => database.drop() });
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-keys-'));
  undo.push({ what: 'remove the signing keys folder', run: () => rm(keysDir, { recursive: true, force: true }) });
  let env = benchEnv(database.connectionString, keysDir);
  let stack: RunningStack;
  if (options.ownOrigin) {
    // Another program may take the port between the probe and the listen: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      const origin = `http://127.0.0.1:${port}`;
      env = { ...env, HOST: '127.0.0.1', GATEWAY_PORT: String(port), APP_URL: origin };
      try {
        stack = await startStack(loadConfig(env), { ephemeralPorts: false });
        break;
      } catch (error) {
        if (attempt === 3 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
  } else stack = await startStack(loadConfig(env), { ephemeralPorts: true });
  undo.push({ what: 'stop the stack', run: () => stack.stop() });
  const result = await run(stack, env);
  // Everything the section left running (gateways it started), then the stack, keys and database.
  while (undo.length > mark) await undo.pop()?.run();
  return result;
}

/** An edge section on a stack of its own; the machine's load average is noted before and after. */
async function withEdgeStack(
  run: (options: EdgeBenchOptions) => Promise<{ rows: Row[]; details: Record<string, unknown> }>,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const before = loadAverage();
  console.log(`load average (1, 5, 15 min) before: ${before}`);
  const result = await withOwnStack((stack, env) => run(edgeBenchOptions(stack, env)));
  const after = loadAverage();
  console.log(`load average after: ${after}`);
  return { rows: result.rows, details: { ...result.details, loadAverage: { before, after } } };
}
/** What the edge benchmarks (overhead, sustained, features) are handed: gateways run in processes of their own. */
function edgeBenchOptions(stack: RunningStack, env: Record<string, string>): EdgeBenchOptions {
  return {
    ...stackBenchOptions(stack),
    env,
    cpuProfileDir: CPU_PROFILE_DIR,
    measureAs: (label, url, tokens, query, expect) =>
      measureQuery(
        label,
        url,
        {},
        JSON.stringify({ query }),
        expect,
        tokens.map((token) => ({ authorization: `Bearer ${token}` })),
      ),
  };
}
/** What the stack-bound benchmarks (sessions, shield) are handed. */
function stackBenchOptions(stack: RunningStack): StackBenchOptions {
  return {
    stack,
    login: (tenant, email, password) => login(stack, tenant, email, password),
    measure: (label, url, headers, query, expect) =>
      measureQuery(label, url, headers, JSON.stringify({ query }), expect),
    undo,
    log: (line) => console.log(line),
  };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function measureMe(label: string, url: string, headers: Record<string, string>): Promise<LoadResult> {
  return measureQuery(label, url, headers, ME_BODY, ME_EXPECT);
}

/** One autocannon run of a GraphQL body with (a)'s settings (connections, warm-up, duration). */
async function measureQuery(
  label: string,
  url: string,
  headers: Record<string, string>,
  body: string,
  expect: string,
  headerSets?: ReadonlyArray<Record<string, string>>,
): Promise<LoadResult> {
  const allHeaders = { 'content-type': 'application/json', ...headers };
  for (const set of headerSets ?? [{}]) await probe(url, { ...allHeaders, ...set }, body, expect);
  const result = await runLoad({
    url,
    headers: allHeaders,
    body,
    connections: SETTINGS.connections,
    warmupSeconds: SETTINGS.warmupSeconds,
    durationSeconds: SETTINGS.durationSeconds,
    expect,
    ...(headerSets ? { headerSets } : {}),
  });
  const failed = failedRequests(result);
  console.log(
    `${label.padEnd(22)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${fmt(result.latencyP50Ms)} ms  p99 ${fmt(result.latencyP99Ms)} ms  (${result.totalRequests} requests${failed > 0 ? `, ${failed} FAILED` : ''})`,
  );
  if (failed > 0)
    console.warn(
      `  warning: ${label}: ${JSON.stringify({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, mismatches: result.mismatches })}`,
    );
  return result;
}

/** The stack's configuration for one database: quiet logs, cheap bcrypt, a random platform admin. */
function benchConfig(databaseUrl: string, keysDir: string): Config {
  return loadConfig(benchEnv(databaseUrl, keysDir));
}

/** benchConfig as environment variables (what a gateway in its own process is started with). */
function benchEnv(databaseUrl: string, keysDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '10',
    SIGNING_KEYS_DIR: keysDir,
    PLATFORM_ADMIN_EMAIL: `bench-root-${crypto.randomBytes(4).toString('hex')}@platform.example`,
    PLATFORM_ADMIN_PASSWORD: crypto.randomBytes(15).toString('base64url'),
    NODE_ENV: 'test',
    // Set, not generated in the keys folder: the bare gateway of the edge sections makes credentials too.
    GATEWAY_CREDENTIAL_KEYS: crypto.randomBytes(32).toString('base64'),
    ...BENCH_RATE_LIMIT_ENV,
    // The load generator is one user sending thousands of operations a minute: exactly what the
    // unusual-volume detector throttles in production.
    UNUSUAL_API_VOLUME_PER_MINUTE: '0',
  };
}

async function login(stack: RunningStack, tenant: string, email: string, password: string): Promise<string> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN_QUERY, variables: { input: { tenant, email, password } } }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken?: string } }; errors?: unknown };
  const token = body.data?.login?.accessToken;
  if (!response.ok || typeof token !== 'string')
    throw new Error(`login through the gateway failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  return token;
}

function latencyRows(subject: string, value: LoadResult, baselineLabel: string, baseline: LoadResult): Row[] {
  const row = (figure: string, unit: string, v: number, b: number): Row => ({
    figure,
    value: v,
    unit,
    baselineLabel,
    baseline: b,
    ratio: ratio(v, b),
  });
  return [
    row(`${subject} throughput`, 'req/s', value.requestsPerSecond, baseline.requestsPerSecond),
    row(`${subject} p50 latency`, 'ms', value.latencyP50Ms, baseline.latencyP50Ms),
    row(`${subject} p99 latency`, 'ms', value.latencyP99Ms, baseline.latencyP99Ms),
  ];
}

function provisioningRows(kind: string, many: readonly number[], few: readonly number[]): Row[] {
  const [fewLevel, manyLevel] = TENANT_LEVELS;
  return ([50, 95] as const).map((p) => {
    const value = percentile(many, p);
    const baseline = percentile(few, p);
    return {
      figure: `${kind} p${p}, ${manyLevel} tenants exist`,
      value,
      unit: 'ms',
      baselineLabel: `${fewLevel} tenants exist`,
      baseline,
      ratio: ratio(value, baseline),
    };
  });
}

/** (a)-(c) on the main stack; stops it and drops its databases before returning. */
async function stackBench(): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  section('(a) bare baseline: Apollo Gateway + one in-memory Apollo subgraph');
  const baseline = await startBaseline();
  undo.push({ what: 'stop the baseline', run: () => baseline.stop() });
  const bare = await measureMe('bare gateway', baseline.gatewayUrl, {});
  await undo.pop()?.run();

  section('boot the stack');
  const database = await createTestDatabase('tradesage_bench', ADMIN_URL);
  undo.push({ what: `drop database ${database.name}`, run: () => database.drop() });
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-keys-'));
  undo.push({ what: 'remove the signing keys folder', run: () => rm(keysDir, { recursive: true, force: true }) });
  const config = benchConfig(database.connectionString, keysDir);
  let started = performance.now();
  const stack = await startStack(config, { ephemeralPorts: true });
  undo.push({ what: 'stop the stack', run: () => stack.stop() });
  console.log(
    `database ${database.name}; stack up in ${fmt(performance.now() - started)} ms; gateway ${stack.gatewayUrl}`,
  );

  const user = { tenant: benchSlug('bench'), email: 'trader@bench.example', password: benchPassword() };
  const benchTenant = await provisionTenantWithUsers(stack.runtime, {
    slug: user.tenant,
    name: 'Bench tenant',
    users: [{ email: user.email, password: user.password, role: 'trader' }],
  });
  await liftTenantRateLimits(stack.runtime, benchTenant.id);
  const token = await login(stack, user.tenant, user.email, user.password);
  const auth = { authorization: `Bearer ${token}` };

  section('(a) `me` query');
  const viaGateway = await measureMe('TradeSage gateway', stack.gatewayUrl, auth);
  // Subgraphs answer only the gateway: one credential, at its longest (60 s), covers the whole run.
  const asGateway = { [GATEWAY_CREDENTIAL_HEADER]: stack.runtime.gatewayCredentials.issue('user', { ttlSeconds: 60 }) };
  const direct = await measureMe('user subgraph direct', stack.subgraphUrls.user, { ...auth, ...asGateway });

  section('(b) tenant provisioning');
  // The two levels live in two databases of the same server (the catalog is per database) and
  // are sampled in turns: the stack's database holds 100 tenants, a second one holds 10.
  const small = await createTestDatabase('tradesage_bench', ADMIN_URL);
  undo.push({ what: `drop database ${small.name}`, run: () => small.drop() });
  const smallRuntime = await createRuntime(benchConfig(small.connectionString, keysDir), { name: 'bench-small' });
  undo.push({ what: 'close the second runtime', run: () => smallRuntime.close() });
  await migrateControl(smallRuntime.db.pool);
  const [fewLevel, manyLevel] = TENANT_LEVELS;
  for (const [runtime, level] of [
    [smallRuntime, fewLevel],
    [stack.runtime, manyLevel],
  ] as const) {
    started = performance.now();
    const created = await fillTenants(runtime.db.pool, level, SETTINGS.fillParallelism);
    console.log(
      `${runtime === stack.runtime ? 'stack' : 'second'} database filled to ${await tenantCount(runtime.db.pool)} tenants (${created} created in ${fmt((performance.now() - started) / 1000)} s)`,
    );
  }
  const [atFew, atMany] = (await measureProvisioning([smallRuntime, stack.runtime], SETTINGS.provisionSamples)) as [
    ProvisioningSamples,
    ProvisioningSamples,
  ];
  for (const [level, samples] of [
    [fewLevel, atFew],
    [manyLevel, atMany],
  ] as const) {
    console.log(
      `${String(level).padStart(3)} tenants exist: provisionTenantWithUsers p50 ${fmt(percentile(samples.service, 50))} ms p95 ${fmt(percentile(samples.service, 95))} ms; ` +
        `provisionTenant p50 ${fmt(percentile(samples.dataLayer, 50))} ms p95 ${fmt(percentile(samples.dataLayer, 95))} ms`,
    );
  }
  await undo.pop()?.run();
  await undo.pop()?.run();

  section('(c) Postgres connections after touching 200 tenants');
  const pool = stack.runtime.db.pool;
  started = performance.now();
  const created = await fillTenants(pool, SETTINGS.touchedTenants, SETTINGS.fillParallelism);
  console.log(
    `filled to ${await tenantCount(pool)} tenants (${created} created in ${fmt((performance.now() - started) / 1000)} s)`,
  );
  const ids = await tenantIds(pool, SETTINGS.touchedTenants);
  const before = await openConnections(pool);
  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  const users = await touchTenants(stack.runtime, ids, SETTINGS.touchParallelism);
  const touchMs = performance.now() - started;
  const after = await openConnections(pool);
  const rssAfter = process.memoryUsage().rss;
  const mib = (bytes: number): string => fmt(bytes / 2 ** 20);
  console.log(
    `touched ${ids.length} tenants (${users} users counted) in ${fmt(touchMs)} ms; connections to the database: ${before.total} before, ${after.total} after ` +
      `(${after.active} active, ${after.idle} idle); pool max ${config.dbPoolMax}; tenant client cache ${config.tenantClientCacheSize}; ` +
      `process RSS ${mib(rssBefore)} -> ${mib(rssAfter)} MiB`,
  );

  // The main stack is done: stop it (and drop its database) before the next section.
  while (undo.length > 0) await undo.pop()?.run();

  const rows: Row[] = [
    ...latencyRows('me via gateway', viaGateway, 'user subgraph direct', direct),
    ...latencyRows('me via gateway', viaGateway, 'bare Apollo gateway', bare),
    ...provisioningRows('provisionTenantWithUsers (1 admin)', atMany.service, atFew.service),
    ...provisioningRows('provisionTenant (schema only)', atMany.dataLayer, atFew.dataLayer),
    {
      figure: `PG connections after touching ${ids.length} tenants`,
      value: after.total,
      unit: 'connections',
      baselineLabel: 'configured pool max',
      baseline: config.dbPoolMax,
      ratio: ratio(after.total, config.dbPoolMax),
    },
    {
      figure: `PG connections after touching ${ids.length} tenants`,
      value: after.total,
      unit: 'connections',
      baselineLabel: 'one pool per tenant (>=1 each)',
      baseline: ids.length,
      ratio: ratio(after.total, ids.length),
    },
  ];
  return {
    rows,
    details: {
      me: { viaGateway, direct, bare },
      provisioning: { [fewLevel]: atFew, [manyLevel]: atMany },
      connections: {
        before,
        after,
        poolMax: config.dbPoolMax,
        tenantClientCacheSize: config.tenantClientCacheSize,
        touchedTenants: ids.length,
        touchMs,
        rssBytesBefore: rssBefore,
        rssBytesAfter: rssAfter,
      },
    },
  };
}

async function main(): Promise<void> {
  const sections = selectedSections(process.argv.slice(2), process.env['BENCH_ONLY']);
  console.log(
    `TradeSage bench on ${machine().cpus} CPUs, Node ${process.version}; sections ${[...sections].join(', ')}` +
      (['stack', 'sessions', 'shield', 'overhead', 'features', 'apikeys'].some((name) => sections.has(name as Section))
        ? `; ${SETTINGS.connections} connections, ${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.durationSeconds} s per load run`
        : '') +
      `; load average ${loadAverage()}${QUICK ? '; BENCH_QUICK: short runs, figures not meaningful' : ''}`,
  );
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};

  if (sections.has('stack')) {
    const stackResult = await stackBench();
    rows.push(...stackResult.rows);
    Object.assign(details, stackResult.details);
  }

  if (sections.has('tenants')) {
    section(
      `(e) tenants at scale: provisioning with ${TENANTS_SETTINGS.tenantsPresent} tenants present, migrating them all, connections`,
    );
    const keysDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-keys-'));
    undo.push({ what: 'remove the signing keys folder', run: () => rm(keysDir, { recursive: true, force: true }) });
    const tenants = await runTenantsBench({
      adminUrl: ADMIN_URL,
      config: (url) => benchConfig(url, keysDir),
      undo,
      log: (line) => console.log(line),
    });
    await undo.pop()?.run();
    rows.push(...tenants.rows);
    details['tenants'] = tenants.details;
  }

  let authBench: AuthBenchOutcome | undefined;
  if (sections.has('auth')) {
    section('(d) auth: logins, refreshes, BUSY back-pressure (own stack, BCRYPT_COST 12)');
    authBench = await runAuthBench({
      adminUrl: ADMIN_URL,
      redisUrl: REDIS_URL,
      undo,
      log: (line) => console.log(line),
    });
    rows.push(...authBench.rows);
    details['auth'] = authBench.details;
  }

  if (sections.has('sessions')) {
    section(
      `(f) sessions: the gateway's session-state check on vs off; mySessions with ${SESSIONS_SETTINGS.sessionsPerUser} sessions`,
    );
    const sessions = await withOwnStack((stack) => runSessionsBench(stackBenchOptions(stack)));
    rows.push(...sessions.rows);
    details['sessions'] = sessions.details;
  }

  if (sections.has('shield')) {
    section(
      `(g) shield: ${SHIELD_SETTINGS.shieldUsers}-row users query, real rules vs allow-all, at the user subgraph`,
    );
    const shieldBench = await withOwnStack((stack) => runShieldBench(stackBenchOptions(stack)));
    rows.push(...shieldBench.rows);
    details['shield'] = shieldBench.details;
  }

  if (sections.has('limits')) {
    section('(h) limits: abusive documents refused at the gateway, /health during an attack');
    const limits = await withEdgeStack((options) => runLimitsBench(options));
    rows.push(...limits.rows);
    details['limits'] = limits.details;
  }

  if (sections.has('overhead')) {
    section('(i) overhead: federated `me` through our gateway vs a bare Apollo Gateway, same subgraphs');
    const overhead = await withEdgeStack((options) => runOverheadBench(options));
    rows.push(...overhead.rows);
    details['overhead'] = overhead.details;
  }

  if (sections.has('sustained')) {
    section(
      `(j) sustained: ${SUSTAINED_SETTINGS.sustainedRatePerSecond} mixed reads/s for ${QUICK ? 10 : SUSTAINED_SETTINGS.sustainedSeconds} s by ${SUSTAINED_SETTINGS.sustainedUsers} users, our gateway vs a bare one`,
    );
    const sustained = await withEdgeStack((options) => runSustainedBench(options, QUICK));
    rows.push(...sustained.rows);
    details['sustained'] = sustained.details;
  }

  if (sections.has('features')) {
    section(`(k) features: ${FEATURES_SETTINGS.featuresCompared} on vs off, federated \`me\``);
    const features = await withEdgeStack((options) => runFeaturesBench(options));
    rows.push(...features.rows);
    details['features'] = features.details;
  }

  if (sections.has('web')) {
    section('(l) web: first loads of the account pages and console, and paging through 10,000 users');
    const web = await withOwnStack((stack) => runWebBench(stackBenchOptions(stack)));
    rows.push(...web.rows);
    details['web'] = web.details;
  }

  if (sections.has('mfa')) {
    section('(m) mfa: TOTP verification on one core; sign-in with a TOTP challenge vs the password alone');
    // In this process before the stack boots: nothing else runs on its thread meanwhile.
    const totp = runTotpBench((line) => console.log(line));
    const signIn = await withOwnStack((stack) => runSignInBench(stackBenchOptions(stack)));
    rows.push(...totp.rows, ...signIn.rows);
    details['mfa'] = { ...totp.details, signIn: signIn.details };
  }

  if (sections.has('apikeys')) {
    section('(n) apikeys: `me` with an API key vs a session token; a key looked up cold vs cached');
    const before = loadAverage();
    console.log(`load average (1, 5, 15 min) before: ${before}`);
    const apiKeys = await withOwnStack((stack) => runApiKeysBench(stackBenchOptions(stack)));
    const after = loadAverage();
    console.log(`load average after: ${after}`);
    rows.push(...apiKeys.rows);
    details['apikeys'] = { ...apiKeys.details, loadAverage: { before, after } };
  }

  if (sections.has('oidc')) {
    section(
      '(o) oidc: the OpenID Connect token endpoint (code redemptions, refresh grants) vs our own refresh mutation',
    );
    const before = loadAverage();
    console.log(`load average (1, 5, 15 min) before: ${before}`);
    const oidc = await withOwnStack((stack) => runOidcBench(stackBenchOptions(stack), CPU_PROFILE_DIR), {
      ownOrigin: true,
    });
    const after = loadAverage();
    console.log(`load average after: ${after}`);
    rows.push(...oidc.rows);
    details['oidc'] = { ...oidc.details, loadAverage: { before, after } };
  }

  if (sections.has('faults')) {
    section(
      '(p) faults: `me` with Redis frozen, killed, restarted and Postgres cut off; the window between two instances',
    );
    const faults = await runFaultsBench({
      adminUrl: ADMIN_URL,
      env: benchEnv,
      undo,
      log: (line) => console.log(line),
    });
    rows.push(...faults.rows);
    details['faults'] = faults.details;
  }

  await cleanup();

  const table = formatTable(rows);
  section('results');
  console.log(table);
  const file = resultsFile(sections.size === SECTIONS.length ? 'latest' : `latest-${[...sections].join('+')}`);
  await writeReport(file, {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      ...SETTINGS,
      ...TENANTS_SETTINGS,
      ...SESSIONS_SETTINGS,
      ...SHIELD_SETTINGS,
      ...LIMITS_SETTINGS,
      ...OVERHEAD_SETTINGS,
      ...SUSTAINED_SETTINGS,
      ...FEATURES_SETTINGS,
      ...WEB_SETTINGS,
      ...MFA_SETTINGS,
      ...API_KEYS_SETTINGS,
      ...OIDC_SETTINGS,
      ...FAULTS_SETTINGS,
      sections: [...sections].join(','),
    },
    rows,
    details,
  });
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  if (authBench !== undefined && authBench.failures.length > 0) {
    console.error(`\nauth bench failures:\n${authBench.failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (error) {
  console.error('\nbench failed:', error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
// Stray handles (a Redis reconnect timer, an idle worker) must not keep a finished bench alive.
process.exit(process.exitCode ?? 0);
