/**
 * (h) limits: how fast the gateway refuses each abusive document, and what an attacker sending
 * them does to `/health`.
 *
 * The gateway runs in a process of its own in front of the stack's subgraphs (as the edge sections
 * do), at the default log level, so the timing client (this process) and the gateway never share
 * an event loop or a garbage collector.
 *
 * Refusal latency: each document is sent `refusalWarmup` times untimed (the first answers of a
 * new document shape run cold code), then `refusals` times, one after another, by a signed-in
 * user, from a child process (sequential-worker.ts); every answer must be a 4xx naming the
 * expected code (else the run fails). Goal: p99 under
 * 10 ms. Then an attacker (autocannon in a child process, section (a)'s connections) sends all of
 * them, each connection in turn, as fast as they are answered, while a child process times
 * `GET /health` one request after another; the same sampling without the attacker is the
 * baseline. Goal: `/health` p99 under 50 ms during the attack. The attacker's tenant allows its
 * volume (the bench's lifted budgets), so what is measured is the limits refusing, not a rate limit.
 */
import { gatewayProcess, signedInUsers, type EdgeBenchOptions } from './edge-support.ts';
import { runLoad } from './load.ts';
import { runSequential } from './sequential.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';

export const LIMITS_SETTINGS = {
  /** Untimed requests per abusive document first. */
  refusalWarmup: 20,
  /** Requests per abusive document, sent one after another. */
  refusals: 500,
  /** `GET /health` samples with and without the attacker. */
  healthSamples: 400,
  attackConnections: 20,
  attackSeconds: 8,
} as const;

interface Abuse {
  readonly name: string;
  /** The raw JSON body. */
  readonly body: string;
  /** The answer must hold this (the code, and the limit where there is one). */
  readonly expect: string;
}

const body = (query: string, variables: Record<string, unknown> = {}): string => JSON.stringify({ query, variables });
const limited = (limit: string): string => `"limit":"${limit}"`;

/** The document: 1,000 aliased `me` with sessions and tenant, 80 KB. */
const ALIASED_ME = body(
  `{ ${Array.from({ length: 1000 }, (_, i) => `m${i}: me { id sessions { id } tenant { slug } }`).join(' ')} }`,
);

function abusiveDocuments(): Abuse[] {
  const page = 'users(first: 100) { edges { node { id sessions { id } tenant { slug } roles } } }';
  return [
    { name: '1,000 aliased me (80 KB)', body: ALIASED_ME, expect: limited('tokens') },
    {
      name: 'fragment of 10,000 fields',
      body: body(`fragment F on User { ${'id '.repeat(10_000)}} { me { ...F } }`),
      expect: limited('tokens'),
    },
    { name: 'depth 60', body: body(`{ me { ${'a { '.repeat(60)}id${' }'.repeat(60)} } }`), expect: limited('depth') },
    {
      name: '300 aliases',
      body: body(`{ me { ${Array.from({ length: 300 }, (_, i) => `a${i}: id`).join(' ')} } }`),
      expect: limited('aliases'),
    },
    {
      name: '100 directives',
      body: body(`{ me { id ${'@include(if: true) '.repeat(100)}} }`),
      expect: limited('directives'),
    },
    {
      name: '12 root fields',
      body: body(
        '{ me { id } myTenant { id } mySessions { id } myPermissions { roles } myPreferences { key } featureFlags { key } roles { name } sessionStats { active } tenantSettings { __typename } permissionCatalogue { name } dailyActiveUsers { count } users { __typename } }',
      ),
      expect: limited('rootFields'),
    },
    {
      name: 'cost of 4 pages of 100',
      body: body(`{ a: ${page} b: ${page} c: ${page} d: ${page} }`),
      expect: limited('cost'),
    },
    {
      name: '5,000-deep variable',
      body: `{"query":"mutation($v: JSON!) { setPreference(key: \\"ui.theme\\", value: $v) { key } }","variables":{"v":${'['.repeat(5000)}1${']'.repeat(5000)}}}`,
      expect: limited('variablesDepth'),
    },
    { name: '150 KB body', body: body(`{ me { id } } # ${'x'.repeat(150 * 1024)}`), expect: 'REQUEST_TOO_LARGE' },
    {
      name: 'NUL in login(tenant:)',
      body: body('mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }', {
        i: { tenant: 'a\u0000', email: 'a@b.example', password: 'x' },
      }),
      expect: 'nul_character',
    },
    {
      name: 'two operations, no name',
      body: body('query A { me { id } } query B { me { id } }'),
      expect: 'OPERATION_RESOLUTION_FAILURE',
    },
  ];
}

