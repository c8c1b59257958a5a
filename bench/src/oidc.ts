/**
 * (o) oidc: the token endpoint of a tenant's OpenID Connect provider (`/t/<slug>/oauth/token`,
 * oidc-provider) under load, against our own `refresh` mutation through the gateway in the same run.
 *
 * - Authorization-code redemptions: `oidcCodeBatches` batches of `oidcCodesPerBatch` codes. Each
 *   batch is first created untimed, by running the authorization as the account pages do (authorize
 *   with PKCE S256 and prompt=consent → the interaction's sign-in step with a user's access token →
 *   resume → the code at the redirect URI), then redeemed, timed, by `oidcConnections` concurrent
 *   connections from a child process (oidc-worker.ts): grant_type=authorization_code with the code's
 *   verifier, client_secret_basic. Batches keep every code well inside its 60 s lifetime. Each answer
 *   must be 200 with an access token (a JWT for the API), an ID token and a refresh token.
 * - Refresh grants: `oidcRefreshChains` of those grants (offline_access), each chain owned by one
 *   connection, which sends the newest refresh token of its chains in turn (rotation: every answer
 *   holds the next token). Baseline: the platform's own `refresh` mutation through the gateway (body
 *   delivery) on as many sessions opened by `login`, same connections, same warm-up and window. The
 *   two take turns (oidc, own, own, oidc, ...) and each figure is the median of its rounds.
 * - Per request, besides requests/s and p50/p99: the stack process's CPU (gateway, subgraphs and
 *   provider share one Node process here), the whole machine's CPU (Postgres, Redis and the load
 *   generator included), and the SQL statements the stack sent for one request (counted in this
 *   process by `x-request-id`, sql-statements.ts).
 *
 * The stack must be started with APP_URL equal to the origin the load generator uses (the issuer is
 * built from it): run.ts starts this section's stack on a port chosen first, with
 * APP_URL=http://127.0.0.1:<port>, so no relay sits in between.
 *
 * Any error (an answer other than 200 with the expected tokens) fails the run.
 */
import crypto from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { CLIENT_SECRET_AAD, issuerFor, OAuthClientRepository } from '@tradesage/core';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import type { OidcJob, PendingCode, RedeemResult, RefreshResult } from './oidc-worker.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import type { StackBenchOptions } from './sessions.ts';
import { countSqlStatements } from './sql-statements.ts';
import { mapLimit, median, percentile, ratio } from './stats.ts';
import { runInWorker } from './worker.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';

export const OIDC_SETTINGS = {
  oidcConnections: 20,
  /** Users of the tenant; authorizations and logins go round them. */
  oidcUsers: 10,
  oidcCodeBatches: QUICK ? 1 : 8,
  oidcCodesPerBatch: QUICK ? 100 : 250,
  /** Authorizations run at once while a batch of codes is created (untimed). */
  oidcAuthorizeParallelism: 8,
  /** Refresh chains per kind (OIDC grants, own sessions), shared out over the connections. */
  oidcRefreshChains: QUICK ? 100 : 200,
  /** Load runs per kind, taking turns (oidc, own, own, oidc, ...). */
  oidcRefreshRounds: 2,
  oidcWarmupSeconds: QUICK ? 1 : 2,
  oidcSeconds: QUICK ? 3 : 8,
  /** Sequential requests of each kind whose SQL statements are counted. */
  oidcSqlSamples: 5,
} as const;

/** Keycloak's published sizing: 120 refresh-token requests per second per vCPU. */
export const KEYCLOAK_REFRESH_PER_VCPU = 120;
/** The goal: four times Keycloak's figure, per core. */
const GOAL_FACTOR = 4;

const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const SCOPE = 'openid profile email offline_access users:read';
const LOGIN =
  'mutation Login($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken refreshToken } } }';
const REFRESH =
  'mutation Refresh($input: RefreshInput!) { refresh(input: $input) { ... on AuthPayload { accessToken refreshToken } } }';

