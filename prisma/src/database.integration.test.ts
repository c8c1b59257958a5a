import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.ts';
import { DataLayerError } from './errors.ts';
import { migrateControl } from './migrator.ts';
import { provisionTenant, type ProvisionedTenant } from './provision-tenant.ts';
import { quoteIdent } from './tenant-schema-name.ts';
import { ignoreTerminatedByDrop, uniqueSlug } from './testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const MAX_CONNECTIONS = 10;

let testDb: TestDatabase;
let db: Database;
// Watches the test database from outside it: connected to `postgres`, so not counted itself.
let observer: pg.Client;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDatabase({
    connectionString: testDb.connectionString,
    maxConnections: MAX_CONNECTIONS,
    tenantClientCacheSize: 50,
    evictedClientGraceMs: 0,
    onBackgroundError: ignoreTerminatedByDrop,
  });
  await migrateControl(db.pool);
  observer = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await observer.connect();
});

afterAll(async () => {
  await db.close();
  await observer.end();
  await testDb.drop();
});

async function connectionsToTestDb(): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
    [testDb.name],
  );
  return rows[0]?.n ?? 0;
}

async function emailsIn(schema: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ email: string }>(
    `SELECT email FROM ${quoteIdent(schema)}.users ORDER BY email`,
  );
  return rows.map((row) => row.email);
}

// Guards against prisma#28611 (early Prisma 7 ignored PrismaPg's `schema` option and wrote
// every tenant's rows to `public`): each client must read and write only its own schema.
describe('tenant isolation', () => {
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;

  beforeAll(async () => {
    a = await provisionTenant(db.pool, { slug: uniqueSlug('a'), name: 'Tenant A', status: 'active' });
    b = await provisionTenant(db.pool, { slug: uniqueSlug('b'), name: 'Tenant B', status: 'active' });
  });

  it('writes each tenant client lands in that tenant schema only', async () => {
    await db
      .tenant(a.id)
      .user.create({ data: { id: randomUUID(), email: 'alice@a.test', roles: { create: { role: 'admin' } } } });
    await db
      .tenant(b.id)
      .user.create({ data: { id: randomUUID(), email: 'bob@b.test', roles: { create: { role: 'trader' } } } });

    expect(await emailsIn(a.schema)).toEqual(['alice@a.test']);
    expect(await emailsIn(b.schema)).toEqual(['bob@b.test']);
    const inPublic = await db.pool.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'users'`,
    );
    expect(inPublic.rowCount).toBe(0);
  });

  it('reads, nested writes, relations and transactions stay in the tenant schema', async () => {
    const tenantA = db.tenant(a.id);
    const tenantB = db.tenant(b.id);
    const userId = randomUUID();
    await tenantA.$transaction(async (tx) => {
      await tx.user.create({
        data: {
          id: userId,
          email: 'carol@a.test',
          roles: { create: { role: 'viewer' } },
          sessions: {
            create: {
              id: randomUUID(),
              expiresAt: new Date(Date.now() + 60_000),
              refreshTokens: { create: { hash: 'h1', expiresAt: new Date(Date.now() + 60_000) } },
            },
          },
        },
      });
    });
    await tenantB.$transaction([tenantB.auditEvent.create({ data: { action: 'test.b' } })]);

    const carol = await tenantA.user.findUnique({
      where: { id: userId },
      include: { sessions: { include: { refreshTokens: true } } },
    });
    expect(carol?.sessions[0]?.refreshTokens[0]?.hash).toBe('h1');
    expect(await tenantB.user.findUnique({ where: { id: userId } })).toBeNull();
    expect((await tenantB.user.findMany()).map((user) => user.email)).toEqual(['bob@b.test']);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM ${quoteIdent(a.schema)}.sessions`)).rows).toEqual([
      { n: 1 },
    ]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM ${quoteIdent(b.schema)}.sessions`)).rows).toEqual([
      { n: 0 },
    ]);
    expect((await db.pool.query(`SELECT action FROM ${quoteIdent(b.schema)}.audit_events`)).rows).toEqual([
      { action: 'test.b' },
    ]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM ${quoteIdent(a.schema)}.audit_events`)).rows).toEqual([
      { n: 0 },
    ]);
  });

  it('never relies on search_path: pooled connections keep the server default', async () => {
    await db.tenant(a.id).user.count();
    const rows = await db.tenant(a.id).$queryRaw<{ search_path: string }[]>`SHOW search_path`;
    expect(rows[0]?.search_path).toBe('"$user", public');
  });

  it('gives the control client the control schema', async () => {
    const found = await db.control.tenant.findUnique({ where: { id: a.id } });
    expect(found?.slug).toBe(a.slug);
  });

  it('refuses a tenant id that is not a uuid', () => {
    expect(() => db.tenant('public')).toThrow(DataLayerError);
  });
});

