import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES, type SubgraphName } from '@tradesage/core';
import { createGateway, type RunningGateway } from '@tradesage/gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, detailsOf, startTestStack, useTestStack, type GraphQLResponse } from './support/fixtures.ts';

/**
 * The operation limits at the gateway and at the subgraphs, on a stack whose limits are set small
 * by their settings: each over-limit document is refused with QUERY_LIMIT_EXCEEDED naming the
 * limit and its value, before any subgraph is called (a second gateway over the same subgraphs
 * counts every call through a proxy); a document at every limit goes through to the subgraphs.
 */

const LIMITS = {
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_ROOT_FIELDS: '3',
  GRAPHQL_MAX_DIRECTIVES: '3',
  GRAPHQL_MAX_TOKENS: '120',
  GRAPHQL_MAX_COST: '300',
  GRAPHQL_MAX_VARIABLES_DEPTH: '5',
  GRAPHQL_MAX_BODY_BYTES: '16384',
  SUBGRAPH_MAX_BODY_BYTES: '16384',
};

const [t, tenant] = useTestStack(() => startTestStack({ env: LIMITS }), { prefix: 'limits' });

/** Forwards to a subgraph and counts the calls. */
interface CountingProxy {
  readonly url: string;
  calls: number;
  close(): Promise<void>;
}

