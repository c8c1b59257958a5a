import crypto from 'node:crypto';
import { tenantKey } from '@tradesage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, UnlockUserDocument, type LoginInput } from '@tradesage/client';
import {
  sessionOf,
  addSignedInUser,
  codeOf,
  createTestTenant,
  platformAdminToken,
  randomPassword,
  startTestStack,
  useTestStack,
} from './support/fixtures.ts';

// Login through the whole supergraph: one answer for every failure, username and custom-domain
// login, lockout shared by case variants and lifted by an admin, and per-address throttling.
// The lockout ladder with a moved clock is in subgraphs/auth/src/services/login.service.integration.test.ts.

const [t] = useTestStack(startTestStack);
const redisKeys: string[] = [];

/** The login mutation with exactly this input, from the test's own user agent (or straight at the auth subgraph). */
async function login(input: LoginInput, headers: Record<string, string> = {}, url?: string) {
  return t.request(
    LoginDocument,
    { input },
    { headers: { 'user-agent': 'vitest-login', ...headers }, ...(url ? { url, viaGatewayCredential: true } : {}) },
  );
}

const newTenant = () => createTestTenant(t, { prefix: 'login' });

async function userRow(tenantId: string, userId: string) {
  return t.stack.runtime.db.tenant(tenantId).user.findUniqueOrThrow({
    where: { id: userId },
    select: { failedLoginCount: true, lockoutLevel: true, lockedUntil: true, lockedPermanently: true },
  });
}

const unlock = (userId: string, token: string) => t.request(UnlockUserDocument, { userId }, { token });

beforeAll(async () => {
  expect(await platformAdminToken(t)).not.toBe('');
});

afterAll(async () => {
  if (redisKeys.length > 0) await t.stack.runtime.redis.del(...redisKeys);
});

