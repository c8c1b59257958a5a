import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../../runtime/testing/test-runtime.ts';
import { lastSessionCleanup, startSessionCleanup } from './session-cleanup.job.ts';

const DAY = 86_400_000;

let stack: TestRuntimes;
let runtime: Runtime;
const tenants: Array<{ id: string; userId: string }> = [];

const newRuntime = () => stack.runtime({ SESSION_CLEANUP_GRACE_DAYS: '7' });

/** In each tenant: one live session, one revoked now, one expired now; spent and live tokens. */
async function seed(runtime: Runtime, tenant: { id: string; userId: string }) {
  const db = runtime.db.tenant(tenant.id);
  const now = Date.now();
  const live = crypto.randomUUID();
  const revoked = crypto.randomUUID();
  const expired = crypto.randomUUID();
  const liveUntil = new Date(now + 60 * DAY);
  await db.session.create({ data: { id: live, userId: tenant.userId, expiresAt: liveUntil } });
  await db.session.create({
    data: { id: revoked, userId: tenant.userId, expiresAt: liveUntil, revokedAt: new Date(now) },
  });
  await db.session.create({ data: { id: expired, userId: tenant.userId, expiresAt: new Date(now) } });
  await db.refreshToken.create({
    data: { hash: crypto.randomUUID(), sessionId: live, expiresAt: liveUntil, usedAt: new Date(now) },
  });
  await db.refreshToken.create({ data: { hash: crypto.randomUUID(), sessionId: live, expiresAt: liveUntil } });
  await db.oneTimeToken.create({
    data: {
      hash: crypto.randomUUID(),
      userId: tenant.userId,
      purpose: 'password_reset',
      expiresAt: new Date(now + 3_600_000),
      usedAt: new Date(now),
    },
  });
  await db.oneTimeToken.create({
    data: {
      hash: crypto.randomUUID(),
      userId: tenant.userId,
      purpose: 'invitation',
      expiresAt: new Date(now + 60 * DAY),
    },
  });
  return { live, revoked, expired };
}

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_core_cleanup');
  runtime = await newRuntime();
  for (const name of ['one', 'two']) {
    const { tenantId, userId } = await provisionTestTenant(runtime, `cleanup-${name}`);
    tenants.push({ id: tenantId, userId });
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('session cleanup', () => {
  it('keeps what ended within the grace period, then purges it in every tenant schema', async () => {
    const seeded = await Promise.all(tenants.map((tenant) => seed(runtime, tenant)));
    const lockKey = `test:session-cleanup:${crypto.randomUUID()}`;
    const job = startSessionCleanup(runtime, { timers: false, lockKey });

    const early = await job.runOnce(new Date(Date.now() + 1 * DAY));
    expect(early).toMatchObject({ tenants: 2, failedTenants: 0, sessions: 0, refreshTokens: 0, oneTimeTokens: 0 });

    // The clock moved past the 7-day grace period.
    const report = await job.runOnce(new Date(Date.now() + 8 * DAY));
    expect(report).toMatchObject({ tenants: 2, failedTenants: 0, sessions: 4, refreshTokens: 2, oneTimeTokens: 2 });
    for (const [i, tenant] of tenants.entries()) {
      const db = runtime.db.tenant(tenant.id);
      expect((await db.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual([seeded[i]?.live]);
      expect(await db.refreshToken.count()).toBe(1);
      expect(await db.oneTimeToken.count()).toBe(1);
    }
    expect(job.metrics()).toMatchObject({ runs: 2, sessions: 4, refreshTokens: 2, oneTimeTokens: 2, lastRun: report });
    expect(await lastSessionCleanup(runtime)).toEqual(report);
    job.stop();
  });

  it('runs on one instance at a time: of two concurrent runs, one does the work', async () => {
    const lockKey = `test:session-cleanup:${crypto.randomUUID()}`;
    const a = startSessionCleanup(runtime, { timers: false, lockKey });
    const b = startSessionCleanup(await newRuntime(), { timers: false, lockKey });
    const results = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(a.metrics().skipped + b.metrics().skipped).toBe(1);
    // The lock is released after the run: the next run goes ahead.
    expect(await b.runOnce()).not.toBeNull();
    a.stop();
    b.stop();
  });
});
