import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.ts';
import { DependencyUnavailableError } from './dependency-breaker.ts';
import { findAppError, formatGraphQLError } from './errors.ts';

// The shapes of "the database cannot be used" (database-unavailable.integration.test.ts makes
// each on a real connection), and of what is not: the database answering with a refusal.

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const prismaKnown = (code: string, cause?: Record<string, unknown>) =>
  Object.assign(new Error('\nInvalid `prisma.tenant.count()` invocation: ...'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : { modelName: 'Tenant' },
  });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['the breaker refused (the guard)', new DatabaseUnavailableError(1)],
    ['the Postgres breaker refused', new DependencyUnavailableError('postgres')],
    ['refused', withCode('ECONNREFUSED')],
    ['reset', withCode('ECONNRESET')],
    ['no route', withCode('EHOSTUNREACH')],
    ['connection exception (08006)', withCode('08006', 'connection failure')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['no connection slot (53300)', withCode('53300', 'sorry, too many clients already')],
    ['cut under a statement', new Error('Connection terminated unexpectedly')],
    ['no connection within the deadline', new Error('Connection terminated due to connection timeout')],
    ['no free connection within the deadline', new Error('timeout exceeded when trying to connect')],
    ['no answer within the query timeout', new Error('Query read timeout')],
    ['a client whose connection failed', new Error('Client has encountered a connection error and is not queryable')],
    ['Prisma: not reachable (P1001)', prismaKnown('P1001')],
    ['Prisma: connection closed (P1017)', prismaKnown('P1017')],
    ['Prisma: a raw query on a closed connection', prismaKnown('P2010', { kind: 'ConnectionClosed' })],
    ['Prisma: a raw query ended by the server', prismaKnown('P2010', { kind: 'postgres', originalCode: '57P01' })],
    ['Prisma: a model query ended by the server', prismaKnown('P2039', { kind: 'postgres', code: '57P01' })],
    [
      'Prisma initialization',
      Object.assign(new Error("Can't reach"), { name: 'PrismaClientInitializationError', errorCode: 'P1001' }),
    ],
  ])('%s: yes', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['the Redis breaker refused (its callers fall back)', new DependencyUnavailableError('redis')],
    ['a unique violation', prismaKnown('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a missing table', prismaKnown('P2010', { kind: 'TableDoesNotExist', originalCode: '42P01' })],
    ['a serialization failure', prismaKnown('P2034', { kind: 'TransactionWriteConflict', originalCode: '40001' })],
    ['a statement cancelled by statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a syntax error', withCode('42601', 'syntax error at or near "SELEC"')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a timeout', new Error('Connection terminated unexpectedly, said the log')],
    ['not an error', 'Connection terminated unexpectedly'],
  ])('%s: no', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('findAppError', () => {
  it('makes any of them SERVICE_UNAVAILABLE, wherever it sits in the chain, with the wait it carries or 1 s', () => {
    const cut = new Error('Connection terminated unexpectedly');
    const wrapped = new GraphQLError('failed', { originalError: new Error('resolver failed', { cause: cut }) });
    expect(findAppError(wrapped)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The service is temporarily unavailable, please retry',
      details: { retryAfterSeconds: 1 },
      cause: cut,
    });
    expect(findAppError(new DatabaseUnavailableError(2.5))?.details).toEqual({ retryAfterSeconds: 3 });
  });

  it('shows it to the client as SERVICE_UNAVAILABLE without a word of what failed, and logs nothing as internal', () => {
    const error = prismaKnown('P1001');
    error.message = "Can't reach database server at db.internal:5432";
    const internal: unknown[] = [];
    const shown = formatGraphQLError({ message: error.message, path: ['me'] }, error, (each) => internal.push(each));
    expect(shown).toEqual({
      message: 'The service is temporarily unavailable, please retry',
      path: ['me'],
      extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 1 } },
    });
    expect(internal).toEqual([]);
  });
});