describe('connections', () => {
  it('stay within the one pool after touching 200 tenants', async () => {
    const limit = pLimit(8);
    const tenants = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        limit(() => provisionTenant(db.pool, { slug: uniqueSlug(`c${i}`), name: `Tenant ${i}`, status: 'active' })),
      ),
    );

    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await connectionsToTestDb());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    // More queries in flight than the pool has connections, over more tenants than the cache holds.
    const queries = pLimit(40);
    const counts = await Promise.all(tenants.map((tenant) => queries(() => db.tenant(tenant.id).user.count())));
    sampling = false;
    await sampler;

    expect(counts).toEqual(tenants.map(() => 0));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(await connectionsToTestDb()).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(db.pool.totalCount).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });

  it('disconnecting an evicted tenant client leaves the shared pool and other clients working', async () => {
    const tenants = await Promise.all(
      [0, 1, 2].map((i) => provisionTenant(db.pool, { slug: uniqueSlug(`e${i}`), name: `Evict ${i}` })),
    );
    const [first] = tenants;
    if (first === undefined) throw new Error('no tenant');
    const firstClient = db.tenant(first.id);
    await firstClient.user.count();
    // Push `first` out of the 50-entry cache; with no grace period it is disconnected at once.
    for (let i = 0; i < 60; i++) db.tenant(randomUUID());
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(db.tenant(first.id)).not.toBe(firstClient);
    expect((await db.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    expect(await db.tenant(first.id).user.count()).toBe(0);
    expect(await db.control.tenant.count()).toBeGreaterThan(0);
  });
});

