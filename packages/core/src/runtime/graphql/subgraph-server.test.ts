import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLScalarType, Kind, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, UnauthenticatedError } from '../errors.ts';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentials } from '../gateway-credential.ts';
import { postAsGateway } from '../testing/post-as-gateway.ts';
import type { BaseContext, Viewer } from '../viewer.ts';
import {
  allowAnonymous,
  createPermissions,
  federationQueryRules,
  federationTypeRules,
  isAuthenticated,
  sameTenant,
} from './shield-rules.ts';
import { createSubgraphServer, type RunningSubgraph, type SubgraphResolvers } from './subgraph-server.ts';

// A tiny subgraph: one entity, loaded by __resolveReference from an in-memory "table".
const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  scalar DateTime

  type Query {
    hello: String!
    conflict: String
    crash: String
    databaseDown: String
  }

  type Widget @key(fields: "id") {
    id: ID!
    name: String!
    createdAt: DateTime!
    secret: String
  }
`);

interface WidgetRow {
  id: string;
  tenantId: string;
  name: string;
  createdAt: Date;
  secret: string;
}

const rows = new Map<string, WidgetRow>([
  ['w1', { id: 'w1', tenantId: 't1', name: 'first', createdAt: new Date('2024-01-02T03:04:05.000Z'), secret: 's1' }],
  [
    'w2',
    { id: 'w2', tenantId: 't2', name: 'other tenant', createdAt: new Date('2024-01-02T03:04:05.000Z'), secret: 's2' },
  ],
]);

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => new Date(String(value)),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? new Date(ast.value) : null),
});

const resolveReference = vi.fn((reference: { id: string }) => rows.get(reference.id) ?? null);

const resolvers: SubgraphResolvers<BaseContext> = {
  DateTime,
  Query: {
    hello: () => 'hi',
    conflict: () => {
      throw new AppError('CONFLICT', 'Widget already exists');
    },
    crash: () => {
      throw new Error('connection refused to postgres://admin:hunter2@db');
    },
    // What Prisma 7 (pg adapter) throws when the server cannot be reached.
    databaseDown: () => {
      throw Object.assign(new Error("Can't reach database server at db.internal:5432"), {
        name: 'PrismaClientKnownRequestError',
        code: 'P1001',
      });
    },
  },
  Widget: {
    __resolveReference: resolveReference,
  },
};

const permissions = createPermissions({
  Query: {
    ...federationQueryRules,
    hello: allowAnonymous,
    conflict: allowAnonymous,
    crash: allowAnonymous,
    databaseDown: allowAnonymous,
  },
  ...federationTypeRules,
  // `secret` deliberately has no rule: the fallback must deny it.
  Widget: { id: isAuthenticated, name: sameTenant, createdAt: sameTenant },
});

function viewer(userId: string, tenantId: string): Viewer {
  return {
    userId,
    tenantId,
    sessionId: 's',
    tokenId: 'j',
    apiKeyId: null,
    roles: ['viewer'],
    permissions: new Set(),
    isPlatformAdmin: false,
    expiresAt: new Date(Date.now() + 60_000),
    auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
  };
}

/** `x-test-viewer: user:tenant` stands in for a verified token; `x-test-context: fail` for a bad one. */
async function testContext({ headers }: { headers: IncomingHttpHeaders }): Promise<BaseContext> {
  if (headers['x-test-context'] === 'unauthenticated') throw new UnauthenticatedError('Session has ended');
  if (headers['x-test-context'] === 'broken') throw new Error('redis down');
  // pg's error when a connection ends under a statement (the session check falling back to Postgres).
  if (headers['x-test-context'] === 'database-down') throw new Error('Connection terminated unexpectedly');
  const given = headers['x-test-viewer'];
  const [userId, tenantId] = typeof given === 'string' ? given.split(':') : [];
  const context = { requestId: 'req-1', viewer: userId && tenantId ? viewer(userId, tenantId) : null };
  // Frozen on purpose: graphql-shield's per-request cache must still work.
  return Object.freeze(context);
}

const logger = { error: vi.fn(), warn: vi.fn() };

/** The key the "gateway" of this file shares with the subgraph. */
const credentials = new GatewayCredentials([crypto.randomBytes(32)]);
const server = createSubgraphServer({
  name: 'widgets',
  typeDefs,
  resolvers,
  permissions,
  context: testContext,
  logger,
});
let running: RunningSubgraph;

beforeAll(async () => {
  running = await server.start(0, '127.0.0.1', credentials);
});

afterAll(async () => {
  await running.stop();
});

beforeEach(() => {
  resolveReference.mockClear();
  logger.error.mockClear();
  logger.warn.mockClear();
});

interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: { code?: string; details?: Record<string, unknown> };
    }[];
  };
}

/** As the gateway calls: with a fresh credential for this subgraph, unless `headers` says otherwise. */
async function post(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await postAsGateway(running.url, credentials, 'widgets', { query, variables }, headers);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse['body'],
  };
}

/** As a client that reached the subgraph's port: no gateway credential at all. */
async function postDirect(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    body: (await response.json()) as GraphQLResponse['body'],
  };
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Widget {
        id
        name
        createdAt
      }
    }
  }
`;

