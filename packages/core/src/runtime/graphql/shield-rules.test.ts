import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type GraphQLSchema } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors.ts';
import type { BaseContext, Viewer } from '../viewer.ts';
import {
  allowAnonymous,
  and,
  createPermissions,
  defineRule,
  hasPermission,
  isAuthenticated,
  isPlatformAdmin,
  isSelf,
  or,
  sameTenant,
  type RuleTypeMap,
} from './shield-rules.ts';
import { applyMiddleware } from './shield-runtime.ts';

const typeDefs = /* GraphQL */ `
  type Query {
    open: String
    private: String
    users: [User!]!
    tenant: Tenant
    orphan: Orphan
    audit: String
    platform: String
    usersOrSelf: User
    failing: String
    domainError: String
  }
  type User {
    id: ID!
    email: String!
    phone: String
  }
  type Tenant {
    id: ID!
    name: String!
  }
  type Orphan {
    name: String!
  }
`;

const users = [
  { id: 'u1', tenantId: 't1', email: 'me@t1', phone: '1' },
  { id: 'u2', tenantId: 't1', email: 'colleague@t1', phone: '2' },
  { id: 'u3', tenantId: 't2', email: 'stranger@t2', phone: '3' },
];

const resolvers = {
  Query: {
    open: () => 'open',
    private: () => 'private',
    users: () => users,
    tenant: () => ({ id: 't1', name: 'Tenant one' }),
    orphan: () => ({ name: 'no tenant attached' }),
    audit: () => 'audit',
    platform: () => 'platform',
    usersOrSelf: () => users[1],
    failing: () => 'never',
    domainError: () => {
      throw new AppError('CONFLICT', 'Already there');
    },
  },
};

const failingRule = defineRule('test:failing', 'contextual', () => {
  throw new Error('redis unavailable');
});

const ruleTree: RuleTypeMap = {
  Query: {
    open: allowAnonymous,
    private: isAuthenticated,
    users: isAuthenticated,
    tenant: isAuthenticated,
    orphan: isAuthenticated,
    audit: and(isAuthenticated, hasPermission('audit:read')),
    platform: isPlatformAdmin,
    usersOrSelf: isAuthenticated,
    failing: failingRule,
    domainError: allowAnonymous,
  },
  User: { id: sameTenant, email: sameTenant, phone: or(isSelf, hasPermission('users:pii:read')) },
  Tenant: { '*': sameTenant },
  Orphan: { name: sameTenant },
};

function buildSchema(tree: RuleTypeMap = ruleTree): GraphQLSchema {
  return applyMiddleware(makeExecutableSchema({ typeDefs, resolvers }), createPermissions(tree));
}

const schema = buildSchema();

function viewer(overrides: Partial<Viewer> = {}): Viewer {
  return {
    userId: 'u1',
    tenantId: 't1',
    sessionId: 's1',
    tokenId: 'j1',
    apiKeyId: null,
    roles: ['viewer'],
    permissions: new Set<string>(),
    isPlatformAdmin: false,
    expiresAt: new Date(Date.now() + 60_000),
    auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
    ...overrides,
  };
}

async function run(source: string, who: Viewer | null, target: GraphQLSchema = schema) {
  const contextValue: BaseContext = { requestId: 'r1', viewer: who };
  const result = await graphql({ schema: target, source, contextValue });
  return {
    data: result.data,
    errors: result.errors?.map((error) => ({
      path: error.path?.join('.'),
      code: (error.originalError as AppError | undefined)?.code ?? 'NONE',
      message: error.message,
    })),
  };
}

describe('hasPermission', () => {
  it('refuses a permission that is not in the catalogue (a typo would otherwise deny everyone)', () => {
    expect(() => hasPermission('users:read:pii' as Parameters<typeof hasPermission>[0])).toThrow(
      /not in the permission catalogue/,
    );
    expect(() => hasPermission('users:pii:read')).not.toThrow();
  });
});