describe('evicted tenant clients', () => {
  it('stay usable for the grace period, so an interactive transaction survives its client being evicted', async () => {
    const own = createDatabase({
      connectionString: testDb.connectionString,
      maxConnections: 3,
      tenantClientCacheSize: 1,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    try {
      const [a, b] = await Promise.all([
        provisionTenant(own.pool, { slug: uniqueSlug('g'), name: 'Grace A' }),
        provisionTenant(own.pool, { slug: uniqueSlug('g'), name: 'Grace B' }),
      ]);
      if (a === undefined || b === undefined) throw new Error('no tenants');
      const clientA = own.tenant(a.id);
      const userId = randomUUID();
      const transaction = clientA.$transaction(async (tx) => {
        await tx.user.create({ data: { id: userId, email: 'grace@a.test', roles: { create: { role: 'viewer' } } } });
        await new Promise((resolve) => setTimeout(resolve, 200));
        return tx.user.count();
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await own.tenant(b.id).user.count(); // evicts A's client from the one-entry cache
      expect(await transaction).toBe(1);
      // Asked for again within the grace period, the retired client comes back.
      expect(own.tenant(a.id)).toBe(clientA);
    } finally {
      await own.close();
    }
  });
});

describe('close', () => {
  it('ends the pool and is safe to call twice', async () => {
    const own = createDatabase({
      connectionString: testDb.connectionString,
      maxConnections: 2,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    await own.control.tenant.count();
    await own.close();
    await own.close();
    expect(own.pool.ending).toBe(true);
    expect(() => own.tenant(randomUUID())).toThrow(/closed/);
  });
});

/** A server that accepts connections and never answers: a stalled database, as a client sees it. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/silent`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How long `call` took to fail, and with what. */
async function failure(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
  throw new Error('expected a failure');
}

// Every wait for the database is bounded: for a connection (a new one, or a free one from a full
// pool) by connectTimeoutMillis (DB_CONNECT_TIMEOUT_MS), for a statement's answer by
// queryTimeoutMillis (DB_QUERY_TIMEOUT_MS). Each setting is shown by two values giving two
// outcomes; bounds are generous (a 2-core machine running other test files).
describe('bounded waits', () => {
  it('a server that never answers fails the connection after connectTimeoutMillis, through Prisma too', async () => {
    const silent = await silentServer();
    const quick = createDatabase({ connectionString: silent.url, connectTimeoutMillis: 200 });
    const patient = createDatabase({ connectionString: silent.url, connectTimeoutMillis: 1_200 });
    try {
      const [fast, slow] = await Promise.all([
        failure(() => quick.control.tenant.count()),
        failure(() => patient.pool.query('SELECT 1')),
      ]);
      expect(fast.ms).toBeGreaterThanOrEqual(150);
      expect(fast.ms).toBeLessThan(1_000);
      expect(slow.ms).toBeGreaterThanOrEqual(1_100);
      expect(slow.ms).toBeLessThan(3_000);
      // pg's own error, handed on by Prisma's adapter unchanged.
      for (const { error } of [fast, slow])
        expect((error as Error).message).toBe('Connection terminated due to connection timeout');
    } finally {
      await Promise.all([quick.close(), patient.close()]);
      await silent.close();
    }
  });

  it('a full pool hands out a free connection within connectTimeoutMillis, or fails', async () => {
    const own = createDatabase({
      connectionString: testDb.connectionString,
      maxConnections: 2,
      connectTimeoutMillis: 300,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    const held = await Promise.all([own.pool.connect(), own.pool.connect()]);
    try {
      const waited = await failure(() => own.control.tenant.count());
      expect((waited.error as Error).message).toBe('timeout exceeded when trying to connect');
      expect(waited.ms).toBeGreaterThanOrEqual(250);
      expect(waited.ms).toBeLessThan(2_000);
      // A connection freed within the wait is handed on.
      setTimeout(() => held.pop()?.release(), 100);
      expect(await own.control.tenant.count()).toBeGreaterThanOrEqual(0);
    } finally {
      for (const client of held) client.release();
      await own.close();
    }
  });

  it('a statement whose answer does not come within queryTimeoutMillis fails and its connection is dropped', async () => {
    const quick = createDatabase({
      connectionString: testDb.connectionString,
      queryTimeoutMillis: 300,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    const patient = createDatabase({
      connectionString: testDb.connectionString,
      queryTimeoutMillis: 3_000,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    try {
      const timedOut = await failure(() => quick.control.$queryRaw`SELECT pg_sleep(1)::text`);
      expect((timedOut.error as Error).message).toBe('Query read timeout');
      expect(timedOut.ms).toBeLessThan(900);
      expect(quick.pool.totalCount).toBe(0);
      await patient.control.$queryRaw`SELECT pg_sleep(1)::text`;
      // Short statements are unaffected, on a fresh connection.
      expect((await quick.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await Promise.all([quick.close(), patient.close()]);
    }
  });
});

describe('guard', () => {
  /** A guard that refuses while `open`, and records every attempt it was handed. */
  function switchGuard() {
    const outcomes: string[] = [];
    const guard = {
      open: false,
      refused: 0,
      get available() {
        return !this.open;
      },
      observe<T>(attempt: Promise<T>): Promise<T> {
        attempt.then(
          () => outcomes.push('ok'),
          (error: unknown) => outcomes.push((error as Error).message),
        );
        return attempt;
      },
      refusal() {
        this.refused += 1;
        return new Error('refused by the guard');
      },
    };
    return { guard, outcomes };
  }

  it('is asked before every connection: closed, attempts are counted; open, refused at once without connecting', async () => {
    const { guard, outcomes } = switchGuard();
    const own = createDatabase({
      connectionString: testDb.connectionString,
      guard,
      onBackgroundError: ignoreTerminatedByDrop,
    });
    try {
      await own.control.tenant.count();
      await own.pool.query('SELECT 1');
      await own.control.$transaction(async (tx) => tx.tenant.count());
      expect(outcomes).toEqual(['ok', 'ok', 'ok']);

      guard.open = true;
      for (const call of [
        () => own.control.tenant.count(),
        () => own.control.$transaction(async (tx) => tx.tenant.count()),
        () => own.pool.query('SELECT 1'),
        () => own.pool.connect(),
      ]) {
        const refused = await failure(call);
        // Prisma hands the guard's error on as it is.
        expect((refused.error as Error).message).toBe('refused by the guard');
        expect(refused.ms).toBeLessThan(100);
      }
      expect(guard.refused).toBe(4);
      expect(outcomes).toHaveLength(3);
      // The probe is the breaker's trial: its own connection, never the guard's.
      await own.probe();
    } finally {
      await own.close();
    }
  });

  it('hands the guard connection failures to count (a server that is not there)', async () => {
    const silent = await silentServer();
    await silent.close(); // nothing listens on its port any more: refused
    const { guard, outcomes } = switchGuard();
    const own = createDatabase({ connectionString: silent.url, guard, connectTimeoutMillis: 500 });
    try {
      await failure(() => own.control.tenant.count());
      await failure(() => own.probe());
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatch(/ECONNREFUSED/);
    } finally {
      await own.close();
    }
  });
});
