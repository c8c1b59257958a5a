import crypto from 'node:crypto';
import { createLogger, GATEWAY_CREDENTIAL_HEADER, type Runtime } from '@tradesage/core';
import { createTestRuntimes, type TestRuntimes } from '@tradesage/core/testing';
import { provisionTenant } from '@tradesage/prisma';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserRepository } from '../repositories/user.repository.ts';
import { createAuthSubgraph } from '../server.ts';
import { LOCKOUT_STEPS_SECONDS, unlockAccount } from './lockout.ts';
import { LoginThrottle } from './login-throttle.ts';
import { LoginService, type LoginInput } from './login.service.ts';

const logger = createLogger({ level: 'silent', name: 'test' });

let stack: TestRuntimes;
let runtime: Runtime;

/** A runtime on this file's database, as the auth subgraph runs it; closed in afterAll. */
const runtimeWith = (extra: Record<string, string>, name: string) =>
  stack.runtime({ NODE_ENV: 'test', SANDBOX: 'false', ...extra }, name);

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_login');
  runtime = await runtimeWith({}, 'login-test');
});

afterAll(async () => {
  await stack?.close();
});

async function createTenant(options: { settings?: Record<string, unknown>; domain?: string } = {}) {
  const slug = `login-${crypto.randomBytes(5).toString('hex')}`;
  const tenant = await provisionTenant(runtime.db.pool, {
    slug,
    name: slug,
    status: 'active',
    domain: options.domain ?? null,
  });
  if (options.settings)
    await runtime.db.control.tenant.update({
      where: { id: tenant.id },
      data: { settings: options.settings as object },
    });
  return { id: tenant.id, slug };
}

async function addUser(
  tenantId: string,
  input: { email: string; username?: string; password: string; status?: string; hash?: string },
) {
  const id = crypto.randomUUID();
  await runtime.db.tenant(tenantId).user.create({
    data: {
      id,
      email: input.email.toLowerCase(),
      username: input.username?.toLowerCase() ?? null,
      roles: { create: { role: 'trader' } },
      status: input.status ?? 'active',
      passwordHash: input.hash ?? (await runtime.passwords.hash(input.password)),
    },
  });
  return id;
}

/** A clock the test moves; the service judges lockouts by it. */
function movableClock(start = new Date()) {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

/** A service with its own in-memory throttle (no waiting), so address limits do not interfere. */
function service(options: { clock?: () => Date; rt?: Runtime } = {}) {
  return new LoginService(options.rt ?? runtime, {
    clock: options.clock,
    throttle: new LoginThrottle(undefined, logger, { sleep: async () => undefined }),
  });
}

/** Each attempt from its own address unless told otherwise: address throttling is tested elsewhere. */
const meta = (ip = `198.51.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`) => ({
  requestId: crypto.randomUUID(),
  viewer: null,
  ip,
  userAgent: 'vitest',
});

async function attempt(svc: LoginService, input: LoginInput, requestMeta = meta()) {
  try {
    const outcome = await svc.login(input, requestMeta);
    if (outcome.kind !== 'session') throw new Error('these users have no second factor: a session was expected');
    return { ok: true as const, tokens: outcome.tokens, requestId: requestMeta.requestId };
  } catch (error) {
    return {
      ok: false as const,
      error: error as { code?: string; message?: string; details?: Record<string, unknown> },
      requestId: requestMeta.requestId,
    };
  }
}

async function lockRow(tenantId: string, userId: string) {
  return runtime.db.tenant(tenantId).user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      failedLoginCount: true,
      lockoutLevel: true,
      lockedUntil: true,
      lockedPermanently: true,
      lastLoginAt: true,
      passwordHash: true,
    },
  });
}

async function auditOf(tenantId: string, requestId: string) {
  return runtime.db.tenant(tenantId).auditEvent.findMany({ where: { requestId }, orderBy: { id: 'asc' } });
}

