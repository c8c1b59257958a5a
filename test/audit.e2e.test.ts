/**
 * The audit log through the composed supergraph: a full authentication flow
 * (failed and good logins, refreshes in the body and in cookies, reuse, logout, logout
 * everywhere, a password reset, a key rotation) leaves one event per step with time, user, IP,
 * user agent, request id and result; `auditEvents` pages through them for holders of
 * `audit:read`, own tenant only; and no row holds any secret the flow used.
 */
import crypto from 'node:crypto';
import { generateSigningKey } from '@tradesage/core';
import { tenantSchemaName } from '@tradesage/prisma';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuditEventsDocument,
  LoginDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  RefreshDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  type AuditEventFieldsFragment,
  type AuditEventFilter,
  type AuditEventsQuery,
  type TypedDocument,
} from '@tradesage/client';
import {
  sessionOf,
  codeOf,
  dataOf,
  platformAdminToken,
  randomPassword,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  useTestStack,
  type GraphQLResponse,
} from './support/fixtures.ts';

const [t, a, b] = useTestStack(startTestStackWithMail, { prefix: 'audita' }, { prefix: 'auditb' });
const trader = { id: '', email: '', password: randomPassword(), newPassword: randomPassword() };
/** Every secret the flow handled: none may appear in any audit row. */
const secrets = new Set<string>();
/** Request id of each step, by name. */
const steps = new Map<string, string>();
const USER_AGENT = 'audit-e2e-browser/1.0';

/** Sends one step of the flow with its own request id and the browser's user agent. */
async function step<TResult, TVariables>(
  name: string,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  options: { token?: string; headers?: Record<string, string> } = {},
) {
  const requestId = `audit-${name}-${crypto.randomBytes(4).toString('hex')}`;
  steps.set(name, requestId);
  const res = await t.request(document, variables, {
    ...(options.token ? { token: options.token } : {}),
    headers: { 'x-request-id': requestId, 'user-agent': USER_AGENT, ...options.headers },
  });
  const data = res.body.data as Record<string, unknown> | null | undefined;
  for (const value of Object.values(data ?? {})) collectSecrets(value);
  return res;
}

function collectSecrets(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && ['accessToken', 'refreshToken', 'csrfToken'].includes(key)) secrets.add(inner);
    collectSecrets(inner);
  }
}

function cookiesOf(res: { headers: Headers }): { rt: string; csrf: string } {
  const value = (name: string) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0]
      ?.split('=')[1] ?? '';
  const rt = value('__Host-tradesage_rt');
  const csrf = value('__Host-tradesage_csrf');
  secrets.add(rt);
  secrets.add(csrf);
  return { rt, csrf };
}

async function allEvents(token: string, filter: AuditEventFilter = {}, first = 3): Promise<AuditEventFieldsFragment[]> {
  const nodes: AuditEventFieldsFragment[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const res: GraphQLResponse<AuditEventsQuery> = await t.request(
      AuditEventsDocument,
      { filter, first, after },
      { token },
    );
    const { edges, pageInfo } = dataOf(res, 'auditEvents').auditEvents;
    nodes.push(...edges.map((edge) => edge.node));
    if (!pageInfo.hasNextPage) return nodes;
    after = pageInfo.endCursor;
  }
  throw new Error('auditEvents never ended');
}