/** A cookie jar for one user agent on one origin: `Path` honoured, nothing else. */
class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const pathAttr = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const key = `${pair.slice(0, eq)}|${pathAttr ? pathAttr.slice(5) : '/'}`;
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path: pathAttr ? pathAttr.slice(5) : '/' });
    }
  }

  header(url: URL): string {
    const parts: string[] = [];
    for (const [key, { value, path }] of this.#cookies) {
      if (url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
        parts.push(`${key.split('|')[0]}=${value}`);
    }
    return parts.join('; ');
  }
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * One authorization, as the account pages run it (untimed): authorize → the interaction's sign-in
 * step with the user's access token → resume → the code at the redirect URI.
 */
async function authorize(origin: string, slug: string, clientId: string, accessToken: string): Promise<PendingCode> {
  const jar = new CookieJar();
  const get = async (url: URL): Promise<Response> => {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(response);
    await response.body?.cancel();
    return response;
  };
  const verifier = base64url(crypto.randomBytes(32));
  const state = base64url(crypto.randomBytes(12));
  const url = new URL(`${issuerFor(origin, slug)}/oauth/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    prompt: 'consent',
    code_challenge: base64url(crypto.createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    nonce: base64url(crypto.randomBytes(12)),
  }).toString();
  const first = await get(url);
  const interaction = new URL(first.headers.get('location') ?? '', url);
  const uid = new RegExp(`^/t/${slug}/interaction/([^/]+)$`).exec(interaction.pathname)?.[1];
  if (!uid) throw new Error(`authorize: expected the interaction, got HTTP ${first.status} to ${interaction.href}`);
  const loginUrl = new URL(`${origin}/t/${slug}/interaction/${uid}/login`);
  const login = await fetch(loginUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${accessToken}`,
      cookie: jar.header(loginUrl),
    },
    body: '{}',
  });
  jar.store(login);
  const step = (await login.json()) as { kind?: string; redirectTo?: string };
  if (step.kind !== 'redirect' || !step.redirectTo)
    throw new Error(`interaction sign-in: HTTP ${login.status} ${JSON.stringify(step).slice(0, 300)}`);
  let next = new URL(step.redirectTo, origin);
  for (let hops = 0; next.origin === origin; hops++) {
    if (hops === 5) throw new Error('authorize: too many redirects');
    const response = await get(next);
    const location = response.headers.get('location');
    if (!location) throw new Error(`authorize: HTTP ${response.status} at ${next.pathname}, no redirect`);
    next = new URL(location, next);
  }
  const code = next.searchParams.get('code');
  if (next.href.split('?')[0] !== REDIRECT_URI || !code || next.searchParams.get('state') !== state)
    throw new Error(`authorize: sent back without a code: ${next.href.slice(0, 300)}`);
  return { code, verifier };
}

async function signIn(
  gatewayUrl: string,
  tenant: string,
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { input: { tenant, email, password } } }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken?: string; refreshToken?: string } } };
  const { accessToken, refreshToken } = body.data?.login ?? {};
  if (!accessToken || !refreshToken) throw new Error(`login: HTTP ${response.status} ${JSON.stringify(body)}`);
  return { accessToken, refreshToken };
}

/** Busy CPU time of the whole machine (every core, whatever else runs on it), in µs. */
function machineBusyMicros(): number {
  return (
    os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0) * 1000
  );
}

/** Linux reports a process's CPU time in clock ticks of 10 ms (USER_HZ = 100). */
const MICROS_PER_TICK = 10_000;

/**
 * CPU time so far of each Postgres backend serving the stack's database (its pool's connections),
 * by pid, in µs: read from /proc, so only when Postgres runs on this machine and /proc shows its
 * processes (otherwise an empty map).
 */
async function postgresBackendMicros(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const times = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(pid, (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK);
    } catch {
      // Postgres elsewhere, or the backend has just ended.
    }
  }
  return times;
}

interface CpuSample {
  /** This process (the stack: gateway, subgraphs, provider) per answered request, µs. */
  readonly stackMicros: number;
  /** The Postgres backends of the stack's database per answered request, µs (null: not measurable). */
  readonly postgresMicros: number | null;
  /** Every core of the machine per answered request, µs: whatever else runs on it included. */
  readonly machineMicros: number;
  /** The stack process's CPU time over the wall time: how many cores it kept busy. */
  readonly stackCores: number;
}

/**
 * Runs `work` and charges this process's, the database backends' and the machine's CPU to the
 * requests it reports answered.
 */
