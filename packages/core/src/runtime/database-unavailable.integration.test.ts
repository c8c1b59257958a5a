import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createDatabase, migrateControl, type Database } from '@tradesage/prisma';
import { createTestDatabase, ignoreTerminatedByDrop, type TestDatabase } from '@tradesage/prisma/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresGuard } from './database-guard.ts';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.ts';
import { DependencyBreaker } from './dependency-breaker.ts';
import { findAppError, formatGraphQLError } from './errors.ts';
import { createLogger } from './logger.ts';
import { PostgresProxy } from './testing/postgres-proxy.ts';

// The one classification of "the database cannot be used", against what pg 8 and Prisma 7 (pg
// adapter) really throw: each failure below is produced on a real connection. Every one of them
// is SERVICE_UNAVAILABLE for a client, with nothing of the failure in the answer; a statement the
// database refused (a constraint, a bad query) is not, and never counts against the breaker.

const logger = createLogger({ level: 'silent', name: 'database-unavailable-test' });
const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let testDb: TestDatabase;
let db: Database;
let admin: pg.Client;
const opened: Database[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase('tradesage_unavailable');
  db = open(testDb.connectionString);
  await migrateControl(db.pool);
  admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
});

afterAll(async () => {
  for (const each of opened.splice(0)) await each.close();
  await admin.end();
  await testDb.drop();
});

function open(connectionString: string, options: Partial<Parameters<typeof createDatabase>[0]> = {}): Database {
  const opening = createDatabase({ connectionString, onBackgroundError: ignoreTerminatedByDrop, ...options });
  opened.push(opening);
  return opening;
}

async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** What a client is shown of `error` (the subgraph's formatError), and what is logged as internal. */
function shown(error: unknown): { answer: unknown; internal: unknown[] } {
  const internal: unknown[] = [];
  const answer = formatGraphQLError({ message: String(error) }, error, (each) => internal.push(each));
  return { answer, internal };
}

function expectUnavailable(error: unknown, retryAfterSeconds = 1): void {
  expect(isDatabaseUnavailable(error)).toBe(true);
  const { answer, internal } = shown(error);
  expect(answer).toEqual({
    message: 'The service is temporarily unavailable, please retry',
    extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds } },
  });
  expect(internal).toEqual([]);
}

