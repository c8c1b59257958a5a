import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateRoleDocument,
  MySessionsDocument,
  MySessionsViaMeDocument,
  UserSessionsDocument,
  UserWithSessionsDocument,
  type SessionFieldsFragment,
} from '@tradesage/client';
import {
  addSignedInUser,
  addTestUser,
  errorsOf,
  signIn,
  startTestStack,
  TEST_USER_AGENT,
  useTestStack,
  type SignedInUser,
} from './support/fixtures.ts';

/**
 * The device a session was opened from — `Session.ip`, `userAgent`, `browser`, `os` — is personal
 * data like `User.email` (users-pii.e2e.test.ts): the session's owner, and holders of
 * users:pii:read in its tenant, only. `sessions:read:any` alone (a custom "session watcher" role)
 * still lists another user's sessions, with ids and times, but gets FORBIDDEN on exactly those
 * fields.
 */

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const DEVICE_FIELDS = ['ip', 'userAgent', 'browser', 'os'];
const SESSION_FIELDS = 'id current createdAt lastActiveAt expiresAt revokedAt deviceType ip userAgent browser os';
// Straight at the session subgraph: `_entities` is not part of the gateway's API.
const SESSION_ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { ${SESSION_FIELDS} } } }`;
const DEVICE_ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { ${DEVICE_FIELDS.join(' ')} } } }`;

const [t, a, b] = useTestStack(startTestStack, { prefix: 'spii' }, { prefix: 'spiib' });

/** A trader of tenant a, signed in once from Chrome on Windows. */
let target: SignedInUser;
let targetSessionId: string;
/** Custom roles of tenant a: only sessions:read:any; that plus users:read; only users:pii:read. */
let watcher: SignedInUser;
let directory: SignedInUser;
let piiReader: SignedInUser;

async function createRole(name: string, permissions: string[]): Promise<void> {
  const res = await t.request(
    CreateRoleDocument,
    { input: { name, parent: 'viewer', permissions } },
    { token: a.admin.token },
  );
  expect(res.body.errors).toBeUndefined();
  for (const permission of permissions) expect(res.body.data?.createRole.effectivePermissions).toContain(permission);
}

/** The FORBIDDEN errors of a response, as their paths. */
function forbiddenPaths(res: Parameters<typeof errorsOf>[0]): string[] {
  const errors = errorsOf(res);
  expect(errors.every((error) => error.extensions?.['code'] === 'FORBIDDEN')).toBe(true);
  return errors.map((error) => error.path?.join('.') ?? '').sort();
}

beforeAll(async () => {
  const trader = await addTestUser(t, a, 'trader', 'target');
  target = await signIn(t, a.slug, trader.email, trader.password, CHROME_WINDOWS);
  targetSessionId = (
    await t.stack.runtime.db
      .tenant(a.id)
      .session.findFirstOrThrow({ where: { userId: target.id }, select: { id: true } })
  ).id;
  await createRole('session-watcher', ['sessions:read:any']);
  await createRole('session-directory', ['sessions:read:any', 'users:read']);
  await createRole('pii-reader', ['users:pii:read']);
  watcher = await addSignedInUser(t, a, 'session-watcher');
  directory = await addSignedInUser(t, a, 'session-directory');
  piiReader = await addSignedInUser(t, a, 'pii-reader');
});