describe('login failures', () => {
  it('look the same to the caller for a wrong password, an unknown user, a locked and a disabled account', async () => {
    const tenant = await newTenant();
    const password = randomPassword();
    await t.addUser(tenant.id, { email: `ok@${tenant.slug}.test`, password, role: 'trader' });
    const lockedId = await t.addUser(tenant.id, { email: `locked@${tenant.slug}.test`, password, role: 'trader' });
    const disabledId = await t.addUser(tenant.id, { email: `disabled@${tenant.slug}.test`, password, role: 'trader' });
    const db = t.stack.runtime.db.tenant(tenant.id);
    await db.user.update({
      where: { id: lockedId },
      data: { lockedUntil: new Date(Date.now() + 3_600_000), lockoutLevel: 2 },
    });
    await db.user.update({ where: { id: disabledId }, data: { status: 'disabled' } });

    const attempts = [
      { email: `ok@${tenant.slug}.test`, password: 'definitely-not-it' },
      { email: `ghost@${tenant.slug}.test`, password },
      { email: `locked@${tenant.slug}.test`, password },
      { email: `disabled@${tenant.slug}.test`, password },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const res = await login({ tenant: tenant.slug, ...attempt });
      expect(res.body.data ?? null).toBeNull();
      answers.push({ status: res.status, error: res.body.errors?.[0] });
    }
    expect(answers[0]?.error).toEqual({
      message: 'Invalid tenant, email or password',
      path: ['login'],
      extensions: { code: 'INVALID_CREDENTIALS' },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    const events = await db.auditEvent.findMany({ where: { action: 'login.failed' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [(e.data as { reason: string }).reason, e.result])).toEqual([
      ['wrong_password', 'failure'],
      ['unknown_user', 'failure'],
      ['locked', 'refused'],
      ['user_disabled', 'refused'],
    ]);
    for (const event of events) expect(event).toMatchObject({ userAgent: 'vitest-login' });
  });
});

describe('login by', () => {
  it('username instead of email, any case, and refuses both or neither', async () => {
    const tenant = await newTenant();
    const password = randomPassword();
    const userId = await t.addUser(tenant.id, { email: `named@${tenant.slug}.test`, password, role: 'trader' });
    await t.stack.runtime.db
      .tenant(tenant.id)
      .user.update({ where: { id: userId }, data: { username: 'jane.trader' } });
    const byUsername = await login({ tenant: tenant.slug, username: 'Jane.Trader', password });
    expect(byUsername.body.errors).toBeUndefined();
    expect(sessionOf(byUsername.body.data?.login).user).toEqual({ id: userId, email: `named@${tenant.slug}.test` });

    const both = await login({
      tenant: tenant.slug,
      email: `named@${tenant.slug}.test`,
      username: 'jane.trader',
      password,
    });
    expect(codeOf(both)).toBe('BAD_USER_INPUT');
    const neither = await login({ tenant: tenant.slug, password });
    expect(codeOf(neither)).toBe('BAD_USER_INPUT');
  });

  it("the tenant's custom domain instead of its slug", async () => {
    const tenant = await newTenant();
    const domain = `${tenant.slug}.example.com`;
    await t.stack.runtime.db.control.tenant.update({ where: { id: tenant.id }, data: { domain } });
    const res = await login({
      tenant: domain.toUpperCase(),
      email: tenant.admin.email,
      password: tenant.admin.password,
    });
    expect(res.body.errors).toBeUndefined();
    expect(sessionOf(res.body.data?.login).accessToken).toBeTruthy();
    const wrongDomain = await login({
      tenant: `x${domain}`,
      email: tenant.admin.email,
      password: tenant.admin.password,
    });
    expect(codeOf(wrongDomain)).toBe('INVALID_CREDENTIALS');
  });
});

describe('lockout', () => {
  it('counts email case variants on one account, locks it, and an admin of the same tenant lifts even a permanent lock', async () => {
    const tenant = await newTenant();
    const password = randomPassword();
    const email = `victim@${tenant.slug}.test`;
    const userId = await t.addUser(tenant.id, { email, password, role: 'trader' });
    for (const variant of [
      email,
      email.toUpperCase(),
      `Victim@${tenant.slug.toUpperCase()}.test`,
      ` ${email} `,
      email.replace('victim', 'VICTIM'),
    ]) {
      const res = await login({ tenant: tenant.slug, email: variant, password: 'not-the-password' });
      expect(codeOf(res)).toBe('INVALID_CREDENTIALS');
    }
    expect(await userRow(tenant.id, userId)).toMatchObject({
      failedLoginCount: 0,
      lockoutLevel: 1,
      lockedPermanently: false,
    });
    const whileLocked = await login({ tenant: tenant.slug, email, password });
    expect(codeOf(whileLocked)).toBe('INVALID_CREDENTIALS');

    // Make it permanent (the fifth step of the ladder) and lift it as the tenant admin.
    await t.stack.runtime.db
      .tenant(tenant.id)
      .user.update({ where: { id: userId }, data: { lockedPermanently: true, lockoutLevel: 5, lockedUntil: null } });
    expect(codeOf(await login({ tenant: tenant.slug, email, password }))).toBe('INVALID_CREDENTIALS');

    // A trader may not unlock; another tenant's admin cannot even see the user.
    const traderToken = (await addSignedInUser(t, tenant, 'trader')).token;
    expect(codeOf(await unlock(userId, traderToken))).toBe('FORBIDDEN');
    const other = await newTenant();
    expect(codeOf(await unlock(userId, other.admin.token))).toBe('NOT_FOUND');
    expect((await userRow(tenant.id, userId)).lockedPermanently).toBe(true);

    const unlocked = await unlock(userId, tenant.admin.token);
    expect(unlocked.body).toEqual({ data: { unlockUser: true } });
    expect(await userRow(tenant.id, userId)).toEqual({
      failedLoginCount: 0,
      lockoutLevel: 0,
      lockedUntil: null,
      lockedPermanently: false,
    });
    const back = await login({ tenant: tenant.slug, email, password });
    expect(back.body.errors).toBeUndefined();
    const audit = await t.stack.runtime.db.tenant(tenant.id).auditEvent.findMany({
      where: { action: { in: ['account.locked', 'account.unlocked'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([
      ['account.locked', userId],
      ['account.unlocked', userId],
    ]);
  });
});

describe('throttling per address', () => {
  it('keeps its counters in Redis by tenant and address, then refuses the address with RATE_LIMITED and a retry hint', async () => {
    const tenant = await newTenant();
    // Straight to the auth subgraph: the gateway sets X-Forwarded-For to the socket address,
    // subgraphs take its first entry, so each test address is its own client here.
    const authUrl = t.stack.subgraphUrls.auth;
    const ip = `203.0.113.${crypto.randomInt(1, 255)}`;
    const key = `rl:login-ip-failures:${tenantKey(tenant.id, ip)}`;
    redisKeys.push(key);

    const first = await login(
      { tenant: tenant.slug, email: tenant.admin.email, password: 'wrong-guess-000' },
      { 'x-forwarded-for': ip },
      authUrl,
    );
    expect(codeOf(first)).toBe('INVALID_CREDENTIALS');
    expect(await t.stack.runtime.redis.get(key)).toBe('1');
    // Another tenant's counter for the same address is untouched.
    expect(await t.stack.runtime.redis.exists(`rl:login-ip-failures:${tenantKey(crypto.randomUUID(), ip)}`)).toBe(0);

    // 28 more failures happened (set directly rather than waiting out the progressive delays);
    // the 30th is still answered (after a delay), then the address is refused for 15 minutes.
    await t.stack.runtime.redis.set(key, '29', 'EX', 900);
    const started = Date.now();
    const thirtieth = await login(
      { tenant: tenant.slug, email: tenant.admin.email, password: 'wrong-guess-030' },
      { 'x-forwarded-for': ip },
      authUrl,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(codeOf(thirtieth)).toBe('INVALID_CREDENTIALS');
    const refused = await login(
      { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
      { 'x-forwarded-for': ip },
      authUrl,
    );
    const error = refused.body.errors?.[0];
    expect(error?.extensions?.['code']).toBe('RATE_LIMITED');
    const retryAfter =
      (error?.extensions?.['details'] as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 0;
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const throttled = await t.stack.runtime.db
      .tenant(tenant.id)
      .auditEvent.findMany({ where: { action: 'login.throttled' } });
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({
      ip,
      result: 'refused',
      data: { reason: 'address_failures', blockedSeconds: 900 },
    });

    // Another address still signs in.
    const otherIp = `198.18.0.${crypto.randomInt(1, 255)}`;
    const elsewhere = await login(
      { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
      { 'x-forwarded-for': otherIp },
      authUrl,
    );
    expect(elsewhere.body.errors).toBeUndefined();
  });
});
