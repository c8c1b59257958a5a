import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { findAppError } from '../errors.ts';
import { operationGuards, withoutSchemaHints } from './operation-guards.ts';
import {
  DEFAULT_OPERATION_LIMITS,
  operationCost,
  subgraphOperationLimits,
  type OperationLimits,
} from './operation-limits.ts';

const schema = buildSchema(`
  scalar JSON
  type Query {
    me: User!
    users(first: Int = 20): UserConnection!
    tenant: Tenant
    setting(value: JSON): String
    _entities(representations: [JSON!]!): [User]!
  }
  type UserConnection { edges: [UserEdge!]! }
  type UserEdge { node: User! }
  type User { id: ID! email: String sessions: [Session!]! tenant: Tenant! roles: [String!]! }
  type Session { id: ID! user: User! }
  type Tenant { id: ID! slug: String! }
`);

/** The limit errors of a document under `limits` (parse with the token limit, then validation). */
function refusals(source: string, limits: OperationLimits = DEFAULT_OPERATION_LIMITS): unknown[] {
  const guards = operationGuards({ limits, hideSchemaHints: true });
  let errors: readonly GraphQLError[];
  try {
    const document = parse(source, guards.parseOptions);
    const exceeded = guards.limitExceeded(schema, document);
    errors = exceeded ? [exceeded] : validate(schema, document, specifiedRules);
  } catch (error) {
    // As Apollo reports a parse error to formatError.
    return [guards.formatError({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  return errors.map((error) => {
    const appError = findAppError(error);
    return appError ? { code: appError.code, details: appError.details } : error.message;
  });
}

const limit = (name: string, max: number) => ({ code: 'QUERY_LIMIT_EXCEEDED', details: { limit: name, max } });

const nested = (levels: number) => `{ me { ${'sessions { user { '.repeat(levels)}id${' } }'.repeat(levels)} } }`;

describe('operation limits', () => {
  const small: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, depth: 4, aliases: 2, rootFields: 2, directives: 2 };

  it('refuse each shape over its limit, naming the limit and its value, and accept one at it', () => {
    expect(refusals(nested(1), small)).toEqual([]); // depth 4: me, sessions, user, id
    expect(refusals(nested(2), small)).toEqual([limit('depth', 4)]);
    expect(refusals('{ me { a: id b: email } }', small)).toEqual([]);
    expect(refusals('{ me { a: id b: email c: roles } }', small)).toEqual([limit('aliases', 2)]);
    expect(refusals('{ me { id } tenant { slug } }', small)).toEqual([]);
    expect(refusals('{ me { id } tenant { slug } users { __typename } }', small)).toEqual([limit('rootFields', 2)]);
    expect(refusals('{ me { id @include(if: true) email @skip(if: false) } }', small)).toEqual([]);
    expect(refusals('{ me { id @include(if: true) email @skip(if: false) roles @skip(if: false) } }', small)).toEqual([
      limit('directives', 2),
    ]);
  });

  it('count through fragments: aliases in a fragment spread twice count twice, root fields behind a spread count', () => {
    const spread = 'fragment F on User { a: id b: email } { me { ...F } u: users { edges { node { ...F } } } }';
    expect(refusals(spread, small)).toEqual([limit('aliases', 2)]);
    expect(refusals('fragment R on Query { me { id } tenant { id } users { __typename } } { ...R }', small)).toEqual([
      limit('rootFields', 2),
    ]);
    // The same field twice under one name runs once: one root field.
    expect(refusals('{ me { id } me { email } tenant { id } }', small)).toEqual([]);
  });

  it('stop parsing past the token limit, answered as QUERY_LIMIT_EXCEEDED', () => {
    const tokens = { ...DEFAULT_OPERATION_LIMITS, tokens: 50 };
    expect(refusals(`{ me { ${'id '.repeat(40)}} }`, tokens)).toEqual([]);
    expect(refusals(`{ me { ${'id '.repeat(60)}} }`, tokens)).toEqual([
      { message: 'The document has more tokens than the limit of 50', extensions: limit('tokens', 50) },
    ]);
  });

  it('derive the subgraphs’ limits from the gateway’s, never tighter', () => {
    const derived = subgraphOperationLimits(DEFAULT_OPERATION_LIMITS);
    for (const name of Object.keys(DEFAULT_OPERATION_LIMITS) as Array<keyof OperationLimits>) {
      expect(derived[name]).toBeGreaterThanOrEqual(DEFAULT_OPERATION_LIMITS[name]);
    }
    expect(derived.depth).toBe(DEFAULT_OPERATION_LIMITS.depth + 1);
  });
});

describe('operationCost', () => {
  const cost = (source: string, variables?: Record<string, unknown>) =>
    operationCost({ schema, document: parse(source), variables });

  it('is 1 a field, plus its selection times the items it returns', () => {
    expect(cost('{ me { id email } }')).toBe(3);
    // An unsized list of objects counts 10 items; a list of scalars is one field.
    expect(cost('{ me { roles sessions { id } } }')).toBe(1 + 1 + (1 + 10 * 1));
    // A page counts `first` items (its default when not given), its edges once.
    expect(cost('{ users(first: 100) { edges { node { id } } } }')).toBe(1 + 100 * (1 + 1 * (1 + 1)));
    expect(cost('{ users { edges { node { id } } } }')).toBe(1 + 20 * 3);
    // No page is larger than 100 (pageRequest refuses more): a larger `first` costs as 100.
    expect(cost('{ users(first: 5000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
  });

  it('counts a page size given as a variable like a literal one', () => {
    const query = 'query($n: Int) { users(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 100 })).toBe(cost('{ users(first: 100) { edges { node { id } } } }'));
    expect(cost(query, { n: 'many' })).toBeUndefined();
  });

  it('counts each entity once at a subgraph, introspection as nothing', () => {
    expect(cost('query($r: [JSON!]!) { _entities(representations: $r) { id } }', { r: [{}, {}, {}] })).toBe(2);
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
  });

  it('is infinite for fragments that write out to more than 10,000 selections', () => {
    const bomb = [
      'fragment A on User { id email }',
      ...['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O'].map(
        (name, i, all) =>
          `fragment ${name} on User { ...${i === 0 ? 'A' : all[i - 1]} tenant { id } sessions { user { ...${i === 0 ? 'A' : all[i - 1]} } } }`,
      ),
      '{ me { ...O } }',
    ].join('\n');
    expect(cost(bomb)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the limits settings', () => {
  const settings: Array<[string, string, keyof OperationLimits, string]> = [
    ['GRAPHQL_MAX_DEPTH', '3', 'depth', nested(1)],
    ['GRAPHQL_MAX_ALIASES', '1', 'aliases', '{ me { a: id b: id } }'],
    ['GRAPHQL_MAX_ROOT_FIELDS', '1', 'rootFields', '{ me { id } tenant { id } }'],
    ['GRAPHQL_MAX_DIRECTIVES', '1', 'directives', '{ me { id @skip(if: false) email @skip(if: false) } }'],
    ['GRAPHQL_MAX_TOKENS', '50', 'tokens', `{ me { ${'id '.repeat(60)}} }`],
  ];

  it.each(settings)('%s changes what is refused', (variable, value, name, source) => {
    expect(refusals(source, loadConfig({}).operationLimits)).toEqual([]);
    const limits = loadConfig({ [variable]: value }).operationLimits;
    expect(limits[name]).toBe(Number(value));
    expect(JSON.stringify(refusals(source, limits))).toContain(JSON.stringify(limit(name, Number(value)).details));
  });

  it('GRAPHQL_MAX_COST and GRAPHQL_MAX_VARIABLES_DEPTH are read, defaults otherwise', () => {
    expect(loadConfig({}).operationLimits).toEqual(DEFAULT_OPERATION_LIMITS);
    expect(loadConfig({ GRAPHQL_MAX_COST: '7', GRAPHQL_MAX_VARIABLES_DEPTH: '3' }).operationLimits).toMatchObject({
      cost: 7,
      variablesDepth: 3,
    });
  });

  it('body limits: the subgraphs read at least what the gateway reads', () => {
    expect(loadConfig({}).bodyLimits).toEqual({ gatewayBytes: 100 * 1024, subgraphBytes: 1024 * 1024 });
    expect(loadConfig({ GRAPHQL_MAX_BODY_BYTES: '2048', SUBGRAPH_MAX_BODY_BYTES: '4096' }).bodyLimits).toEqual({
      gatewayBytes: 2048,
      subgraphBytes: 4096,
    });
    expect(() => loadConfig({ GRAPHQL_MAX_BODY_BYTES: '2000000' })).toThrow(
      /SUBGRAPH_MAX_BODY_BYTES: must be at least GRAPHQL_MAX_BODY_BYTES/,
    );
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
  });
});

describe('schema hints', () => {
  it('are taken out of every wording graphql-js uses', () => {
    expect(withoutSchemaHints('Cannot query field "emial" on type "User". Did you mean "email"?')).toBe(
      'Cannot query field "emial" on type "User".',
    );
    expect(
      withoutSchemaHints('Value "FRE" does not exist in "TenantPlan" enum. Did you mean the enum value "FREE"?'),
    ).toBe('Value "FRE" does not exist in "TenantPlan" enum.');
    expect(
      withoutSchemaHints(
        'Variable "$input" got invalid value { emial: "a" }; Field "emial" is not defined by type "LoginInput". Did you mean "email", "tenant", or "password"?',
      ),
    ).not.toMatch(/Did you mean/);
  });

  it('are kept while introspection is on (development)', () => {
    const formatted = {
      message: 'Cannot query field "x". Did you mean "y"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(
      operationGuards({ limits: DEFAULT_OPERATION_LIMITS, hideSchemaHints: false }).formatError(formatted),
    ).toEqual(formatted);
    expect(
      operationGuards({ limits: DEFAULT_OPERATION_LIMITS, hideSchemaHints: true }).formatError(formatted).message,
    ).toBe('Cannot query field "x".');
  });
});

describe("a client's mistake", () => {
  it('keeps no stack past parsing and validation, so Apollo has none to format', async () => {
    const listener = await operationGuards({
      limits: DEFAULT_OPERATION_LIMITS,
      hideSchemaHints: true,
    }).plugin.requestDidStart?.({} as never);
    const validationErrors = validate(schema, parse('{ me { id @include(if: true) @include(if: true) } }'));
    expect(validationErrors.length).toBeGreaterThan(0);
    expect(validationErrors[0]?.stack).toContain('\n    at ');
    const validated = await listener?.validationDidStart?.({} as never);
    await validated?.([...validationErrors]);
    for (const error of validationErrors) expect(error.stack).toBe(`GraphQLError: ${error.message}`);

    let syntaxError: GraphQLError | undefined;
    try {
      parse('{ me { id }');
    } catch (error) {
      syntaxError = error as GraphQLError;
    }
    expect(syntaxError?.stack).toContain('\n    at ');
    const parsed = await listener?.parsingDidStart?.({} as never);
    await parsed?.(syntaxError);
    expect(syntaxError?.stack).toBe(`GraphQLError: ${syntaxError?.message}`);
  });
});

describe('a document over a limit, in Apollo Server', () => {
  it('is refused as soon as it is parsed: one error, the limit, before graphql-js validates it, every hook called', async () => {
    const guards = operationGuards({ limits: { ...DEFAULT_OPERATION_LIMITS, directives: 2 }, hideSchemaHints: true });
    const seen: string[] = [];
    const observer: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors }) {
            for (const error of errors) seen.push(findAppError(error)?.code ?? error.message);
          },
          async willSendResponse() {
            seen.push('response');
          },
        };
      },
    };
    const server = new ApolloServer({
      schema,
      parseOptions: guards.parseOptions,
      validationRules: guards.validationRules,
      plugins: [guards.plugin, observer],
    });
    await server.start();
    const errorsOf = async (query: string) => {
      const { http, body } = await server.executeOperation({ query });
      return {
        status: http.status,
        messages: body.kind === 'single' ? (body.singleResult.errors ?? []).map((error) => error.message) : [],
      };
    };
    try {
      // Over the limit and an unknown field: graphql-js's rules never see it, so only the limit is named.
      const over = '{ me { nope @skip(if: false) @skip(if: false) @skip(if: false) } }';
      for (let i = 0; i < 2; i += 1) {
        expect(await errorsOf(over)).toEqual({
          status: 400,
          messages: ['The operation has more directives than the limit of 2'],
        });
      }
      expect(seen).toEqual(['QUERY_LIMIT_EXCEEDED', 'response', 'QUERY_LIMIT_EXCEEDED', 'response']);
      // At the limit, graphql-js's validation runs as before.
      expect(await errorsOf('{ me { nope @skip(if: false) @include(if: true) } }')).toEqual({
        status: 400,
        messages: ['Cannot query field "nope" on type "User".'],
      });
    } finally {
      await server.stop();
    }
  });
});
