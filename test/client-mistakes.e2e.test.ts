import fs from 'node:fs';
import { isTextType, sampleInputValue } from '@tradesage/core/testing';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CreateTenantDocument,
  InviteUserDocument,
  LoginDocument,
  RequestEmailChangeDocument,
  SignUpDocument,
} from '@tradesage/client';
import {
  codeOf,
  createTestTenant,
  detailsOf,
  platformAdminToken,
  randomPassword,
  startTestStack,
  uniqueSlug,
  useTestStack,
  type GraphQLResponse,
} from './support/fixtures.ts';

/**
 * Client mistakes get a client error with a stable code, never a 5xx or INTERNAL_SERVER_ERROR:
 * documents without an operation to run, NUL and other control characters, lone surrogates, deep
 * variables, oversized bodies; look-alike identifiers are refused; and with introspection off (as
 * in production) no error suggests a field, type or enum value, at the gateway or a subgraph.
 * Ends with a fuzzer over every root field of the API schema.
 */

const [t, tenant] = useTestStack(startTestStack, {
  prefix: 'mistakes',
  settings: { signup: { mode: 'self_service' } },
});

/**
 * A response is a client error: no 5xx, at least one error, each with a code, none
 * INTERNAL_SERVER_ERROR. (Refusals before execution are 4xx; a resolver's is a 200 with the error.)
 */
function expectClientError(res: GraphQLResponse<unknown>, what: string): void {
  expect(res.status, what).toBeLessThan(500);
  expect(res.body.errors?.length, what).toBeGreaterThan(0);
  for (const error of res.body.errors ?? []) {
    expect(typeof error.extensions?.['code'], what).toBe('string');
    expect(error.extensions?.['code'], what).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

describe('which operation to run', () => {
  it('several operations and no operationName: 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const res = await t.raw('query A { me { id } } query B { myTenant { slug } }', {}, { token: tenant.admin.token });
    expectClientError(res, 'two operations');
    expect(codeOf(res)).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(detailsOf(res)).toEqual({ reason: 'operation_name_required' });
  });

  it('an operationName the document does not have: 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const response = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.admin.token}` },
      body: JSON.stringify({ query: 'query A { me { id } }', operationName: 'Nope' }),
    });
    const body = (await response.json()) as GraphQLResponse<unknown>['body'];
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'OPERATION_RESOLUTION_FAILURE',
      details: { reason: 'unknown_operation_name' },
    });
  });
});

describe('characters no string may hold', () => {
  const cases: Array<[string, string, string]> = [
    ['NUL', 'acme\u0000', 'nul_character'],
    ['a bell (C0 control)', 'acme\u0007', 'control_character'],
    ['a lone high surrogate', 'acme\ud800', 'lone_surrogate'],
    ['a lone low surrogate', '\udc00acme', 'lone_surrogate'],
  ];

  it.each(cases)(
    '%s in login(tenant:), users(search:), auditEvents(filter:), createTenant: BAD_USER_INPUT',
    async (_what, text, reason) => {
      const admin = { token: tenant.admin.token };
      const answers = [
        await t.raw('mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }', {
          i: { tenant: text, email: 'a@b.test', password: 'x' },
        }),
        await t.raw('query($s: String) { users(search: $s) { edges { cursor } } }', { s: text }, admin),
        await t.raw(
          'query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { cursor } } }',
          { f: { action: text } },
          admin,
        ),
        await t.request(
          CreateTenantDocument,
          { input: { slug: uniqueSlug('nul'), name: text, adminEmail: 'a@b.test' } },
          { token: await platformAdminToken(t) },
        ),
      ];
      for (const res of answers) {
        expectClientError(res, reason);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(detailsOf(res)).toMatchObject({ reason });
      }
    },
  );

  it('NUL in a string literal of the document is refused too', async () => {
    const res = await t.raw('{ users(search: "a\\u0000b") { edges { cursor } } }', {}, { token: tenant.admin.token });
    expectClientError(res, 'literal NUL');
    expect(detailsOf(res)).toMatchObject({ reason: 'nul_character' });
  });

  it('tabs and line breaks stay allowed where text is free', async () => {
    const res = await t.raw(
      'query($s: String) { users(search: $s) { edges { cursor } } }',
      { s: 'a\tb\nc' },
      {
        token: tenant.admin.token,
      },
    );
    expect(res.body.errors).toBeUndefined();
  });
});

