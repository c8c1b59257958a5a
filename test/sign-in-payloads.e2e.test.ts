/**
 * Sign-in payloads resolve whatever the client selects: every operation that establishes or
 * changes the caller's identity (login, refresh, acceptInvitation) answers a `user` on which any
 * `User` field of any subgraph may be selected, answered with the permissions of the user who has
 * just signed in — exactly what `me` answers with the new access token.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { InviteUserDocument } from '@tradesage/client';
import {
  addTestUser,
  dataOf,
  randomPassword,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  uniqueEmail,
  useTestStack,
  type GraphQLResponse,
  type TestUser,
} from './support/fixtures.ts';

const API_SCHEMA: GraphQLSchema = buildSchema(
  fs.readFileSync(fileURLToPath(new URL('../gateway/api-schema.graphql', import.meta.url)), 'utf8'),
);

/** Fields a client can select without arguments it must supply. */
function selectableFields(type: GraphQLObjectType) {
  return Object.values(type.getFields()).filter((field) =>
    field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
  );
}

/** A selection of every field of `type`, objects below it `depth` levels deep (their leaves). */
function everyField(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of selectableFields(type)) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 0) parts.push(`${field.name} { ${everyField(named, depth - 1)} }`);
  }
  return parts.join(' ');
}

const USER_TYPE = API_SCHEMA.getType('User') as GraphQLObjectType;
const USER_FIELDS = selectableFields(USER_TYPE).map((field) => field.name);
const EVERY_USER_FIELD = everyField(USER_TYPE, 2);

type Data = Record<string, unknown>;
interface Outcome {
  readonly user: Data;
  /** Errors below `user`, as (path below user, code). */
  readonly errors: ReadonlyArray<{ path: string; code: unknown }>;
}

const [t, tenant] = useTestStack(startTestStackWithMail, { prefix: 'payload' });
let trader: TestUser;

/** The `user` of a payload at `key`, and the errors under it. */
function outcomeAt(res: GraphQLResponse<Data>, path: readonly string[]): Outcome {
  let node: unknown = res.body.data;
  for (const key of path) node = (node as Data | null | undefined)?.[key];
  if (!node || typeof node !== 'object') throw new Error(`no ${path.join('.')}: ${JSON.stringify(res.body.errors)}`);
  const errors = (res.body.errors ?? []).map((error) => {
    const errorPath = (error.path ?? []).map(String);
    expect(errorPath.slice(0, path.length)).toEqual([...path]);
    return { path: errorPath.slice(path.length).join('.'), code: error.extensions?.['code'] };
  });
  return { user: node as Data, errors: errors.sort((a, b) => a.path.localeCompare(b.path)) };
}

/** `lastActiveAt` moves with every request (the `me` below included), so it is left out of comparisons. */
function withoutActivity(outcome: Outcome): Outcome {
  const sessions = outcome.user['sessions'] as Data[] | undefined;
  return {
    ...outcome,
    user: { ...outcome.user, sessions: sessions?.map(({ lastActiveAt: _moving, ...rest }) => rest) },
  };
}

/** What `me` answers with the same selection and the given access token. */
async function meWith(token: string): Promise<Outcome> {
  return outcomeAt(await t.raw<Data>(`{ me { ${EVERY_USER_FIELD} } }`, {}, { token }), ['me']);
}

/** The payload's user is every User field, no identity error, and what `me` answers with the new token. */
async function expectAnsweredAsNewUser(outcome: Outcome, accessToken: string, userId: string): Promise<void> {
  expect(Object.keys(outcome.user).sort()).toEqual([...USER_FIELDS].sort());
  expect(outcome.user['id']).toBe(userId);
  expect(outcome.errors.filter((e) => e.code === 'UNAUTHENTICATED')).toEqual([]);
  expect(withoutActivity(outcome)).toEqual(withoutActivity(await meWith(accessToken)));
}

beforeAll(async () => {
  trader = await addTestUser(t, tenant, 'trader');
});

describe('sign-in payloads', () => {
  it('selects every User field from each of the four subgraphs', () => {
    // The owners: user (profile), auth (lastLoginAt), session (sessions), tenant (tenant).
    expect(USER_FIELDS).toEqual(expect.arrayContaining(['firstName', 'lastLoginAt', 'sessions', 'tenant', 'roles']));
  });

  it.each(['BODY', 'COOKIE'] as const)(
    'login (%s delivery), under an alias, answers as the user who signed in',
    async (delivery) => {
      const res = await t.raw<Data>(
        `mutation SignIn($input: LoginInput!) { signIn: login(input: $input) { ... on AuthPayload { accessToken user { ${EVERY_USER_FIELD} } } } }`,
        {
          input: {
            tenant: tenant.slug,
            email: trader.email,
            password: trader.password,
            refreshTokenDelivery: delivery,
          },
        },
      );
      expect(res.status).toBe(200);
      const accessToken = (res.body.data?.['signIn'] as { accessToken: string }).accessToken;
      const outcome = outcomeAt(res, ['signIn', 'user']);
      await expectAnsweredAsNewUser(outcome, accessToken, trader.id);
      // The new session is among the user's sessions, flagged as the current one.
      const sessions = outcome.user['sessions'] as Array<{ id: string; current: boolean }>;
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
    },
  );

  it("a login sent with someone else's access token is answered as the user who signed in, not the sender", async () => {
    const res = await t.raw<Data>(
      `mutation SignIn($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken user { ${EVERY_USER_FIELD} } } } }`,
      { input: { tenant: tenant.slug, email: trader.email, password: trader.password } },
      { token: tenant.admin.token },
    );
    const accessToken = (res.body.data?.['login'] as { accessToken: string }).accessToken;
    const outcome = outcomeAt(res, ['login', 'user']);
    await expectAnsweredAsNewUser(outcome, accessToken, trader.id);
    expect(outcome.user['email']).toBe(trader.email);
    expect(outcome.user['roles']).toEqual(['trader']);
  });

  it('refresh answers as the user of the session, with no access token needed in the request', async () => {
    const { refreshToken } = await signIn(t, tenant.slug, trader.email, trader.password);
    const res = await t.raw<Data>(
      `mutation Refresh($input: RefreshInput!) { refresh(input: $input) { ... on AuthPayload { accessToken user { ${EVERY_USER_FIELD} } } } }`,
      { input: { refreshToken } },
    );
    const accessToken = (res.body.data?.['refresh'] as { accessToken: string }).accessToken;
    await expectAnsweredAsNewUser(outcomeAt(res, ['refresh', 'user']), accessToken, trader.id);
  });

  it('acceptInvitation answers as the invitee who has just set a password', async () => {
    const email = uniqueEmail(tenant, 'invitee');
    const invited = await t.request(
      InviteUserDocument,
      { input: { email, role: 'viewer', firstName: 'Ada', lastName: 'Lovelace' } },
      { token: tenant.admin.token },
    );
    const inviteeId = dataOf(invited, 'inviteUser').inviteUser.id;
    const token = await tokenMailedTo(t, email, /invited/);
    const res = await t.raw<Data>(
      `mutation Accept($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ... on AuthPayload { accessToken user { ${EVERY_USER_FIELD} } } } }`,
      { input: { token, password: randomPassword() } },
    );
    const accessToken = (res.body.data?.['acceptInvitation'] as { accessToken: string }).accessToken;
    const outcome = outcomeAt(res, ['acceptInvitation', 'user']);
    await expectAnsweredAsNewUser(outcome, accessToken, inviteeId);
    expect(outcome.user).toMatchObject({ email, firstName: 'Ada', status: 'ACTIVE', roles: ['viewer'] });
  });
});