beforeAll(async () => {
  secrets.add(t.platformAdmin.password);
  secrets.add(await platformAdminToken(t));
  // The tenants' admins: their passwords and tokens count among the flow's secrets.
  for (const { admin } of [a, b])
    for (const secret of [admin.password, admin.token, admin.refreshToken]) secrets.add(secret);
  trader.email = `trader@${a.slug}.test`;
  trader.id = await t.addUser(a.id, { email: trader.email, password: trader.password, role: 'trader' });
  // Strict rotation, so the replayed refresh token below is reuse at once (no reuse leeway).
  await t.stack.runtime.db.control.tenant.update({
    where: { id: a.id },
    data: { settings: { sessions: { refreshReuseLeewaySeconds: 0 } } },
  });
  secrets.add(trader.password);
  secrets.add(trader.newPassword);

  // --- the flow ---
  const wrongPassword = `${trader.password}-wrong`;
  secrets.add(wrongPassword);
  const failed = await step('login-failed', LoginDocument, {
    input: { tenant: a.slug, email: trader.email, password: wrongPassword },
  });
  expect(codeOf(failed)).toBe('INVALID_CREDENTIALS');

  const first = await step('login', LoginDocument, {
    input: { tenant: a.slug, email: trader.email, password: trader.password },
  });
  const firstRefresh = sessionOf(first.body.data?.login).refreshToken ?? '';
  const rotated = await step('refresh', RefreshDocument, {
    input: { refreshToken: firstRefresh },
  });
  expect(rotated.body.errors).toBeUndefined();
  const toCookie = await step('refresh-to-cookie', RefreshDocument, {
    input: { refreshToken: rotated.body.data?.refresh.refreshToken, refreshTokenDelivery: 'COOKIE' },
  });
  const jar = cookiesOf(toCookie);
  const fromCookie = await step(
    'refresh-cookie',
    RefreshDocument,
    { input: {} },
    {
      headers: { cookie: `__Host-tradesage_rt=${jar.rt}; __Host-tradesage_csrf=${jar.csrf}`, 'x-csrf-token': jar.csrf },
    },
  );
  expect(fromCookie.body.errors).toBeUndefined();
  cookiesOf(fromCookie);
  const reuse = await step('reuse', RefreshDocument, { input: { refreshToken: firstRefresh } });
  expect(codeOf(reuse)).toBe('INVALID_REFRESH_TOKEN');

  const second = await step('login-2', LoginDocument, {
    input: { tenant: a.slug, email: trader.email, password: trader.password },
  });
  expect(
    (await step('logout', LogoutDocument, {}, { token: sessionOf(second.body.data?.login).accessToken ?? '' })).body
      .data?.logout,
  ).toBe(true);

  await step('login-3', LoginDocument, { input: { tenant: a.slug, email: trader.email, password: trader.password } });
  const fourth = await step('login-4', LoginDocument, {
    input: { tenant: a.slug, email: trader.email, password: trader.password },
  });
  const everywhere = await step(
    'logout-everywhere',
    LogoutEverywhereDocument,
    {},
    { token: sessionOf(fourth.body.data?.login).accessToken ?? '' },
  );
  expect(everywhere.body.data?.logoutEverywhere).toBeGreaterThanOrEqual(2);

  // A password reset: its single-use token is a secret too.
  expect(
    (await step('reset-request', RequestPasswordResetDocument, { input: { tenant: a.slug, email: trader.email } })).body
      .errors,
  ).toBeUndefined();
  const resetToken = await tokenMailedTo(t, trader.email, /reset/i);
  secrets.add(resetToken);
  const reset = await step('reset', ResetPasswordDocument, {
    input: { token: resetToken, newPassword: trader.newPassword },
  });
  expect(reset.body.data?.resetPassword).toBe(true);
  await step('login-new-password', LoginDocument, {
    input: { tenant: a.slug, email: trader.email, password: trader.newPassword },
  });

  // A key rotation, audited in the platform tenant.
  await generateSigningKey(t.keysDir, new Date(Date.now() + 1000));
  await t.stack.runtime.signingKeys.check();
});