describe('sizes', () => {
  it('a 5,000-deep JSON variable: QUERY_LIMIT_EXCEEDED, not a 500', async () => {
    // Written out by hand: JSON.stringify itself runs out of stack on such a value.
    const query = JSON.stringify('mutation($v: JSON!) { setPreference(key: "ui.theme", value: $v) { key } }');
    const response = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.admin.token}` },
      body: `{"query":${query},"variables":{"v":${'['.repeat(5000)}"x"${']'.repeat(5000)}}}`,
    });
    const res = {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as GraphQLResponse<unknown>['body'],
    };
    expectClientError(res, 'deep variable');
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('QUERY_LIMIT_EXCEEDED');
    expect(detailsOf(res)).toEqual({ limit: 'variablesDepth', max: 16 });
  });

  it('a 150 KB document: 413 REQUEST_TOO_LARGE at the gateway', async () => {
    const res = await t.raw(`{ me { id } } # ${'x'.repeat(150 * 1024)}`, {}, { token: tenant.admin.token });
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_TOO_LARGE', details: { maxBytes: 100 * 1024 } });
  });

  it('a document of 10,000 fields in a fragment: refused before it runs', async () => {
    const fields = Array.from({ length: 10_000 }, () => 'id').join(' ');
    const res = await t.raw(`fragment F on User { ${fields} } { me { ...F } }`, {}, { token: tenant.admin.token });
    expectClientError(res, 'big fragment');
    expect(detailsOf(res)).toEqual({ limit: 'tokens', max: 1000 });
  });
});

describe('no schema hints with introspection off', () => {
  const hintFree = (res: GraphQLResponse<unknown>, what: string) => {
    expectClientError(res, what);
    expect(JSON.stringify(res.body), what).not.toMatch(/did you mean/i);
  };

  it('in validation, variables, input fields and enum values, at the gateway', async () => {
    const admin = { token: tenant.admin.token };
    hintFree(await t.raw('{ me { emial } }', {}, admin), 'field');
    hintFree(await t.raw('{ mee { id } }', {}, admin), 'root field');
    hintFree(await t.raw('{ tenantUsage(period: DAYY) { users } }', {}, admin), 'enum literal');
    hintFree(
      await t.raw('mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }', {
        i: { tenant: 'x', emial: 'a@b.test', password: 'x' },
      }),
      'input field in variables',
    );
    hintFree(
      await t.raw('query($p: UsagePeriod!) { tenantUsage(period: $p) { users } }', { p: 'DAYY' }, admin),
      'enum in variables',
    );
    hintFree(await t.raw('query($p: UsagePeriodd!) { tenantUsage(period: $p) { users } }', {}, admin), 'type');
    hintFree(await t.raw('{ me { id ', {}, admin), 'parse');
  });

  it('at a subgraph reached with the gateway’s credential', async () => {
    const options = { url: t.stack.subgraphUrls.user, token: tenant.admin.token, viaGatewayCredential: true };
    hintFree(await t.raw('{ me { emial } }', {}, options), 'field');
    hintFree(
      await t.raw(
        'query($f: UserFilter) { users(filter: $f) { edges { cursor } } }',
        { f: { statuss: 'ACTIVE' } },
        options,
      ),
      'input field',
    );
    hintFree(
      await t.raw(
        'query($f: UserFilter) { users(filter: $f) { edges { cursor } } }',
        { f: { status: 'ACTIV' } },
        options,
      ),
      'enum',
    );
  });
});

describe('look-alike identifiers', () => {
  const lookalikes = (slug: string) => [
    `ad\u200bmin@${slug}.test`, // zero-width space
    `admin\u202e@${slug}.test`, // right-to-left override
    `ad\ufeffmin@${slug}.test`, // BOM (zero-width no-break space)
    `ad\u00admin@${slug}.test`, // soft hyphen
  ];

  const expectInvisible = (res: GraphQLResponse<unknown>, field: string) => {
    expectClientError(res, field);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(detailsOf(res)).toEqual({ field, reason: 'invisible_characters' });
  };

  it('are refused by invite, sign-up, login, email change and tenant creation', async () => {
    for (const email of lookalikes(tenant.slug)) {
      expectInvisible(
        await t.request(InviteUserDocument, { input: { email, role: 'viewer' } }, { token: tenant.admin.token }),
        'email',
      );
      expectInvisible(
        await t.request(SignUpDocument, {
          input: { tenant: tenant.slug, email, password: randomPassword(), firstName: 'Ada', lastName: 'Admin' },
        }),
        'email',
      );
      expectInvisible(
        await t.request(LoginDocument, { input: { tenant: tenant.slug, email, password: tenant.admin.password } }),
        'email',
      );
      expectInvisible(
        await t.request(
          RequestEmailChangeDocument,
          { input: { newEmail: email, currentPassword: tenant.admin.password } },
          { token: tenant.admin.token },
        ),
        'newEmail',
      );
      expectInvisible(
        await t.request(
          CreateTenantDocument,
          { input: { slug: uniqueSlug('look'), name: 'Look', adminEmail: email } },
          { token: await platformAdminToken(t) },
        ),
        'adminEmail',
      );
    }
    expectInvisible(
      await t.request(
        CreateTenantDocument,
        { input: { slug: uniqueSlug('look'), name: 'Ac\u200bme', adminEmail: `a@${tenant.slug}.test` } },
        { token: await platformAdminToken(t) },
      ),
      'name',
    );
    // Nothing was created: the tenant still has only its admin.
    expect(await t.stack.runtime.db.tenant(tenant.id).user.count()).toBe(1);
  });

  it('leave ordinary addresses alone', async () => {
    const other = await createTestTenant(t, { prefix: 'plain' });
    const res = await t.request(
      InviteUserDocument,
      { input: { email: `Zoë.Admin+x@${other.slug}.test`, role: 'viewer' } },
      { token: other.admin.token },
    );
    expect(res.body.errors).toBeUndefined();
  });
});

