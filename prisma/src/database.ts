import { PrismaPg } from '@prisma/adapter-pg';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { PrismaClient as ControlClient } from '../generated/control/client.ts';
import { PrismaClient as TenantClient } from '../generated/tenant/client.ts';
import { tenantSchemaName } from './tenant-schema-name.ts';

export type ControlPrismaClient = ControlClient;
export type TenantPrismaClient = TenantClient;

export interface CreateDatabaseOptions {
  connectionString: string;
  /** Size of the ONE pg.Pool of this process; every Prisma client shares it. */
  maxConnections?: number;
  /** Tenant Prisma clients kept ready (LRU). Each costs ~0.6 MB of memory, no connection. */
  tenantClientCacheSize?: number;
  /**
   * How long an evicted tenant client stays usable before it is `$disconnect`ed. Plain queries
   * already in flight survive a disconnect, but an interactive `$transaction` does not, so an
   * evicted client is retired, not killed. Longer than any interactive transaction's timeout.
   */
  evictedClientGraceMs?: number;
  /** Errors no caller is waiting for: an idle pooled connection dying, a failed disconnect. */
  onBackgroundError?: (error: Error) => void;
  /**
   * Longest wait for a connection: a free one from the full pool, or a new one from the server
   * (TCP and the start-up exchange). Past it the attempt fails; nobody waits for a database that
   * does not answer. Default 2000.
   */
  connectTimeoutMillis?: number;
  /**
   * Longest wait for the answer of one statement, on the client's side (pg `query_timeout`): a
   * connection whose server has gone silent (a partition, a stalled network) fails the statement
   * instead of holding it until the operating system gives up, minutes later. The connection is
   * then dropped. Default 5000.
   */
  queryTimeoutMillis?: number;
  /**
   * Asked before every connection the pool hands out (the process's Postgres breaker): while it is
   * not `available` a connection is refused at once with its `refusal()`, without a wait; otherwise
   * the attempt is handed to `observe`, which counts how it ended. Never this package's concern
   * which failures count: the guard decides.
   */
  guard?: ConnectionGuard;
}

