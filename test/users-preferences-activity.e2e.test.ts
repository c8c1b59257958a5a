import { describe, expect, it } from 'vitest';
import {
  ChangePasswordDocument,
  DailyActiveUsersDocument,
  MyPreferencesDocument,
  ResetPreferenceDocument,
  SetPreferenceDocument,
  UserActivityDevicesDocument,
  UserActivityDocument,
  type UserActivityQuery,
} from '@tradesage/client';
import {
  addSignedInUser,
  codeOf,
  createTestTenant,
  detailsOf,
  errorsOf,
  eventually,
  randomPassword,
  signIn,
  startTestStack,
  TEST_USER_AGENT,
  useTestStack,
  type GraphQLResponse,
} from './support/fixtures.ts';

/** Through the gateway: preferences, activity and daily active users. */

const [t, a, b] = useTestStack(startTestStack, { prefix: 'prefs' }, { prefix: 'prefsb' });

describe('preferences', () => {
  it('lists every known key with its default, sets and resets values, per user', async () => {
    const user = await addSignedInUser(t, a, 'viewer');
    const other = await addSignedInUser(t, a, 'viewer');
    const initial = await t.request(MyPreferencesDocument, {}, { token: user.token });
    expect(initial.body.errors).toBeUndefined();
    const keys = initial.body.data?.myPreferences.map((preference) => preference.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'ui.theme',
        'ui.density',
        'notifications.email',
        'trading.defaultMarket',
        'trading.watchlist',
      ]),
    );
    expect(
      initial.body.data?.myPreferences.every((preference) => preference.isDefault && preference.updatedAt === null),
    ).toBe(true);
    expect(initial.body.data?.myPreferences.find((preference) => preference.key === 'ui.theme')).toMatchObject({
      value: 'system',
      defaultValue: 'system',
    });

    const set = await t.request(SetPreferenceDocument, { key: 'ui.theme', value: 'dark' }, { token: user.token });
    expect(set.body.data?.setPreference).toMatchObject({ key: 'ui.theme', value: 'dark', isDefault: false });
    // JSON values of any shape, also as literals in the query text.
    const literal = await t.raw<{ setPreference: { value: unknown } }>(
      'mutation { setPreference(key: "trading.watchlist", value: ["AAPL", "BRK.B"]) { value } }',
      {},
      { token: user.token },
    );
    expect(literal.body.data?.setPreference.value).toEqual(['AAPL', 'BRK.B']);
    await t.request(SetPreferenceDocument, { key: 'notifications.email', value: false }, { token: user.token });

    const after = await t.request(MyPreferencesDocument, {}, { token: user.token });
    const byKey = new Map(after.body.data?.myPreferences.map((preference) => [preference.key, preference]));
    expect(byKey.get('ui.theme')).toMatchObject({ value: 'dark', isDefault: false });
    expect(byKey.get('notifications.email')).toMatchObject({ value: false, isDefault: false, defaultValue: true });
    expect(byKey.get('ui.density')).toMatchObject({ isDefault: true });
    // Another user's preferences are untouched.
    const theirs = await t.request(MyPreferencesDocument, {}, { token: other.token });
    expect(theirs.body.data?.myPreferences.every((preference) => preference.isDefault)).toBe(true);

    const reset = await t.request(ResetPreferenceDocument, { key: 'ui.theme' }, { token: user.token });
    expect(reset.body.data?.resetPreference).toEqual({ key: 'ui.theme', value: 'system', isDefault: true });
    expect(await t.stack.runtime.db.tenant(a.id).userPreference.count({ where: { userId: user.id } })).toBe(2);

    const audit = await t.stack.runtime.db
      .tenant(a.id)
      .auditEvent.findMany({ where: { action: 'user.preferences_changed', actorId: user.id }, orderBy: { id: 'asc' } });
    expect(audit.map((event) => event.data)).toEqual([
      { key: 'ui.theme', reset: false },
      { key: 'trading.watchlist', reset: false },
      { key: 'notifications.email', reset: false },
      { key: 'ui.theme', reset: true },
    ]);
  });

  it.each([
    ['an unknown key', 'ui.fontSize', 12, 'unknown_preference', 'key'],
    ['a prototype key', '__proto__', {}, 'unknown_preference', 'key'],
    ['a value outside the enum', 'ui.theme', 'neon', 'invalid_value', 'value'],
    ['a string for a boolean', 'notifications.email', 'yes', 'invalid_value', 'value'],
    ['a value not matching the pattern', 'trading.defaultMarket', 'nyse', 'invalid_value', 'value'],
    ['a repeated symbol', 'trading.watchlist', ['AAPL', 'AAPL'], 'invalid_value', 'value'],
    ['a value over 4 KiB', 'trading.defaultMarket', 'X'.repeat(5000), 'value_too_large', 'value'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, key, value, reason, field) => {
    const user = await addSignedInUser(t, a, 'viewer');
    const res = await t.request(SetPreferenceDocument, { key, value }, { token: user.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(detailsOf(res)).toEqual({ field, reason });
    expect(await t.stack.runtime.db.tenant(a.id).userPreference.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses resetting an unknown key', async () => {
    const user = await addSignedInUser(t, a, 'viewer');
    const res = await t.request(ResetPreferenceDocument, { key: 'nope.nothing' }, { token: user.token });
    expect(detailsOf(res)).toEqual({ field: 'key', reason: 'unknown_preference' });
  });

  it('bounds the total size of one user’s values', async () => {
    const user = await addSignedInUser(t, a, 'viewer');
    // Stored by an older release whose values were larger than today's schemas allow: they count
    // towards the total, and read as defaults.
    const db = t.stack.runtime.db.tenant(a.id);
    for (const key of ['ui.theme', 'ui.density', 'notifications.inApp']) {
      await db.userPreference.create({ data: { userId: user.id, key, value: 'x'.repeat(6000) } });
    }
    const refused = await t.request(
      SetPreferenceDocument,
      { key: 'trading.defaultMarket', value: 'XLON' },
      { token: user.token },
    );
    expect(detailsOf(refused)).toEqual({ field: 'value', reason: 'total_too_large' });
    const listed = await t.request(MyPreferencesDocument, {}, { token: user.token });
    expect(listed.body.data?.myPreferences.find((preference) => preference.key === 'ui.theme')).toMatchObject({
      value: 'system',
      isDefault: true,
    });
    // Replacing a stored value counts it once: this shrinks the total.
    expect(
      (await t.request(SetPreferenceDocument, { key: 'ui.theme', value: 'light' }, { token: user.token })).body.errors,
    ).toBeUndefined();
    expect(
      (await t.request(SetPreferenceDocument, { key: 'trading.defaultMarket', value: 'XLON' }, { token: user.token }))
        .body.errors,
    ).toBeUndefined();
  });

  it('needs a signed-in caller', async () => {
    expect(codeOf(await t.request(MyPreferencesDocument, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.request(SetPreferenceDocument, { key: 'ui.theme', value: 'dark' }))).toBe('UNAUTHENTICATED');
  });
});

describe('activity', () => {
  it('records logins, security changes and one API row per day, newest first with cursor pages', async () => {
    const user = await addSignedInUser(t, a, 'viewer');
    const db = t.stack.runtime.db.tenant(a.id);
    const newPassword = randomPassword();
    expect(
      (
        await t.request(
          ChangePasswordDocument,
          { input: { currentPassword: user.password, newPassword } },
          { token: user.token },
        )
      ).body.errors,
    ).toBeUndefined();
    const second = await signIn(t, a.slug, user.email, newPassword);
    await t.request(SetPreferenceDocument, { key: 'ui.density', value: 'compact' }, { token: second.token });
    // Each session's first request wins its once-a-minute gate: two sessions, one row for the day.
    const api = await eventually(async () => {
      const row = await db.userActivity.findFirst({ where: { userId: user.id, kind: 'api' } });
      return row && row.count >= 2 ? row : undefined;
    });
    expect(await db.userActivity.count({ where: { userId: user.id, kind: 'api' } })).toBe(1);
    expect(api.apiDay?.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));

    const kinds: string[] = [];
    const ids = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: GraphQLResponse<UserActivityQuery> = await t.request(
        UserActivityDocument,
        { userId: user.id, first: 2, after },
        { token: second.token },
      );
      expect(res.body.errors).toBeUndefined();
      const connection = res.body.data?.userActivity;
      for (const edge of connection?.edges ?? []) {
        kinds.push(edge.node.kind);
        ids.add(edge.node.id);
        expect(edge.node.userId).toBe(user.id);
      }
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(ids.size).toBe(kinds.length);
    expect(kinds.filter((kind) => kind !== 'API')).toEqual([
      'PREFERENCES_CHANGED',
      'LOGIN',
      'PASSWORD_CHANGED',
      'LOGIN',
    ]);
    expect(kinds.filter((kind) => kind === 'API')).toHaveLength(1);
    const all = await db.userActivity.findMany({
      where: { userId: user.id },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    });
    expect(all.map((row) => row.id.toString())).toEqual([...ids]);
  });

  it('is readable by the user and by admins of the same tenant only; addresses are personal data', async () => {
    const user = await addSignedInUser(t, a, 'trader');
    const colleague = await addSignedInUser(t, a, 'trader');
    const apiUser = await addSignedInUser(t, a, 'api_user');

    const own = await t.request(UserActivityDevicesDocument, { userId: user.id }, { token: user.token });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.userActivity.edges.find((edge) => edge.node.kind === 'LOGIN')?.node.userAgent).toBe(
      TEST_USER_AGENT,
    );

    const admin = await t.request(UserActivityDevicesDocument, { userId: user.id }, { token: a.admin.token });
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data?.userActivity.edges.find((edge) => edge.node.kind === 'LOGIN')?.node.userAgent).toBe(
      TEST_USER_AGENT,
    );

    expect(codeOf(await t.request(UserActivityDocument, { userId: user.id }, { token: colleague.token }))).toBe(
      'FORBIDDEN',
    );
    // users:read without users:pii:read: the rows, but not where they came from.
    const partial = await t.request(UserActivityDevicesDocument, { userId: user.id }, { token: apiUser.token });
    expect(partial.body.data?.userActivity.edges.length).toBeGreaterThan(0);
    expect(
      partial.body.data?.userActivity.edges.every((edge) => edge.node.userAgent === null && edge.node.ip === null),
    ).toBe(true);
    const forbidden = errorsOf(partial).filter((error) => error.extensions?.['code'] === 'FORBIDDEN');
    expect(forbidden.map((error) => error.path?.at(-1))).toEqual(expect.arrayContaining(['ip', 'userAgent']));

    // Another tenant's admin: that user is not in their tenant.
    expect(codeOf(await t.request(UserActivityDocument, { userId: user.id }, { token: b.admin.token }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await t.request(UserActivityDocument, { userId: user.id, first: 0 }, { token: user.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await t.request(UserActivityDocument, { userId: user.id, after: 'bm9wZQ' }, { token: user.token })),
    ).toBe('BAD_USER_INPUT');
  });

  it('dailyActiveUsers gives one point per day, zero days included, counting each user once a day', async () => {
    const tenant = await createTestTenant(t, { prefix: 'dau' });
    const db = t.stack.runtime.db.tenant(tenant.id);
    const [one, two] = [await addSignedInUser(t, tenant, 'viewer'), await addSignedInUser(t, tenant, 'viewer')];
    const day = (daysAgo: number, hour: number) => {
      const date = new Date();
      date.setUTCDate(date.getUTCDate() - daysAgo);
      date.setUTCHours(hour, 30, 0, 0);
      return date;
    };
    await db.userActivity.createMany({
      data: [
        { userId: one.id, kind: 'login', at: day(2, 1) },
        { userId: one.id, kind: 'profile_updated', at: day(2, 23) },
        { userId: two.id, kind: 'login', at: day(2, 12) },
        { userId: two.id, kind: 'login', at: day(4, 0) },
        // Outside a 5-day window.
        { userId: two.id, kind: 'login', at: day(6, 12) },
      ],
    });
    const res = await t.request(DailyActiveUsersDocument, { days: 5 }, { token: tenant.admin.token });
    expect(res.body.errors).toBeUndefined();
    const points = res.body.data?.dailyActiveUsers ?? [];
    expect(points.map((point) => point.date)).toEqual(
      [4, 3, 2, 1, 0].map((ago) => day(ago, 0).toISOString().slice(0, 10)),
    );
    // Today: the admin and both users signed in (and used the API).
    expect(points.map((point) => point.count)).toEqual([1, 0, 2, 0, 3]);

    expect(
      (await t.request(DailyActiveUsersDocument, {}, { token: tenant.admin.token })).body.data?.dailyActiveUsers,
    ).toHaveLength(30);
    expect(codeOf(await t.request(DailyActiveUsersDocument, { days: 367 }, { token: tenant.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.request(DailyActiveUsersDocument, { days: 0 }, { token: tenant.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.request(DailyActiveUsersDocument, { days: 5 }, { token: one.token }))).toBe('FORBIDDEN');
  });
});