describe('fuzzing every root field', () => {
  const schema = buildSchema(fs.readFileSync(new URL('../gateway/api-schema.graphql', import.meta.url), 'utf8'));

  /** Text values: each is sent in every String and ID of an argument. */
  const TEXTS: Record<string, string> = {
    nul: 'a\u0000b',
    control: 'a\u001bb',
    loneSurrogate: 'a\ud800b',
    bidi: 'admin\u202e\u2066x\u2069@example.test',
    zeroWidth: 'ad\u200bmin@example.test',
    long: 'x'.repeat(60_000),
    huge: 'x'.repeat(1024 * 1024),
  };
  /** Values of the wrong type, sent as the whole argument. */
  const WRONG_TYPES: Record<string, unknown> = {
    number: 12345,
    object: { nested: { deeper: true } },
    list: ['a', 1, null],
    null: null,
  };

  const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
    Object.values((type as GraphQLObjectType).getFields()).map((field) => ({ type: type as GraphQLObjectType, field })),
  );

  /** `query($a: T!) { field(a: $a) { __typename } }`, every argument a variable. */
  function documentFor(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
    const keyword = root.name === 'Query' ? 'query' : 'mutation';
    const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
    const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
    return `${keyword} Fuzz${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  }

  function holdsText(type: GraphQLInputType, seen = new Set<string>()): boolean {
    if (isTextType(type)) return true;
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((field) => holdsText(field.type, seen));
  }

  /** Valid values for every argument but `target`, which gets `value`. */
  function variablesFor(field: GraphQLField<unknown, unknown>, target: GraphQLArgument, value: unknown) {
    return Object.fromEntries(
      field.args
        .filter((arg) => arg === target || isNonNullType(arg.type))
        .map((arg) => [arg.name, arg === target ? value : sampleInputValue(arg.type)]),
    );
  }

  it('answers every argument of every root field with a client error or data, never a 5xx', async () => {
    // A platform administrator reaches the most code; a second one, signed in for the purpose,
    // takes the root fields without arguments (logout and the like) last.
    const token = await platformAdminToken(t);
    const requests: Array<{ what: string; query: string; variables: Record<string, unknown> }> = [];
    for (const { type, field } of rootFields) {
      const query = documentFor(type, field);
      for (const arg of field.args) {
        for (const [name, text] of Object.entries(TEXTS)) {
          // In every String and ID of the argument; an argument without any gets the text itself.
          const value = holdsText(arg.type) ? sampleInputValue(arg.type, text) : text;
          requests.push({
            what: `${field.name}(${arg.name}) ${name}`,
            query,
            variables: variablesFor(field, arg, value),
          });
        }
        for (const [name, wrong] of Object.entries(WRONG_TYPES)) {
          requests.push({
            what: `${field.name}(${arg.name}) ${name}`,
            query,
            variables: variablesFor(field, arg, wrong),
          });
        }
      }
    }
    const covered = new Set(requests.map((request) => request.what.split('(')[0]));
    expect([...covered].sort()).toEqual(
      rootFields
        .filter(({ field }) => field.args.length > 0)
        .map(({ field }) => field.name)
        .sort(),
    );

    const failures: string[] = [];
    const check = (what: string, res: GraphQLResponse<unknown>) => {
      const codes = (res.body.errors ?? []).map((error) => error.extensions?.['code']);
      if (
        res.status >= 500 ||
        codes.includes('INTERNAL_SERVER_ERROR') ||
        codes.some((code) => typeof code !== 'string')
      )
        failures.push(`${what}: ${res.status} ${JSON.stringify(res.body.errors).slice(0, 300)}`);
    };
    // Four at a time: bounded, and far quicker than one by one.
    for (let i = 0; i < requests.length; i += 4) {
      await Promise.all(
        requests
          .slice(i, i + 4)
          .map(async (request) => check(request.what, await t.raw(request.query, request.variables, { token }))),
      );
    }
    const noArguments = rootFields.filter(({ field }) => field.args.length === 0);
    const other = await createTestTenant(t, { prefix: 'fuzz' });
    for (const { type, field } of noArguments) {
      check(field.name, await t.raw(documentFor(type, field), {}, { token: other.admin.token }));
    }
    expect(failures).toEqual([]);
    expect(requests.length + noArguments.length).toBeGreaterThan(rootFields.length);
    // The platform administrator is still signed in: the requests reached resolvers as one.
    expect(codeOf(await t.raw('{ me { id } }', {}, { token }))).toBeUndefined();
  });
});
