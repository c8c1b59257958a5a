import crypto from 'node:crypto';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createLogger, GATEWAY_CREDENTIAL_HEADER, GatewayCredentials, IDENTITY_HANDOFF_HEADER } from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { relayedCookies, type GatewayContext } from './context.ts';
import { formatGatewayError } from './format-error.ts';
import { SubgraphUnavailableError } from './resilience/subgraph-resilience.ts';
import { fetcherWithTimeout, SubgraphDataSource } from './subgraph-data-source.ts';

type Fetcher = SubgraphDataSource['fetcher'];

/** The key this "deployment" shares between gateway and subgraphs. */
const credentials = new GatewayCredentials([crypto.randomBytes(32)]);

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

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function context(overrides: Partial<GatewayContext> = {}): GatewayContext {
  return {
    requestId: 'req-1',
    viewer: null,
    authorization: undefined,
    ip: '203.0.113.7',
    userAgent: 'vitest-agent',
    logger: createLogger({ level: 'silent', name: 'test' }),
    refreshCookies: undefined,
    csrfToken: undefined,
    setCookies: [],
    appendSetCookie: () => undefined,
    handedOff: new Map(),
    ...overrides,
  };
}

function incoming(
  ctx: GatewayContext,
  pathInIncomingRequest: ReadonlyArray<string | number> = [],
): GraphQLDataSourceProcessOptions<GatewayContext> {
  return {
    kind: 'incoming operation',
    request: { query: '{ me { id } }', variables: {} },
    incomingRequestContext: {},
    context: ctx,
    pathInIncomingRequest,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

/** The data source of subgraph `name`, whose calls get `answer` and are recorded in `sent`. */
function dataSource(
  name: SubgraphDataSource['subgraph'],
  answer: () => Response = json({ data: {} }),
  sent: Sent[] = [],
  url = `http://${name}/graphql`,
): SubgraphDataSource {
  return new SubgraphDataSource(name, url, fakeFetcher(answer, sent), credentials);
}

describe('SubgraphDataSource', () => {
  describe('identity hand-off (sign-in payloads)', () => {
    const NEW_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJuZXcifQ.c2ln';
    const handingOff = (key: string) => () =>
      new Response(JSON.stringify({ data: {} }), {
        headers: { 'content-type': 'application/json', [IDENTITY_HANDOFF_HEADER]: `${key} ${NEW_TOKEN}` },
      });

    it('sends the token the auth subgraph handed off for a root field on every fetch below that field only', async () => {
      const ctx = context({ authorization: 'Bearer old.caller.token' });
      await dataSource('auth', handingOff('signIn')).process(incoming(ctx));
      const sent: Sent[] = [];
      const user = dataSource('user', json({ data: {} }), sent);
      await user.process(incoming(ctx, ['signIn', 'user']));
      await user.process(incoming(ctx, ['signIn', 'user', 'sessions', '@']));
      await user.process(incoming(ctx, ['me']));
      expect(sent.map((s) => s.headers['authorization'])).toEqual([
        `Bearer ${NEW_TOKEN}`,
        `Bearer ${NEW_TOKEN}`,
        'Bearer old.caller.token',
      ]);
    });

    it('takes hand-offs from the auth subgraph at the root only', async () => {
      const ctx = context();
      for (const [name, path] of [
        ['user', []],
        ['auth', ['login', 'user']],
      ] as const) {
        await dataSource(name, handingOff('login')).process(incoming(ctx, path));
      }
      expect(ctx.handedOff.size).toBe(0);
      const sent: Sent[] = [];
      await dataSource('session', json({ data: {} }), sent).process(incoming(ctx, ['login', 'user']));
      expect(sent[0]?.headers['authorization']).toBeUndefined();
    });
  });

  it('calls the configured URL, never the placeholder', async () => {
    const sent: Sent[] = [];
    const source = dataSource('user', json({ data: { me: null } }), sent, 'http://10.0.0.5:4003/graphql');
    await source.process(incoming(context()));
    expect(sent[0]?.url).toBe('http://10.0.0.5:4003/graphql');
  });

  it('forwards the verified Authorization header, request id, client address and user agent', async () => {
    const sent: Sent[] = [];
    const source = dataSource('auth', json({ data: {} }), sent);
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
    const source = dataSource('auth', json({ data: {} }), sent);
    await source.process(incoming(context()));
    expect(Object.keys(sent[0]?.headers ?? {}).sort()).toEqual(
      ['content-type', 'user-agent', 'x-forwarded-for', GATEWAY_CREDENTIAL_HEADER, 'x-request-id'].sort(),
    );
  });

  it('forwards nothing client-related for requests without a client (health checks)', async () => {
    const sent: Sent[] = [];
    const source = dataSource('auth', json({ data: {} }), sent);
    await source.process({
      kind: 'health check',
      request: { query: '{ __typename }' },
      context: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    expect(Object.keys(sent[0]?.headers ?? {}).sort()).toEqual(['content-type', GATEWAY_CREDENTIAL_HEADER]);
    expect(credentials.verify(sent[0]?.headers[GATEWAY_CREDENTIAL_HEADER], 'auth').ok).toBe(true);
  });

  it.each(['auth', 'tenant', 'user', 'session'] as const)(
    'sends the %s subgraph a credential made for it alone, carrying the request id',
    async (name) => {
      const sent: Sent[] = [];
      await dataSource(name, json({ data: {} }), sent).process(incoming(context()));
      const credential = sent[0]?.headers[GATEWAY_CREDENTIAL_HEADER];
      expect(credentials.verify(credential, name)).toEqual({ ok: true, requestId: 'req-1' });
      for (const other of ['auth', 'tenant', 'user', 'session'].filter((n) => n !== name)) {
        expect(credentials.verify(credential, other)).toEqual({ ok: false, reason: 'wrong_audience' });
      }
    },
  );

  it('removes every header outside the allowlist, whoever put it on the request', async () => {
    const sent: Sent[] = [];
    const options = incoming(context({ authorization: 'Bearer t' }));
    const planted = new Headers({
      'x-tenant-id': 'other-tenant',
      'x-user-id': 'someone',
      forwarded: 'for=6.6.6.6',
      cookie: 'session=1',
      [GATEWAY_CREDENTIAL_HEADER]: 'client-made',
      'apollo-federation-include-trace': 'ftv1',
    });
    (options.request as { http?: unknown }).http = { method: 'POST', url: 'http://user/graphql', headers: planted };
    await dataSource('user', json({ data: {} }), sent).process(options);
    const headers = sent[0]?.headers ?? {};
    const forwarded = ['authorization', 'content-type', 'user-agent', 'x-forwarded-for', 'x-request-id'];
    expect(Object.keys(headers).sort()).toEqual([...forwarded, GATEWAY_CREDENTIAL_HEADER].sort());
    expect(credentials.verify(headers[GATEWAY_CREDENTIAL_HEADER], 'user').ok).toBe(true);
  });

  it("keeps a subgraph's refusal code and message from a non-2xx answer", async () => {
    const source = dataSource(
      'session',
      json({ errors: [{ message: 'Session has ended', extensions: { code: 'UNAUTHENTICATED' } }] }, 401),
    );
    const error = await source.process(incoming(context())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe('Session has ended');
    expect((error as GraphQLError).extensions).toEqual({ code: 'UNAUTHENTICATED', serviceName: 'session' });
  });

  it("does not relay a subgraph's refusal of the gateway's own credential: a deployment fault, not the client's", async () => {
    const source = dataSource(
      'user',
      json(
        {
          errors: [
            { message: 'This service answers only the gateway', extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED' } },
          ],
        },
        401,
      ),
    );
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user' });
  });

  it('turns any other non-2xx answer into an error without the subgraph URL or body', async () => {
    const source = dataSource(
      'tenant',
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      [],
      'http://tenant.internal:4002/graphql',
    );
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'tenant' });
    expect(JSON.stringify(error.toJSON())).not.toMatch(/tenant\.internal|bad gateway/);
  });

  it('tags a connection failure with the subgraph', async () => {
    const failing: Fetcher = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const source = new SubgraphDataSource('user', 'http://user/graphql', failing, credentials);
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user' });
  });
});

describe('a subgraph without an answer', () => {
  /** What the client reads of an error the data source threw (the gateway's formatError). */
  const asClientSees = (error: GraphQLError) => formatGatewayError(error.toJSON(), error, () => undefined);

  it('is SUBGRAPH_UNAVAILABLE naming the subgraph, never its address or what failed', async () => {
    for (const reason of ['timeout', 'unreachable', 'rejected'] as const) {
      const failing: Fetcher = async () => {
        throw new SubgraphUnavailableError('session', reason, {
          cause: new TypeError('fetch failed: connect ECONNREFUSED 10.1.2.3:4004'),
        });
      };
      const source = new SubgraphDataSource('session', 'http://session.internal:4004/graphql', failing, credentials);
      const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
      expect(error).toBeInstanceOf(GraphQLError);
      const seen = asClientSees(error);
      expect(seen).toEqual({
        message: 'The session service is unavailable',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', details: { subgraph: 'session' } },
      });
      expect(JSON.stringify(seen)).not.toMatch(/internal|4004|10\.1\.2\.3|ECONN|fetch/);
    }
  });

  it('is SUBGRAPH_UNAVAILABLE when it answers 503 without a code of its own, never with its body', async () => {
    const source = dataSource(
      'user',
      () => new Response('<html>upstream user.internal:4003 is down</html>', { status: 503 }),
    );
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    const seen = asClientSees(error);
    expect(seen.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', details: { subgraph: 'user' } });
    expect(JSON.stringify(seen)).not.toMatch(/upstream|4003|html/);
  });

  it("keeps a subgraph's own 503 refusal (BUSY) as it is", async () => {
    const source = dataSource('auth', json({ errors: [{ message: 'Busy', extensions: { code: 'BUSY' } }] }, 503));
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions).toEqual({ code: 'BUSY', serviceName: 'auth' });
  });

  it("keeps a subgraph's SERVICE_UNAVAILABLE (its database is down) with when to retry, never renamed", async () => {
    const message = 'The service is temporarily unavailable, please retry';
    const source = dataSource(
      'session',
      json(
        { errors: [{ message, extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 2 } } }] },
        503,
      ),
    );
    const error = (await source.process(incoming(context())).catch((e: unknown) => e)) as GraphQLError;
    expect(asClientSees(error)).toEqual({
      message,
      extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 2 } },
    });
  });
});

