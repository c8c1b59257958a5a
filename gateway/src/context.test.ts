import crypto from 'node:crypto';
import { createLogger, serviceUnavailableError, type Runtime } from '@tradesage/core';
import { inMemoryAccessTokens } from '@tradesage/core/testing';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGatewayContext } from './context.ts';

/** Real token issuing and verification on an in-memory key; the session state is a switch. */
function setup(options: { sessionActive?: boolean; keysFail?: boolean; sessionCheckFails?: Error } = {}) {
  const { verifier, token: tokenFor, kid } = inMemoryAccessTokens(options);
  const sessionCheck = async () => {
    if (options.sessionCheckFails) throw options.sessionCheckFails;
    return options.sessionActive ?? true;
  };
  const runtime = {
    logger: createLogger({ level: 'silent', name: 'test' }),
    verifier,
    sessionState: {
      isActive: sessionCheck,
      check: async () => ({ active: await sessionCheck(), touchDue: false, userAgentChanged: false }),
    },
    // The caller's roles (no Redis answer here, so permissions-cache reads Postgres): none.
    db: { control: { tenant: { findUnique: async () => null } }, tenant: () => ({ $queryRawUnsafe: async () => [] }) },
    platformTenantId: async () => null,
  } as unknown as Runtime;
  const tenantId = crypto.randomUUID();
  return { runtime, token: tokenFor(tenantId), tenantId, kid };
}

function request(headers: Record<string, string>, ip = '198.51.100.4'): Request {
  return { headers, ip } as unknown as Request;
}

async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return error as GraphQLError;
}

describe('createGatewayContext', () => {
  it('lets an anonymous request through with no viewer and nothing to forward', async () => {
    const { runtime } = setup();
    const context = await createGatewayContext(runtime, request({ 'user-agent': 'ua' }), 'req-1');
    expect(context).toMatchObject({
      requestId: 'req-1',
      viewer: null,
      authorization: undefined,
      ip: '198.51.100.4',
      userAgent: 'ua',
    });
  });

  it('establishes the viewer from a valid token and keeps the header to forward', async () => {
    const { runtime, token, tenantId } = setup();
    const context = await createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-2');
    expect(context.viewer?.tenantId).toBe(tenantId);
    expect(context.authorization).toBe(`Bearer ${token}`);
  });

  it.each([
    ['garbage', 'Bearer garbage'],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, header) => {
    const { runtime } = setup();
    const error = await refusal(createGatewayContext(runtime, request({ authorization: header }), 'req-3'));
    expect(error.extensions['code']).toBe('UNAUTHENTICATED');
    expect((error.extensions['http'] as { status: number }).status).toBe(401);
  });

  it('refuses an alg=none copy of a valid token', async () => {
    const { runtime, token, kid } = setup();
    const payload = token.split('.')[1] ?? '';
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid })).toString('base64url');
    const error = await refusal(
      createGatewayContext(runtime, request({ authorization: `Bearer ${header}.${payload}.` }), 'req-4'),
    );
    expect(error.extensions['code']).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose signature was made by another key', async () => {
    const { runtime } = setup();
    const { token: foreign } = setup();
    const error = await refusal(
      createGatewayContext(runtime, request({ authorization: `Bearer ${foreign}` }), 'req-5'),
    );
    expect(error.extensions['code']).toBe('UNAUTHENTICATED');
  });

  it('refuses a valid token whose session has ended', async () => {
    const { runtime, token } = setup({ sessionActive: false });
    const error = await refusal(createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-6'));
    expect(error.extensions['code']).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('Session has ended');
  });

  it.each([
    // The session check's Postgres fallback (Redis missed) with the database down...
    ['refused', serviceUnavailableError(2, new Error('connect ECONNREFUSED 10.0.0.5:5432')), 2],
    // ...or cut under the statement (pg's own error, handed on by Prisma): the breaker has not seen it yet.
    ['cut', new Error('Connection terminated unexpectedly'), 1],
  ])(
    'answers a database %s under the session check 503 SERVICE_UNAVAILABLE with Retry-After, not 500',
    async (_what, failure, wait) => {
      const { runtime, token } = setup({ sessionCheckFails: failure });
      const error = await refusal(
        createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-8'),
      );
      expect(error.message).toBe('The service is temporarily unavailable, please retry');
      expect(error.extensions['code']).toBe('SERVICE_UNAVAILABLE');
      expect(error.extensions['details']).toEqual({ retryAfterSeconds: wait });
      const http = error.extensions['http'] as { status: number; headers: Map<string, string> };
      expect(http.status).toBe(503);
      expect(http.headers.get('retry-after')).toBe(String(wait));
      expect(JSON.stringify(error.toJSON())).not.toMatch(/10\.0\.0\.5|ECONNREFUSED|terminated/);
    },
  );

  it('masks an infrastructure failure as a 500 without its details', async () => {
    const { runtime, token } = setup({ keysFail: true });
    const error = await refusal(createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-7'));
    expect(error.message).toBe('Internal server error');
    expect(error.extensions['code']).toBe('INTERNAL_SERVER_ERROR');
    expect((error.extensions['http'] as { status: number }).status).toBe(500);
  });
});
