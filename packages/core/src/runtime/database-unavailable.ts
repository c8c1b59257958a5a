/**
 * The database could not be used for a call made through the process's pool (database-guard.ts):
 * the breaker refused it, or getting a connection failed. Carries when to retry (the breaker's
 * reset interval); the failure itself is its `cause`, for the log only. Deliberately without a
 * `code`: Prisma hands an adapter's error without one on as it is, while one with a `code` is
 * remade into a PrismaClientKnownRequestError that keeps neither the error nor its cause.
 */
export class DatabaseUnavailableError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, options: { cause?: unknown } = {}) {
    super('the database cannot be used now', options);
    this.name = 'DatabaseUnavailableError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * Whether one error (not its causes: callers walk those) says "the database cannot be used right
 * now" rather than "this statement is wrong": the connection was refused, reset, closed or timed
 * out, the server is shutting down or starting, it has no connection slot left, or the Postgres
 * breaker refused without trying (DatabaseUnavailableError, DependencyUnavailableError). A constraint violation, a bad query or a serialization failure
 * is none of these: the database answered.
 *
 * The shapes, as pg 8 and Prisma 7 with the pg adapter throw them (database-unavailable.integration.test.ts
 * produces each one for real):
 * - pg's own errors, plain `Error`s known by their message: a connection that ended under a query
 *   ("Connection terminated unexpectedly"), a connection attempt past its deadline ("Connection
 *   terminated due to connection timeout"), a full pool past it ("timeout exceeded when trying to
 *   connect"), a statement past `query_timeout` ("Query read timeout"), a client used after its
 *   connection failed. Prisma hands these on unchanged.
 * - Node's socket errors (`ECONNREFUSED`, `ECONNRESET`, ...), and pg's server errors by SQLSTATE
 *   (class 08, 57P01-57P03, 53300).
 * - Prisma's `PrismaClientKnownRequestError` for what its adapter recognised: `P1001` (not
 *   reachable), `P1017` (closed), ...; with `meta.driverAdapterError.cause` holding the adapter's
 *   `kind` and, for other server errors (`P2010` raw, `P2039` otherwise), the SQLSTATE.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  // The Postgres breaker's own refusal (dependency-breaker.ts), known by its shape: this file is
  // below errors.ts, which the breaker's module must not reach back to.
  if (name === 'DependencyUnavailableError') return (error as { dependency?: unknown }).dependency === 'postgres';
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || isUnavailableSqlState(code))) return true;
  if (typeof message === 'string' && name !== PRISMA_KNOWN_ERROR && PG_CONNECTION_MESSAGES.has(message)) return true;
  if (name === PRISMA_KNOWN_ERROR || name === PRISMA_INITIALIZATION_ERROR) {
    const prismaCode = name === PRISMA_KNOWN_ERROR ? code : (error as { errorCode?: unknown }).errorCode;
    if (typeof prismaCode === 'string' && PRISMA_UNAVAILABLE_CODES.has(prismaCode)) return true;
    return isUnavailableAdapterCause((error as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta);
  }
  return false;
}

const PRISMA_KNOWN_ERROR = 'PrismaClientKnownRequestError';
const PRISMA_INITIALIZATION_ERROR = 'PrismaClientInitializationError';

/** Node's errors of a connection that cannot be made or was lost. */
const SOCKET_ERRORS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * pg's errors without a code (pg/lib/client.js, pg-pool/index.js). Matched whole: a message
 * that merely mentions a timeout says nothing.
 */
const PG_CONNECTION_MESSAGES: ReadonlySet<string> = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/**
 * SQLSTATEs of a server that cannot serve the connection (PostgreSQL appendix A): class 08
 * (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up, recovering), 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** Prisma's codes of a database it could not reach or lost (P1001 not reachable, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 no connection from its pool in time, P2037 too many connections). */
const PRISMA_UNAVAILABLE_CODES: ReadonlySet<string> = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** The pg adapter's kinds of the same (its `convertDriverError`). */
const ADAPTER_UNAVAILABLE_KINDS: ReadonlySet<string> = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

function isUnavailableAdapterCause(meta: { driverAdapterError?: { cause?: unknown } } | undefined): boolean {
  const cause = meta?.driverAdapterError?.cause;
  if (typeof cause !== 'object' || cause === null) return false;
  const { kind, code, originalCode } = cause as { kind?: unknown; code?: unknown; originalCode?: unknown };
  if (typeof kind === 'string' && ADAPTER_UNAVAILABLE_KINDS.has(kind)) return true;
  const sqlState = typeof originalCode === 'string' ? originalCode : code;
  return typeof sqlState === 'string' && isUnavailableSqlState(sqlState);
}