describe('login answers', () => {
  it('gives the same error for a wrong password, an unknown user, a locked and a disabled account; the audit keeps the reason', async () => {
    const tenant = await createTenant();
    const password = 'a perfectly good passphrase';
    await addUser(tenant.id, { email: 'ok@example.com', password });
    const lockedId = await addUser(tenant.id, { email: 'locked@example.com', password });
    await addUser(tenant.id, { email: 'disabled@example.com', password, status: 'disabled' });
    await runtime.db
      .tenant(tenant.id)
      .user.update({ where: { id: lockedId }, data: { lockedPermanently: true, lockoutLevel: 5 } });
    const svc = service();

    const cases = [
      {
        input: { email: 'ok@example.com', password: 'wrong password here' },
        reason: 'wrong_password',
        result: 'failure',
      },
      { input: { email: 'nobody@example.com', password }, reason: 'unknown_user', result: 'failure' },
      // The right password of a locked or disabled account is refused just the same.
      { input: { email: 'locked@example.com', password }, reason: 'locked', result: 'refused' },
      { input: { email: 'disabled@example.com', password }, reason: 'user_disabled', result: 'refused' },
    ];
    const answers = [];
    for (const c of cases) {
      const outcome = await attempt(svc, { tenant: tenant.slug, ...c.input }, meta('198.51.100.20'));
      expect(outcome.ok).toBe(false);
      if (outcome.ok) continue;
      answers.push({ code: outcome.error.code, message: outcome.error.message, details: outcome.error.details });
      const [event] = await auditOf(tenant.id, outcome.requestId);
      expect(event).toMatchObject({
        action: 'login.failed',
        result: c.result,
        ip: '198.51.100.20',
        userAgent: 'vitest',
      });
      expect(event?.data).toMatchObject({ reason: c.reason, by: 'email' });
      // No secret in the audit record.
      expect(
        JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      ).not.toContain(password);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid tenant, email or password',
      details: undefined,
    });
  });

  it('does one bcrypt comparison for every kind of failure, a dummy hash when there is nothing to compare', async () => {
    const tenant = await createTenant();
    const password = 'a perfectly good passphrase';
    await addUser(tenant.id, { email: 'known@example.com', password });
    const svc = service();
    const verify = vi.spyOn(runtime.passwords, 'verify');
    try {
      for (const input of [
        { tenant: tenant.slug, email: 'known@example.com', password: 'not the password' },
        { tenant: tenant.slug, email: 'unknown@example.com', password },
        { tenant: `no-such-${crypto.randomBytes(3).toString('hex')}`, email: 'known@example.com', password },
      ]) {
        verify.mockClear();
        expect((await attempt(svc, input)).ok).toBe(false);
        expect(verify).toHaveBeenCalledTimes(1);
      }
      expect(verify.mock.calls[0]?.[1]).toBeNull();
    } finally {
      verify.mockRestore();
    }
  });

  it('signs in by username or email, by slug or custom domain, and needs exactly one of email and username', async () => {
    const domain = `login-${crypto.randomBytes(4).toString('hex')}.example.com`;
    const tenant = await createTenant({ domain });
    const password = 'another good passphrase';
    const userId = await addUser(tenant.id, { email: 'Trader@Example.com', username: 'trader_one', password });
    const svc = service();
    for (const input of [
      { tenant: tenant.slug, username: 'trader_one', password },
      { tenant: tenant.slug, username: '  TRADER_One ', password },
      { tenant: domain.toUpperCase(), email: 'TRADER@example.com', password },
      { tenant: domain, username: 'trader_one', password },
    ]) {
      const outcome = await attempt(svc, input);
      expect(outcome.ok ? outcome.tokens.user.id : outcome.error).toBe(userId);
    }
    const both = await attempt(svc, {
      tenant: tenant.slug,
      email: 'trader@example.com',
      username: 'trader_one',
      password,
    });
    expect(both.ok ? null : both.error.code).toBe('BAD_USER_INPUT');
    const neither = await attempt(svc, { tenant: tenant.slug, email: ' ', password });
    expect(neither.ok ? null : neither.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'email' } });
  });
});