/** What the pool asks before it hands out a connection: see `CreateDatabaseOptions.guard`. */
export interface ConnectionGuard {
  readonly available: boolean;
  /** Counts the attempt's outcome; resolves or rejects as the caller should see it. */
  observe<T>(attempt: Promise<T>): Promise<T>;
  /** The error of a connection refused without trying. */
  refusal(): Error;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;

export interface Database {
  /** The process's single pool: for raw SQL, the migrator and provisionTenant. */
  readonly pool: pg.Pool;
  /** Prisma client of the `control` schema. */
  readonly control: ControlPrismaClient;
  /** Prisma client whose every query is qualified with this tenant's schema. Throws on a non-uuid id. */
  tenant(tenantId: string): TenantPrismaClient;
  /**
   * Asks the server one `SELECT 1` on a connection of its own, outside the pool and its guard,
   * closed afterwards; bounded by the connect and statement timeouts. The breaker's half-open
   * trial: it never waits behind the pool's queue and never borrows a connection that may be stalled.
   */
  probe(): Promise<void>;
  /** Disconnects every client and ends the pool. Safe to call twice. */
  close(): Promise<void>;
}

interface RetiringClient {
  client: TenantPrismaClient;
  timer: NodeJS.Timeout;
}

function defaultBackgroundError(error: Error): void {
  process.emitWarning(`@tradesage/prisma: ${error.message}`, { code: 'TRADESAGE_DB_BACKGROUND' });
}

/**
 * The data layer of one process: one pg.Pool, a control client and
 * a cache of per-tenant clients, all on that pool, so the number of connections never grows
 * with the number of tenants. Each tenant client names its schema through PrismaPg's `schema`
 * option, which qualifies every table in the generated SQL; `SET search_path` is never used
 * because on pooled (or PgBouncer) connections it leaks from one tenant's request to another's.
 */
export function createDatabase(options: CreateDatabaseOptions): Database {
  const maxConnections = options.maxConnections ?? 10;
  const cacheSize = options.tenantClientCacheSize ?? 100;
  const graceMs = options.evictedClientGraceMs ?? 60_000;
  const onBackgroundError = options.onBackgroundError ?? defaultBackgroundError;

  const connectionTimeoutMillis = options.connectTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const queryTimeoutMillis = options.queryTimeoutMillis ?? DEFAULT_QUERY_TIMEOUT_MS;
  const settings = {
    connectionString: options.connectionString,
    connectionTimeoutMillis,
    query_timeout: queryTimeoutMillis,
  } satisfies pg.ClientConfig;
  const pool = new pg.Pool({ ...settings, max: maxConnections });
  // Without an 'error' listener, an idle connection killed by the server crashes the process.
  pool.on('error', onBackgroundError);
  if (options.guard) guardConnections(pool, options.guard);
  // Each connected PrismaPg adds its own 'error' listener to the shared pool (and removes it on
  // $disconnect): allow one per live client — cached plus retiring — without a leak warning.
  pool.setMaxListeners(2 * cacheSize + 16);

  // An adapter given an external pool never ends it on $disconnect (unless
  // `disposeExternalPool: true`, never set here): the pool outlives every client.
  const control = new ControlClient({ adapter: new PrismaPg(pool, { schema: 'control' }) });

  const disconnecting = new Set<Promise<void>>();
  const disconnect = (client: TenantPrismaClient): void => {
    const done = client
      .$disconnect()
      .catch((error: unknown) => onBackgroundError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => disconnecting.delete(done));
    disconnecting.add(done);
  };

  // Insertion-ordered: the first entry is the one retired longest ago.
  const retiring = new Map<string, RetiringClient>();
  const retire = (schema: string, client: TenantPrismaClient): void => {
    // Bounded too, so a burst over thousands of tenants cannot pile up clients in memory.
    if (retiring.size >= cacheSize) {
      const [oldestSchema, oldest] = retiring.entries().next().value ?? [];
      if (oldestSchema !== undefined && oldest !== undefined) {
        clearTimeout(oldest.timer);
        retiring.delete(oldestSchema);
        disconnect(oldest.client);
      }
    }
    const timer = setTimeout(() => {
      retiring.delete(schema);
      disconnect(client);
    }, graceMs);
    timer.unref();
    retiring.set(schema, { client, timer });
  };

  const cache = new LRUCache<string, TenantPrismaClient>({
    max: cacheSize,
    dispose: (client, schema, reason) => {
      // 'set' would mean replacing a live entry with another, which tenant() never does.
      if (reason === 'evict' || reason === 'delete') retire(schema, client);
    },
  });

  let closing: Promise<void> | undefined;

  const tenant = (tenantId: string): TenantPrismaClient => {
    if (closing !== undefined) {
      throw new Error('database is closed');
    }
    const schema = tenantSchemaName(tenantId);
    const cached = cache.get(schema);
    if (cached !== undefined) return cached;
    const revived = retiring.get(schema);
    if (revived !== undefined) {
      clearTimeout(revived.timer);
      retiring.delete(schema);
      cache.set(schema, revived.client);
      return revived.client;
    }
    const client = new TenantClient({ adapter: new PrismaPg(pool, { schema }) });
    cache.set(schema, client);
    return client;
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      cache.clear();
      for (const { client, timer } of retiring.values()) {
        clearTimeout(timer);
        disconnect(client);
      }
      retiring.clear();
      await Promise.all([...disconnecting]);
      await control.$disconnect();
      await pool.end();
    })();
    return closing;
  };

  const probe = async (): Promise<void> => {
    const client = new pg.Client(settings);
    // A connection that fails after its start-up must not crash the process: the call below rejects.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  return { pool, control, tenant, probe, close };
}

type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * Puts `guard` in front of every connection `pool` hands out. Prisma's adapter and raw SQL both
 * get theirs from `pool.connect` (`pool.query` calls it too, with a callback), so this one
 * instance method is the only door: replaced on the instance, in both of its forms.
 */
function guardConnections(pool: pg.Pool, guard: ConnectionGuard): void {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const guarded = (callback?: ConnectCallback): Promise<pg.PoolClient> | undefined => {
    const attempt = guard.available ? guard.observe(connect()) : Promise.reject(guard.refusal());
    if (!callback) return attempt;
    attempt.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), undefined, () => undefined),
    );
    return undefined;
  };
  pool.connect = guarded as typeof pool.connect;
}
