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
}

export interface Database {
  /** The process's single pool: for raw SQL, the migrator and provisionTenant. */
  readonly pool: pg.Pool;
  /** Prisma client of the `control` schema. */
  readonly control: ControlPrismaClient;
  /** Prisma client whose every query is qualified with this tenant's schema. Throws on a non-uuid id. */
  tenant(tenantId: string): TenantPrismaClient;
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

  const pool = new pg.Pool({ connectionString: options.connectionString, max: maxConnections });
  // Without an 'error' listener, an idle connection killed by the server crashes the process.
  pool.on('error', onBackgroundError);
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

  return { pool, control, tenant, close };
}
