import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from './database-unavailable.ts';
import { findAppError } from './errors.ts';
import type { BreakerState } from './observability/metrics.ts';
import type { Runtime } from './runtime.ts';
import { PostgresProxy } from './testing/postgres-proxy.ts';
import { createTestRuntimes, type TestRuntimes } from './testing/test-runtime.ts';

// The Postgres settings of a runtime, each shown by two values that behave differently, against a
// database the test takes away through a proxy (the server itself keeps running): the breaker's
// reset interval (DB_BREAKER_RESET_MS), the wait for a connection (DB_CONNECT_TIMEOUT_MS) and for
// a statement's answer (DB_QUERY_TIMEOUT_MS). Bounds are generous: a 2-core machine running other
// test files meanwhile.

let runtimes: TestRuntimes;
let proxy: PostgresProxy;

beforeAll(async () => {
  runtimes = await createTestRuntimes('tradesage_pg_breaker');
  proxy = await PostgresProxy.start(runtimes.database.connectionString);
});

afterAll(async () => {
  await runtimes?.close();
  await proxy?.close();
});

/** A runtime whose database is reached through the proxy. */
function runtimeWith(env: Record<string, string>): Promise<Runtime> {
  return runtimes.runtime({ DATABASE_URL: proxy.urlFor(runtimes.database.connectionString), ...env });
}

/** When the runtime's Postgres breaker next becomes `state` (performance.now()). */
function next(runtime: Runtime, state: BreakerState, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the postgres breaker did not become ${state} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = runtime.dependencies.postgres.onStateChange((now) => {
      if (now !== state) return;
      clearTimeout(timer);
      stop();
      resolve(performance.now());
    });
  });
}

async function outcome(call: () => Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const started = performance.now();
  try {
    await call();
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** Queries (each failing fast while the database is cut) until the breaker has opened. */
async function driveOpen(runtime: Runtime): Promise<number> {
  const opened = next(runtime, 'open');
  for (let i = 0; i < 500 && runtime.dependencies.postgres.state !== 'open'; i++)
    await outcome(() => runtime.db.control.tenant.count());
  return opened;
}

describe('DB_BREAKER_RESET_MS', () => {
  it('sets how long the open breaker refuses at once (and the Retry-After it gives), before its own probe closes it', async () => {
    const quick = await runtimeWith({ DB_BREAKER_RESET_MS: '300' });
    const patient = await runtimeWith({ DB_BREAKER_RESET_MS: '3000' });
    expect(await quick.db.control.tenant.count()).toBeGreaterThanOrEqual(0);

    proxy.cut();
    try {
      await Promise.all([driveOpen(quick), driveOpen(patient)]);
    } finally {
      proxy.heal();
    }
    const healedAt = performance.now();
    const [quickClosed, patientClosed] = [next(quick, 'closed'), next(patient, 'closed')];

    // Open: refused without a wait, saying when to come back (its reset interval, in whole seconds).
    for (const [runtime, wait] of [
      [quick, 1],
      [patient, 3],
    ] as const) {
      const refused = await outcome(() => runtime.db.control.tenant.count());
      expect(refused.ms).toBeLessThan(100);
      expect(refused.error).toBeInstanceOf(DatabaseUnavailableError);
      expect(findAppError(refused.error)).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        details: { retryAfterSeconds: wait },
      });
    }

    // The database is back: the quick breaker's probe closes it within about its interval; the
    // patient one still refuses meanwhile, and closes only once its own interval has passed.
    expect((await quickClosed) - healedAt).toBeLessThan(1_500);
    expect(patient.dependencies.postgres.state).toBe('open');
    expect((await outcome(() => patient.db.control.tenant.count())).error).toBeInstanceOf(DatabaseUnavailableError);
    expect((await patientClosed) - healedAt).toBeGreaterThan(1_500);
    // No restart: the very next queries are answered.
    for (const runtime of [quick, patient]) expect(await runtime.db.control.tenant.count()).toBeGreaterThanOrEqual(0);
  }, 60_000);
});

describe('DB_CONNECT_TIMEOUT_MS', () => {
  it('sets how long a request waits for a connection to a database that does not answer', async () => {
    const quick = await runtimeWith({ DB_CONNECT_TIMEOUT_MS: '300' });
    const patient = await runtimeWith({ DB_CONNECT_TIMEOUT_MS: '1500' });
    // Every open connection is gone, and a new one is accepted and never answered.
    proxy.cut();
    proxy.stall();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [fast, slow] = await Promise.all([
        outcome(() => quick.db.control.tenant.count()),
        outcome(() => patient.db.control.tenant.count()),
      ]);
      for (const failed of [fast, slow]) expect(findAppError(failed.error)?.code).toBe('SERVICE_UNAVAILABLE');
      expect(fast.ms).toBeGreaterThanOrEqual(250);
      expect(fast.ms).toBeLessThan(1_200);
      expect(slow.ms).toBeGreaterThanOrEqual(1_400);
      expect(slow.ms).toBeLessThan(4_000);
    } finally {
      proxy.heal();
    }
  }, 60_000);
});

describe('DB_QUERY_TIMEOUT_MS', () => {
  it('sets how long a statement may go unanswered', async () => {
    const quick = await runtimeWith({ DB_QUERY_TIMEOUT_MS: '300' });
    const patient = await runtimeWith({ DB_QUERY_TIMEOUT_MS: '5000' });
    const slowStatement = (runtime: Runtime) => runtime.db.control.$queryRaw`SELECT pg_sleep(0.8)::text`;
    const fast = await outcome(() => slowStatement(quick));
    expect((fast.error as Error).message).toBe('Query read timeout');
    expect(findAppError(fast.error)?.code).toBe('SERVICE_UNAVAILABLE');
    expect(fast.ms).toBeLessThan(750);
    expect((await outcome(() => slowStatement(patient))).error).toBeUndefined();
    // A slow statement is not the database being down: the breaker stays closed.
    expect(quick.dependencies.postgres.state).toBe('closed');
  }, 60_000);
});
