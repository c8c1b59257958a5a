import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { entityTypeNames, fieldsWithoutRule, undocumentedUnlocks } from './shield-coverage.ts';
import {
  allowAnonymous,
  and,
  federationQueryRules,
  federationTypeRules,
  hasPermission,
  isAuthenticated,
  or,
  sameTenant,
  type RuleTypeMap,
} from './shield-rules.ts';

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Query { me: User! users: UserConnection! }
    type Mutation { rename(name: String!): User! }
    type User @key(fields: "id") { id: ID! name: String! }
    type Account @key(fields: "id", resolvable: false) { id: ID! }
    type UserConnection { nodes: [User!]! total: Int! }
    interface Node { id: ID! }
  `),
  resolvers: { User: { __resolveReference: (reference: { id: string }) => reference } },
});

/** Every field of `schema` with its own rule. */
const complete = {
  Query: { ...federationQueryRules, me: isAuthenticated, users: isAuthenticated },
  ...federationTypeRules,
  Mutation: { rename: isAuthenticated },
  User: { id: sameTenant, name: sameTenant },
  Account: { id: sameTenant },
  UserConnection: { nodes: isAuthenticated, total: isAuthenticated },
} satisfies RuleTypeMap;

const wrapperAllowed = { UserConnection: 'wrapper: each node is a User with per-field rules' };

describe('fieldsWithoutRule', () => {
  it('lists every field of every object type, federation ones included, when nothing has a rule', () => {
    expect(fieldsWithoutRule(schema, {})).toEqual([
      'Account.id',
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

  it('returns nothing when every field has its own rule', () => {
    expect(fieldsWithoutRule(schema, complete)).toEqual([]);
  });

  it('names exactly the fields left out (a missing field rule fails the check)', () => {
    expect(
      fieldsWithoutRule(schema, {
        ...complete,
        Query: { me: isAuthenticated, users: isAuthenticated },
        _Service: {},
        User: { id: allowAnonymous },
      }),
    ).toEqual(['Query._entities', 'Query._service', 'User.name', '_Service.sdl']);
  });

  it('does not count a "*" rule on an entity type: a field added later would inherit it unseen', () => {
    expect(fieldsWithoutRule(schema, { ...complete, User: { '*': sameTenant } })).toEqual(['User.id', 'User.name']);
    // Beside explicit rules, '*' still covers none of the others.
    expect(fieldsWithoutRule(schema, { ...complete, User: { '*': sameTenant, id: sameTenant } })).toEqual([
      'User.name',
    ]);
  });

  it('does not count a rule for a whole entity type', () => {
    expect(fieldsWithoutRule(schema, { ...complete, User: sameTenant })).toEqual(['User.id', 'User.name']);
    expect(fieldsWithoutRule(schema, { ...complete, Account: sameTenant })).toEqual(['Account.id']);
  });

  it('does not count a whole-type or "*" rule on any other type unless it is allow-listed', () => {
    expect(fieldsWithoutRule(schema, { ...complete, UserConnection: isAuthenticated })).toEqual([
      'UserConnection.nodes',
      'UserConnection.total',
    ]);
    expect(fieldsWithoutRule(schema, { ...complete, UserConnection: { '*': isAuthenticated } })).toEqual([
      'UserConnection.nodes',
      'UserConnection.total',
    ]);
    expect(fieldsWithoutRule(schema, { ...complete, UserConnection: isAuthenticated }, wrapperAllowed)).toEqual([]);
    expect(
      fieldsWithoutRule(schema, { ...complete, UserConnection: { '*': isAuthenticated } }, wrapperAllowed),
    ).toEqual([]);
  });

  it('still wants every field of an allow-listed type that has neither a type-wide nor a "*" rule', () => {
    expect(
      fieldsWithoutRule(schema, { ...complete, UserConnection: { nodes: isAuthenticated } }, wrapperAllowed),
    ).toEqual(['UserConnection.total']);
  });

  it('refuses an entity type on the allow-list, whether resolvable or not', () => {
    expect(() =>
      fieldsWithoutRule(schema, { ...complete, User: sameTenant }, { User: 'every field is harmless' }),
    ).toThrow(/User is an entity type/);
    expect(() => fieldsWithoutRule(schema, complete, { Account: 'every field is harmless' })).toThrow(
      /Account is an entity type/,
    );
  });

  it('refuses an allow-list entry without a reason, or for a type the schema does not have', () => {
    expect(() => fieldsWithoutRule(schema, complete, { UserConnection: ' ' })).toThrow(/UserConnection has no reason/);
    expect(() => fieldsWithoutRule(schema, complete, { Gone: 'a wrapper' })).toThrow(/Gone is not an object type/);
    expect(() => fieldsWithoutRule(schema, complete, { Node: 'an interface' })).toThrow(/Node is not an object type/);
  });

  it('treats a rule for the whole schema as covering nothing', () => {
    expect(fieldsWithoutRule(schema, isAuthenticated)).toEqual(fieldsWithoutRule(schema, {}));
  });

  it('does not count a field map entry that is undefined', () => {
    expect(fieldsWithoutRule(schema, { ...complete, Mutation: { rename: undefined as never } })).toContain(
      'Mutation.rename',
    );
  });
});

describe('entityTypeNames', () => {
  it('finds resolvable entities and @key types with resolvable: false, and nothing else', () => {
    expect([...entityTypeNames(schema)].sort()).toEqual(['Account', 'User']);
  });
});

describe('undocumentedUnlocks', () => {
  const tree: RuleTypeMap = {
    Query: {
      listed: and(isAuthenticated, hasPermission('users:read')),
      unlisted: or(sameTenant, and(isAuthenticated, hasPermission('audit:read'))),
      open: allowAnonymous,
    },
    Mutation: { change: and(isAuthenticated, hasPermission('users:write')) },
  };
  const catalogue = [
    { name: 'users:read', unlocks: ['listed (with a note)'] },
    { name: 'audit:read', unlocks: ['somethingElse'] },
    { name: 'users:write', unlocks: [] },
  ];

  it('names each guarded root operation the catalogue does not list for its permission, through and/or', () => {
    expect(undocumentedUnlocks(tree, catalogue)).toEqual([
      'audit:read → Query.unlisted',
      'users:write → Mutation.change',
    ]);
  });
});
