import { beforeAll, describe, expect, it } from 'vitest';
import { MyAccountDocument, UserEmailsDocument, UserPersonalDataDocument } from '@tradesage/client';
import {
  addSignedInUser,
  codeOf,
  errorsOf,
  startTestStack,
  useTestStack,
  type SignedInUser,
} from './support/fixtures.ts';

/**
 * Personal fields of a User — `email` (user and auth subgraphs), `lastLoginAt`
 * and `emailVerified` (auth) — are for the user themself and holders of users:pii:read (admin and
 * platform_admin by inheritance). Anyone else who may read the user gets FORBIDDEN on exactly
 * those fields, and the rest of the user.
 */

const PERSONAL_FIELDS = ['email', 'lastLoginAt', 'emailVerified'];

const [t, a, b] = useTestStack(startTestStack, { prefix: 'pii' }, { prefix: 'piib' });
let target: SignedInUser;
const readers: Record<string, SignedInUser> = {};

beforeAll(async () => {
  target = await addSignedInUser(t, a, 'viewer', 'target');
  readers['admin'] = a.admin;
  for (const role of ['viewer', 'trader', 'platform_admin', 'api_user'])
    readers[role] = await addSignedInUser(t, a, role);
});

describe('personal fields of another user of the same tenant', () => {
  it.each(['admin', 'platform_admin'])('%s reads them (users:pii:read)', async (role) => {
    const res = await t.request(UserPersonalDataDocument, { id: target.id }, { token: readers[role]?.token ?? '' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.user).toMatchObject({ id: target.id, email: target.email, emailVerified: false });
    expect(res.body.data?.user?.lastLoginAt).toBeTruthy();
  });

  it('api_user (users:read only) reads the user, but gets FORBIDDEN on each personal field', async () => {
    const res = await t.request(
      UserPersonalDataDocument,
      { id: target.id },
      { token: readers['api_user']?.token ?? '' },
    );
    expect(res.body.data?.user).toEqual({
      id: target.id,
      firstName: '',
      email: null,
      lastLoginAt: null,
      emailVerified: null,
    });
    const forbidden = errorsOf(res).filter((error) => error.extensions?.['code'] === 'FORBIDDEN');
    expect(forbidden.map((error) => error.path?.join('.')).sort()).toEqual(
      PERSONAL_FIELDS.map((field) => `user.${field}`).sort(),
    );

    // In a list, too: each row arrives with the personal field withheld, not the whole list.
    const list = await t.request(UserEmailsDocument, { first: 100 }, { token: readers['api_user']?.token ?? '' });
    const rows = list.body.data?.users.edges ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(
      rows.every((edge) =>
        edge.node.id === readers['api_user']?.id ? edge.node.email !== null : edge.node.email === null,
      ),
    ).toBe(true);
    expect(errorsOf(list).every((error) => error.extensions?.['code'] === 'FORBIDDEN')).toBe(true);
  });

  it.each(['viewer', 'trader'])('%s cannot read other users at all', async (role) => {
    const res = await t.request(UserPersonalDataDocument, { id: target.id }, { token: readers[role]?.token ?? '' });
    expect(res.body.data?.user ?? null).toBeNull();
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('an admin of another tenant does not find the user', async () => {
    const res = await t.request(UserPersonalDataDocument, { id: target.id }, { token: b.admin.token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.user).toBeNull();
    // Something that is not an id at all is refused as input, before any lookup.
    const garbage = await t.request(UserPersonalDataDocument, { id: 'not-a-uuid' }, { token: a.admin.token });
    expect(garbage.body.data?.user ?? null).toBeNull();
    expect(garbage.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'id', reason: 'invalid_id' },
    });
  });

  it('the auth subgraph withholds them too when asked directly for the entity', async () => {
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email lastLoginAt emailVerified } } }';
    const variables = { r: [{ __typename: 'User', id: target.id }] };
    const url = t.stack.subgraphUrls.auth;
    const denied = await t.raw<{ _entities: Array<Record<string, unknown> | null> }>(query, variables, {
      token: readers['api_user']?.token ?? '',
      url,
      viaGatewayCredential: true,
    });
    expect(denied.body.data?._entities[0]).toMatchObject({
      id: target.id,
      email: null,
      lastLoginAt: null,
      emailVerified: null,
    });
    expect(errorsOf(denied).map((error) => error.extensions?.['code'])).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    const allowed = await t.raw<{ _entities: Array<Record<string, unknown> | null> }>(query, variables, {
      token: a.admin.token,
      url,
      viaGatewayCredential: true,
    });
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data?._entities[0]).toMatchObject({ id: target.id, email: target.email, emailVerified: false });
  });
});

describe('your own personal fields', () => {
  it.each(['viewer', 'trader', 'admin', 'platform_admin', 'api_user'])('%s reads them', async (role) => {
    const reader = readers[role] as SignedInUser;
    const me = await t.request(MyAccountDocument, {}, { token: reader.token });
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data?.me).toMatchObject({ id: reader.id, email: reader.email, emailVerified: false });
    expect(me.body.data?.me.lastLoginAt).toBeTruthy();
    // Also by id, for those who may read users by id.
    if (role === 'admin' || role === 'platform_admin' || role === 'api_user') {
      const byId = await t.request(UserPersonalDataDocument, { id: reader.id }, { token: reader.token });
      expect(byId.body.errors).toBeUndefined();
      expect(byId.body.data?.user?.email).toBe(reader.email);
    }
  });
});
