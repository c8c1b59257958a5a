/**
 * Refresh is idempotent for a short leeway (tenant setting `sessions.refreshReuseLeewaySeconds`,
 * default 30 s, 0 = strict): a client that lost the answer to a refresh and retries with the same
 * token, or two tabs refreshing at once, keep the session; a replay after the leeway still ends
 * it (RFC 9700 §4.14.2) and is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantDocument, LoginDocument, UpdateTenantSettingsDocument } from './__generated__/graphql.ts';
import {
  randomPassword,
  startTestStack,
  uniqueSlug,
  type GraphQLResponse,
  type TestStack,
} from './support/test-stack.ts';

let t: TestStack;
let tenant: { id: string; slug: string; adminToken: string };
const trader = { id: '', email: '', password: randomPassword() };

interface Pair {
  accessToken: string;
  refreshToken: string;
}

const REFRESH = `mutation Refresh($input: RefreshInput!) { refresh(input: $input) { accessToken refreshToken } }`;

function codeOf(res: GraphQLResponse<unknown>): unknown {
  return res.body.errors?.[0]?.extensions?.['code'];
}

function refresh(refreshToken: string) {
  return t.raw<{ refresh: Pair | null }>(REFRESH, { input: { refreshToken } });
}

async function refreshed(refreshToken: string): Promise<Pair> {
  const res = await refresh(refreshToken);
  const pair = res.body.data?.refresh;
  if (!pair) throw new Error(`refresh failed: ${JSON.stringify(res.body.errors)}`);
  return pair;
}

async function signIn(): Promise<Pair & { sessionId: string }> {
  const res = await t.request(LoginDocument, {
    input: { tenant: tenant.slug, email: trader.email, password: trader.password },
  });
  const payload = res.body.data?.login;
  if (!payload?.refreshToken) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    sessionId: sessionIdOf(payload.accessToken),
  };
}

function sessionIdOf(accessToken: string): string {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
  return claims.sid;
}

async function meStatus(accessToken: string): Promise<number> {
  return (await t.raw('{ me { id } }', {}, { token: accessToken })).status;
}

async function setLeeway(seconds: number): Promise<void> {
  const res = await t.request(
    UpdateTenantSettingsDocument,
    { input: { sessions: { refreshReuseLeewaySeconds: seconds } } },
    { token: tenant.adminToken },
  );
  expect(res.body.errors).toBeUndefined();
}

function db() {
  return t.stack.runtime.db.tenant(tenant.id);
}

beforeAll(async () => {
  t = await startTestStack();
  const platform = await t.request(LoginDocument, {
    input: { tenant: 'platform', email: t.platformAdmin.email, password: t.platformAdmin.password },
  });
  const slug = uniqueSlug('leeway');
  const adminPassword = randomPassword();
  const created = await t.request(
    CreateTenantDocument,
    { input: { slug, name: 'Leeway', adminEmail: `admin@${slug}.test`, adminPassword } },
    { token: platform.body.data?.login.accessToken ?? '' },
  );
  const id = created.body.data?.createTenant.id;
  if (!id) throw new Error(`createTenant failed: ${JSON.stringify(created.body.errors)}`);
  const admin = await t.request(LoginDocument, {
    input: { tenant: slug, email: `admin@${slug}.test`, password: adminPassword },
  });
  tenant = { id, slug, adminToken: admin.body.data?.login.accessToken ?? '' };
  trader.email = `trader@${slug}.test`;
  trader.id = await t.addUser(id, { email: trader.email, password: trader.password, role: 'trader' });
});

afterAll(async () => {
  await t?.stop();
});

describe('refresh reuse leeway', () => {
  it('is a tenant setting: 30 s by default, 0 to 60 accepted, anything else refused', async () => {
    const read = await t.raw<{ tenantSettings: { sessions: { refreshReuseLeewaySeconds: number } } }>(
      '{ tenantSettings { sessions { refreshReuseLeewaySeconds } } }',
      {},
      { token: tenant.adminToken },
    );
    expect(read.body.data?.tenantSettings.sessions.refreshReuseLeewaySeconds).toBe(30);
    for (const bad of [-1, 61]) {
      const res = await t.request(
        UpdateTenantSettingsDocument,
        { input: { sessions: { refreshReuseLeewaySeconds: bad } } },
        { token: tenant.adminToken },
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('a lost response, then a retry with the same token: the session is kept and both pairs work', async () => {
    await setLeeway(30);
    const session = await signIn();
    const lost = await refreshed(session.refreshToken); // the client never saw this answer
    const retry = await refreshed(session.refreshToken);
    expect(retry.refreshToken).not.toBe(lost.refreshToken);
    expect(sessionIdOf(retry.accessToken)).toBe(session.sessionId);
    expect(await meStatus(retry.accessToken)).toBe(200);
    // The retry's refresh token rotates on as usual.
    expect(await meStatus((await refreshed(retry.refreshToken)).accessToken)).toBe(200);
    const row = await db().session.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.revokedAt).toBeNull();
    const replays = await db().auditEvent.findMany({
      where: { action: 'token.refreshed', targetId: session.sessionId, result: 'success' },
    });
    expect(
      replays.filter((e) => (e.data as Record<string, unknown> | null)?.['withinReuseLeeway'] === true),
    ).toHaveLength(1);
    expect(
      await db().auditEvent.count({ where: { action: 'token.reuse_detected', targetId: session.sessionId } }),
    ).toBe(0);
  });

  it('two tabs refreshing at once with one token both stay signed in', async () => {
    await setLeeway(30);
    for (let round = 0; round < 3; round++) {
      const session = await signIn();
      const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      const pairs = results.map((res) => res.body.data?.refresh);
      expect(results.map((res) => res.body.errors)).toEqual([undefined, undefined]);
      for (const pair of pairs) {
        if (!pair) throw new Error('no pair');
        expect(await meStatus(pair.accessToken)).toBe(200);
        expect(await meStatus((await refreshed(pair.refreshToken)).accessToken)).toBe(200);
      }
    }
  });

  it('a replay after the leeway ends the session and is audited as reuse', async () => {
    await setLeeway(1);
    const session = await signIn();
    const next = await refreshed(session.refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(codeOf(await refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await meStatus(next.accessToken)).toBe(401);
    expect(codeOf(await refresh(next.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const row = await db().session.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.revokedReason).toBe('refresh_token_reuse');
    expect(
      await db().auditEvent.count({ where: { action: 'token.reuse_detected', targetId: session.sessionId } }),
    ).toBe(1);
  });

  it('0 is strict: the first replay ends the session', async () => {
    await setLeeway(0);
    const session = await signIn();
    const next = await refreshed(session.refreshToken);
    expect(codeOf(await refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await meStatus(next.accessToken)).toBe(401);
  });
});
