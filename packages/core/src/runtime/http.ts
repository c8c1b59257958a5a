import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { findAppError, httpStatusOf } from './errors.ts';

/** HTTP plumbing shared by the gateway and the subgraph servers: listening and the express edge. */

/** Resolves once the server listens; rejects with the bind error (port taken, ...). */
export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/** The host part of a URL for a bound address (wildcards become localhost, IPv6 is bracketed). */
export function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The HTTP status an express/body-parser error asks for, else 500. */
export function readHttpStatus(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500;
  const status: unknown = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : 500;
}

/**
 * How long the servers keep an idle keep-alive connection open: longer than the clients in front
 * of them wait, so the client always closes first. Node's default (5 s) is shorter than a load
 * balancer's idle timeout (60 s on the common ones) and than Node's own HTTP agent, which does not
 * read the server's `Keep-Alive: timeout` hint: a client that reuses a connection just as the
 * server closes it gets ECONNRESET (seen once in 10,000 requests at 167/s). The gateway's pool to
 * the subgraphs closes its idle connections sooner (SUBGRAPH_IDLE_SOCKET_MS).
 */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** The gateway's connections to a subgraph are closed after this long idle, well before the subgraph would. */
export const SUBGRAPH_IDLE_SOCKET_MS = 30_000;

function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  // A request's headers must still arrive in time on a connection kept open that long.
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1_000;
}

export interface ServedGraphQL {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Listens, and returns the GraphQL URL and a stop that runs `stopApp` (Apollo's drain closes the
 * server once in-flight requests are answered) then closes the server if it is still open.
 * A failed bind runs `stopApp` too, so nothing started is left behind.
 */
export async function serveGraphQL(
  httpServer: Server,
  port: number,
  host: string | undefined,
  stopApp: () => Promise<void>,
): Promise<ServedGraphQL> {
  keepIdleConnections(httpServer);
  try {
    await listen(httpServer, port, host);
  } catch (error) {
    await stopApp();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${address.port}/graphql`,
    port: address.port,
    async stop() {
      await stopApp();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** Answers a request that never reached GraphQL with a GraphQL-shaped error body. */
export function sendGraphQLError(
  res: Response,
  status: number,
  message: string,
  code: string,
  details?: Record<string, unknown>,
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });
}

/**
 * express.json leaves `req.body` unset for other content types and for GET; the Apollo
 * integration would then answer 500. With an empty body Apollo answers the proper 400 (or its
 * CSRF refusal) itself.
 */
export function ensureBody(req: Request, _res: Response, next: NextFunction): void {
  if (!Reflect.has(req, 'body')) req.body = undefined;
  next();
}

/** Any route the server does not have: 404 as GraphQL-shaped JSON. */
export function notFoundHandler(_req: Request, res: Response): void {
  sendGraphQLError(res, httpStatusOf('NOT_FOUND'), 'Not found', 'NOT_FOUND');
}

/** The slice of a pino-style logger the edge needs. */
export interface EdgeLogger {
  error(obj: Record<string, unknown>, msg: string): void;
}

/**
 * The answer of a plain HTTP route (not GraphQL) that failed: a client error of ours by its code,
 * status and details (and `Retry-After` when it says when to retry: a database that is down is
 * 503 SERVICE_UNAVAILABLE, see findAppError); anything else masked as INTERNAL_SERVER_ERROR after
 * `logInternal` has logged it (the route decides what of the request may be logged).
 */
export function sendRouteError(res: Response, error: unknown, logInternal: (error: unknown) => void): void {
  const known = findAppError(error);
  if (known?.expose) {
    // RFC 9110 §10.2.3: a refusal for now (SERVICE_UNAVAILABLE, BUSY, RATE_LIMITED) says when to come back.
    const retryAfter = known.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    sendGraphQLError(
      res,
      httpStatusOf(known.code),
      known.message,
      known.code,
      known.details as Record<string, unknown> | undefined,
    );
    return;
  }
  logInternal(error);
  sendGraphQLError(res, httpStatusOf('INTERNAL_SERVER_ERROR'), 'Internal server error', 'INTERNAL_SERVER_ERROR');
}

/**
 * Body-parser failures (too large, malformed JSON) as GraphQL-shaped JSON, never an HTML stack;
 * anything else as sendRouteError answers it: our own errors by their code, the rest logged (with
 * `logFields` of the response, e.g. the request id) and masked.
 * A body over the limit is `413 REQUEST_TOO_LARGE` with `details.maxBytes`, read before the rest arrives.
 */
export function jsonErrorHandler(logger: EdgeLogger, logFields: (res: Response) => Record<string, unknown>) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const status = readHttpStatus(error);
    if (status === 413) {
      const limit = (error as { limit?: unknown }).limit;
      sendGraphQLError(res, httpStatusOf('REQUEST_TOO_LARGE'), 'Request body too large', 'REQUEST_TOO_LARGE', {
        ...(typeof limit === 'number' ? { maxBytes: limit } : {}),
      });
      return;
    }
    if (status >= 400 && status < 500) {
      sendGraphQLError(res, status, 'Malformed request', 'BAD_REQUEST');
      return;
    }
    // A route that handed its failure on (`next(error)`): ours by its code (a database that is
    // down is 503 with Retry-After), anything else logged and masked.
    sendRouteError(res, error, (internal) =>
      logger.error({ err: internal, ...logFields(res) }, 'unhandled HTTP error'),
    );
  };
}