describe('createSubgraphServer: the shield around federation', () => {
  it('resolves _entities through __resolveReference, which survives applyMiddleware', async () => {
    const { body } = await post(
      ENTITIES,
      { representations: [{ __typename: 'Widget', id: 'w1' }] },
      { 'x-test-viewer': 'u1:t1' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ _entities: [{ id: 'w1', name: 'first', createdAt: '2024-01-02T03:04:05.000Z' }] });
    expect(resolveReference).toHaveBeenCalledTimes(1);
  });

  it('judges entity fields on the loaded row, not on the representation the caller sent', async () => {
    // The representation claims tenant t1, but the row w2 belongs to t2.
    const { body } = await post(
      ENTITIES,
      { representations: [{ __typename: 'Widget', id: 'w2', tenantId: 't1' }] },
      { 'x-test-viewer': 'u1:t1' },
    );
    expect(resolveReference).toHaveBeenCalledTimes(1);
    expect(body.data).toEqual({ _entities: [null] });
    expect(body.errors?.[0]).toMatchObject({ path: ['_entities', 0, 'name'], extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses _entities without a viewer, before any __resolveReference runs', async () => {
    const { body } = await post(ENTITIES, { representations: [{ __typename: 'Widget', id: 'w1' }] });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['_entities'], extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
    expect(body.data).toBeNull();
    expect(resolveReference).not.toHaveBeenCalled();
  });

  it('serves _service { sdl } through its explicit rule', async () => {
    const { body } = await post('{ _service { sdl } }');
    expect(body.errors).toBeUndefined();
    expect((body.data?.['_service'] as { sdl: string }).sdl).toContain('type Widget');
  });

  it('denies a field without a rule with the fallback FORBIDDEN', async () => {
    const { body } = await post(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { id secret } } }',
      { r: [{ __typename: 'Widget', id: 'w1' }] },
      { 'x-test-viewer': 'u1:t1' },
    );
    expect(body.data).toEqual({ _entities: [{ id: 'w1', secret: null }] });
    expect(body.errors).toEqual([
      { message: 'Not allowed', path: ['_entities', 0, 'secret'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });
});

describe('createSubgraphServer: errors', () => {
  it('keeps the code and message of a domain error thrown by a resolver', async () => {
    const { body } = await post('{ conflict }');
    expect(body.errors).toEqual([
      { message: 'Widget already exists', path: ['conflict'], extensions: { code: 'CONFLICT' } },
    ]);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('masks an unexpected error and logs it with the request id', async () => {
    const { body } = await post('{ crash }');
    expect(body.errors).toEqual([
      { message: 'Internal server error', path: ['crash'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: 'req-1', subgraph: 'widgets' }),
      'internal error',
    );
  });

  it('does not log client mistakes such as a parse error', async () => {
    const { status, body } = await post('{ hello');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers an authentication failure in the context with 401 and its code', async () => {
    const { status, body } = await post('{ hello }', {}, { 'x-test-context': 'unauthenticated' });
    expect(status).toBe(401);
    expect(body.errors).toEqual([{ message: 'Session has ended', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('answers a database that cannot be used with SERVICE_UNAVAILABLE and when to retry, never what failed', async () => {
    const { body } = await post('{ databaseDown }');
    expect(body.errors).toEqual([
      {
        message: 'The service is temporarily unavailable, please retry',
        path: ['databaseDown'],
        extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 1 } },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('db.internal');
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers a database failure in the context 503 with Retry-After, so the gateway neither retries nor counts it', async () => {
    const { status, headers, body } = await post('{ hello }', {}, { 'x-test-context': 'database-down' });
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body.errors).toEqual([
      {
        message: 'The service is temporarily unavailable, please retry',
        extensions: { code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 1 } },
      },
    ]);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('masks and logs an unexpected failure in the context', async () => {
    const { status, body } = await post('{ hello }', {}, { 'x-test-context': 'broken' });
    expect(status).toBe(500);
    expect(body.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ subgraph: 'widgets' }),
      'context creation failed',
    );
  });
});

describe('createSubgraphServer: HTTP', () => {
  it('answers GET /health', async () => {
    const response = await fetch(new URL('/health', running.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a body over the limit with 413 and JSON, not an HTML stack', async () => {
    const { status, body } = await post('{ hello }', { padding: 'x'.repeat(1100 * 1024) });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_TOO_LARGE', details: { maxBytes: 1024 * 1024 } });
  });

  it('refuses a POST that is not JSON without a 500', async () => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', [GATEWAY_CREDENTIAL_HEADER]: credentials.issue('widgets') },
      body: '{ hello }',
    });
    expect(response.status).toBe(400);
  });

  it('stops: drains Apollo and closes the port', async () => {
    const other = await server.start(0, '127.0.0.1', credentials);
    expect((await fetch(new URL('/health', other.url))).status).toBe(200);
    await other.stop();
    await expect(fetch(new URL('/health', other.url))).rejects.toThrow();
  });
});

describe('createSubgraphServer: answers only the gateway', () => {
  const refused = {
    errors: [{ message: 'This service answers only the gateway', extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED' } }],
  };
  const widget = { representations: [{ __typename: 'Widget', id: 'w1' }] };

  it('refuses _entities without the gateway credential before any resolver runs, even with a valid viewer', async () => {
    const res = await postDirect(ENTITIES, widget, { 'x-test-viewer': 'u1:t1' });
    expect(res.status).toBe(401);
    expect(res.wwwAuthenticate).toBe('Gateway-Credential');
    expect(res.body).toEqual(refused);
    expect(resolveReference).not.toHaveBeenCalled();
  });

  it('refuses _service without the gateway credential', async () => {
    const res = await postDirect('{ _service { sdl } }');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refused);
    expect(JSON.stringify(res.body)).not.toContain('Widget');
  });

  it('refuses a client-sent body it has not parsed, malformed or oversized alike', async () => {
    const garbage = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(garbage.status).toBe(401);
    const huge = await postDirect('{ hello }', { padding: 'x'.repeat(200 * 1024) });
    expect(huge.status).toBe(401);
    expect((await fetch(running.url)).status).toBe(401);
  });

  it.each([
    ['expired', () => credentials.issue('widgets', { now: new Date(Date.now() - 120_000) }), 'expired'],
    ['made for another subgraph', () => credentials.issue('gadgets'), 'wrong_audience'],
    ['made with another key', () => new GatewayCredentials([crypto.randomBytes(32)]).issue('widgets'), 'unknown_key'],
    [
      'tampered with',
      () => {
        const [header, payload, signature] = credentials.issue('gadgets').split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
        return `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: 'widgets' })).toString('base64url')}.${signature}`;
      },
      'bad_signature',
    ],
    ['garbage', () => 'Bearer something', 'malformed'],
  ])('refuses a credential %s, and logs why without the credential', async (_name, make, reason) => {
    const credential = make();
    const res = await postDirect(ENTITIES, widget, {
      'x-test-viewer': 'u1:t1',
      [GATEWAY_CREDENTIAL_HEADER]: credential,
      'x-request-id': 'direct-1',
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refused);
    expect(resolveReference).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ subgraph: 'widgets', reason, requestId: 'direct-1' }),
      'request refused: no valid gateway credential',
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(credential);
  });

  it('accepts a valid credential for this subgraph', async () => {
    const res = await postDirect(ENTITIES, widget, {
      'x-test-viewer': 'u1:t1',
      [GATEWAY_CREDENTIAL_HEADER]: credentials.issue('widgets'),
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ _entities: [{ id: 'w1', name: 'first', createdAt: '2024-01-02T03:04:05.000Z' }] });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('keeps /health open: probes carry no credential', async () => {
    const response = await fetch(new URL('/health', running.url));
    expect(response.status).toBe(200);
  });
});

describe('createSubgraphServer: refuses a subgraph it cannot protect', () => {
  it('refuses an entity type without __resolveReference', () => {
    expect(() =>
      createSubgraphServer({
        name: 'bad',
        typeDefs,
        resolvers: { Query: { hello: () => 'hi' } },
        permissions,
        context: testContext,
      }),
    ).toThrow('Entity types without __resolveReference: Widget');
  });

  it('refuses resolvers for fields the schema does not have', () => {
    expect(() =>
      createSubgraphServer({
        name: 'bad',
        typeDefs,
        resolvers: { ...resolvers, Query: { helo: () => 'hi' }, Gadget: { id: () => 'g' } },
        permissions,
        context: testContext,
      }),
    ).toThrow('Resolvers for what the schema does not define: Query.helo, Gadget');
  });
});
