/**
 * Refresh is idempotent for a short leeway (tenant setting `sessions.refreshReuseLeewaySeconds`,
 * default 30 s, 0 = strict): a client that lost the answer to a refresh and retries with the same
 * token, or two tabs refreshing at once, keep the session; a replay after the leeway still ends
 * it (RFC 9700 §4.14.2) and is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RefreshDocument, UpdateTenantSettingsDocument } from '@tradesage/client';
import {
  addTestUser,
  codeOf,
  dataOf,
  sessionIdOf,
  signIn,
  startTestStack,
  useTestStack,
  type SignedInUser,
  type TestUser,
} from './support/fixtures.ts';

const [t, tenant] = useTestStack(startTestStack, { prefix: 'leeway' });
let trader: TestUser;

function refresh(refreshToken: string) {
  return t.request(RefreshDocument, { input: { refreshToken } });
}

/** A refresh that must succeed: the new pair, its refresh token in the body. */
async function refreshed(refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
  const pair = dataOf(await refresh(refreshToken), 'refresh').refresh;
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken ?? '' };
}

function signInTrader(): Promise<SignedInUser> {
  return signIn(t, tenant.slug, trader.email, trader.password);
}

async function meStatus(accessToken: string): Promise<number> {
  return (await t.raw('{ me { id } }', {}, { token: accessToken })).status;
}

async function setLeeway(seconds: number): Promise<void> {
  const res = await t.request(
    UpdateTenantSettingsDocument,
    { input: { sessions: { refreshReuseLeewaySeconds: seconds } } },
    { token: tenant.admin.token },
  );
  expect(res.body.errors).toBeUndefined();
}

function db() {
  return t.stack.runtime.db.tenant(tenant.id);
}

beforeAll(async () => {
  trader = await addTestUser(t, tenant, 'trader');
});

describe('refresh reuse leeway', () => {
  it('is a tenant setting: 30 s by default, 0 to 60 accepted, anything else refused', async () => {
    const read = await t.raw<{ tenantSettings: { sessions: { refreshReuseLeewaySeconds: number } } }>(
      '{ tenantSettings { sessions { refreshReuseLeewaySeconds } } }',
      {},
      { token: tenant.admin.token },
    );
    expect(read.body.data?.tenantSettings.sessions.refreshReuseLeewaySeconds).toBe(30);
    for (const bad of [-1, 61]) {
      const res = await t.request(
        UpdateTenantSettingsDocument,
        { input: { sessions: { refreshReuseLeewaySeconds: bad } } },
        { token: tenant.admin.token },
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('a lost response, then a retry with the same token: the session is kept and both pairs work', async () => {
    await setLeeway(30);
    const session = await signInTrader();
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
      const session = await signInTrader();
      const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      expect(results.map((res) => res.body.errors)).toEqual([undefined, undefined]);
      for (const pair of results.map((res) => dataOf(res, 'refresh').refresh)) {
        expect(await meStatus(pair.accessToken)).toBe(200);
        expect(await meStatus((await refreshed(pair.refreshToken ?? '')).accessToken)).toBe(200);
      }
    }
  });

  it('a replay after the leeway ends the session and is audited as reuse', async () => {
    await setLeeway(1);
    const session = await signInTrader();
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
    const session = await signInTrader();
    const next = await refreshed(session.refreshToken);
    expect(codeOf(await refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await meStatus(next.accessToken)).toBe(401);
  });
});