async function withCpu<T>(
  pool: pg.Pool,
  work: () => Promise<T>,
  answered: (result: T) => number,
): Promise<T & { cpu: CpuSample }> {
  const backends = await postgresBackendMicros(pool);
  const stack = process.cpuUsage();
  const machine = machineBusyMicros();
  const started = performance.now();
  const result = await work();
  const wallMicros = (performance.now() - started) * 1000;
  const used = process.cpuUsage(stack);
  const machineUsed = machineBusyMicros() - machine;
  const backendsAfter = await postgresBackendMicros(pool);
  // A backend opened during the run counts from zero; one closed during it is lost (the pool keeps them).
  let postgres = 0;
  for (const [pid, micros] of backendsAfter) postgres += micros - (backends.get(pid) ?? 0);
  const n = Math.max(1, answered(result));
  return {
    ...result,
    cpu: {
      stackMicros: (used.user + used.system) / n,
      postgresMicros: backendsAfter.size > 0 ? postgres / n : null,
      machineMicros: machineUsed / n,
      stackCores: (used.user + used.system) / wallMicros,
    },
  };
}

/**
 * With a folder: a V8 CPU profile of this process (the stack) while `work` runs, written there as
 * `oidc-<name>.cpuprofile` (read it with `npx tsx src/cpu-profile.ts <file>`). Without: just `work`.
 */
async function profiled<T>(dir: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = path.join(dir, `oidc-${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  CPU profile of the stack process: ${file}`);
  }
}

