import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@tradesage/prisma';

type Pool = Database['pool'];
type Client = Parameters<Parameters<Pool['on']>[1]>[0] & { query: (...args: unknown[]) => unknown };

export interface SqlCounter {
  /**
   * The SQL statements sent, so far, on behalf of HTTP requests carrying this `x-request-id`:
   * the client's request to the gateway and every subgraph request the gateway made for it (it
   * forwards the id), including work those requests started without waiting for it.
   */
  statementsOf(requestId: string): readonly string[];
  /** Resolves once no statement was sent and no pooled client was checked out for `quietMs`; rejects after `timeoutMs`. */
  settled(quietMs?: number, timeoutMs?: number): Promise<void>;
  /** Removes the instrumentation. */
  stop(): void;
}

/**
 * Counts, exactly, the statements one request costs, in a stack running in this process
 * (startTestStack): every Prisma client and every raw query of the stack go through its one
 * `pg.Pool`, and every statement through a pooled client's `query` — plain queries
 * (`pool.query` checks a client out, queries, releases it) and transactions (`pool.connect`,
 * BEGIN ... COMMIT) alike. So each client is wrapped the first time the pool hands it out
 * (its 'acquire' event fires on every checkout) and each `query` call is one statement.
 *
 * Attribution: the stack's background jobs (the revocation outbox relay every 5 s, the session
 * cleanup) share the pool, so a time window would count them too. Instead each incoming HTTP
 * request enters an AsyncLocalStorage context named by its `x-request-id` (Node's
 * `http.server.request.start` diagnostics channel fires just before the server's 'request'
 * handlers run, so everything the handlers do inherits it), and a statement is credited to the
 * context it was issued from. pg-pool hands a waiting caller its client from the releasing
 * caller's context; `pool.connect` callbacks are bound to their caller's context so a queued
 * query is still credited to the request that made it.
 */
export function countSqlStatements(pool: Pool): SqlCounter {
  const requestIds = new AsyncLocalStorage<string | undefined>();
  const byRequest = new Map<string, string[]>();
  const originals = new Map<Client, Client['query']>();
  let lastStatementAt = performance.now();

  const onRequestStart = (message: unknown): void => {
    const id = (message as { request: IncomingMessage }).request.headers['x-request-id'];
    // Also when absent: a keep-alive socket must not pass the previous request's id on.
    requestIds.enterWith(typeof id === 'string' ? id : undefined);
  };
  diagnosticsChannel.subscribe('http.server.request.start', onRequestStart);

  const onAcquire = (acquired: unknown): void => {
    const client = acquired as Client;
    if (originals.has(client)) return;
    const query = client.query;
    originals.set(client, query);
    client.query = function countedQuery(this: Client, ...args: unknown[]) {
      lastStatementAt = performance.now();
      const requestId = requestIds.getStore();
      if (requestId !== undefined) {
        const first = args[0];
        const text = typeof first === 'string' ? first : String((first as { text?: unknown } | undefined)?.text ?? '');
        byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), text.replace(/\s+/g, ' ').trim()]);
      }
      return query.apply(this, args);
    };
  };
  pool.on('acquire', onAcquire);

  const hadOwnConnect = Object.hasOwn(pool, 'connect');
  const connect = pool.connect;
  // pool.query calls this.connect(callback): the instance property takes the prototype's place.
  (pool as { connect: (...args: unknown[]) => unknown }).connect = function boundConnect(
    this: Pool,
    ...args: unknown[]
  ) {
    const [callback] = args;
    return (connect as (...a: unknown[]) => unknown).apply(
      this,
      typeof callback === 'function' ? [AsyncResource.bind(callback as (...a: unknown[]) => unknown)] : args,
    );
  };

  return {
    statementsOf: (requestId) => [...(byRequest.get(requestId) ?? [])],
    async settled(quietMs = 150, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const busy = pool.totalCount - pool.idleCount > 0 || pool.waitingCount > 0;
        const quietFor = performance.now() - lastStatementAt;
        if (!busy && quietFor >= quietMs) return;
        if (performance.now() > deadline)
          throw new Error(
            `the pool did not settle within ${timeoutMs} ms (${pool.totalCount - pool.idleCount} clients checked out)`,
          );
        await sleep(busy ? 10 : Math.max(10, quietMs - quietFor));
      }
    },
    stop() {
      diagnosticsChannel.unsubscribe('http.server.request.start', onRequestStart);
      pool.off('acquire', onAcquire);
      for (const [client, query] of originals) client.query = query;
      originals.clear();
      if (hadOwnConnect) pool.connect = connect;
      else delete (pool as { connect?: unknown }).connect;
    },
  };
}