describe('refresh-token cookies', () => {
  const withCookies = () =>
    context({
      refreshCookies: '__Host-tradesage_rt=rt-value; __Host-tradesage_csrf=csrf-value',
      csrfToken: 'csrf-value',
    });
  const answerSettingCookies = () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', '__Host-tradesage_rt=new; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Strict');
    headers.append('set-cookie', '__Host-tradesage_csrf=c2; Max-Age=60; Path=/; Secure; SameSite=Strict');
    headers.append('set-cookie', 'tracker=1; Path=/');
    return new Response(JSON.stringify({ data: {} }), { status: 200, headers });
  };

  it('forwards the Cookie and x-csrf-token headers to the auth subgraph', async () => {
    const sent: Sent[] = [];
    await dataSource('auth', json({ data: {} }), sent).process(incoming(withCookies()));
    expect(sent[0]?.headers).toMatchObject({
      cookie: '__Host-tradesage_rt=rt-value; __Host-tradesage_csrf=csrf-value',
      'x-csrf-token': 'csrf-value',
    });
  });

  it.each(['tenant', 'user', 'session'] as const)('never forwards them to the %s subgraph', async (name) => {
    const sent: Sent[] = [];
    await dataSource(name, json({ data: {} }), sent).process(incoming(withCookies()));
    expect(Object.keys(sent[0]?.headers ?? {})).not.toContain('cookie');
    expect(Object.keys(sent[0]?.headers ?? {})).not.toContain('x-csrf-token');
  });

  it("collects the auth subgraph's refresh cookies, each on its own, and drops any other cookie", async () => {
    const ctx = context();
    await dataSource('auth', answerSettingCookies).process(incoming(ctx));
    expect(ctx.setCookies).toEqual([
      '__Host-tradesage_rt=new; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Strict',
      '__Host-tradesage_csrf=c2; Max-Age=60; Path=/; Secure; SameSite=Strict',
    ]);
  });

  it('ignores cookies set by any other subgraph', async () => {
    const ctx = context();
    await dataSource('user', answerSettingCookies).process(incoming(ctx));
    expect(ctx.setCookies).toEqual([]);
  });
});

describe('relayedCookies', () => {
  it('keeps only the __Host-tradesage_ cookies of a Cookie header', () => {
    expect(relayedCookies('session=abc; __Host-tradesage_rt=r1; _ga=GA1; __Host-tradesage_csrf=c1')).toBe(
      '__Host-tradesage_rt=r1; __Host-tradesage_csrf=c1',
    );
    expect(relayedCookies('session=abc')).toBeUndefined();
    expect(relayedCookies(undefined)).toBeUndefined();
  });
});

describe('fetcherWithTimeout', () => {
  it('aborts a subgraph call that takes too long', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const error = await fetcherWithTimeout(20, hanging)('http://slow/graphql', { method: 'POST' }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('TimeoutError');
  });
});