describe('progressive lockout', () => {
  it('locks for 1 min, 5 min, 30 min, 24 h, then permanently, judged by the moved clock; failures while locked do not count', async () => {
    const tenant = await createTenant();
    const password = 'the real passphrase';
    const userId = await addUser(tenant.id, { email: 'ladder@example.com', password });
    const time = movableClock();
    const svc = service({ clock: time.clock });
    const wrong = { tenant: tenant.slug, email: 'ladder@example.com', password: 'a wrong guess!!' };

    for (const [index, step] of [...LOCKOUT_STEPS_SECONDS, null].entries()) {
      for (let i = 0; i < 4; i++) await attempt(svc, wrong);
      expect(await lockRow(tenant.id, userId)).toMatchObject({ failedLoginCount: 4, lockoutLevel: index });
      const locking = await attempt(svc, wrong);
      expect(locking.ok ? null : locking.error.code).toBe('INVALID_CREDENTIALS');
      const row = await lockRow(tenant.id, userId);
      expect(row.lockoutLevel).toBe(index + 1);
      const lockedEvent = (await auditOf(tenant.id, locking.requestId)).find((e) => e.action === 'account.locked');
      expect(lockedEvent?.data).toMatchObject({ level: index + 1, permanent: step === null });
      if (step === null) {
        expect(row.lockedPermanently).toBe(true);
        break;
      }
      expect(row.lockedUntil?.getTime()).toBe(time.clock().getTime() + step * 1000);
      // Even the right password is refused while locked, and hammering does not climb the ladder.
      time.advance(step - 1);
      expect((await attempt(svc, { ...wrong, password })).ok).toBe(false);
      for (let i = 0; i < 6; i++) await attempt(svc, wrong);
      expect(await lockRow(tenant.id, userId)).toMatchObject({ failedLoginCount: 0, lockoutLevel: index + 1 });
      time.advance(1);
    }

    // A permanent lock never expires by itself...
    time.advance(10 * 365 * 86_400);
    const stillLocked = await attempt(svc, { ...wrong, password });
    expect(stillLocked.ok).toBe(false);
    expect((await auditOf(tenant.id, stillLocked.requestId))[0]?.data).toMatchObject({
      reason: 'locked',
      permanent: true,
    });
    // ...only an unlock (admin or password reset) lifts it.
    expect(await unlockAccount(runtime.db.tenant(tenant.id), userId)).toBe(true);
    expect((await attempt(svc, { ...wrong, password })).ok).toBe(true);
    expect(await lockRow(tenant.id, userId)).toMatchObject({
      failedLoginCount: 0,
      lockoutLevel: 0,
      lockedUntil: null,
      lockedPermanently: false,
    });
  });

  it('a success resets the count, and after an expired lock the ladder too', async () => {
    const tenant = await createTenant({ settings: { lockout: { threshold: 3 } } });
    const password = 'the real passphrase';
    const userId = await addUser(tenant.id, { email: 'reset@example.com', password });
    const time = movableClock();
    const svc = service({ clock: time.clock });
    const wrong = { tenant: tenant.slug, email: 'reset@example.com', password: 'a wrong guess!!' };
    for (let i = 0; i < 2; i++) await attempt(svc, wrong);
    expect((await lockRow(tenant.id, userId)).failedLoginCount).toBe(2);
    expect((await attempt(svc, { ...wrong, password })).ok).toBe(true);
    expect((await lockRow(tenant.id, userId)).failedLoginCount).toBe(0);
    // The tenant's threshold (3) applies.
    for (let i = 0; i < 3; i++) await attempt(svc, wrong);
    expect(await lockRow(tenant.id, userId)).toMatchObject({ lockoutLevel: 1 });
    time.advance(61);
    expect((await attempt(svc, { ...wrong, password })).ok).toBe(true);
    expect(await lockRow(tenant.id, userId)).toMatchObject({ failedLoginCount: 0, lockoutLevel: 0, lockedUntil: null });
  });

  it('counts email and username case variants on one counter', async () => {
    const tenant = await createTenant();
    const userId = await addUser(tenant.id, {
      email: 'case@example.com',
      username: 'casey',
      password: 'the real passphrase',
    });
    const svc = service();
    for (const who of [
      { email: 'CASE@example.com' },
      { email: 'case@EXAMPLE.COM' },
      { username: 'Casey' },
      { username: 'CASEY' },
    ]) {
      await attempt(svc, { tenant: tenant.slug, ...who, password: 'a wrong guess!!' });
    }
    expect((await lockRow(tenant.id, userId)).failedLoginCount).toBe(4);
    await attempt(svc, { tenant: tenant.slug, username: 'cAsEy', password: 'a wrong guess!!' });
    expect(await lockRow(tenant.id, userId)).toMatchObject({ failedLoginCount: 0, lockoutLevel: 1 });
  });

  it('counts every one of concurrent failures (row-locked read-modify-write)', async () => {
    const tenant = await createTenant();
    const userId = await addUser(tenant.id, { email: 'race@example.com', password: 'the real passphrase' });
    const svc = service();
    const wrong = { tenant: tenant.slug, email: 'race@example.com', password: 'a wrong guess!!' };
    await Promise.all(Array.from({ length: 4 }, () => attempt(svc, wrong)));
    expect((await lockRow(tenant.id, userId)).failedLoginCount).toBe(4);
    // Row-locked read-modify-write: the updates apply one after the other, none is lost.
    const users = new UserRepository(runtime.db.tenant(tenant.id), tenant.id);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        users.updateLockout(userId, (current) => ({
          next: { ...current, failedLoginCount: current.failedLoginCount + 1 },
        })),
      ),
    );
    expect((await lockRow(tenant.id, userId)).failedLoginCount).toBe(14);
  });

  it('locks once when many failures race past the threshold: the ones after the lock are not counted', async () => {
    const tenant = await createTenant();
    const userId = await addUser(tenant.id, { email: 'stampede@example.com', password: 'the real passphrase' });
    const svc = service();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        attempt(svc, { tenant: tenant.slug, email: 'stampede@example.com', password: 'a wrong guess!!' }),
      ),
    );
    expect(outcomes.every((o) => !o.ok && o.error.code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(await lockRow(tenant.id, userId)).toMatchObject({
      failedLoginCount: 0,
      lockoutLevel: 1,
      lockedPermanently: false,
    });
    const locks = await runtime.db
      .tenant(tenant.id)
      .auditEvent.count({ where: { action: 'account.locked', targetId: userId } });
    expect(locks).toBe(1);
  });
});

