import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldsWithoutRule } from './shield-coverage.ts';
import { allowAnonymous, federationQueryRules, federationTypeRules, isAuthenticated, sameTenant } from './shield-rules.ts';

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Query { me: User! users: UserConnection! }
    type Mutation { rename(name: String!): User! }
    type User @key(fields: "id") { id: ID! name: String! }
    type UserConnection { nodes: [User!]! total: Int! }
    interface Node { id: ID! }
  `),
  resolvers: { User: { __resolveReference: (reference: { id: string }) => reference } },
});

describe('fieldsWithoutRule', () => {
  it('lists every field of every object type, federation ones included, when nothing has a rule', () => {
    expect(fieldsWithoutRule(schema, {})).toEqual([
      'Mutation.rename',
      'Query._entities',
      'Query._service',
      'Query.me',
      'Query.users',
      'User.id',
      'User.name',
      'UserConnection.nodes',
      'UserConnection.total',
      '_Service.sdl',
    ]);
  });

  it('returns nothing when every field is named, or covered by a type rule or a "*" rule', () => {
    expect(
      fieldsWithoutRule(schema, {
        Query: { ...federationQueryRules, me: isAuthenticated, users: isAuthenticated },
        ...federationTypeRules,
        Mutation: { rename: isAuthenticated },
        User: { '*': sameTenant },
        UserConnection: isAuthenticated,
      }),
    ).toEqual([]);
  });

  it('names exactly the fields left out', () => {
    expect(
      fieldsWithoutRule(schema, {
        Query: { me: isAuthenticated, users: isAuthenticated },
        Mutation: { rename: isAuthenticated },
        User: { id: allowAnonymous },
        UserConnection: isAuthenticated,
      }),
    ).toEqual(['Query._entities', 'Query._service', 'User.name', '_Service.sdl']);
  });

  it('treats a rule for the whole schema as covering everything', () => {
    expect(fieldsWithoutRule(schema, isAuthenticated)).toEqual([]);
  });

  it('does not count a field map entry that is undefined', () => {
    expect(fieldsWithoutRule(schema, { Mutation: { rename: undefined as never } })).toContain('Mutation.rename');
  });
});