/** A port on 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Terminates (57P01) the backend of the statement running `marker`, once it runs. */
async function terminateWhenRunning(marker: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_terminate_backend%'`,
      [marker],
    );
    if (rows.some((row) => row.terminated)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no statement with ${marker} to terminate`);
}

describe('the database cannot be used', () => {
  it('nothing listens (ECONNREFUSED): Prisma P1001, a raw query, an interactive transaction', async () => {
    const refused = open(`postgres://postgres@127.0.0.1:${await closedPort()}/db`);
    const model = await thrownBy(() => refused.control.tenant.count());
    expect(model).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P1001' });
    expectUnavailable(model);
    const raw = await thrownBy(() => refused.pool.query('SELECT 1'));
    expect(raw).toMatchObject({ code: 'ECONNREFUSED' });
    expectUnavailable(raw);
    expectUnavailable(await thrownBy(() => refused.control.$transaction(async (tx) => tx.tenant.count())));
  });

  it('a server that never answers: past the connect timeout', async () => {
    const proxy = await PostgresProxy.start(testDb.connectionString);
    try {
      proxy.stall();
      const stalled = open(proxy.urlFor(testDb.connectionString), { connectTimeoutMillis: 200 });
      const error = await thrownBy(() => stalled.control.tenant.count());
      expect((error as Error).message).toBe('Connection terminated due to connection timeout');
      expectUnavailable(error);
    } finally {
      await proxy.close();
    }
  });

  it('a full pool past the connect timeout', async () => {
    const small = open(testDb.connectionString, { maxConnections: 2, connectTimeoutMillis: 100 });
    const held = await Promise.all([small.pool.connect(), small.pool.connect()]);
    try {
      const error = await thrownBy(() => small.control.tenant.count());
      expect((error as Error).message).toBe('timeout exceeded when trying to connect');
      expectUnavailable(error);
    } finally {
      for (const client of held) client.release();
    }
  });

  it('the connection cut under a statement', async () => {
    const proxy = await PostgresProxy.start(testDb.connectionString);
    try {
      const cutOff = open(proxy.urlFor(testDb.connectionString));
      const running = thrownBy(() => cutOff.control.$queryRaw`SELECT pg_sleep(5)::text AS cut_under_statement`);
      const inTransaction = thrownBy(() =>
        cutOff.control.$transaction(async (tx) => {
          await tx.tenant.count();
          return tx.$queryRaw`SELECT pg_sleep(5)::text AS cut_in_transaction`;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.cut();
      for (const error of [await running, await inTransaction]) expectUnavailable(error);
    } finally {
      await proxy.close();
      // The server notices a vanished client only when it next writes: end its sessions now, so
      // their locks do not outlive the test.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND (query LIKE '%cut_under_statement%' OR query LIKE '%cut_in_transaction%')
            AND pid <> pg_backend_pid()`,
        [testDb.name],
      );
    }
  });

  it('the server ends the session (57P01 admin_shutdown): Prisma P2010 on a raw query, P2039 on a model query', async () => {
    const marker = `terminated_${randomUUID().replaceAll('-', '')}`;
    const raw = thrownBy(() => db.control.$queryRawUnsafe(`SELECT pg_sleep(5)::text AS ${marker}`));
    await terminateWhenRunning(marker);
    const rawError = await raw;
    expect(rawError).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P2010' });
    expectUnavailable(rawError);

    // A model query waiting for a lock another session holds, terminated while it waits.
    const locker = new pg.Client({ connectionString: testDb.connectionString });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE control.tenants IN ACCESS EXCLUSIVE MODE');
      const waiting = thrownBy(() => db.control.tenant.count());
      for (let attempt = 0; ; attempt++) {
        const { rows } = await admin.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%tenants%'`,
          [testDb.name],
        );
        if (rows.some((row) => row.terminated)) break;
        if (attempt > 200) throw new Error('the model query never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const modelError = await waiting;
      expect(modelError).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P2039' });
      expectUnavailable(modelError);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('no answer to a statement within the query timeout', async () => {
    const impatient = open(testDb.connectionString, { queryTimeoutMillis: 100 });
    const error = await thrownBy(() => impatient.control.$queryRaw`SELECT pg_sleep(1)::text`);
    expect((error as Error).message).toBe('Query read timeout');
    expectUnavailable(error);
  });

  it('the Postgres breaker open: refused at once, Retry-After its reset interval, whatever read it (Prisma, raw SQL)', async () => {
    const refused = `postgres://postgres@127.0.0.1:${await closedPort()}/db`;
    const breaker = new DependencyBreaker(
      { name: 'postgres', resetMs: 2_500, probe: async () => undefined, isFailure: isDatabaseUnavailable, minCalls: 2 },
      logger,
    );
    try {
      const guarded = open(refused, { guard: postgresGuard(() => breaker, 2_500) });
      // Before it opens, each failure already says to retry after its reset interval.
      expectUnavailable(await thrownBy(() => guarded.control.tenant.count()), 3);
      await thrownBy(() => guarded.pool.query('SELECT 1'));
      expect(breaker.state).toBe('open');
      for (const call of [() => guarded.control.tenant.count(), () => guarded.pool.query('SELECT 1')]) {
        const started = performance.now();
        const error = await thrownBy(call);
        expect(performance.now() - started).toBeLessThan(100);
        // The guard's own error, as it was thrown: Prisma hands it on.
        expect(error).toBeInstanceOf(DatabaseUnavailableError);
        expect(error).toMatchObject({ retryAfterSeconds: 3, cause: { name: 'DependencyUnavailableError' } });
        expectUnavailable(error, 3);
      }
      expect(breaker.window().rejected).toBe(2);
    } finally {
      breaker.close();
    }
  });
});

describe('the database answered', () => {
  it('a constraint violation or a bad query is not "unavailable", and never counts against the breaker', async () => {
    const breaker = new DependencyBreaker(
      { name: 'postgres', resetMs: 1_000, probe: async () => undefined, isFailure: isDatabaseUnavailable, minCalls: 2 },
      logger,
    );
    try {
      const guarded = open(testDb.connectionString, { guard: postgresGuard(() => breaker, 1_000) });
      const slug = `dup-${randomUUID().slice(0, 8)}`;
      await guarded.control.tenant.create({ data: { id: randomUUID(), slug, name: 'Duplicate' } });
      const duplicate = await thrownBy(() =>
        guarded.control.tenant.create({ data: { id: randomUUID(), slug, name: 'Duplicate' } }),
      );
      expect(duplicate).toMatchObject({ code: 'P2002' });
      const badQuery = await thrownBy(() => guarded.control.$queryRaw`SELECT * FROM no_such_table`);
      const badRaw = await thrownBy(() => guarded.pool.query('SELEC 1'));
      for (const error of [duplicate, badQuery, badRaw]) {
        expect(isDatabaseUnavailable(error)).toBe(false);
        expect(findAppError(error)).toBeUndefined();
        expect(shown(error).answer).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      }
      expect(breaker.state).toBe('closed');
      expect(breaker.window().failures).toBe(0);
    } finally {
      breaker.close();
    }
  });
});