export async function runLimitsBench(
  options: EdgeBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { log } = options;
  const { tokens } = await signedInUsers(options, { prefix: 'limits', count: 1, role: 'trader' });
  // The bench's lifted budgets (and no unusual-volume detection): one attacker sends hundreds of
  // documents a second, and the limits, not a rate limit, must be what refuses them.
  const gateway = await gatewayProcess(options, 'our gateway', { kind: 'tradesage', env: { LOG_LEVEL: 'info' } });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[0] as string}` };
  const rows: Row[] = [];
  const refusals: Record<string, number[]> = {};
  const abuses = abusiveDocuments();
  for (const abuse of abuses) {
    const samples = await runSequential({
      name: abuse.name,
      url: gateway.url,
      headers,
      body: abuse.body,
      warmup: LIMITS_SETTINGS.refusalWarmup,
      count: LIMITS_SETTINGS.refusals,
      expect: { statusFrom: 400, statusTo: 499, body: abuse.expect },
    });
    refusals[abuse.name] = samples;
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(samples, p)) as [number, number, number];
    log(
      `refused ${abuse.name.padEnd(28)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms`,
    );
    rows.push({
      figure: `refused: ${abuse.name}, p99`,
      value: p99,
      unit: 'ms',
      baselineLabel: 'goal',
      baseline: 10,
      ratio: ratio(p99, 10),
    });
  }

  const health = () =>
    runSequential({
      name: '/health',
      url: new URL('/health', gateway.url).href,
      headers: {},
      warmup: 0,
      count: LIMITS_SETTINGS.healthSamples,
      expect: { statusFrom: 200, statusTo: 200 },
    });
  const quiet = await health();
  const attack = runLoad({
    url: gateway.url,
    headers,
    body: ALIASED_ME,
    bodies: abuses.map((abuse) => abuse.body),
    connections: LIMITS_SETTINGS.attackConnections,
    warmupSeconds: 1,
    durationSeconds: LIMITS_SETTINGS.attackSeconds,
    // Every answer is a refusal: counted as not served, which is the point.
    expect: '"data"',
  });
  // Give the attacker a moment to connect, then sample while it runs.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const underAttack = await health();
  const attacker = await attack;
  log(
    `attacker: ${attacker.requestsPerSecond.toFixed(0)} req/s of the ${abuses.length} abusive documents in turn (${attacker.totalRequests} requests, ${attacker.non2xx} refused with a 4xx)`,
  );
  for (const p of [50, 99] as const) {
    const value = percentile(underAttack, p);
    log(`/health p${p}: ${value.toFixed(2)} ms under attack, ${percentile(quiet, p).toFixed(2)} ms without`);
    rows.push({
      figure: `/health p${p} under attack`,
      value,
      unit: 'ms',
      baselineLabel: 'no attack',
      baseline: percentile(quiet, p),
      ratio: ratio(value, percentile(quiet, p)),
    });
  }
  const p99 = percentile(underAttack, 99);
  rows.push({
    figure: '/health p99 under attack',
    value: p99,
    unit: 'ms',
    baselineLabel: 'goal',
    baseline: 50,
    ratio: ratio(p99, 50),
  });
  return { rows, details: { refusals, health: { quiet, underAttack }, attacker } };
}