describe('the audit log', () => {
  it('has one event per step, with time, user, IP, user agent, request id and result', async () => {
    const db = t.stack.runtime.db.tenant(a.id);
    const expectations: Array<[step: string, action: string, result: string, actor: string | null]> = [
      ['login-failed', 'login.failed', 'failure', trader.id],
      ['login', 'login.succeeded', 'success', trader.id],
      ['refresh', 'token.refreshed', 'success', trader.id],
      ['refresh-to-cookie', 'token.refreshed', 'success', trader.id],
      ['refresh-cookie', 'token.refreshed', 'success', trader.id],
      ['reuse', 'token.reuse_detected', 'refused', trader.id],
      ['logout', 'session.revoked', 'success', trader.id],
      ['logout-everywhere', 'sessions.revoked_all', 'success', trader.id],
      ['login-new-password', 'login.succeeded', 'success', trader.id],
    ];
    for (const [name, action, result, actor] of expectations) {
      const events = await db.auditEvent.findMany({ where: { requestId: steps.get(name) ?? '-', action } });
      expect(events, `${name}: ${action}`).toHaveLength(1);
      const event = events[0];
      expect(event).toMatchObject({ result, actorId: actor, userAgent: USER_AGENT });
      expect(event?.ip).toMatch(/127\.0\.0\.1$/);
      expect(Date.now() - (event?.at.getTime() ?? 0)).toBeLessThan(300_000);
    }
    const failure = await db.auditEvent.findFirstOrThrow({ where: { requestId: steps.get('login-failed') ?? '-' } });
    expect(failure.data).toMatchObject({ reason: 'wrong_password' });
    const rotation = await t.stack.runtime.db
      .tenant(t.stack.platformTenantId)
      .auditEvent.findFirst({ where: { action: 'signing_key.rotated' } });
    expect(rotation).not.toBeNull();
  });

  it('auditEvents pages through the tenant log newest first, for holders of audit:read', async () => {
    const all = await allEvents(a.admin.token, {}, 100);
    const paged = await allEvents(a.admin.token, {}, 3);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
    const stored = await t.stack.runtime.db
      .tenant(a.id)
      .auditEvent.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }] });
    expect(all.map((e) => e.id)).toEqual(stored.map((row) => row.id.toString()));
    const reuse = all.find((e) => e.requestId === steps.get('reuse'));
    expect(reuse).toMatchObject({
      action: 'token.reuse_detected',
      result: 'REFUSED',
      actorId: trader.id,
      targetType: 'session',
      userAgent: USER_AGENT,
    });
    expect(JSON.parse(reuse?.data ?? '')).toEqual({ sessionEnded: true });
  });

  it('filters by action, actor, result and time', async () => {
    const refreshed = await allEvents(a.admin.token, { action: 'token.refreshed' });
    expect(refreshed.length).toBeGreaterThanOrEqual(3);
    expect(refreshed.every((e) => e.action === 'token.refreshed')).toBe(true);
    const byTrader = await allEvents(a.admin.token, { actorId: trader.id, result: 'REFUSED' });
    expect(byTrader.length).toBeGreaterThan(0);
    expect(byTrader.every((e) => e.actorId === trader.id && e.result === 'REFUSED')).toBe(true);
    const all = await allEvents(a.admin.token, {}, 100);
    const pivot = all[Math.floor(all.length / 2)] as AuditEventFieldsFragment;
    const from = await allEvents(a.admin.token, { from: pivot.at }, 100);
    const to = await allEvents(a.admin.token, { to: pivot.at }, 100);
    expect(from.every((e) => e.at >= pivot.at)).toBe(true);
    expect(to.every((e) => e.at < pivot.at)).toBe(true);
    expect(from.length + to.length).toBe(all.length);
  });

  it('is refused without audit:read, and never shows another tenant', async () => {
    const traderToken = (await signIn(t, a.slug, trader.email, trader.newPassword)).token;
    expect(codeOf(await t.request(AuditEventsDocument, {}, { token: traderToken }))).toBe('FORBIDDEN');
    expect(codeOf(await t.request(AuditEventsDocument, {}))).toBe('UNAUTHENTICATED');
    const ofB = await allEvents(b.admin.token, {}, 100);
    expect(ofB.length).toBeGreaterThan(0);
    const flowIds = new Set(steps.values());
    expect(ofB.filter((e) => e.requestId !== null && flowIds.has(e.requestId))).toEqual([]);
    const ofA = new Set((await allEvents(a.admin.token, {}, 100)).map((e) => e.actorId));
    expect(ofA.has(trader.id)).toBe(true);
    expect(ofB.some((e) => e.actorId === trader.id)).toBe(false);
  });

  it('refuses a forged cursor and a page size out of bounds', async () => {
    expect(codeOf(await t.request(AuditEventsDocument, { after: 'bm90LWEtY3Vyc29y' }, { token: a.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.request(AuditEventsDocument, { first: 1000 }, { token: a.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.request(AuditEventsDocument, { first: 0 }, { token: a.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('holds no password, refresh token, access token, CSRF value or one-time token, in any column', async () => {
    expect(secrets.size).toBeGreaterThan(15);
    const rows: string[] = [];
    for (const tenantId of [a.id, b.id, t.stack.platformTenantId]) {
      const result = await t.stack.runtime.db.pool.query<{ row: string }>(
        `select row_to_json(e)::text as row from "${tenantSchemaName(tenantId)}".audit_events e`,
      );
      rows.push(...result.rows.map((r) => r.row));
    }
    expect(rows.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const row of rows) {
      for (const secret of secrets) {
        if (secret.length < 8) continue;
        // The whole secret, or its random (last) part alone.
        const parts = [secret, secret.slice(secret.lastIndexOf('.') + 1)].filter((part) => part.length >= 16);
        if (parts.some((part) => row.includes(part))) leaks.push(`${row.slice(0, 120)}… holds a secret`);
      }
      // Whatever the test did not see: no JWT and nothing shaped like a refresh or one-time token.
      if (/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(row)) leaks.push(`${row.slice(0, 120)}… holds a JWT`);
      if (/v1\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{43}/.test(row))
        leaks.push(`${row.slice(0, 120)}… holds an opaque token`);
    }
    expect(leaks).toEqual([]);
  });
});