const errorTotal = (errors: Record<string, number>): number => Object.values(errors).reduce((s, n) => s + n, 0);
const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const fmtMicros = (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(0)} µs`);

export async function runOidcBench(
  options: StackBenchOptions,
  /** BENCH_CPU_PROFILE_DIR: the first refresh run of each kind is profiled (this process, the stack). */
  cpuProfileDir?: string,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, log } = options;
  const { runtime } = stack;
  const settings = OIDC_SETTINGS;
  const cores = os.availableParallelism();
  const origin = new URL(stack.gatewayUrl).origin;
  if (runtime.config.mail.appUrl !== origin)
    throw new Error(`the stack's APP_URL (${runtime.config.mail.appUrl}) is not the gateway's origin ${origin}`);

  const slug = benchSlug('oidc');
  const password = benchPassword();
  const emails = Array.from({ length: settings.oidcUsers }, (_, i) => `user-${i}@${slug}.example`);
  const tenant = await provisionTenantWithUsers(runtime, {
    slug,
    name: 'OIDC bench tenant',
    users: emails.map((email) => ({ email, password, role: 'trader' })),
  });
  await liftTenantRateLimits(runtime, tenant.id);
  const secret = crypto.randomBytes(32).toString('base64url');
  const client = await new OAuthClientRepository(runtime.db.tenant(tenant.id)).create({
    id: `tsc_${crypto.randomBytes(12).toString('base64url')}`,
    name: 'Bench app',
    kind: 'confidential',
    firstParty: true,
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [],
    scopes: SCOPE.split(' '),
    authMethod: 'client_secret_basic',
    secretSealed: runtime.mfaSecrets.seal(CLIENT_SECRET_AAD, secret),
    secretLastFour: secret.slice(-4),
    jwks: null,
    serviceAccountId: null,
    createdById: null,
  });
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const tokenUrl = `${issuerFor(origin, slug)}/oauth/token`;

  // Sessions: the users' page sessions (their access tokens authorize), and the baseline's chains.
  let started = performance.now();
  const ownSessions = await mapLimit(
    Array.from({ length: settings.oidcRefreshChains }, (_, i) => emails[i % emails.length] as string),
    8,
    (email) => signIn(stack.gatewayUrl, slug, email, password),
  );
  const pageTokens = ownSessions.slice(0, emails.length).map((session) => session.accessToken);
  log(
    `tenant ${slug}: ${emails.length} users, client ${client.id} (confidential, client_secret_basic); ` +
      `${ownSessions.length} logins in ${fmt((performance.now() - started) / 1000)} s; issuer ${issuerFor(origin, slug)} (APP_URL = the gateway's origin, no relay)`,
  );

  // (1) code redemptions, batch by batch: create untimed, redeem timed.
  const redeemed: Array<RedeemResult & { cpu: CpuSample; createSeconds: number }> = [];
  const refreshTokens: string[] = [];
  for (let batch = 0; batch < settings.oidcCodeBatches; batch++) {
    started = performance.now();
    const codes = await mapLimit(
      Array.from({ length: settings.oidcCodesPerBatch }, (_, i) => pageTokens[i % pageTokens.length] as string),
      settings.oidcAuthorizeParallelism,
      (token) => authorize(origin, slug, client.id, token),
    );
    const createSeconds = (performance.now() - started) / 1000;
    const result = await withCpu(
      runtime.db.pool,
      () =>
        runInWorker<RedeemResult>(
          new URL('./oidc-worker.ts', import.meta.url),
          {
            kind: 'redeem',
            url: tokenUrl,
            authorization: basic,
            redirectUri: REDIRECT_URI,
            codes,
            connections: settings.oidcConnections,
          } satisfies OidcJob,
          'code redemptions',
        ),
      (r) => r.redeemed,
    );
    redeemed.push({ ...result, createSeconds });
    refreshTokens.push(...result.refreshTokens.filter((token) => token !== ''));
    log(
      `codes, batch ${batch + 1}/${settings.oidcCodeBatches}: ${codes.length} created in ${fmt(createSeconds)} s (untimed); ` +
        `${result.redeemed} redeemed in ${fmt(result.seconds, 2)} s = ${fmt(result.redeemed / result.seconds)}/s, ` +
        `p50 ${fmt(percentile(result.latenciesMs, 50))} ms p99 ${fmt(percentile(result.latenciesMs, 99))} ms; ` +
        `CPU per request: stack ${fmt(result.cpu.stackMicros, 0)} µs (${fmt(result.cpu.stackCores, 2)} cores busy), ` +
        `Postgres ${fmtMicros(result.cpu.postgresMicros)}, machine ${fmt(result.cpu.machineMicros, 0)} µs` +
        (errorTotal(result.errors) > 0 ? `; ERRORS ${JSON.stringify(result.errors)}` : ''),
    );
  }
  const redeemErrors = redeemed.reduce((sum, r) => sum + errorTotal(r.errors), 0);
  if (redeemErrors > 0)
    throw new Error(`code redemptions: ${redeemErrors} errors ${JSON.stringify(redeemed.map((r) => r.errors))}`);
  const redeemCount = redeemed.reduce((sum, r) => sum + r.redeemed, 0);
  const redeemSeconds = redeemed.reduce((sum, r) => sum + r.seconds, 0);
  const redeemLatencies = redeemed.flatMap((r) => r.latenciesMs);
  const redeemPerSecond = redeemCount / redeemSeconds;
  const weighted = (pick: (cpu: CpuSample) => number): number =>
    redeemed.reduce((sum, r) => sum + pick(r.cpu) * r.redeemed, 0) / redeemCount;
  const measurable = redeemed.every((r) => r.cpu.postgresMicros !== null);
  const redeemCpu = {
    stackMicros: weighted((c) => c.stackMicros),
    postgresMicros: measurable ? weighted((c) => c.postgresMicros ?? 0) : null,
    machineMicros: weighted((c) => c.machineMicros),
  };

  // (2)-(3) refresh: OIDC grants against own sessions, taking turns.
  if (refreshTokens.length < settings.oidcRefreshChains)
    throw new Error(`only ${refreshTokens.length} refresh tokens for ${settings.oidcRefreshChains} chains`);
  const chains = {
    oidc: refreshTokens.slice(-settings.oidcRefreshChains),
    own: ownSessions.map((session) => session.refreshToken),
  };
  const runs: Record<'oidc' | 'own', Array<RefreshResult & { cpu: CpuSample }>> = { oidc: [], own: [] };
  for (let round = 0; round < settings.oidcRefreshRounds; round++) {
    for (const via of round % 2 === 0 ? (['oidc', 'own'] as const) : (['own', 'oidc'] as const)) {
      // The profiler (when asked for) wraps the CPU count: stopping it and writing its profile is not charged.
      const result = await profiled(round === 0 ? cpuProfileDir : undefined, `refresh-${via}`, () =>
        withCpu(
          runtime.db.pool,
          () =>
            runInWorker<RefreshResult>(
              new URL('./oidc-worker.ts', import.meta.url),
              {
                kind: 'refresh',
                via,
                url: via === 'oidc' ? tokenUrl : stack.gatewayUrl,
                authorization: basic,
                tokens: chains[via],
                connections: settings.oidcConnections,
                warmupSeconds: settings.oidcWarmupSeconds,
                seconds: settings.oidcSeconds,
              } satisfies OidcJob,
              `${via} refreshes`,
            ),
          (r) => r.requests + r.uncounted,
        ),
      );
      chains[via] = result.tokens;
      runs[via].push(result);
      const errors = errorTotal(result.errors);
      log(
        `refresh, ${via === 'oidc' ? 'OIDC token endpoint' : 'own refresh mutation'}: ${fmt(result.requests / result.seconds)}/s, ` +
          `p50 ${fmt(percentile(result.latenciesMs, 50))} ms p99 ${fmt(percentile(result.latenciesMs, 99))} ms ` +
          `(${result.requests} in ${fmt(result.seconds)} s); CPU per request: stack ${fmt(result.cpu.stackMicros, 0)} µs ` +
          `(${fmt(result.cpu.stackCores, 2)} cores busy), Postgres ${fmtMicros(result.cpu.postgresMicros)}, machine ${fmt(result.cpu.machineMicros, 0)} µs` +
          (errors > 0 ? `; ERRORS ${JSON.stringify(result.errors)}` : ''),
      );
      if (errors > 0) throw new Error(`${via} refreshes: ${errors} errors ${JSON.stringify(result.errors)}`);
    }
  }

  // SQL statements per request, one request at a time (requests sent from this process, untimed).
  const counter = countSqlStatements(runtime.db.pool);
  const statements: Record<'redeem' | 'oidc' | 'own', string[][]> = { redeem: [], oidc: [], own: [] };
  try {
    const tokenPost = (id: string, form: Record<string, string>) =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic, 'x-request-id': id },
        body: new URLSearchParams(form),
      });
    for (let i = 0; i < settings.oidcSqlSamples; i++) {
      const { code, verifier } = await authorize(origin, slug, client.id, pageTokens[0] as string);
      let id = crypto.randomUUID();
      const redeemAnswer = await tokenPost(id, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      });
      const { refresh_token: fresh } = (await redeemAnswer.json()) as { refresh_token?: string };
      if (redeemAnswer.status !== 200 || !fresh) throw new Error(`counted redemption: HTTP ${redeemAnswer.status}`);
      statements.redeem.push([...counter.of(id)]);
      id = crypto.randomUUID();
      const refreshAnswer = await tokenPost(id, { grant_type: 'refresh_token', refresh_token: fresh });
      if (refreshAnswer.status !== 200) throw new Error(`counted OIDC refresh: HTTP ${refreshAnswer.status}`);
      await refreshAnswer.body?.cancel();
      statements.oidc.push([...counter.of(id)]);
      id = crypto.randomUUID();
      const own = chains.own[i] as string;
      const ownAnswer = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query: REFRESH, variables: { input: { refreshToken: own } } }),
      });
      const ownBody = (await ownAnswer.json()) as { data?: { refresh?: { refreshToken?: string } } };
      if (!ownBody.data?.refresh?.refreshToken) throw new Error(`counted own refresh: ${JSON.stringify(ownBody)}`);
      statements.own.push([...counter.of(id)]);
    }
  } finally {
    counter.stop();
  }
  const sqlCount = (kind: keyof typeof statements): number => median(statements[kind].map((list) => list.length));
  for (const kind of ['redeem', 'oidc', 'own'] as const) {
    log(
      `SQL statements per ${{ redeem: 'code redemption', oidc: 'OIDC refresh', own: 'own refresh mutation' }[kind]}: ` +
        `${statements[kind].map((list) => list.length).join(', ')} (median ${sqlCount(kind)})`,
    );
    for (const text of statements[kind][0] ?? []) log(`    ${text.slice(0, 150)}`);
  }

  const middle = (via: 'oidc' | 'own', pick: (r: RefreshResult & { cpu: CpuSample }) => number): number =>
    median(runs[via].map(pick));
  const perSecond = (r: RefreshResult) => r.requests / r.seconds;
  const p50 = (r: RefreshResult) => percentile(r.latenciesMs, 50);
  const p99 = (r: RefreshResult) => percentile(r.latenciesMs, 99);
  const oidcPerSecond = middle('oidc', perSecond);
  const ownPerSecond = middle('own', perSecond);
  const oidcStackMicros = middle('oidc', (r) => r.cpu.stackMicros);
  log(
    `OIDC refresh: ${fmt(oidcPerSecond)}/s = ${fmt(oidcPerSecond / KEYCLOAK_REFRESH_PER_VCPU, 2)}x Keycloak's ${KEYCLOAK_REFRESH_PER_VCPU}/s per vCPU ` +
      `(goal ${GOAL_FACTOR}x = ${GOAL_FACTOR * KEYCLOAK_REFRESH_PER_VCPU}/s); per vCPU of this ${cores}-core machine ${fmt(oidcPerSecond / cores)}/s; ` +
      `per second of the stack process's CPU ${fmt(1e6 / oidcStackMicros)}`,
  );

  const row = (
    figure: string,
    value: number,
    unit: string,
    baselineLabel = '',
    baseline: number | null = null,
  ): Row => ({
    figure,
    value,
    unit,
    baselineLabel,
    baseline,
    ratio: ratio(value, baseline),
  });
  const c = settings.oidcConnections;
  const rounds = `medians of ${settings.oidcRefreshRounds}`;
  const own = 'own refresh mutation';
  const refreshErrors = (via: 'oidc' | 'own') => runs[via].reduce((sum, r) => sum + errorTotal(r.errors), 0);
  const rows: Row[] = [
    row(`OIDC code redemptions/s, one core (${redeemCount} codes, ${c} connections)`, redeemPerSecond, 'req/s'),
    row('OIDC code redemption p50 latency', percentile(redeemLatencies, 50), 'ms'),
    row('OIDC code redemption p99 latency', percentile(redeemLatencies, 99), 'ms'),
    row('OIDC code redemption errors', redeemErrors, 'errors'),
    row(
      `OIDC refresh/s, one core (${settings.oidcRefreshChains} grants, ${c} connections, ${rounds})`,
      oidcPerSecond,
      'req/s',
      `${own}, same connections`,
      ownPerSecond,
    ),
    row(
      `OIDC refresh/s per core (goal >= ${GOAL_FACTOR}x)`,
      oidcPerSecond,
      'req/s',
      'Keycloak published, per vCPU',
      KEYCLOAK_REFRESH_PER_VCPU,
    ),
    row(
      `OIDC refresh per second of the stack's CPU (1e6 / stack CPU per request), ${rounds}`,
      1e6 / oidcStackMicros,
      'req/s',
      'Keycloak published, per vCPU',
      KEYCLOAK_REFRESH_PER_VCPU,
    ),
    row(`OIDC refresh p50 latency, ${rounds}`, middle('oidc', p50), 'ms', own, middle('own', p50)),
    row(`OIDC refresh p99 latency, ${rounds}`, middle('oidc', p99), 'ms', own, middle('own', p99)),
    row('OIDC refresh errors', refreshErrors('oidc'), 'errors', own, refreshErrors('own')),
    row('OIDC code redemption: stack CPU per request', redeemCpu.stackMicros, 'µs'),
    row(
      `OIDC refresh: stack CPU per request, ${rounds}`,
      oidcStackMicros,
      'µs',
      own,
      middle('own', (r) => r.cpu.stackMicros),
    ),
    ...(redeemCpu.postgresMicros === null || [...runs.oidc, ...runs.own].some((r) => r.cpu.postgresMicros === null)
      ? []
      : [
          row('OIDC code redemption: Postgres CPU per request', redeemCpu.postgresMicros, 'µs'),
          row(
            `OIDC refresh: Postgres CPU per request, ${rounds}`,
            middle('oidc', (r) => r.cpu.postgresMicros ?? 0),
            'µs',
            own,
            middle('own', (r) => r.cpu.postgresMicros ?? 0),
          ),
        ]),
    row('OIDC code redemption: SQL statements', sqlCount('redeem'), 'statements'),
    row('OIDC refresh: SQL statements', sqlCount('oidc'), 'statements', own, sqlCount('own')),
  ];
  return {
    rows,
    details: {
      cores,
      issuer: issuerFor(origin, slug),
      scope: SCOPE,
      redeem: {
        perSecond: redeemPerSecond,
        count: redeemCount,
        seconds: redeemSeconds,
        p50Ms: percentile(redeemLatencies, 50),
        p99Ms: percentile(redeemLatencies, 99),
        cpu: redeemCpu,
        batches: redeemed.map((r) => ({
          redeemed: r.redeemed,
          seconds: r.seconds,
          createSeconds: r.createSeconds,
          errors: r.errors,
          cpu: r.cpu,
          p50Ms: percentile(r.latenciesMs, 50),
          p99Ms: percentile(r.latenciesMs, 99),
        })),
      },
      refresh: Object.fromEntries(
        (['oidc', 'own'] as const).map((via) => [
          via,
          runs[via].map((r) => ({
            perSecond: perSecond(r),
            requests: r.requests,
            uncounted: r.uncounted,
            seconds: r.seconds,
            p50Ms: p50(r),
            p99Ms: p99(r),
            errors: r.errors,
            cpu: r.cpu,
          })),
        ]),
      ),
      keycloakRefreshPerVcpu: KEYCLOAK_REFRESH_PER_VCPU,
      goalPerCore: GOAL_FACTOR * KEYCLOAK_REFRESH_PER_VCPU,
      sqlStatements: statements,
    },
  };
}