describe('password hashes', () => {
  it('are upgraded to the configured cost on the next successful login', async () => {
    const tenant = await createTenant();
    const password = 'upgrade me please';
    const userId = await addUser(tenant.id, { email: 'old@example.com', password });
    expect((await lockRow(tenant.id, userId)).passwordHash).toMatch(/^\$2[aby]\$10\$/);
    const stronger = await runtimeWith({ BCRYPT_COST: '11' }, 'login-test-cost11');
    const svc = service({ rt: stronger });
    expect(
      (await attempt(svc, { tenant: tenant.slug, email: 'old@example.com', password: 'wrong password!' })).ok,
    ).toBe(false);
    expect((await lockRow(tenant.id, userId)).passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect((await attempt(svc, { tenant: tenant.slug, email: 'old@example.com', password })).ok).toBe(true);
    const upgraded = (await lockRow(tenant.id, userId)).passwordHash;
    expect(upgraded).toMatch(/^\$2b\$11\$/);
    // And the new hash still verifies.
    expect((await attempt(svc, { tenant: tenant.slug, email: 'old@example.com', password })).ok).toBe(true);
    expect(await stronger.passwords.verify(password, upgraded)).toBe(true);
  });

  it('answer BUSY with a retry hint when the hashing queue is full, without counting a failure', async () => {
    const tenant = await createTenant();
    const userId = await addUser(tenant.id, { email: 'busy@example.com', password: 'the real passphrase' });
    const tiny = await runtimeWith({ PASSWORD_HASH_THREADS: '1', PASSWORD_HASH_QUEUE: '1' }, 'login-test-busy');
    await tiny.passwords.dummyHash();
    const svc = service({ rt: tiny });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        attempt(svc, { tenant: tenant.slug, email: 'busy@example.com', password: 'a wrong guess!!' }),
      ),
    );
    const codes = outcomes.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes).toContain('BUSY');
    expect(codes).toContain('INVALID_CREDENTIALS');
    const busy = outcomes.find((o) => !o.ok && o.error.code === 'BUSY');
    expect(busy?.ok ? null : busy?.error.details).toEqual({ retryAfterSeconds: 1 });
    // Only attempts whose password was actually compared count towards the lockout (5 per lock).
    const failed = codes.filter((c) => c === 'INVALID_CREDENTIALS').length;
    expect(
      (await lockRow(tenant.id, userId)).failedLoginCount + 5 * (await lockRow(tenant.id, userId)).lockoutLevel,
    ).toBe(failed);
  });
});

