import { HeaderMap, type GraphQLRequestContextWillSendResponse, type GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.ts';
import { useServiceUnavailable } from './useServiceUnavailable.ts';

/** The HTTP status and Retry-After the plugin leaves on an answer of `data` and `errors`. */
async function answer(data: Record<string, unknown> | null, errors: GraphQLFormattedError[]) {
  const http = { status: undefined as number | undefined, headers: new HeaderMap() };
  const listener = (await useServiceUnavailable().requestDidStart?.(
    {} as never,
  )) as GraphQLRequestListener<GatewayContext>;
  await listener.willSendResponse?.({
    response: { http, body: { kind: 'single', singleResult: { data, errors } } },
  } as unknown as GraphQLRequestContextWillSendResponse<GatewayContext>);
  return { status: http.status, retryAfter: http.headers.get('retry-after') };
}

const unavailable = (retryAfterSeconds?: number, path = ['me']): GraphQLFormattedError => ({
  message: 'The service is temporarily unavailable, please retry',
  path,
  extensions: {
    code: 'SERVICE_UNAVAILABLE',
    ...(retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds } }),
  },
});

describe('useServiceUnavailable', () => {
  it('answers 503 with the longest Retry-After when nothing was answered but the database being unavailable', async () => {
    expect(await answer({ me: null }, [unavailable(1)])).toEqual({ status: 503, retryAfter: '1' });
    expect(await answer(null, [unavailable(1, ['a']), unavailable(3, ['b'])])).toEqual({
      status: 503,
      retryAfter: '3',
    });
  });

  it('says to retry after 1 s when the error names no wait', async () => {
    expect(await answer({ me: null }, [unavailable()])).toEqual({ status: 503, retryAfter: '1' });
  });

  it('leaves an answer with data as it is: what was answered stands', async () => {
    expect(await answer({ me: { id: 'u1' }, sessions: null }, [unavailable(1, ['sessions'])])).toEqual({
      status: undefined,
      retryAfter: undefined,
    });
  });

  it('leaves other errors alone', async () => {
    const forbidden = { message: 'Not allowed', path: ['me'], extensions: { code: 'FORBIDDEN' } };
    expect(await answer({ me: null }, [forbidden])).toEqual({ status: undefined, retryAfter: undefined });
  });
});