describe('shield rules', () => {
  it('allowAnonymous lets anyone through', async () => {
    expect(await run('{ open }', null)).toEqual({ data: { open: 'open' }, errors: undefined });
  });

  it('isAuthenticated refuses an anonymous caller with UNAUTHENTICATED, not FORBIDDEN', async () => {
    const { errors } = await run('{ private }', null);
    expect(errors).toEqual([{ path: 'private', code: 'UNAUTHENTICATED', message: 'Authentication required' }]);
    expect((await run('{ private }', viewer())).data).toEqual({ private: 'private' });
  });

  it('hasPermission reads the effective permissions; a denial is a FORBIDDEN ForbiddenError', async () => {
    expect((await run('{ audit }', viewer())).errors).toEqual([
      { path: 'audit', code: 'FORBIDDEN', message: 'Not allowed' },
    ]);
    expect((await run('{ audit }', null)).errors?.[0]?.code).toBe('UNAUTHENTICATED');
    expect((await run('{ audit }', viewer({ permissions: new Set(['audit:read']) }))).data).toEqual({ audit: 'audit' });
  });

  it('isPlatformAdmin requires the flag, not a role name', async () => {
    expect((await run('{ platform }', viewer({ roles: ['platform_admin'] }))).errors?.[0]?.code).toBe('FORBIDDEN');
    expect((await run('{ platform }', viewer({ isPlatformAdmin: true }))).data).toEqual({ platform: 'platform' });
  });

  it('sameTenant compares the tenantId repositories attach to each row', async () => {
    const { data, errors } = await run('{ users { id email } }', viewer());
    // u3 belongs to t2: its non-null field fails, which nulls the whole non-null list.
    expect(data).toBeNull();
    expect(errors).toEqual([{ path: 'users.2.id', code: 'FORBIDDEN', message: 'Not allowed' }]);
  });

  it('sameTenant compares a Tenant by its own id', async () => {
    expect((await run('{ tenant { id name } }', viewer())).data).toEqual({ tenant: { id: 't1', name: 'Tenant one' } });
    expect((await run('{ tenant { id name } }', viewer({ tenantId: 't2' }))).data).toEqual({ tenant: null });
  });

  it('sameTenant fails closed for a row without a tenant', async () => {
    expect((await run('{ orphan { name } }', viewer())).errors?.[0]?.code).toBe('FORBIDDEN');
  });

  it('isSelf compares the parent id with the viewer; or() lets a permission stand in', async () => {
    expect((await run('{ usersOrSelf { phone } }', viewer({ userId: 'u2' }))).data).toEqual({
      usersOrSelf: { phone: '2' },
    });
    expect((await run('{ usersOrSelf { phone } }', viewer())).errors?.[0]?.code).toBe('FORBIDDEN');
    const withPermission = viewer({ permissions: new Set(['users:pii:read']) });
    expect((await run('{ usersOrSelf { phone } }', withPermission)).data).toEqual({ usersOrSelf: { phone: '2' } });
  });

  it('parent-dependent rules are evaluated per parent, never answered from the cache', async () => {
    // Two users in one request: the first passes isSelf, the second must not reuse that answer.
    const twoUsers = makeExecutableSchema({
      typeDefs: 'type Query { pair: [User!]! } type User { id: ID! phone: String }',
      resolvers: { Query: { pair: () => [users[0], users[1]] } },
    });
    const shielded = applyMiddleware(
      twoUsers,
      createPermissions({ Query: { pair: isAuthenticated }, User: { id: isAuthenticated, phone: isSelf } }),
    );
    const { data } = await run('{ pair { id phone } }', viewer(), shielded);
    expect(data).toEqual({
      pair: [
        { id: 'u1', phone: '1' },
        { id: 'u2', phone: null },
      ],
    });
  });

  it('context-only rules run once per request', async () => {
    const check = vi.fn(() => true);
    const counted = defineRule('test:counted', 'contextual', check);
    const many = makeExecutableSchema({
      typeDefs: 'type Query { a: String b: String c: String }',
      resolvers: { Query: { a: () => 'a', b: () => 'b', c: () => 'c' } },
    });
    const shielded = applyMiddleware(many, createPermissions({ Query: { '*': counted } }));
    await run('{ a b c }', viewer(), shielded);
    expect(check).toHaveBeenCalledTimes(1);
    await run('{ a b c }', viewer(), shielded);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('a rule that throws is reported as that error, not silently turned into FORBIDDEN', async () => {
    const { errors } = await run('{ failing }', viewer());
    expect(errors).toEqual([{ path: 'failing', code: 'NONE', message: 'redis unavailable' }]);
  });

  it('a domain error thrown by a resolver keeps its code and message (not "Not Authorised!")', async () => {
    expect((await run('{ domainError }', null)).errors).toEqual([
      { path: 'domainError', code: 'CONFLICT', message: 'Already there' },
    ]);
  });

  it('denies a field without a rule (fallbackRule: deny)', async () => {
    const partial = buildSchema({ ...ruleTree, Query: { open: allowAnonymous } });
    expect((await run('{ open private }', viewer(), partial)).errors).toEqual([
      { path: 'private', code: 'FORBIDDEN', message: 'Not allowed' },
    ]);
  });

  it('refuses two rules with one name: the name keys the per-request cache', () => {
    expect(() => defineRule('isAuthenticated', 'contextual', () => true)).toThrow(/already exists/);
    expect(hasPermission('users:read')).toBe(hasPermission('users:read'));
  });
});
