import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { BaseContext } from '../viewer.ts';
import { createPermissions, federationQueryRules, federationTypeRules, isAuthenticated } from './shield-rules.ts';
import { createSubgraphServer } from './subgraph-server.ts';

// Simulates a graphql-middleware / @apollo/subgraph combination whose schema rebuild drops the
// resolveReference @apollo/subgraph keeps in the type's extensions (as 0.x-era setups did).
vi.mock('./shield-runtime.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./shield-runtime.ts')>();
  return {
    ...actual,
    applyMiddleware: (...args: Parameters<typeof actual.applyMiddleware>): GraphQLSchema => {
      const shielded = actual.applyMiddleware(...args);
      for (const type of Object.values(shielded.getTypeMap())) {
        if (isObjectType(type) && type.extensions['apollo']) type.extensions = {};
      }
      return shielded;
    },
  };
});

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { ping: String }
  type Widget @key(fields: "id") { id: ID! name: String! }
`);

describe('createSubgraphServer when the shield rebuild drops __resolveReference', () => {
  it('carries __resolveReference over, and _entities still runs it behind the shield', async () => {
    const resolveReference = vi.fn((reference: { id: string }) => ({ id: reference.id, name: `loaded ${reference.id}` }));
    const server = createSubgraphServer<BaseContext>({
      name: 'widgets',
      typeDefs,
      resolvers: { Widget: { __resolveReference: resolveReference } },
      permissions: createPermissions({
        Query: { ...federationQueryRules, ping: isAuthenticated },
        ...federationTypeRules,
        Widget: isAuthenticated,
      }),
      context: async () => ({ requestId: 'r', viewer: null }),
    });
    const widget = server.schema.getType('Widget');
    expect(isObjectType(widget) && widget.extensions['apollo']).toBeTruthy();

    const running = await server.start(0, '127.0.0.1');
    try {
      const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { name } } }';
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { r: [{ __typename: 'Widget', id: 'w1' }] } }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      // Anonymous: the _entities rule refuses before the (restored) resolver runs.
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(resolveReference).not.toHaveBeenCalled();
    } finally {
      await running.stop();
    }
  });
});
