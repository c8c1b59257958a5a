import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConsoleSessionsDocument,
  MeDocument,
  MySessionsDocument,
  RevokeAllSessionsDocument,
  RevokeOtherSessionsDocument,
  RevokeSessionDocument,
  RevokeTenantSessionDocument,
  RevokeUserSessionsDocument,
  SessionStatsDocument,
  UpdateTenantSettingsDocument,
  UserSessionsDocument,
} from '@tradesage/client';
import { addTestUser, codeOf, createTestTenant, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

// Device sessions, ending sessions (own, all, a user's as an admin), the concurrent
// session limit and the admins' figures, all through the gateway.

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const [t, tenantA, tenantB] = useTestStack(startTestStack, { prefix: 'sesa' }, { prefix: 'sesb' });

const meStatus = async (token: string): Promise<number> => (await t.request(MeDocument, {}, { token })).status;

describe('device sessions', () => {
  it('stores the browser, OS and device type parsed from a real Chrome and iPhone user agent', async () => {
    const user = await addTestUser(t, tenantA, 'trader', 'devices');
    const desktop = await signIn(t, tenantA.slug, user.email, user.password, CHROME_WINDOWS);
    const phone = await signIn(t, tenantA.slug, user.email, user.password, IPHONE_SAFARI);
    const res = await t.request(MySessionsDocument, {}, { token: desktop.token });
    expect(res.body.errors).toBeUndefined();
    const sessions = res.body.data?.mySessions ?? [];
    expect(sessions.find((s) => s.id === desktop.sessionId)).toMatchObject({
      current: true,
      browser: 'Chrome',
      os: 'Windows',
      deviceType: 'DESKTOP',
      userAgent: CHROME_WINDOWS,
    });
    expect(sessions.find((s) => s.id === phone.sessionId)).toMatchObject({
      current: false,
      browser: 'Mobile Safari',
      os: 'iOS',
      deviceType: 'MOBILE',
    });
    const row = await t.stack.runtime.db
      .tenant(tenantA.id)
      .session.findUniqueOrThrow({ where: { id: phone.sessionId } });
    expect(row).toMatchObject({ browser: 'Mobile Safari', os: 'iOS', deviceType: 'mobile' });
  });
});

describe('revokeOtherSessions', () => {
  it('ends every session of the caller but the current one; the others are refused on the next request; audited', async () => {
    const user = await addTestUser(t, tenantA, 'trader', 'others');
    const [keep, second, third] = [
      await signIn(t, tenantA.slug, user.email, user.password),
      await signIn(t, tenantA.slug, user.email, user.password),
      await signIn(t, tenantA.slug, user.email, user.password),
    ];
    const bystander = await addTestUser(t, tenantA, 'trader', 'bystander');
    const bystanderSession = await signIn(t, tenantA.slug, bystander.email, bystander.password);

    const res = await t.request(
      RevokeOtherSessionsDocument,
      {},
      { token: keep.token, headers: { 'x-request-id': 'revoke-others-1', 'user-agent': 'others-agent' } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.revokeOtherSessions).toBe(2);
    expect(await meStatus(second.token)).toBe(401);
    expect(await meStatus(third.token)).toBe(401);
    expect(await meStatus(keep.token)).toBe(200);
    expect(await meStatus(bystanderSession.token)).toBe(200);

    const db = t.stack.runtime.db.tenant(tenantA.id);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'sessions.revoked_others', requestId: 'revoke-others-1' },
    });
    expect(audit).toMatchObject({
      actorId: user.id,
      targetId: user.id,
      userAgent: 'others-agent',
      ip: expect.any(String) as unknown,
    });
    expect(audit.data).toMatchObject({ sessionsEnded: 2 });
    // Nothing left to end: 0.
    expect(
      (await t.request(RevokeOtherSessionsDocument, {}, { token: keep.token })).body.data?.revokeOtherSessions,
    ).toBe(0);
  });

  it('needs a signed-in caller', async () => {
    expect(codeOf(await t.request(RevokeOtherSessionsDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('revokeAllSessions', () => {
  it('ends every session of the caller, the current one included; audited', async () => {
    const user = await addTestUser(t, tenantA, 'trader', 'all');
    const first = await signIn(t, tenantA.slug, user.email, user.password);
    const second = await signIn(t, tenantA.slug, user.email, user.password);
    const res = await t.request(
      RevokeAllSessionsDocument,
      {},
      { token: second.token, headers: { 'x-request-id': 'revoke-all-1' } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.revokeAllSessions).toBe(2);
    expect(await meStatus(first.token)).toBe(401);
    expect(await meStatus(second.token)).toBe(401);
    const audit = await t.stack.runtime.db
      .tenant(tenantA.id)
      .auditEvent.findFirstOrThrow({ where: { action: 'sessions.revoked_all', requestId: 'revoke-all-1' } });
    expect(audit).toMatchObject({ actorId: user.id });
    expect(audit.data).toMatchObject({ sessionsEnded: 2 });
  });
});

describe("an admin and a user's sessions", () => {
  it('lists and ends the sessions of a user of their own tenant; audited', async () => {
    const user = await addTestUser(t, tenantA, 'trader', 'target');
    const one = await signIn(t, tenantA.slug, user.email, user.password, CHROME_WINDOWS);
    const two = await signIn(t, tenantA.slug, user.email, user.password, IPHONE_SAFARI);
    const token = tenantA.admin.token;

    const listed = await t.request(UserSessionsDocument, { userId: user.id }, { token });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.userSessions.map((s) => s.id).sort()).toEqual([one.sessionId, two.sessionId].sort());
    expect(listed.body.data?.userSessions.every((s) => !s.current)).toBe(true);

    const revoked = await t.request(
      RevokeUserSessionsDocument,
      { userId: user.id },
      { token, headers: { 'x-request-id': 'revoke-user-1' } },
    );
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data?.revokeUserSessions).toBe(2);
    expect(await meStatus(one.token)).toBe(401);
    expect(await meStatus(two.token)).toBe(401);
    expect(await meStatus(token)).toBe(200);
    const audit = await t.stack.runtime.db
      .tenant(tenantA.id)
      .auditEvent.findFirstOrThrow({ where: { action: 'sessions.revoked_for_user', requestId: 'revoke-user-1' } });
    expect(audit).toMatchObject({ actorId: tenantA.admin.id, targetType: 'user', targetId: user.id });
    expect(audit.data).toMatchObject({ sessionsEnded: 2, reason: 'revoked_by_admin' });
    expect((await t.request(UserSessionsDocument, { userId: user.id }, { token })).body.data?.userSessions).toEqual([]);
  });

  it("never sees nor ends another tenant's user's sessions", async () => {
    const other = await addTestUser(t, tenantB, 'trader', 'foreign');
    const foreign = await signIn(t, tenantB.slug, other.email, other.password);
    const token = tenantA.admin.token;

    const listed = await t.request(UserSessionsDocument, { userId: other.id }, { token });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.userSessions).toEqual([]);
    const revoked = await t.request(RevokeUserSessionsDocument, { userId: other.id }, { token });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data?.revokeUserSessions).toBe(0);
    expect(await meStatus(foreign.token)).toBe(200);
    const row = await t.stack.runtime.db
      .tenant(tenantB.id)
      .session.findUniqueOrThrow({ where: { id: foreign.sessionId } });
    expect(row.revokedAt).toBeNull();
  });

  it('is refused to a user without sessions:read:any / sessions:revoke:any', async () => {
    const trader = await addTestUser(t, tenantA, 'trader', 'plain');
    const victim = await addTestUser(t, tenantA, 'trader', 'victim');
    const victimSession = await signIn(t, tenantA.slug, victim.email, victim.password);
    const { token } = await signIn(t, tenantA.slug, trader.email, trader.password);
    expect(codeOf(await t.request(UserSessionsDocument, { userId: victim.id }, { token }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(RevokeUserSessionsDocument, { userId: victim.id }, { token }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(SessionStatsDocument, {}, { token }))).toBe('FORBIDDEN');
    expect(await meStatus(victimSession.token)).toBe(200);
  });
});

describe('the concurrent session limit', () => {
  it("ends the user's oldest sessions beyond sessions.maxConcurrent at login and records it", async () => {
    const tenant = await createTestTenant(t, { prefix: 'seslim' });
    const token = tenant.admin.token;
    const updated = await t.request(
      UpdateTenantSettingsDocument,
      { input: { sessions: { maxConcurrent: 2 } } },
      { token },
    );
    expect(updated.body.errors).toBeUndefined();
    const user = await addTestUser(t, tenant, 'trader', 'limited');
    const first = await signIn(t, tenant.slug, user.email, user.password);
    const second = await signIn(t, tenant.slug, user.email, user.password);
    expect(await meStatus(first.token)).toBe(200);
    const third = await signIn(t, tenant.slug, user.email, user.password, IPHONE_SAFARI);

    expect(await meStatus(first.token)).toBe(401);
    expect(await meStatus(second.token)).toBe(200);
    expect(await meStatus(third.token)).toBe(200);
    const db = t.stack.runtime.db.tenant(tenant.id);
    expect(await db.session.findUniqueOrThrow({ where: { id: first.sessionId } })).toMatchObject({
      revokedReason: 'session_limit',
      revokedAt: expect.any(Date) as unknown,
    });
    const open = await t.request(MySessionsDocument, {}, { token: third.token });
    expect(open.body.data?.mySessions.map((s) => s.id).sort()).toEqual([second.sessionId, third.sessionId].sort());
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'sessions.limit_enforced', targetId: user.id },
    });
    expect(audit).toMatchObject({ actorId: user.id, userAgent: IPHONE_SAFARI });
    expect(audit.data).toMatchObject({
      reason: 'session_limit',
      maxConcurrent: 2,
      sessionsEnded: 1,
      endedSessionIds: first.sessionId,
    });
  });
});

describe('sessionStats', () => {
  it('gives active sessions, their device types, new sessions per day and the average length', async () => {
    const tenant = await createTestTenant(t, { prefix: 'sesstat' });
    const user = await addTestUser(t, tenant, 'trader', 'stats');
    await signIn(t, tenant.slug, user.email, user.password, CHROME_WINDOWS);
    await signIn(t, tenant.slug, user.email, user.password, IPHONE_SAFARI);
    await signIn(t, tenant.slug, user.email, user.password, IPHONE_SAFARI);
    const token = tenant.admin.token; // signed in by createTestTenant, user agent TEST_USER_AGENT: other
    const db = t.stack.runtime.db.tenant(tenant.id);
    const day = 86_400_000;
    const now = Date.now();
    const ended = [
      // Ended sessions: one of 1 hour (revoked), one of 3 hours (expired), started 2 and 5 days ago.
      {
        createdAt: new Date(now - 2 * day),
        expiresAt: new Date(now + day),
        revokedAt: new Date(now - 2 * day + 3_600_000),
        deviceType: 'desktop',
      },
      { createdAt: new Date(now - 5 * day), expiresAt: new Date(now - 5 * day + 3 * 3_600_000), deviceType: 'tablet' },
      // Older than the 30 days: in no figure.
      { createdAt: new Date(now - 40 * day), expiresAt: new Date(now - 39 * day), deviceType: 'mobile' },
    ];
    for (const session of ended)
      await db.session.create({ data: { id: crypto.randomUUID(), userId: user.id, ...session } });

    const res = await t.request(SessionStatsDocument, {}, { token });
    expect(res.body.errors).toBeUndefined();
    const stats = res.body.data?.sessionStats;
    expect(stats?.activeSessions).toBe(4);
    expect(stats?.activeByDeviceType).toEqual([
      { deviceType: 'DESKTOP', count: 1 },
      { deviceType: 'MOBILE', count: 2 },
      { deviceType: 'TABLET', count: 0 },
      { deviceType: 'OTHER', count: 1 },
    ]);
    const perDay = stats?.newSessionsPerDay ?? [];
    expect(perDay).toHaveLength(30);
    const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(perDay.at(-1)).toEqual({ day: utcDay(now), count: 4 });
    expect(perDay.find((d) => d.day === utcDay(now - 2 * day))?.count).toBe(1);
    expect(perDay.find((d) => d.day === utcDay(now - 5 * day))?.count).toBe(1);
    expect(perDay.reduce((sum, d) => sum + d.count, 0)).toBe(6);
    expect(stats?.averageSessionLengthSeconds).toBeCloseTo(2 * 3600, 3);
  });
});

describe("the tenant's open sessions (console)", () => {
  it('pages through every open session of the tenant, newest first, with whose it is; filters by user and device', async () => {
    const tenant = await createTestTenant(t, { prefix: 'sestn' });
    const ann = await addTestUser(t, tenant, 'trader', 'ann');
    const bob = await addTestUser(t, tenant, 'trader', 'bob');
    const opened = [
      await signIn(t, tenant.slug, ann.email, ann.password, CHROME_WINDOWS),
      await signIn(t, tenant.slug, bob.email, bob.password, IPHONE_SAFARI),
      await signIn(t, tenant.slug, ann.email, ann.password, IPHONE_SAFARI),
    ];
    const ended = await signIn(t, tenant.slug, bob.email, bob.password);
    await t.request(RevokeSessionDocument, { id: ended.sessionId }, { token: ended.token });
    // Another tenant's sessions never appear.
    const foreign = await addTestUser(t, tenantB, 'trader', 'elsewhere');
    await signIn(t, tenantB.slug, foreign.email, foreign.password);
    const token = tenant.admin.token;

    const pageOf = async (after: string | null) => {
      const res = await t.request(ConsoleSessionsDocument, { first: 2, after, withPii: true }, { token });
      expect(res.body.errors).toBeUndefined();
      return res.body.data?.tenantSessions;
    };
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await pageOf(after);
      ids.push(...(page?.edges.map((edge) => edge.node.id) ?? []));
      after = page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
      pages++;
    } while (after && pages < 10);
    // Newest first: the three opened above (latest first), then the admin's own (opened first).
    expect(ids).toEqual([...opened.map((o) => o.sessionId).reverse(), tenant.admin.sessionId]);
    expect(pages).toBe(2);

    const first = await t.request(ConsoleSessionsDocument, { first: 4, withPii: true }, { token });
    const nodes = first.body.data?.tenantSessions.edges.map((edge) => edge.node) ?? [];
    expect(nodes[0]).toMatchObject({
      id: opened[2]?.sessionId,
      current: false,
      deviceType: 'MOBILE',
      os: 'iOS',
      user: { id: ann.id, email: ann.email },
    });
    expect(nodes[3]).toMatchObject({ id: tenant.admin.sessionId, current: true, user: { id: tenant.admin.id } });
    expect(first.body.data?.sessionStats.activeSessions).toBe(4);

    const annOnly = await t.request(ConsoleSessionsDocument, { filter: { userId: ann.id }, withPii: false }, { token });
    expect(annOnly.body.data?.tenantSessions.edges.map((edge) => edge.node.id)).toEqual([
      opened[2]?.sessionId,
      opened[0]?.sessionId,
    ]);
    const mobile = await t.request(
      ConsoleSessionsDocument,
      { filter: { deviceType: 'MOBILE' }, withPii: false },
      { token },
    );
    expect(mobile.body.data?.tenantSessions.edges.map((edge) => edge.node.id)).toEqual([
      opened[2]?.sessionId,
      opened[1]?.sessionId,
    ]);
    const tooMany = await t.request(ConsoleSessionsDocument, { first: 101, withPii: false }, { token });
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });

  it("ends one session of any user of the tenant, audited; another tenant's session is NOT_FOUND and stays", async () => {
    const user = await addTestUser(t, tenantA, 'trader', 'endone');
    const kept = await signIn(t, tenantA.slug, user.email, user.password);
    const target = await signIn(t, tenantA.slug, user.email, user.password);
    const token = tenantA.admin.token;

    const res = await t.request(
      RevokeTenantSessionDocument,
      { id: target.sessionId },
      { token, headers: { 'x-request-id': 'revoke-tenant-session-1' } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.revokeTenantSession.id).toBe(target.sessionId);
    expect(res.body.data?.revokeTenantSession.revokedAt).toBeTruthy();
    expect(await meStatus(target.token)).toBe(401);
    expect(await meStatus(kept.token)).toBe(200);
    const audit = await t.stack.runtime.db.tenant(tenantA.id).auditEvent.findFirstOrThrow({
      where: { action: 'session.revoked', requestId: 'revoke-tenant-session-1' },
    });
    expect(audit).toMatchObject({ actorId: tenantA.admin.id, targetType: 'session', targetId: target.sessionId });
    expect(audit.data).toMatchObject({ reason: 'revoked_by_admin', userId: user.id });

    const foreignUser = await addTestUser(t, tenantB, 'trader', 'notyours');
    const foreign = await signIn(t, tenantB.slug, foreignUser.email, foreignUser.password);
    expect(codeOf(await t.request(RevokeTenantSessionDocument, { id: foreign.sessionId }, { token }))).toBe(
      'NOT_FOUND',
    );
    expect(await meStatus(foreign.token)).toBe(200);
  });

  it('is refused to a user without sessions:read:any / sessions:revoke:any', async () => {
    const plain = await addTestUser(t, tenantA, 'trader', 'nolist');
    const victim = await addTestUser(t, tenantA, 'trader', 'listvictim');
    const victimSession = await signIn(t, tenantA.slug, victim.email, victim.password);
    const { token } = await signIn(t, tenantA.slug, plain.email, plain.password);
    expect(codeOf(await t.request(ConsoleSessionsDocument, { withPii: false }, { token }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(RevokeTenantSessionDocument, { id: victimSession.sessionId }, { token }))).toBe(
      'FORBIDDEN',
    );
    expect(await meStatus(victimSession.token)).toBe(200);
  });
});