describe('the login mutation', () => {
  it('answers BUSY with extensions.details.retryAfterSeconds when the hashing queue is full', async () => {
    const tenant = await createTenant();
    await addUser(tenant.id, { email: 'storm@example.com', password: 'the real passphrase' });
    const tiny = await runtimeWith({ PASSWORD_HASH_THREADS: '1', PASSWORD_HASH_QUEUE: '1' }, 'login-test-busy-http');
    await tiny.passwords.dummyHash();
    const server = await createAuthSubgraph(tiny).start(0, '127.0.0.1', tiny.gatewayCredentials);
    try {
      const query = 'mutation($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken } } }';
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          fetch(server.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `192.0.2.${i + 1}`,
              [GATEWAY_CREDENTIAL_HEADER]: tiny.gatewayCredentials.issue('auth'),
            },
            body: JSON.stringify({
              query,
              variables: { input: { tenant: tenant.slug, email: 'storm@example.com', password: 'a wrong guess!!' } },
            }),
          }).then(
            async (r) =>
              (await r.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
          ),
        ),
      );
      const errors = responses.map((r) => r.errors?.[0]);
      const busy = errors.find((e) => e?.extensions?.['code'] === 'BUSY');
      expect(busy).toEqual({
        message: 'The service is busy, please retry shortly',
        path: ['login'],
        extensions: { code: 'BUSY', details: { retryAfterSeconds: 1 } },
      });
      expect(errors.some((e) => e?.extensions?.['code'] === 'INVALID_CREDENTIALS')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('sign-in attempts per minute (tenant setting rateLimits.loginAttemptsPerMinute)', () => {
  /** A service whose throttle is shared by the attempts of one test, like the process's one. */
  const sharedService = (rt: Runtime = runtime) =>
    new LoginService(rt, { throttle: new LoginThrottle(undefined, logger, { sleep: async () => undefined }) });

  it('refuses an address past the number its tenant allows, even with the right password; other tenants keep theirs', async () => {
    const strict = await createTenant({ settings: { rateLimits: { loginAttemptsPerMinute: 3 } } });
    const other = await createTenant();
    await addUser(strict.id, { email: 'strict@example.com', password: 'the real passphrase' });
    await addUser(other.id, { email: 'other@example.com', password: 'the real passphrase' });
    const svc = sharedService();
    const from = meta('203.0.113.77');
    // Successes are given back: any number of them leaves the budget whole.
    for (let i = 0; i < 4; i++)
      expect(
        (
          await attempt(
            svc,
            { tenant: strict.slug, email: 'strict@example.com', password: 'the real passphrase' },
            from,
          )
        ).ok,
      ).toBe(true);
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        await attempt(svc, { tenant: strict.slug, email: 'strict@example.com', password: 'a wrong guess!!' }, from),
      );
    expect(codes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
    ]);
    const refused = await attempt(
      svc,
      { tenant: strict.slug, email: 'strict@example.com', password: 'the real passphrase' },
      meta('203.0.113.77'),
    );
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { scope: 'login', limit: 3, windowSeconds: 60 },
    });
    // The default (20) of another tenant still lets the same address in.
    expect(
      (
        await attempt(
          svc,
          { tenant: other.slug, email: 'other@example.com', password: 'the real passphrase' },
          meta('203.0.113.77'),
        )
      ).ok,
    ).toBe(true);
  });

  it('gives back the attempts answered BUSY: they compared no password', async () => {
    const tenant = await createTenant({ settings: { rateLimits: { loginAttemptsPerMinute: 8 } } });
    await addUser(tenant.id, { email: 'queue@example.com', password: 'the real passphrase' });
    const tiny = await runtimeWith({ PASSWORD_HASH_THREADS: '1', PASSWORD_HASH_QUEUE: '1' }, 'login-test-busy-refund');
    await tiny.passwords.dummyHash();
    const svc = sharedService(tiny);
    const wrong = { tenant: tenant.slug, email: 'queue@example.com', password: 'a wrong guess!!' };
    const burst = await Promise.all(Array.from({ length: 8 }, () => attempt(svc, wrong, meta('192.0.2.99'))));
    const busy = burst.filter((o) => !o.ok && o.error.code === 'BUSY').length;
    expect(busy).toBeGreaterThan(0);
    // Only the attempts that were answered count: the budget has `busy` attempts left.
    const after = [];
    for (let i = 0; i <= busy; i++) {
      const outcome = await attempt(svc, wrong, meta('192.0.2.99'));
      after.push(outcome.ok ? 'ok' : outcome.error.code);
    }
    expect(after.slice(0, busy).every((code) => code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(after[busy]).toBe('RATE_LIMITED');
  });
});
