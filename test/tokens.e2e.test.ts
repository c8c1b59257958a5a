/**
 * Tokens and sessions through the composed supergraph: access-token
 * claims, refresh-token lifetimes from tenant settings, cookie delivery with its CSRF check and
 * the gateway relaying cookies, concurrent refreshes, logoutEverywhere, and every kind of bad
 * access token refused at the gateway and straight at each subgraph.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readSigningKeys, TenantClaimCipher, type SigningKey } from '@tradesage/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MyIdDocument,
  RefreshDocument,
  type AuthPayloadFieldsFragment,
  type RefreshInput,
} from '@tradesage/client';
import {
  sessionOf,
  addTestUser,
  codeOf,
  sessionIdOf,
  signIn,
  startTestStack,
  useTestStack,
  type GraphQLResponse,
  type TestUser,
} from './support/fixtures.ts';

const [t, tenant] = useTestStack(startTestStack, { prefix: 'tok', name: 'Tokens' });
let trader: TestUser;

/** A new session of the trader, from `userAgent`. */
async function login(userAgent = 'vitest-tokens') {
  const { token, refreshToken } = await signIn(t, tenant.slug, trader.email, trader.password, userAgent);
  return { accessToken: token, refreshToken };
}

function refresh(input: RefreshInput, headers: Record<string, string> = {}) {
  return t.request(RefreshDocument, { input }, { headers });
}

/** `me` at the gateway, or with `url` straight at a subgraph, carrying the gateway's credential. */
function me(token: string, url?: string) {
  return t.request(MyIdDocument, {}, { token, ...(url ? { url, viaGatewayCredential: true } : {}) });
}

/** Set-Cookie headers of a response by cookie name. */
function setCookies(res: { headers: Headers }): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((cookie) => [cookie.slice(0, cookie.indexOf('=')), cookie]));
}

function cookieValue(setCookie: string | undefined): string {
  const value = setCookie?.split(';')[0]?.split('=')[1];
  if (!value) throw new Error(`no cookie value in ${setCookie}`);
  return value;
}

/** A refresh token delivered in cookies: what a browser would then send. */
async function cookieSession() {
  const body = await login('vitest-browser');
  const res = await refresh({ refreshToken: body.refreshToken, refreshTokenDelivery: 'COOKIE' });
  expect(res.body.errors).toBeUndefined();
  const cookies = setCookies(res);
  return {
    rt: cookieValue(cookies.get('__Host-tradesage_rt')),
    csrf: cookieValue(cookies.get('__Host-tradesage_csrf')),
    payload: res.body.data?.refresh as AuthPayloadFieldsFragment,
  };
}

function cookieHeader(rt: string, csrf: string): string {
  return `theme=dark; __Host-tradesage_rt=${rt}; __Host-tradesage_csrf=${csrf}`;
}

beforeAll(async () => {
  trader = await addTestUser(t, tenant, 'trader');
});

async function setSessionSettings(sessions: Record<string, number> | null): Promise<void> {
  await t.stack.runtime.db.control.tenant.update({
    where: { id: tenant.id },
    data: { settings: sessions ? { sessions } : {} },
  });
}

describe('access tokens', () => {
  it('are ES256 with kid, iss, aud, typ at+jwt, jti, sid, roles and an encrypted tenant id, for 15 minutes', async () => {
    const { accessToken } = await login();
    const [headerPart, payloadPart] = accessToken.split('.') as [string, string];
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>;
    const [key] = await readSigningKeys(t.keysDir);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: key?.kid });
    expect(claims).toMatchObject({
      iss: 'https://tradesage.local',
      aud: 'tradesage-api',
      sub: trader.id,
      roles: ['trader'],
    });
    expect(claims['jti']).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims['sid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(900);
    expect(String(claims['tid'])).toMatch(/^v1\./);
    expect(Buffer.from(payloadPart, 'base64url').toString()).not.toContain(tenant.id);
  });
});

