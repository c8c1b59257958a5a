import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { AppError, QueryLimitError, type Logger, type Viewer } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../context.ts';
import { useRequestLogging } from './useRequestLogging.ts';

async function logOne(context: Partial<GatewayContext>, request: Record<string, unknown>, errors: GraphQLError[] = []) {
  const info = vi.fn();
  const plugin: ApolloServerPlugin<GatewayContext> = useRequestLogging({ info } as unknown as Logger);
  const listener = (await plugin.requestDidStart?.({} as never)) as GraphQLRequestListener<GatewayContext>;
  await listener.willSendResponse?.({
    contextValue: { requestId: 'req-9', viewer: null, ...context },
    operationName: 'Login',
    operation: { operation: 'mutation' },
    request,
    response: { http: { status: 200 }, body: { kind: 'single', singleResult: { errors } } },
    errors,
  } as unknown as GraphQLRequestContextWillSendResponse<GatewayContext>);
  expect(info).toHaveBeenCalledOnce();
  return info.mock.calls[0] as [Record<string, unknown>, string];
}

describe('useRequestLogging', () => {
  it('writes one line with id, name, type, duration and error codes, never variables or tokens', async () => {
    const secret = 'hunter2-password';
    const [fields, message] = await logOne(
      { authorization: `Bearer ${secret}` },
      {
        query: 'mutation Login($p: String!) { login(password: $p) }',
        variables: { password: secret },
        operationName: 'Login',
      },
      [new GraphQLError('Invalid credentials', { extensions: { code: 'INVALID_CREDENTIALS' } })],
    );
    expect(message).toBe('graphql operation');
    expect(fields).toMatchObject({
      requestId: 'req-9',
      operationName: 'Login',
      operationType: 'mutation',
      status: 200,
      errors: 1,
      errorCodes: ['INVALID_CREDENTIALS'],
    });
    expect(typeof fields['durationMs']).toBe('number');
    expect(fields).not.toHaveProperty('tenantId');
    expect(JSON.stringify(fields)).not.toContain(secret);
    expect(JSON.stringify(fields)).not.toContain('mutation Login(');
  });

  it('copes with bare Errors, which Apollo Gateway may report', async () => {
    const [fields] = await logOne({}, {}, [new Error('fetch failed') as GraphQLError]);
    expect(fields['errorCodes']).toEqual(['INTERNAL_SERVER_ERROR']);
  });

  it("logs a request hook's refusal by the code the client gets, not as an internal error", async () => {
    const refusal = new AppError('OPERATION_RESOLUTION_FAILURE', 'The document has several operations');
    const [fields] = await logOne({}, {}, [new GraphQLError(refusal.message, { originalError: refusal })]);
    expect(fields['errorCodes']).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it('logs an operation limit by its code, not as the validation error Apollo wraps it in', async () => {
    const limit = new QueryLimitError('directives', 20);
    const reported = new GraphQLError(limit.message, { originalError: limit });
    const validation = new GraphQLError(limit.message, {
      originalError: reported,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const [fields] = await logOne({}, {}, [validation]);
    expect(fields['errorCodes']).toEqual(['QUERY_LIMIT_EXCEEDED']);
  });

  it('adds the tenant of an authenticated request', async () => {
    const viewer = { tenantId: 't-1', userId: 'u-1' } as unknown as Viewer;
    const [fields] = await logOne({ viewer }, {});
    expect(fields['tenantId']).toBe('t-1');
  });
});
