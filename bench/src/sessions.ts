/**
 * (f) sessions: what the gateway's session-state (revocation) check costs per request,
 * and `mySessions` for a user with 50 open sessions.
 *
 * Check on vs off: the stack's own gateway (check on) against a second gateway instance built
 * here over the same subgraphs, whose runtime is a copy with `sessionState` replaced by a stub that
 * answers "active" without asking Redis. Only the bench builds that stub; there is no production
 * switch that turns revocation off. The subgraphs keep checking in both runs, so the difference
 * is the gateway's own check (one pipelined Redis round trip, plus the lastActiveAt / API-call /
 * user-agent bookkeeping folded into it).
 */
import crypto from 'node:crypto';
import type { Runtime, SessionCheck, SessionStateStore } from '@tradesage/core';
import { createGateway } from '@tradesage/gateway';
import type { RunningStack } from '@tradesage/stack';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import type { LoadResult } from './load.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import { ratio } from './stats.ts';

export const SESSIONS_SETTINGS = {
  /** Sessions the `mySessions` user has open (one from a real login, the rest inserted). */
  sessionsPerUser: 50,
} as const;

export const ME_QUERY = '{ me { id email firstName lastName roles } }';
export const MY_SESSIONS_QUERY = '{ mySessions { id current deviceType createdAt } }';

/** One load run with section (a)'s settings; run.ts owns it so every section loads alike. */
export type Measure = (
  label: string,
  url: string,
  headers: Record<string, string>,
  query: string,
  expect: string,
) => Promise<LoadResult>;

/** What run.ts hands each benchmark that runs against its own stack. */
export interface StackBenchOptions {
  readonly stack: RunningStack;
  readonly login: (tenant: string, email: string, password: string) => Promise<string>;
  readonly measure: Measure;
  /** run.ts's undo list: every resource is registered there, so Ctrl-C and failures clean up. */
  readonly undo: Array<{ what: string; run: () => Promise<unknown> }>;
  readonly log: (line: string) => void;
}

/** The runtime's session-state store with `check`/`isActive` answering "active" without Redis. */
function alwaysActive(store: SessionStateStore): SessionStateStore {
  const active: SessionCheck = { active: true, touchDue: false, userAgentChanged: false };
  return Object.assign(Object.create(store) as SessionStateStore, {
    check: (): Promise<SessionCheck> => Promise.resolve(active),
    isActive: (): Promise<boolean> => Promise.resolve(true),
  });
}

export async function runSessionsBench(
  options: StackBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, login, measure, undo, log } = options;
  const runtime = stack.runtime;

  // A second gateway over the same subgraphs, same runtime (pool, Redis, keys) except the check.
  const unchecked: Runtime = { ...runtime, sessionState: alwaysActive(runtime.sessionState) };
  const gatewayOff = await createGateway(unchecked, { subgraphUrls: stack.subgraphUrls }).start(0, '127.0.0.1');
  undo.push({ what: 'stop the unchecked gateway', run: () => gatewayOff.stop() });
  log(`gateway without the session-state check: ${gatewayOff.url}`);

  const user = { tenant: benchSlug('sessions'), email: 'sessions@bench.example', password: benchPassword() };
  const tenant = await provisionTenantWithUsers(runtime, {
    slug: user.tenant,
    name: 'Sessions bench tenant',
    users: [{ email: user.email, password: user.password, role: 'trader' }],
  });
  await liftTenantRateLimits(runtime, tenant.id);
  const userId = tenant.userIds[0];
  if (userId === undefined) throw new Error('provisioning returned no user');
  const token = await login(user.tenant, user.email, user.password);
  const auth = { authorization: `Bearer ${token}` };

  // Check on vs off, taking turns (on, off, on, off) so a machine that gets busier hits both.
  const on: LoadResult[] = [];
  const off: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    on.push(await measure('me, check on', stack.gatewayUrl, auth, ME_QUERY, '"me":{'));
    off.push(await measure('me, check off', gatewayOff.url, auth, ME_QUERY, '"me":{'));
  }
  await undo.pop()?.run();

  // 49 more open sessions for the same user, inserted like logins would leave them.
  const now = Date.now();
  const devices = ['desktop', 'mobile', 'tablet', 'other'] as const;
  await runtime.db.tenant(tenant.id).session.createMany({
    data: Array.from({ length: SESSIONS_SETTINGS.sessionsPerUser - 1 }, (_, i) => ({
      id: crypto.randomUUID(),
      userId,
      userAgent: `bench-agent/${i}`,
      ip: '127.0.0.1',
      deviceType: devices[i % devices.length] as string,
      createdAt: new Date(now - (i + 1) * 60_000),
      lastActiveAt: new Date(now - (i + 1) * 30_000),
      expiresAt: new Date(now + 7 * 24 * 3600_000),
    })),
  });
  const mySessions = await measure(
    `mySessions (${SESSIONS_SETTINGS.sessionsPerUser})`,
    stack.gatewayUrl,
    auth,
    MY_SESSIONS_QUERY,
    '"mySessions":[',
  );
  const probe = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ query: MY_SESSIONS_QUERY }),
  });
  const listed = ((await probe.json()) as { data?: { mySessions?: unknown[] } }).data?.mySessions?.length ?? 0;
  if (listed !== SESSIONS_SETTINGS.sessionsPerUser)
    throw new Error(`mySessions listed ${listed} sessions, expected ${SESSIONS_SETTINGS.sessionsPerUser}`);

  const mean = (results: readonly LoadResult[], pick: (r: LoadResult) => number): number =>
    results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const pairs = [
    ['throughput', 'req/s', (r: LoadResult) => r.requestsPerSecond],
    ['p50 latency', 'ms', (r: LoadResult) => r.latencyP50Ms],
    ['p99 latency', 'ms', (r: LoadResult) => r.latencyP99Ms],
  ] as const;
  const rows: Row[] = pairs.map(([what, unit, pick]) => {
    const value = mean(on, pick);
    const baseline = mean(off, pick);
    return {
      figure: `me via gateway, session check on: ${what}`,
      value,
      unit,
      baselineLabel: 'gateway check off (stub)',
      baseline,
      ratio: ratio(value, baseline),
    };
  });
  for (const [what, pick] of [
    ['p50', (r: LoadResult) => r.latencyP50Ms],
    ['p99', (r: LoadResult) => r.latencyP99Ms],
  ] as const) {
    const value = pick(mySessions);
    const baseline = mean(on, pick);
    rows.push({
      figure: `mySessions, ${SESSIONS_SETTINGS.sessionsPerUser} sessions: ${what} latency`,
      value,
      unit: 'ms',
      baselineLabel: '`me` via gateway (check on)',
      baseline,
      ratio: ratio(value, baseline),
    });
  }
  return { rows, details: { checkOn: on, checkOff: off, mySessions, sessionsListed: listed } };
}
