import type { GraphQLRequestContextDidEncounterErrors, GraphQLRequestListener } from '@apollo/server';
import type { Logger } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../context.ts';
import { useErrorLogging } from './useErrorLogging.ts';

async function report(errors: unknown[]) {
  const error = vi.fn();
  const listener = (await useErrorLogging({ error } as unknown as Logger).requestDidStart?.(
    {} as never,
  )) as GraphQLRequestListener<GatewayContext>;
  await listener.didEncounterErrors?.({
    errors,
    contextValue: { requestId: 'req-5' },
  } as unknown as GraphQLRequestContextDidEncounterErrors<GatewayContext>);
  return error;
}

describe('useErrorLogging', () => {
  it('logs what the client will see masked, with the request id and subgraph', async () => {
    const logged = await report([
      new GraphQLError('Subgraph user could not be reached', {
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user' },
      }),
    ]);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: 'req-5', subgraph: 'user' }),
      'internal error',
    );
  });

  it('logs bare Errors too', async () => {
    const logged = await report([new Error('boom')]);
    expect(logged).toHaveBeenCalledOnce();
  });

  it('does not log errors clients are meant to see', async () => {
    const logged = await report([
      new GraphQLError('User not found', { extensions: { code: 'NOT_FOUND', serviceName: 'user' } }),
      new GraphQLError('Cannot query field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    expect(logged).not.toHaveBeenCalled();
  });
});