describe('refresh tokens', () => {
  it('are 256 random bits (behind the encrypted tenant part), stored only as a hash', async () => {
    const { refreshToken } = await login();
    const random = refreshToken.slice(refreshToken.lastIndexOf('.') + 1);
    expect(Buffer.from(random, 'base64url')).toHaveLength(32);
    const hash = crypto.createHash('sha256').update(refreshToken, 'utf8').digest('base64url');
    const rows = await t.stack.runtime.db.tenant(tenant.id).refreshToken.findMany({ where: { hash } });
    expect(rows).toHaveLength(1);
    const all = await t.stack.runtime.db.tenant(tenant.id).refreshToken.findMany({ select: { hash: true } });
    expect(all.some((row) => row.hash.includes(random) || random.includes(row.hash))).toBe(false);
  });

  it("get their absolute lifetime from the tenant's sessions.refreshTokenTtlDays", async () => {
    await setSessionSettings({ refreshTokenTtlDays: 3 });
    try {
      const { refreshToken } = await login();
      const res = await refresh({ refreshToken });
      const expiresAt = Date.parse(res.body.data?.refresh?.sessionExpiresAt ?? '');
      expect(Math.abs(expiresAt - (Date.now() + 3 * 86_400_000))).toBeLessThan(60_000);
      const sid = JSON.parse(
        Buffer.from(res.body.data?.refresh?.accessToken.split('.')[1] ?? '', 'base64url').toString(),
      ) as { sid: string };
      const session = await t.stack.runtime.db.tenant(tenant.id).session.findUniqueOrThrow({ where: { id: sid.sid } });
      expect(session.expiresAt.getTime()).toBe(expiresAt);
    } finally {
      await setSessionSettings(null);
    }
  });

  it("are refused after the tenant's idle timeout, which ends the session", async () => {
    await setSessionSettings({ idleTimeoutMinutes: 5 });
    try {
      const db = t.stack.runtime.db.tenant(tenant.id);
      // Four minutes idle: still fine (the clock is moved in the database, not slept).
      const active = await login();
      const activeSid = sessionIdOf(active.accessToken);
      await db.session.update({ where: { id: activeSid }, data: { lastActiveAt: new Date(Date.now() - 4 * 60_000) } });
      expect((await refresh({ refreshToken: active.refreshToken })).body.data?.refresh?.accessToken).toBeTruthy();

      const idle = await login();
      const idleSid = sessionIdOf(idle.accessToken);
      await db.session.update({ where: { id: idleSid }, data: { lastActiveAt: new Date(Date.now() - 6 * 60_000) } });
      const refused = await refresh({ refreshToken: idle.refreshToken });
      expect(codeOf(refused)).toBe('INVALID_REFRESH_TOKEN');
      const session = await db.session.findUniqueOrThrow({ where: { id: idleSid } });
      expect(session.revokedAt).not.toBeNull();
      expect(session.revokedReason).toBe('idle_timeout');
      expect((await me(idle.accessToken)).status).toBe(401);
    } finally {
      await setSessionSettings(null);
    }
  });

  it('are delivered in __Host- cookies (HttpOnly, Secure, SameSite=Strict, Path=/, no Domain) when asked, not in the body', async () => {
    const { refreshToken } = await login();
    const res = await refresh({ refreshToken, refreshTokenDelivery: 'COOKIE' });
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data?.refresh;
    expect(payload?.refreshToken).toBeNull();
    const cookies = setCookies(res);
    const rt = cookies.get('__Host-tradesage_rt') ?? '';
    const csrf = cookies.get('__Host-tradesage_csrf') ?? '';
    const attributes = (cookie: string) =>
      cookie
        .split(';')
        .slice(1)
        .map((part) => part.trim());
    expect(attributes(rt)).toEqual(expect.arrayContaining(['Path=/', 'Secure', 'HttpOnly', 'SameSite=Strict']));
    expect(attributes(csrf)).toEqual(expect.arrayContaining(['Path=/', 'Secure', 'SameSite=Strict']));
    expect(attributes(csrf)).not.toContain('HttpOnly');
    for (const cookie of [rt, csrf]) expect(cookie.toLowerCase()).not.toContain('domain=');
    // Max-Age is what is left of the session's absolute lifetime.
    const maxAge = Number(/Max-Age=(\d+)/.exec(rt)?.[1]);
    const remaining = (Date.parse(payload?.sessionExpiresAt ?? '') - Date.now()) / 1000;
    expect(Math.abs(maxAge - remaining)).toBeLessThan(60);
    expect(cookieValue(rt)).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(payload?.csrfToken).toBe(cookieValue(csrf));
  });

  it('login can deliver the refresh token in the cookie instead of the body', async () => {
    const res = await t.request(LoginDocument, {
      input: { tenant: tenant.slug, email: trader.email, password: trader.password, refreshTokenDelivery: 'COOKIE' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(sessionOf(res.body.data?.login).refreshToken).toBeNull();
    const cookies = setCookies(res);
    const rt = cookies.get('__Host-tradesage_rt') ?? '';
    expect(rt).toContain('HttpOnly');
    expect(sessionOf(res.body.data?.login).csrfToken).toBe(cookieValue(cookies.get('__Host-tradesage_csrf')));
    // The cookie works for a refresh with the CSRF header.
    const csrf = sessionOf(res.body.data?.login).csrfToken ?? '';
    const next = await refresh({}, { cookie: cookieHeader(cookieValue(rt), csrf), 'x-csrf-token': csrf });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.refresh?.accessToken).toBeTruthy();
  });

  it('refresh from the cookie needs x-csrf-token equal to the CSRF cookie', async () => {
    const { rt, csrf } = await cookieSession();
    const missing = await refresh({}, { cookie: cookieHeader(rt, csrf) });
    expect(codeOf(missing)).toBe('FORBIDDEN');
    expect(missing.body.errors?.[0]?.extensions?.['details']).toEqual({ reason: 'csrf' });
    const wrong = await refresh({}, { cookie: cookieHeader(rt, csrf), 'x-csrf-token': `${csrf.slice(0, -2)}xx` });
    expect(codeOf(wrong)).toBe('FORBIDDEN');
    const forgedPair = crypto.randomBytes(32).toString('base64url');
    const noCookie = await refresh({}, { cookie: `__Host-tradesage_rt=${rt}`, 'x-csrf-token': forgedPair });
    expect(codeOf(noCookie)).toBe('FORBIDDEN');

    // The refused attempts spent nothing: with the header the same cookie works, and rotates.
    const ok = await refresh({}, { cookie: cookieHeader(rt, csrf), 'x-csrf-token': csrf });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data?.refresh?.refreshToken).toBeNull();
    const next = setCookies(ok);
    expect(cookieValue(next.get('__Host-tradesage_rt'))).not.toBe(rt);
    expect(cookieValue(next.get('__Host-tradesage_csrf'))).not.toBe(csrf);
    expect((await me(ok.body.data?.refresh?.accessToken ?? '')).body.data?.me.id).toBe(trader.id);
  });

  it('a cookie-held refresh token is never handed to the body', async () => {
    const { rt, csrf } = await cookieSession();
    const res = await refresh(
      { refreshTokenDelivery: 'BODY' },
      { cookie: cookieHeader(rt, csrf), 'x-csrf-token': csrf },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });

  it('a refused cookie refresh clears both cookies', async () => {
    // Strict rotation: the replay below is refused at once (no reuse leeway).
    await setSessionSettings({ refreshReuseLeewaySeconds: 0 });
    const { rt, csrf } = await cookieSession();
    expect((await refresh({}, { cookie: cookieHeader(rt, csrf), 'x-csrf-token': csrf })).body.errors).toBeUndefined();
    const replay = await refresh({}, { cookie: cookieHeader(rt, csrf), 'x-csrf-token': csrf });
    expect(codeOf(replay)).toBe('INVALID_REFRESH_TOKEN');
    const cleared = setCookies(replay);
    expect(cleared.get('__Host-tradesage_rt')).toMatch(/^__Host-tradesage_rt=; Max-Age=0;/);
    expect(cleared.get('__Host-tradesage_csrf')).toMatch(/^__Host-tradesage_csrf=; Max-Age=0;/);
  });

  it('logout clears both cookies', async () => {
    const { payload } = await cookieSession();
    const res = await t.request(LogoutDocument, {}, { token: payload.accessToken });
    expect(res.body.data?.logout).toBe(true);
    const cleared = setCookies(res);
    expect(cleared.get('__Host-tradesage_rt')).toMatch(/^__Host-tradesage_rt=; Max-Age=0;.*HttpOnly/);
    expect(cleared.get('__Host-tradesage_csrf')).toMatch(/^__Host-tradesage_csrf=; Max-Age=0;/);
  });

  it('the gateway relays no cookie from other subgraphs and the body mode sets no cookie', async () => {
    const { refreshToken, accessToken } = await login();
    expect((await me(accessToken)).headers.getSetCookie()).toEqual([]);
    const res = await refresh({ refreshToken });
    expect(res.body.data?.refresh?.refreshToken).toBeTruthy();
    expect(res.body.data?.refresh?.csrfToken).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  // With strict rotation (leeway 0) a duplicate spend cannot be told apart from a stolen copy, so the
  // loser of the race counts as reuse (RFC 9700 §4.14.2). Exactly one response carries the new pair;
  // the session then ends. (The default leeway keeps both: refresh-leeway.e2e.test.ts.)
  it.each([1, 2, 3])(
    'two concurrent refreshes with one token through the gateway: exactly one succeeds (round %i)',
    async () => {
      await setSessionSettings({ refreshReuseLeewaySeconds: 0 });
      const { refreshToken, accessToken } = await login();
      const results = await Promise.all([refresh({ refreshToken }), refresh({ refreshToken })]);
      const winners = results.filter((res) => res.body.data?.refresh?.accessToken);
      const losers = results.filter((res) => !res.body.data?.refresh);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(codeOf(losers[0] as GraphQLResponse<unknown>)).toBe('INVALID_REFRESH_TOKEN');
      const sid = sessionIdOf(accessToken);
      const db = t.stack.runtime.db.tenant(tenant.id);
      expect(
        await db.auditEvent.count({ where: { action: 'token.refreshed', targetId: sid, result: 'success' } }),
      ).toBe(1);
      expect(await db.auditEvent.count({ where: { action: 'token.reuse_detected', targetId: sid } })).toBe(1);
      // ... and the duplicate ended the session: the winner's pair is dead too.
      const winner = winners[0]?.body.data?.refresh as AuthPayloadFieldsFragment;
      expect((await me(winner.accessToken)).status).toBe(401);
      expect(codeOf(await refresh({ refreshToken: winner.refreshToken }))).toBe('INVALID_REFRESH_TOKEN');
      expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).revokedReason).toBe('refresh_token_reuse');
    },
  );
});

describe('logoutEverywhere', () => {
  it('ends every session of the caller on every device; their tokens are refused on the next request', async () => {
    const devices = [await login('laptop'), await login('phone'), await login('tablet')];
    const otherToken = (await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password)).token;
    const db = t.stack.runtime.db.tenant(tenant.id);
    const openBefore = await db.session.count({ where: { userId: trader.id, revokedAt: null } });

    const res = await t.request(
      LogoutEverywhereDocument,
      {},
      { token: devices[1]?.accessToken ?? '', headers: { 'x-request-id': 'logout-everywhere-1' } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.logoutEverywhere).toBe(openBefore);
    expect(await db.session.count({ where: { userId: trader.id, revokedAt: null } })).toBe(0);
    for (const device of devices) {
      expect((await me(device.accessToken)).status).toBe(401);
      expect((await me(device.accessToken, t.stack.subgraphUrls.user)).status).toBe(401);
      expect(codeOf(await refresh({ refreshToken: device.refreshToken }))).toBe('INVALID_REFRESH_TOKEN');
    }
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'sessions.revoked_all', requestId: 'logout-everywhere-1' },
    });
    expect(audit).toMatchObject({ actorId: trader.id, result: 'success', userAgent: expect.any(String) as unknown });
    expect(audit.data).toMatchObject({ sessionsEnded: openBefore });
    // Another user's session is untouched; a later login is a new session and works.
    expect((await me(otherToken)).status).toBe(200);
    expect((await me((await login()).accessToken)).body.data?.me.id).toBe(trader.id);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.request(LogoutEverywhereDocument);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

// --- Verification: every bad token is refused by the gateway and by each subgraph on its own ---

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Forger {
  key: SigningKey;
  claims: Record<string, unknown>;
}

/** Signs `claims` with the stack's real key (ES256, raw r|s signature as JWS requires). */
function sign(forger: Forger, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), {
    key: forger.key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

function goodHeader(forger: Forger): Record<string, unknown> {
  return { alg: 'ES256', typ: 'at+jwt', kid: forger.key.kid };
}

type BadToken = (forger: Forger) => Promise<string> | string;

const now = () => Math.floor(Date.now() / 1000);

const BAD_TOKENS: ReadonlyArray<[string, BadToken]> = [
  ...['none', 'None', 'NONE', 'nOnE'].map((alg): [string, BadToken] => [
    `alg ${alg}`,
    (f) => `${b64({ ...goodHeader(f), alg })}.${b64(f.claims)}.`,
  ]),
  [
    'HS256 signed with the public key',
    (f) => {
      const pem = crypto.createPublicKey(f.key.privateKey).export({ format: 'pem', type: 'spki' }).toString();
      const input = `${b64({ ...goodHeader(f), alg: 'HS256' })}.${b64(f.claims)}`;
      return `${input}.${crypto.createHmac('sha256', pem).update(input).digest('base64url')}`;
    },
  ],
  [
    'an all-zero ES256 signature',
    (f) => `${b64(goodHeader(f))}.${b64(f.claims)}.${Buffer.alloc(64).toString('base64url')}`,
  ],
  ['a jku header', (f) => sign(f, { ...goodHeader(f), jku: 'https://evil.example/jwks.json' }, f.claims)],
  ['an x5u header', (f) => sign(f, { ...goodHeader(f), x5u: 'https://evil.example/cert.pem' }, f.claims)],
  ['a jwk header', (f) => sign(f, { ...goodHeader(f), jwk: f.key.publicJwk }, f.claims)],
  ['a wrong iss', (f) => sign(f, goodHeader(f), { ...f.claims, iss: 'https://evil.example' })],
  ['a wrong aud', (f) => sign(f, goodHeader(f), { ...f.claims, aud: 'another-api' })],
  ['a wrong typ', (f) => sign(f, { ...goodHeader(f), typ: 'JWT' }, f.claims)],
  [
    'an expired token',
    (f) => sign(f, goodHeader(f), { ...f.claims, iat: now() - 1000, nbf: now() - 1000, exp: now() - 60 }),
  ],
  ['a future nbf', (f) => sign(f, goodHeader(f), { ...f.claims, nbf: now() + 300 })],
  ['a refresh token used as an access token', async () => (await login()).refreshToken],
  [
    'a token of a revoked session',
    async () => {
      const { accessToken } = await login();
      const out = await t.request(LogoutDocument, {}, { token: accessToken });
      expect(out.body.data?.logout).toBe(true);
      return accessToken;
    },
  ],
];

describe('access-token verification', () => {
  let forger: Forger;
  const targets = ['gateway', 'auth', 'tenant', 'user', 'session'] as const;
  // Straight at a subgraph with the gateway's credential: each subgraph verifies the token itself.
  const urlOf = (target: (typeof targets)[number]) =>
    target === 'gateway' ? { url: t.gatewayUrl } : { url: t.stack.subgraphUrls[target], viaGatewayCredential: true };
  const queryOf = (target: (typeof targets)[number]) => (target === 'gateway' ? '{ me { id } }' : '{ __typename }');

  beforeAll(async () => {
    const [key] = await readSigningKeys(t.keysDir);
    if (!key) throw new Error(`no signing key in ${t.keysDir}`);
    const cipher = new TenantClaimCipher(
      Buffer.from((await fs.readFile(path.join(t.keysDir, 'token-encryption.key'), 'utf8')).trim(), 'base64'),
    );
    // Claims of a real, active session: only the defect under test makes a token bad.
    const { accessToken } = await login('vitest-forger');
    const sid = sessionIdOf(accessToken);
    forger = {
      key,
      claims: {
        iss: 'https://tradesage.local',
        aud: 'tradesage-api',
        sub: trader.id,
        sid,
        jti: crypto.randomUUID(),
        roles: ['trader'],
        tid: cipher.encrypt(tenant.id, trader.id),
        iat: now(),
        nbf: now(),
        exp: now() + 600,
        auth_time: now(),
        amr: ['pwd'],
        acr: 'aal1',
      },
    };
  });

  it.each(targets)(
    'accepts a correctly forged control token at %s (so each refusal below is the defect)',
    async (target) => {
      const res = await t.raw(
        queryOf(target),
        {},
        { ...urlOf(target), token: sign(forger, goodHeader(forger), forger.claims) },
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    },
  );

  describe.each(BAD_TOKENS)('refuses %s', (_name, make) => {
    it.each(targets)('at %s', async (target) => {
      const token = await make(forger);
      const res = await t.raw(queryOf(target), {}, { ...urlOf(target), headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.body.data ?? null).toBeNull();
    });
  });
});
