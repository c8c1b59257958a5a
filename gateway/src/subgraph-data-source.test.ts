import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createLogger } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from './context.ts';
import { fetcherWithTimeout, SubgraphDataSource } from './subgraph-data-source.ts';

type Fetcher = SubgraphDataSource['fetcher'];

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetcher(answer: () => Response, sent: Sent[]): Fetcher {
  return async (url, init) => {
    sent.push({ url, headers: { ...init?.headers }, body: JSON.parse(String(init?.body)) });
    return answer() as unknown as Awaited<ReturnType<Fetcher>>;
  };
}

const json = (body: unknown, status = 200) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function context(overrides: Partial<GatewayContext> = {}): GatewayContext {
  return {
    requestId: 'req-1',
    viewer: null,
    authorization: undefined,
    clientIp: '203.0.113.7',
    userAgent: 'vitest-agent',
    logger: createLogger({ level: 'silent', name: 'test' }),
    ...overrides,
  };
}

function incoming(ctx: GatewayContext): GraphQLDataSourceProcessOptions<GatewayContext> {
  return {
    kind: 'incoming operation',
    request: { query: '{ me { id } }', variables: {} },
    incomingRequestContext: {},
    context: ctx,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

describe('SubgraphDataSource', () => {
  it('calls the configured URL, never the placeholder', async () => {
    const sent: Sent[] = [];
    const source = new SubgraphDataSource('user', 'http://10.0.0.5:4003/graphql', fakeFetcher(json({ data: { me: null } }), sent));
    await source.process(incoming(context()));
    expect(sent[0]?.url).toBe('http://10.0.0.5:4003/graphql');
  });

  it('forwards the verified Authorization header, request id, client address and user agent', async () => {
    const sent: Sent[] = [];
    const source = new SubgraphDataSource('auth', 'http://auth/graphql', fakeFetcher(json({ data: {} }), sent));
    await source.process(incoming(context({ authorization: 'Bearer abc.def.ghi' })));
    expect(sent[0]?.headers).toMatchObject({
      authorization: 'Bearer abc.def.ghi',
      'x-request-id': 'req-1',
      'x-forwarded-for': '203.0.113.7',
      'user-agent': 'vitest-agent',
      'content-type': 'application/json',
    });
  });

  it('sends no Authorization header for an anonymous request, and nothing else from the client', async () => {
    const sent: Sent[] = [];
    const source = new SubgraphDataSource('auth', 'http://auth/graphql', fakeFetcher(json({ data: {} }), sent));
    await source.process(incoming(context()));
    expect(Object.keys(sent[0]?.headers ?? {}).sort()).toEqual(['content-type', 'user-agent', 'x-forwarded-for', 'x-request-id']);
  });

  it('forwards nothing client-related for requests without a client (health checks)', async () => {
    const sent: Sent[] = [];
    const source = new SubgraphDataSource('auth', 'http://auth/graphql', fakeFetcher(json({ data: {} }), sent));
    await source.process({
      kind: 'health check',
      request: { query: '{ __typename }' },
      context: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    expect(Object.keys(sent[0]?.headers ?? {})).toEqual(['content-type']);
  });

  it("keeps a subgraph's refusal code and message from a non-2xx answer", async () => {
    const source = new SubgraphDataSource(
      'session',
      'http://session/graphql',
      fakeFetcher(json({ errors: [{ message: 'Session has ended', extensions: { code: 'UNAUTHENTICATED' } }] }, 401), []),
    );
    const error = await source.process(incoming(context())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe('Session has ended');
    expect((error as GraphQLError).extensions).toEqual({ code: 'UNAUTHENTICATED', serviceName: 'session' });
  });

  it('turns any other non-2xx answer into an error without the subgraph URL or body', async () => {
    const source = new SubgraphDataSource('tenant', 'http://tenant.internal:4002/graphql', fakeFetcher(() => new Response('<html>bad gateway</html>', { status: 502 }), []));
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'tenant' });
    expect(JSON.stringify(error.toJSON())).not.toMatch(/tenant\.internal|bad gateway/);
  });

  it('tags a connection failure with the subgraph', async () => {
    const failing: Fetcher = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const source = new SubgraphDataSource('user', 'http://user/graphql', failing);
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user' });
  });
});

describe('fetcherWithTimeout', () => {
  it('aborts a subgraph call that takes too long', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const error = await fetcherWithTimeout(20, hanging)('http://slow/graphql', { method: 'POST' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });
});