/** Headers of one connection, or that fetch sets itself. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-encoding',
]);

async function countingProxy(target: string): Promise<CountingProxy> {
  const proxy = {
    url: '',
    calls: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    proxy.calls++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_BY_HOP.has(entry[0]),
        ),
      );
      void fetch(target, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }).then(
        async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          for (const [name, value] of answer.headers) if (!HOP_BY_HOP.has(name)) res.appendHeader(name, value);
          res.writeHead(answer.status);
          res.end(body);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return proxy;
}

let proxies: Record<SubgraphName, CountingProxy>;
let counted: RunningGateway;

beforeAll(async () => {
  proxies = {} as Record<SubgraphName, CountingProxy>;
  for (const name of SUBGRAPH_NAMES) proxies[name] = await countingProxy(t.stack.subgraphUrls[name]);
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, proxies[name].url]));
  counted = await createGateway(t.stack.runtime, { subgraphUrls }).start(0, '127.0.0.1');
});

afterAll(async () => {
  await counted?.stop();
  for (const proxy of Object.values(proxies ?? {})) await proxy.close();
});

beforeEach(() => {
  for (const proxy of Object.values(proxies)) proxy.calls = 0;
});

const subgraphCalls = () => Object.values(proxies).reduce((sum, proxy) => sum + proxy.calls, 0);

/** Through the counting gateway, as the tenant's admin. */
function send(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<unknown>> {
  return t.raw(query, variables, { url: counted.url, token: tenant.admin.token });
}

const page = (first: number, selection: string) => `{ users(first: ${first}) { edges { node { ${selection} } } } }`;

// Each limit: a document at it (answered) and one just over it (refused). Depth counts fields:
// users, edges, node, then the selected field (4).
const cases: Array<{ limit: string; max: number; at: string; over: string; variables?: Record<string, unknown> }> = [
  { limit: 'depth', max: 4, at: page(1, 'id'), over: page(1, 'tenant { slug }') },
  { limit: 'aliases', max: 3, at: '{ me { a: id b: id c: id } }', over: '{ me { a: id b: id c: id d: id } }' },
  {
    limit: 'rootFields',
    max: 3,
    at: '{ me { id } myTenant { slug } mySessions { id } }',
    over: '{ me { id } myTenant { slug } mySessions { id } myPermissions { roles } }',
  },
  {
    limit: 'directives',
    max: 3,
    at: '{ me { id @include(if: true) email @skip(if: false) roles @skip(if: false) } }',
    over: '{ me { id @include(if: true) email @skip(if: false) roles @skip(if: false) firstName @skip(if: false) } }',
  },
  // `{ me {` and `} }` are 5 tokens, an aliased field 3, a field 1.
  {
    limit: 'tokens',
    max: 120,
    at: `{ me { a: id b: id c: id ${'id '.repeat(106)}} }`,
    over: `{ me { ${'id '.repeat(117)}} }`,
  },
  // Cost: 1 + first × (edges 1 + node (1 + 1 + 1)).
  { limit: 'cost', max: 300, at: page(74, 'id email'), over: page(75, 'id email') },
  {
    limit: 'cost',
    max: 300,
    at: 'query($n: Int) { users(first: $n) { edges { node { id email } } } }',
    over: 'query($n: Int) { users(first: $n) { edges { node { id email } } } }',
    variables: { n: 75 },
  },
];

describe('operation limits at the gateway', () => {
  it.each(cases)('refuse a document over the $limit limit, before any subgraph call', async (c) => {
    const res = await send(c.over, c.variables);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: c.limit, max: c.max } },
      }),
    ]);
    expect(subgraphCalls()).toBe(0);
  });

  it.each(cases)('answer a document at the $limit limit, through the subgraphs', async (c) => {
    const res = await send(c.at, c.variables ? { n: 74 } : {});
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(subgraphCalls()).toBeGreaterThan(0);
  });

  it('list at most 20 validation errors: a document failing a rule fifty times is not answered fifty times', async () => {
    const res = await send(`{ me { ${'nope '.repeat(50)}} }`);
    expect(res.status).toBe(400);
    const errors = res.body.errors ?? [];
    // graphql-js adds one last error saying it stopped there.
    expect(errors.length).toBe(21);
    expect(errors.at(-1)?.message).toMatch(/Too many validation errors/);
    expect(subgraphCalls()).toBe(0);
  });

  it('refuse variables nested deeper than the limit, before any subgraph call', async () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'dark' : { v: nested(levels - 1) });
    const mutation = 'mutation($value: JSON!) { setPreference(key: "ui.theme", value: $value) { key } }';
    const res = await send(mutation, { value: nested(6) });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('QUERY_LIMIT_EXCEEDED');
    expect(detailsOf(res)).toEqual({ limit: 'variablesDepth', max: 5 });
    expect(subgraphCalls()).toBe(0);
    // Within the limit the resolver judges the value itself.
    expect(codeOf(await send(mutation, { value: nested(4) }))).toBe('BAD_USER_INPUT');
  });

  it('refuse a body over GRAPHQL_MAX_BODY_BYTES with 413 before reading it, and pass one just under to a subgraph', async () => {
    const over = await send('query($s: String) { users(search: $s) { edges { cursor } } }', { s: 'x'.repeat(17_000) });
    expect(over.status).toBe(413);
    expect(over.body.errors).toEqual([
      { message: 'Request body too large', extensions: { code: 'REQUEST_TOO_LARGE', details: { maxBytes: 16384 } } },
    ]);
    expect(subgraphCalls()).toBe(0);
    // The subgraphs read at least as much as the gateway: the long search reaches the resolver.
    const under = await send('query($s: String) { users(search: $s) { edges { cursor } } }', { s: 'x'.repeat(15_500) });
    expect(under.status).toBeLessThan(500);
    expect(codeOf(under)).toBe('BAD_USER_INPUT');
    expect(proxies.user.calls).toBe(1);
    // A subgraph reads SUBGRAPH_MAX_BODY_BYTES (here the gateway's 16 KiB, not its 1 MiB default).
    const direct = await t.raw(
      '{ me { id } }',
      { s: 'x'.repeat(17_000) },
      {
        url: t.stack.subgraphUrls.user,
        token: tenant.admin.token,
        viaGatewayCredential: true,
      },
    );
    expect(direct.status).toBe(413);
    expect(detailsOf(direct)).toEqual({ maxBytes: 16384 });
  });
});

describe('operation limits at a subgraph', () => {
  it('are the gateway’s with room for the query plan, and refuse a document sent past the gateway', async () => {
    const options = { url: t.stack.subgraphUrls.user, token: tenant.admin.token, viaGatewayCredential: true };
    // Twice the gateway's 3 aliases pass…
    const at = await t.raw('{ me { a: id b: id c: id d: id e: id f: id } }', {}, options);
    expect(at.body.errors).toBeUndefined();
    // …one more is refused, naming the subgraph's own limit.
    const over = await t.raw('{ me { a: id b: id c: id d: id e: id f: id g: id } }', {}, options);
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: 'aliases', max: 6 } } }),
    ]);
  });
});
