import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { BaseContext } from '../viewer.ts';
import { idArgumentsMiddleware } from './id-arguments.ts';
import { allowAnonymous, createPermissions, defineRule } from './shield-rules.ts';
import { applyMiddleware } from './shield-runtime.ts';

const typeDefs = /* GraphQL */ `
  input Filter {
    actorId: ID
    allowed: [ID!]
    nested: Nested
    name: String
  }
  input Nested {
    ownerId: ID!
  }
  type Query {
    echo(id: ID!, ids: [ID!], filter: Filter, label: String): String!
    plain(label: String!): String!
  }
`;

const seenByRule: unknown[] = [];
const ID = '0B6C4F7E-1D2A-4E5B-9C3D-7A8B9C0D1E2F';

function base() {
  return makeExecutableSchema({
    typeDefs,
    resolvers: {
      Query: {
        echo: (_parent: unknown, args: Record<string, unknown>) => JSON.stringify(args),
        plain: (_parent: unknown, args: { label: string }) => args.label,
      },
    },
  });
}

function build() {
  const schema = base();
  const recording = defineRule('recordsIdArguments', 'no_cache', (_parent, args) => {
    seenByRule.push(args);
    return true;
  });
  const permissions = createPermissions({ Query: { echo: recording, plain: allowAnonymous } });
  return applyMiddleware(schema, idArgumentsMiddleware(schema), permissions);
}

const schema = build();
const context: BaseContext = { requestId: 'r', viewer: null };
const run = (source: string) => graphql({ schema, source, contextValue: context });

describe('ID arguments', () => {
  it('reach rules and resolvers lowercased, at any depth of an input', async () => {
    seenByRule.length = 0;
    const res = await run(
      `{ echo(id: "${ID}", ids: ["${ID}"], filter: { actorId: "${ID}", allowed: ["${ID}"], nested: { ownerId: "${ID}" }, name: "KEEP" }, label: "KEEP") }`,
    );
    expect(res.errors).toBeUndefined();
    const lower = ID.toLowerCase();
    const expected = {
      id: lower,
      ids: [lower],
      filter: { actorId: lower, allowed: [lower], nested: { ownerId: lower }, name: 'KEEP' },
      label: 'KEEP',
    };
    expect(JSON.parse(String(res.data?.['echo']))).toEqual(expected);
    // The middleware runs before the shield: the rule judged the same lowercased values.
    expect(seenByRule).toEqual([expected]);
  });

  it('refuses anything that is not a UUID with BAD_USER_INPUT naming the argument, before any rule runs', async () => {
    seenByRule.length = 0;
    for (const [query, field] of [
      ['{ echo(id: "nope") }', 'id'],
      [`{ echo(id: "${ID}", ids: ["${ID}", "1 OR 1=1"]) }`, 'ids[1]'],
      [`{ echo(id: "${ID}", filter: { nested: { ownerId: "x" } }) }`, 'filter.nested.ownerId'],
    ] as const) {
      const res = await run(query);
      expect(res.errors?.[0]?.originalError).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field, reason: 'invalid_id' },
      });
    }
    expect(seenByRule).toEqual([]);
  });

  it('leaves fields without ID arguments alone', async () => {
    expect(Object.keys(idArgumentsMiddleware(base()).Query ?? {})).toEqual(['echo']);
    expect((await run('{ plain(label: "ABC") }')).data).toEqual({ plain: 'ABC' });
  });
});
