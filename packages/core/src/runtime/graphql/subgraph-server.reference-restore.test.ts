import crypto from 'node:crypto';
import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { GatewayCredentials } from '../gateway-credential.ts';
import { postAsGateway } from '../testing/post-as-gateway.ts';
import type { BaseContext, Viewer } from '../viewer.ts';
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

const testViewer: Viewer = {
  userId: 'u1',
  tenantId: 't1',
  sessionId: 's1',
  tokenId: 'j1',
  apiKeyId: null,
  roles: [],
  permissions: new Set(),
  isPlatformAdmin: false,
  expiresAt: new Date(Date.now() + 60_000),
  auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
};

describe('createSubgraphServer when the shield rebuild drops __resolveReference', () => {
  it('carries __resolveReference over, and _entities still runs it behind the shield', async () => {
    const resolveReference = vi.fn((reference: { id: string }) => ({
      id: reference.id,
      name: `loaded ${reference.id}`,
    }));
    const server = createSubgraphServer<BaseContext>({
      name: 'widgets',
      typeDefs,
      resolvers: { Widget: { __resolveReference: resolveReference } },
      permissions: createPermissions({
        Query: { ...federationQueryRules, ping: isAuthenticated },
        ...federationTypeRules,
        Widget: isAuthenticated,
      }),
      context: async ({ headers }) => ({
        requestId: 'r',
        viewer: headers['x-test-viewer'] === 'yes' ? testViewer : null,
      }),
    });
    const widget = server.schema.getType('Widget');
    expect(isObjectType(widget) && widget.extensions['apollo']).toBeTruthy();

    const credentials = new GatewayCredentials([crypto.randomBytes(32)]);
    const running = await server.start(0, '127.0.0.1', credentials);
    const fetchWidget = async (headers: Record<string, string>) => {
      const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { name } } }';
      const response = await postAsGateway(
        running.url,
        credentials,
        'widgets',
        {
          query,
          variables: { r: [{ __typename: 'Widget', id: 'w1' }] },
        },
        headers,
      );
      return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    };
    try {
      // Anonymous: the _entities rule refuses before the (restored) resolver runs.
      const anonymous = await fetchWidget({});
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(resolveReference).not.toHaveBeenCalled();
      // Signed in: the entity comes from __resolveReference, not from the representation (no name).
      const signedIn = await fetchWidget({ 'x-test-viewer': 'yes' });
      expect(signedIn).toEqual({ data: { _entities: [{ name: 'loaded w1' }] } });
      expect(resolveReference).toHaveBeenCalledTimes(1);
    } finally {
      await running.stop();
    }
  });
});
