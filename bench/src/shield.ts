/**
 * (g) shield: what graphql-shield's rules cost on a large answer. A `users` query of
 * 500 rows, executed at the user subgraph (where the shield runs) against two executable schemas
 * built the same way (`createSubgraphServer`: the same typeDefs, resolvers and shield middleware)
 * that differ only in their rules: the subgraph's real rule tree, and allow-all (every field
 * `allow`). Same operation, same viewer (an admin of a tenant with 500 users), a fresh request
 * context per execution as the server makes one, the two schemas taking turns so machine noise
 * hits both. The ratio real / allow-all is the rules' cost (goal: at most 1.15). A third schema
 * without any shield shows what the middleware itself costs. Then the same through HTTP: the
 * stack's user subgraph against a second one served with allow-all rules.
 */
import crypto from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { execute, parse, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { GATEWAY_CREDENTIAL_HEADER, allow, shield, createSubgraphServer } from '@tradesage/core';
import type { RunningStack } from '@tradesage/stack';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { createUserContext, createUserSubgraph, resolvers, typeDefs } from '@tradesage/subgraph-user';
import type { LoadResult } from './load.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';
import type { StackBenchOptions } from './sessions.ts';

export const SHIELD_SETTINGS = {
  /** Users in the tenant and rows in the answer (the admin included). */
  shieldUsers: 500,
  /** `users(first:)` allows 100 at most: the 500 rows are five aliased pages in one operation. */
  shieldPageSize: 100,
  shieldWarmupIterations: 30,
  shieldIterations: 200,
} as const;

const USER_FIELDS = 'id email firstName lastName displayName status createdAt roles';

export async function runShieldBench(
  options: StackBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, login, measure, undo, log } = options;
  const runtime = stack.runtime;
  const {
    shieldUsers: users,
    shieldPageSize: pageSize,
    shieldWarmupIterations: warmup,
    shieldIterations: iterations,
  } = SHIELD_SETTINGS;

  // The tenant: its admin (users:read, users:pii:read) plus 499 users inserted straight into its schema.
  const admin = { tenant: benchSlug('shield'), email: 'admin@shield-bench.example', password: benchPassword() };
  const tenant = await provisionTenantWithUsers(runtime, {
    slug: admin.tenant,
    name: 'Shield bench tenant',
    plan: 'enterprise',
    users: [{ email: admin.email, password: admin.password, role: 'admin' }],
  });
  await liftTenantRateLimits(runtime, tenant.id);
  const db = runtime.db.tenant(tenant.id);
  const start = Date.now();
  const rows = Array.from({ length: users - 1 }, (_, i) => ({
    id: crypto.randomUUID(),
    email: `user${i}@shield-bench.example`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    displayName: i % 2 === 0 ? `User ${i}` : null,
    createdAt: new Date(start + (i + 1) * 1_000),
  }));
  await db.user.createMany({ data: rows });
  await db.userRole.createMany({
    data: rows.map((row, i) => ({ userId: row.id, role: i % 3 === 0 ? 'trader' : 'viewer' })),
  });
  const token = await login(admin.tenant, admin.email, admin.password);
  const headers = { authorization: `Bearer ${token}` };
  log(`tenant ${admin.tenant}: ${users} users, viewer ${admin.email} (admin)`);

  // Same typeDefs, resolvers and construction; only the rules differ.
  const real = createUserSubgraph(runtime);
  const allowAll = createSubgraphServer({
    name: 'user',
    typeDefs,
    resolvers,
    permissions: shield({}, { fallbackRule: allow, allowExternalErrors: true }),
    context: (request) => createUserContext(runtime, request),
    logger: runtime.logger,
  });
  const unshielded = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });

  // Five pages in one operation; the cursors of pages 2-5 are read once, up front, and written
  // into the document (base64url: nothing to escape), so the HTTP body is just `{ query }`.
  const cursors = await pageCursors(real.schema, headers, runtime, users, pageSize);
  const pages = [null, ...cursors].map(
    (after, i) => `p${i}: users(first: ${pageSize}${after === null ? '' : `, after: "${after}"`}) { ...Page }`,
  );
  const source = `query Users${users} { ${pages.join(' ')} }
fragment Page on UserConnection { edges { cursor node { ${USER_FIELDS} } } pageInfo { hasNextPage endCursor } }`;
  const document = parse(source);

  /**
   * One execution: wall time, and the process's CPU time over it. The CPU time leaves out waiting
   * (for Postgres, for the CPU when other processes hold it), so it is the steadier figure on a
   * busy 2-core machine; nothing else runs in this process meanwhile.
   */
  const run = async (schema: GraphQLSchema): Promise<{ ms: number; cpuMs: number; result: ExecutionResult }> => {
    // As the server does per request: a fresh context (viewer, DataLoaders, shield cache), untimed.
    const contextValue = await createUserContext(runtime, { headers });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await execute({ schema, document, contextValue });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000, result };
  };

  const targets = [
    ['real rules', real.schema],
    ['allow-all rules', allowAll.schema],
    ['no shield', unshielded],
  ] as const;
  // Every schema must answer the same 500 rows, without an error, before anything is timed.
  let reference: string | undefined;
  for (const [label, schema] of targets) {
    const validation = validate(schema, document);
    if (validation.length > 0)
      throw new Error(`the bench operation is invalid for ${label}: ${validation.map((e) => e.message).join('; ')}`);
    const { result } = await run(schema);
    const listed = Object.values(result.data ?? {}).reduce(
      (sum: number, page) => sum + ((page as { edges?: unknown[] }).edges?.length ?? 0),
      0,
    );
    if (result.errors !== undefined || listed !== users)
      throw new Error(`${label}: ${listed} rows, errors ${JSON.stringify(result.errors?.slice(0, 3))}`);
    const data = JSON.stringify(result.data);
    if (reference !== undefined && data !== reference)
      throw new Error(`${label} answered differently from the real rules`);
    reference = data;
  }

  // ms per execution (wall and CPU), per schema.
  const timings = new Map<string, { wall: number[]; cpu: number[] }>(
    targets.map(([label]) => [label, { wall: [], cpu: [] }]),
  );
  for (let i = 0; i < warmup + iterations; i++) {
    // Rotating order: no schema always runs first (or right after the garbage of another).
    for (let k = 0; k < targets.length; k++) {
      const [label, schema] = targets[(i + k) % targets.length] as (typeof targets)[number];
      const { ms, cpuMs, result } = await run(schema);
      if (result.errors !== undefined) throw new Error(`${label}: ${result.errors[0]?.message ?? 'error'}`);
      if (i >= warmup) {
        timings.get(label)?.wall.push(ms);
        timings.get(label)?.cpu.push(cpuMs);
      }
    }
  }
  const summary = Object.fromEntries(
    [...timings].map(([label, { wall, cpu }]) => {
      const mean = wall.reduce((sum, ms) => sum + ms, 0) / wall.length;
      return [
        label,
        {
          p50: percentile(wall, 50),
          p99: percentile(wall, 99),
          cpuP50: percentile(cpu, 50),
          mean,
          perSecond: 1000 / mean,
          wall,
          cpu,
        },
      ];
    }),
  ) as Record<
    (typeof targets)[number][0],
    { p50: number; p99: number; cpuP50: number; mean: number; perSecond: number; wall: number[]; cpu: number[] }
  >;
  for (const [label, s] of Object.entries(summary)) {
    log(
      `${label.padEnd(16)} p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  CPU p50 ${s.cpuP50.toFixed(2)} ms  ${s.perSecond.toFixed(1)} executions/s ` +
        `(one at a time, ${iterations} after ${warmup} warm-up)`,
    );
  }

  // Through HTTP: the stack's user subgraph (real rules) vs a second one serving allow-all.
  const allowAllServer = await allowAll.start(0, '127.0.0.1', runtime.gatewayCredentials);
  undo.push({ what: 'stop the allow-all user subgraph', run: () => allowAllServer.stop() });
  const http: Record<'real' | 'allowAll', LoadResult[]> = { real: [], allowAll: [] };
  for (let round = 0; round < 2; round++) {
    for (const [key, url] of [
      ['real', stack.subgraphUrls.user],
      ['allowAll', allowAllServer.url],
    ] as const) {
      // A subgraph answers only the gateway: a credential at its longest (60 s) covers one run.
      const asGateway = { [GATEWAY_CREDENTIAL_HEADER]: runtime.gatewayCredentials.issue('user', { ttlSeconds: 60 }) };
      http[key].push(
        await measure(
          `users ${users}, ${key === 'real' ? 'real' : 'allow-all'}`,
          url,
          { ...headers, ...asGateway },
          source,
          `"p${pages.length - 1}":{`,
        ),
      );
    }
  }
  await undo.pop()?.run();

  const base = summary['allow-all rules'];
  const realRules = summary['real rules'];
  const versus = (what: string, value: number, unit: string, baselineLabel: string, baseline: number): Row => ({
    figure: `users ${users} rows at the subgraph, ${what}`,
    value,
    unit,
    baselineLabel,
    baseline,
    ratio: ratio(value, baseline),
  });
  const rowsOut: Row[] = [
    versus('real shield: CPU p50', realRules.cpuP50, 'ms', 'allow-all shield', base.cpuP50),
    versus('real shield: p50', realRules.p50, 'ms', 'allow-all shield', base.p50),
    versus('real shield: p99', realRules.p99, 'ms', 'allow-all shield', base.p99),
    versus('real shield: throughput', realRules.perSecond, 'exec/s', 'allow-all shield', base.perSecond),
    versus('allow-all shield: p50', base.p50, 'ms', 'no shield at all', summary['no shield'].p50),
  ];
  const mean = (results: readonly LoadResult[], pick: (r: LoadResult) => number): number =>
    results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  for (const [what, unit, pick] of [
    ['throughput', 'req/s', (r: LoadResult) => r.requestsPerSecond],
    ['p50 latency', 'ms', (r: LoadResult) => r.latencyP50Ms],
    ['p99 latency', 'ms', (r: LoadResult) => r.latencyP99Ms],
  ] as const) {
    const value = mean(http.real, pick);
    const baseline = mean(http.allowAll, pick);
    rowsOut.push({
      figure: `users ${users} rows via HTTP to the subgraph, real shield: ${what}`,
      value,
      unit,
      baselineLabel: 'allow-all shield',
      baseline,
      ratio: ratio(value, baseline),
    });
  }
  return { rows: rowsOut, details: { execution: summary, http, operation: source } };
}

/** The `after` cursors of pages 2.. of the tenant's users, read through the real schema. */
async function pageCursors(
  schema: GraphQLSchema,
  headers: Record<string, string>,
  runtime: RunningStack['runtime'],
  users: number,
  pageSize: number,
): Promise<string[]> {
  const document = parse(
    'query Cursor($first: Int!, $after: String) { users(first: $first, after: $after) { pageInfo { endCursor hasNextPage } } }',
  );
  const cursors: string[] = [];
  let after: string | null = null;
  for (let page = 1; page < users / pageSize; page++) {
    const result = await execute({
      schema,
      document,
      variableValues: { first: pageSize, after },
      contextValue: await createUserContext(runtime, { headers }),
    });
    const endCursor = (result.data as { users?: { pageInfo?: { endCursor?: string | null } } } | null | undefined)
      ?.users?.pageInfo?.endCursor;
    if (typeof endCursor !== 'string')
      throw new Error(`no cursor after page ${page}: ${JSON.stringify(result.errors ?? result.data)}`);
    cursors.push(endCursor);
    after = endCursor;
  }
  return cursors;
}
