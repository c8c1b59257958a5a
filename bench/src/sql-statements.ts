import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Database } from '@tradesage/prisma';

type Pool = Database['pool'];
type Client = Parameters<Parameters<Pool['on']>[1]>[0] & { query: (...args: unknown[]) => unknown };

export interface SqlStatements {
  /** The statements sent so far on behalf of HTTP requests carrying this `x-request-id`. */
  of(requestId: string): readonly string[];
  stop(): void;
}

/**
 * Counts the SQL statements each request costs, in a stack running in this process — the approach
 * of test/support/sql-counter.ts, trimmed for the bench: every statement of the stack goes through
 * its one `pg.Pool`, so each pooled client's `query` is wrapped when the pool first hands it out,
 * and a statement is credited to the `x-request-id` of the HTTP request whose handling issued it
 * (an AsyncLocalStorage entered on Node's `http.server.request.start` channel; the gateway forwards
 * the id to the subgraphs it calls). Background jobs carry no request id and are left out.
 */
export function countSqlStatements(pool: Pool): SqlStatements {
  const requestIds = new AsyncLocalStorage<string | undefined>();
  const byRequest = new Map<string, string[]>();
  const originals = new Map<Client, Client['query']>();

  const onRequestStart = (message: unknown): void => {
    const id = (message as { request: IncomingMessage }).request.headers['x-request-id'];
    requestIds.enterWith(typeof id === 'string' ? id : undefined);
  };
  diagnosticsChannel.subscribe('http.server.request.start', onRequestStart);

  const onAcquire = (acquired: unknown): void => {
    const client = acquired as Client;
    if (originals.has(client)) return;
    const query = client.query;
    originals.set(client, query);
    client.query = function countedQuery(this: Client, ...args: unknown[]) {
      const requestId = requestIds.getStore();
      if (requestId !== undefined) {
        const first = args[0];
        const text = typeof first === 'string' ? first : String((first as { text?: unknown } | undefined)?.text ?? '');
        const list = byRequest.get(requestId) ?? [];
        list.push(text.replace(/\s+/g, ' ').trim());
        byRequest.set(requestId, list);
      }
      return query.apply(this, args);
    };
  };
  pool.on('acquire', onAcquire);

  const hadOwnConnect = Object.hasOwn(pool, 'connect');
  const connect = pool.connect;
  // A queued pool.query gets its client in the releasing caller's context: bind the callback to its own.
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
    of: (requestId) => [...(byRequest.get(requestId) ?? [])],
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
