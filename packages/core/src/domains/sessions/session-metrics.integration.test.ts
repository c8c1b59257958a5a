import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { hashRefreshToken, newRefreshToken } from './session-lifecycle.service.ts';
import { countActiveSessions } from './session-metrics.ts';
import { endSessions, SessionRepository } from './session.repository.ts';

let stack: TestRuntimes;
let runtime: Runtime;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_session_metrics');
  runtime = await stack.runtime({}, 'session-metrics-test');
});

afterAll(async () => {
  await stack?.close();
});

async function openSession(tenantId: string, userId: string, expiresInMs: number): Promise<string> {
  const { sessionId } = await new SessionRepository(runtime.db.tenant(tenantId), tenantId).create(
    {
      userId,
      userAgent: 'metrics/1.0',
      ip: '198.51.100.7',
      expiresAt: new Date(Date.now() + expiresInMs),
      refreshTokenHash: hashRefreshToken(newRefreshToken()),
      auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
    },
    { maxConcurrent: null, now: new Date() },
  );
  return sessionId;
}

describe('countActiveSessions', () => {
  it('adds up the sessions neither revoked nor expired of every tenant schema', async () => {
    expect(await countActiveSessions(runtime.db, new Date())).toBe(0);
    const first = await provisionTestTenant(runtime, 'metrics-a');
    const second = await provisionTestTenant(runtime, 'metrics-b');
    await openSession(first.tenantId, first.userId, 3_600_000);
    const revoked = await openSession(first.tenantId, first.userId, 3_600_000);
    await openSession(second.tenantId, second.userId, 3_600_000);
    await openSession(second.tenantId, second.userId, 3_600_000);
    await openSession(second.tenantId, second.userId, 1_000);
    await endSessions(runtime.db.tenant(first.tenantId), { sessionIds: [revoked] }, 'logout');

    expect(await countActiveSessions(runtime.db, new Date())).toBe(4);
    // The short one has expired a minute later.
    expect(await countActiveSessions(runtime.db, new Date(Date.now() + 60_000))).toBe(3);
  });
});
