/**
 * What the edge benchmarks (overhead, sustained, features) share: signed-in users of a tenant
 * of their own, gateways in processes of their own in front of the stack's subgraphs, the CPU
 * each process spends, and the machine's load while measuring.
 */
import crypto from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { startGatewayProcess, type GatewayJob, type GatewayProcess } from './gateway-process.ts';
import { failedRequests, runLoad, type LoadResult } from './load.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { StackBenchOptions } from './sessions.ts';

export interface EdgeBenchOptions extends StackBenchOptions {
  /** The stack's configuration as environment variables, handed to the gateway processes. */
  readonly env: Readonly<Record<string, string>>;
  /** Set: every gateway process runs with `--cpu-prof` and writes its profile here when it stops. */
  readonly cpuProfileDir: string | undefined;
  /** `measure` with the users' tokens shared out over the connections (see LoadJob.headerSets). */
  readonly measureAs: (
    label: string,
    url: string,
    tokens: readonly string[],
    query: string,
    expect: string,
  ) => Promise<LoadResult>;
}

/**
 * Our gateway as a deployment runs it: the default log level (one line per operation, written to
 * a stdout that goes nowhere here), and the default per-user and per-address budgets and
 * unusual-volume detection instead of the bench's lifted ones — the load is spread over enough
 * users to stay under them, as a tenant's real traffic is. The subgraphs stay silent, alike for
 * every gateway compared.
 */
export const AS_SHIPPED = {
  env: { LOG_LEVEL: 'info' },
  unset: ['RATE_LIMIT_USER_PER_MINUTE', 'RATE_LIMIT_ADDRESS_PER_MINUTE', 'UNUSUAL_API_VOLUME_PER_MINUTE'],
} as const;

/**
 * Users that share a closed-loop load (20 connections): three per connection, so a user sends a
 * few hundred operations a minute even at 400 requests/s, well under the default per-user budget
 * (1200) and unusual-volume threshold (1200).
 */
export const LOAD_USERS = 60;

/** `me` as the README shows it, plus auth's `lastLoginAt`: user, tenant, session and auth subgraphs. */
export const FEDERATED_ME_QUERY =
  '{ me { id email firstName lastName roles lastLoginAt tenant { id slug } sessions { id current createdAt } } }';

/** The 1-, 5- and 15-minute load averages, e.g. "2.10 1.85 1.60". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/**
 * A tenant of `count` users with `role`, each signed in through the stack's gateway; the tenant's
 * request budget is `requestsPerMinute`. Returns the users' access tokens. The first user is
 * provisioned as the tenant service does; the others are inserted beside it with its password hash
 * (hashing dozens of passwords would only fill the hashing queue: a sign-in costs one bcrypt
 * comparison whatever the password).
 */
export async function signedInUsers(
  options: Pick<StackBenchOptions, 'stack' | 'login'>,
  spec: { prefix: string; count: number; role: 'admin' | 'trader'; requestsPerMinute?: number },
): Promise<{ tenantId: string; tokens: string[] }> {
  const { runtime } = options.stack;
  const slug = benchSlug(spec.prefix);
  const password = benchPassword();
  const emails = Array.from({ length: spec.count }, (_, i) => `${spec.prefix}-${i}@bench.example`);
  const tenant = await provisionTenantWithUsers(runtime, {
    slug,
    name: `${spec.prefix} bench tenant`,
    users: [{ email: emails[0] as string, password, role: spec.role }],
  });
  await liftTenantRateLimits(runtime, tenant.id, spec.requestsPerMinute);
  const db = runtime.db.tenant(tenant.id);
  const first = await db.user.findFirstOrThrow({ select: { passwordHash: true, firstName: true, lastName: true } });
  const others = emails.slice(1).map((email) => ({ id: crypto.randomUUID(), email, ...first }));
  await db.user.createMany({ data: others });
  await db.userRole.createMany({ data: others.map((user) => ({ userId: user.id, role: spec.role })) });
  const tokens: string[] = [];
  for (const email of emails) tokens.push(await options.login(slug, email, password));
  return { tenantId: tenant.id, tokens };
}

/**
 * Starts a gateway process over the stack's subgraphs, with the stack's configuration changed by
 * `env` (added or replaced) and `unset` (removed: back to the default); it is stopped by run.ts's
 * undo list.
 */
export async function gatewayProcess(
  options: EdgeBenchOptions,
  label: string,
  job: Omit<GatewayJob, 'subgraphUrls' | 'env'> & { env?: Record<string, string>; unset?: readonly string[] },
): Promise<GatewayProcess> {
  const { env: changed, unset = [], ...rest } = job;
  const env = Object.fromEntries(
    Object.entries({ ...options.env, ...changed }).filter(([name]) => !unset.includes(name)),
  );
  const gateway = await startGatewayProcess(
    label,
    { ...rest, env, subgraphUrls: options.stack.subgraphUrls },
    { cpuProfileDir: options.cpuProfileDir },
  );
  options.undo.push({ what: `stop ${label}`, run: () => gateway.stop() });
  options.log(`${label}: ${gateway.url} (own process)`);
  return gateway;
}

/**
 * A few seconds of load on a freshly started gateway, not measured: its first seconds (JIT, caches,
 * connections) would otherwise count against whichever gateway is measured first.
 */
export async function warmUp(url: string, tokens: readonly string[], query: string, expect: string): Promise<void> {
  const result = await runLoad({
    url,
    headers: { 'content-type': 'application/json' },
    headerSets: tokens.map((token) => ({ authorization: `Bearer ${token}` })),
    body: JSON.stringify({ query }),
    connections: 20,
    warmupSeconds: 0,
    durationSeconds: 5,
    expect,
  });
  if (failedRequests(result) > 0) throw new Error(`warming ${url} up: ${failedRequests(result)} requests failed`);
}

/** CPU microseconds spent during `run` by each of the gateway processes and by this process. */
export async function withCpu<T>(
  gateways: readonly GatewayProcess[],
  run: () => Promise<T>,
): Promise<{ result: T; gatewayMicros: number[]; selfMicros: number }> {
  const before = await Promise.all(gateways.map((g) => g.cpuMicros()));
  const self = process.cpuUsage();
  const result = await run();
  const selfUsage = process.cpuUsage(self);
  const after = await Promise.all(gateways.map((g) => g.cpuMicros()));
  return {
    result,
    gatewayMicros: after.map((micros, i) => micros - (before[i] ?? 0)),
    selfMicros: selfUsage.user + selfUsage.system,
  };
}

/** Sends one GraphQL request and returns its `data`, failing on an error or a non-200 answer. */
export async function queryData(url: string, token: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!response.ok || body.errors || !body.data)
    throw new Error(`${url} answered HTTP ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

export interface TraceCollector {
  /** `http://127.0.0.1:<port>`: OTEL_EXPORTER_OTLP_ENDPOINT of a gateway that exports its traces here. */
  readonly url: string;
  /** Export requests and bytes received so far. */
  received(): { requests: number; bytes: number };
  close(): Promise<void>;
}

/**
 * A loopback stand-in for an OTLP collector: takes every export, answers 200 and keeps nothing but
 * counts, so a gateway with tracing on pays for its spans (made, batched, serialised, sent) while
 * the bench keeps no memory of them.
 */
export async function startTraceCollector(): Promise<TraceCollector> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => ({ requests, bytes }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
