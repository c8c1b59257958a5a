/**
 * (h) limits: how fast the gateway refuses each abusive document, and what an attacker sending
 * them does to `/health`.
 *
 * Refusal latency: each document is sent `refusals` times, one after another, by a signed-in
 * user; every answer must be a 4xx naming the expected code (else the run fails). Goal: p99 under
 * 10 ms. Then an attacker (autocannon in a child process, section (a)'s connections) sends the
 * heaviest of them — the 1,000 aliased `me` of 80 KB, which the gateway must lex up to its token
 * limit — while this process times `GET /health` one request after another; the same sampling
 * without the attacker is the baseline. Goal: `/health` p99 under 50 ms during the attack.
 */
import type { RunningStack } from '@tradesage/stack';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { runLoad } from './load.ts';
import { benchPassword, benchSlug } from './provisioning.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';

export const LIMITS_SETTINGS = {
  /** Requests per abusive document, sent one after another. */
  refusals: 200,
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
      body: body('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
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

/** Times `count` requests made one after another; each answer is checked by `check`. */
async function timed(count: number, send: () => Promise<Response>, check: (status: number, text: string) => void) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await send();
    const text = await response.text();
    samples.push(performance.now() - started);
    check(response.status, text);
  }
  return samples;
}

export async function runLimitsBench(options: {
  readonly stack: RunningStack;
  readonly login: (tenant: string, email: string, password: string) => Promise<string>;
  readonly log: (line: string) => void;
}): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, login, log } = options;
  const user = { tenant: benchSlug('limits'), email: 'attacker@bench.example', password: benchPassword() };
  await provisionTenantWithUsers(stack.runtime, {
    slug: user.tenant,
    name: 'Limits bench tenant',
    users: [{ email: user.email, password: user.password, role: 'viewer' }],
  });
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await login(user.tenant, user.email, user.password)}`,
  };
  const rows: Row[] = [];
  const refusals: Record<string, number[]> = {};
  for (const abuse of abusiveDocuments()) {
    const samples = await timed(
      LIMITS_SETTINGS.refusals,
      () => fetch(stack.gatewayUrl, { method: 'POST', headers, body: abuse.body }),
      (status, text) => {
        if (status < 400 || status >= 500 || !text.includes(abuse.expect))
          throw new Error(`${abuse.name}: expected a 4xx with ${abuse.expect}, got ${status} ${text.slice(0, 300)}`);
      },
    );
    refusals[abuse.name] = samples;
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    log(`refused ${abuse.name.padEnd(28)} p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms`);
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
    timed(
      LIMITS_SETTINGS.healthSamples,
      () => fetch(new URL('/health', stack.gatewayUrl)),
      (status) => {
        if (status !== 200) throw new Error(`/health answered ${status}`);
      },
    );
  const quiet = await health();
  const attack = runLoad({
    url: stack.gatewayUrl,
    headers,
    body: ALIASED_ME,
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
    `attacker: ${attacker.requestsPerSecond.toFixed(0)} req/s of the 80 KB document (${attacker.totalRequests} requests, ${attacker.non2xx} refused with a 4xx)`,
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