describe("another user's session devices", () => {
  it('sessions:read:any alone lists the session with ids and times, but FORBIDDEN on each device field', async () => {
    const res = await t.request(UserSessionsDocument, { userId: target.id }, { token: watcher.token });
    const sessions = res.body.data?.userSessions ?? [];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      id: targetSessionId,
      current: false,
      revokedAt: null,
      deviceType: 'DESKTOP',
      ip: null,
      userAgent: null,
      browser: null,
      os: null,
    });
    for (const time of ['createdAt', 'lastActiveAt', 'expiresAt'] as const)
      expect(Date.parse(sessions[0]?.[time] ?? '')).not.toBeNaN();
    expect(forbiddenPaths(res)).toEqual(DEVICE_FIELDS.map((field) => `userSessions.0.${field}`).sort());
  });

  it('through User.sessions too (sessions:read:any with users:read, still without users:pii:read)', async () => {
    const res = await t.request(UserWithSessionsDocument, { id: target.id }, { token: directory.token });
    expect(res.body.data?.user?.sessions).toEqual([
      expect.objectContaining({ id: targetSessionId, ip: null, userAgent: null, browser: null, os: null }),
    ]);
    expect(forbiddenPaths(res)).toEqual(DEVICE_FIELDS.map((field) => `user.sessions.0.${field}`).sort());
  });

  it('admin (users:pii:read) sees them', async () => {
    const res = await t.request(UserSessionsDocument, { userId: target.id }, { token: a.admin.token });
    expect(res.body.errors).toBeUndefined();
    const [session] = res.body.data?.userSessions ?? [];
    expect(session).toMatchObject({
      id: targetSessionId,
      userAgent: CHROME_WINDOWS,
      browser: 'Chrome',
      os: 'Windows',
      deviceType: 'DESKTOP',
    });
    expect(session?.ip).toEqual(expect.any(String));
  });

  it('an admin of another tenant finds no session of the user', async () => {
    const res = await t.request(UserSessionsDocument, { userId: target.id }, { token: b.admin.token });
    expect(res.body).toEqual({ data: { userSessions: [] } });
  });

  it('the session subgraph withholds them when asked directly for the entity', async () => {
    const url = t.stack.subgraphUrls.session;
    const variables = { r: [{ __typename: 'Session', id: targetSessionId }] };
    const asWatcher = await t.raw<{ _entities: Array<SessionFieldsFragment | null> }>(SESSION_ENTITY, variables, {
      token: watcher.token,
      url,
      viaGatewayCredential: true,
    });
    expect(asWatcher.body.data?._entities[0]).toMatchObject({
      id: targetSessionId,
      ip: null,
      userAgent: null,
      browser: null,
      os: null,
    });
    expect(forbiddenPaths(asWatcher)).toEqual(DEVICE_FIELDS.map((field) => `_entities.0.${field}`).sort());

    // users:pii:read without sessions:read:any does not reach another user's session at all,
    // not even its device fields asked for alone.
    const asPiiReader = await t.raw<{ _entities: Array<SessionFieldsFragment | null> }>(SESSION_ENTITY, variables, {
      token: piiReader.token,
      url,
      viaGatewayCredential: true,
    });
    expect(asPiiReader.body.data?._entities[0] ?? null).toBeNull();
    expect(forbiddenPaths(asPiiReader).length).toBeGreaterThan(0);
    const devicesOnly = await t.raw<{ _entities: Array<Partial<SessionFieldsFragment> | null> }>(
      DEVICE_ENTITY,
      variables,
      {
        token: piiReader.token,
        url,
        viaGatewayCredential: true,
      },
    );
    expect(devicesOnly.body.data?._entities[0]).toEqual({ ip: null, userAgent: null, browser: null, os: null });
    expect(forbiddenPaths(devicesOnly)).toEqual(DEVICE_FIELDS.map((field) => `_entities.0.${field}`).sort());

    const asAdmin = await t.raw<{ _entities: Array<SessionFieldsFragment | null> }>(SESSION_ENTITY, variables, {
      token: a.admin.token,
      url,
      viaGatewayCredential: true,
    });
    expect(asAdmin.body.errors).toBeUndefined();
    expect(asAdmin.body.data?._entities[0]).toMatchObject({
      id: targetSessionId,
      userAgent: CHROME_WINDOWS,
      os: 'Windows',
    });
  });
});

describe('your own session devices', () => {
  it.each([
    ['the owner (a trader)', () => target, CHROME_WINDOWS],
    ['a holder of sessions:read:any alone', () => watcher, TEST_USER_AGENT],
  ])('%s reads them through mySessions', async (_who, user, userAgent) => {
    const res = await t.request(MySessionsDocument, {}, { token: user().token });
    expect(res.body.errors).toBeUndefined();
    const [session] = res.body.data?.mySessions ?? [];
    expect(session).toMatchObject({ current: true, userAgent });
    expect(session?.ip).toEqual(expect.any(String));
  });

  it('the owner reads them through their own User.sessions too', async () => {
    const res = await t.request(MySessionsViaMeDocument, {}, { token: target.token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.me.sessions).toEqual([
      expect.objectContaining({ id: targetSessionId, userAgent: CHROME_WINDOWS, browser: 'Chrome', os: 'Windows' }),
    ]);
  });
});
