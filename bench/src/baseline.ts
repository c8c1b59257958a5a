/**
 * The bare baseline for the `me` query: a stock Apollo Gateway in front of one stock Apollo
 * subgraph with the same `User` shape, answering from memory. No auth, no shield, no database,
 * no Redis — what federation itself costs on this machine, for comparison with the real stack.
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  type Query {
    me: User!
  }

  type User @key(fields: "id") {
    id: ID!
    email: String! @shareable
    firstName: String!
    lastName: String!
    roles: [String!]!
  }
`);

const ME = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'bench@example.test',
  firstName: 'Bench',
  lastName: 'Mark',
  roles: ['admin'],
} as const;

const resolvers = {
  Query: { me: () => ME },
  User: { __resolveReference: (reference: { id: string }) => (reference.id === ME.id ? ME : null) },
};

export interface RunningBaseline {
  readonly gatewayUrl: string;
  readonly subgraphUrl: string;
  stop(): Promise<void>;
}

export async function startBaseline(host = '127.0.0.1'): Promise<RunningBaseline> {
  // Inline tracing off, as in our subgraphs (and it would only add work the gateway never asked for).
  const subgraph = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url: subgraphUrl } = await startStandaloneServer(subgraph, { listen: { port: 0, host } });
  try {
    const composed = composeServices([{ name: 'user', typeDefs, url: subgraphUrl }]);
    if (composed.errors)
      throw new Error(`baseline composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
    const gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
    const { url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host } });
    return {
      gatewayUrl,
      subgraphUrl,
      async stop() {
        await gateway.stop();
        await subgraph.stop();
      },
    };
  } catch (error) {
    await subgraph.stop();
    throw error;
  }
}
