import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { hashRefreshToken, newRefreshToken } from './session-lifecycle.service.ts';
import { revokeSessions } from './session-revocation.service.ts';
import { SessionRepository } from './session.repository.ts';

const STRICT = { idleMs: 3_600_000, leewayMs: 0 };
const LEEWAY = { idleMs: 3_600_000, leewayMs: 30_000 };

let stack: TestRuntimes;
let runtime: Runtime;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_session_races');
  runtime = await stack.runtime({ DB_POOL_MAX: '20' }, 'races-test');
  ({ tenantId, userId } = await provisionTestTenant(runtime, 'races'));
});

afterAll(async () => {
  await stack?.close();
});

async function newSession(repository: SessionRepository): Promise<{ id: string; token: string }> {
  const token = newRefreshToken();
  const { sessionId: id } = await repository.create(
    {
      userId,
      userAgent: 'race/1.0',
      ip: '198.51.100.1',
      expiresAt: new Date(Date.now() + 3_600_000),
      refreshTokenHash: hashRefreshToken(token),
      auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
    },
    { maxConcurrent: null, now: new Date() },
  );
  return { id, token };
}

describe('revoke against refresh', () => {
  it('the revoke always wins: the session ends and a refresh that got through is refused at once', async () => {
    const repository = new SessionRepository(runtime.db.tenant(tenantId), tenantId);
    for (let round = 0; round < 20; round++) {
      const { id, token } = await newSession(repository);
      // Warm the hot copy, as a request in flight would have.
      expect(await runtime.sessionState.isActive(tenantId, id)).toBe(true);
      const [revoked, spent] = await Promise.all([
        revokeSessions(runtime, tenantId, { sessionIds: [id] }, 'revoked_by_user'),
        repository.rotate(hashRefreshToken(token), hashRefreshToken(newRefreshToken()), new Date(), STRICT),
      ]);
      expect(revoked).toEqual([id]);
      expect(['spent', 'ended']).toContain(spent.kind);
      const row = await runtime.db
        .tenant(tenantId)
        .session.findUniqueOrThrow({ where: { id }, select: { revokedAt: true, version: true } });
      expect(row.revokedAt).not.toBeNull();
      // Whether or not the refresh got its tokens, their access token is refused now.
      expect(await runtime.sessionState.isActive(tenantId, id)).toBe(false);
      // Both writes counted: revoke +1, and a winning refresh +1 (no lost update).
      expect(row.version).toBe(spent.kind === 'spent' ? 2 : 1);
    }
  });

  it('refresh against refresh: exactly one spends the token, the other is reuse', async () => {
    const repository = new SessionRepository(runtime.db.tenant(tenantId), tenantId);
    for (let round = 0; round < 20; round++) {
      const { id, token } = await newSession(repository);
      const results = await Promise.all([
        repository.rotate(hashRefreshToken(token), hashRefreshToken(newRefreshToken()), new Date(), STRICT),
        repository.rotate(hashRefreshToken(token), hashRefreshToken(newRefreshToken()), new Date(), STRICT),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['reused', 'spent']);
      const row = await runtime.db
        .tenant(tenantId)
        .session.findUniqueOrThrow({ where: { id }, select: { version: true } });
      expect(row.version).toBe(1);
    }
  });

  it('refresh against refresh within the reuse leeway: both get a successor and the session stays open', async () => {
    const repository = new SessionRepository(runtime.db.tenant(tenantId), tenantId);
    for (let round = 0; round < 20; round++) {
      const { id, token } = await newSession(repository);
      const successors = [newRefreshToken(), newRefreshToken()];
      const results = await Promise.all(
        successors.map((next) =>
          repository.rotate(hashRefreshToken(token), hashRefreshToken(next), new Date(), LEEWAY),
        ),
      );
      expect(results.map((r) => r.kind)).toEqual(['spent', 'spent']);
      expect(results.map((r) => (r.kind === 'spent' ? r.withinLeeway : null)).sort()).toEqual([false, true]);
      const db = runtime.db.tenant(tenantId);
      const row = await db.session.findUniqueOrThrow({ where: { id }, select: { version: true, revokedAt: true } });
      expect(row).toEqual({ version: 2, revokedAt: null });
      // Both successors are live tokens of the session.
      for (const next of successors) {
        const stored = await db.refreshToken.findUniqueOrThrow({ where: { hash: hashRefreshToken(next) } });
        expect(stored).toMatchObject({ sessionId: id, usedAt: null });
      }
    }
  });
});

describe('the concurrent-session limit under concurrent logins', () => {
  it('logins racing each other never leave more open sessions than the limit', async () => {
    const repository = new SessionRepository(runtime.db.tenant(tenantId), tenantId);
    const db = runtime.db.tenant(tenantId);
    const limit = 2;
    for (let round = 0; round < 5; round++) {
      await db.session.updateMany({
        where: { userId, revokedAt: null },
        data: { revokedAt: new Date(), revokedReason: 'logout' },
      });
      const now = new Date();
      const created = await Promise.all(
        Array.from({ length: 8 }, () =>
          repository.create(
            {
              userId,
              userAgent: 'race/1.0',
              ip: '198.51.100.1',
              expiresAt: new Date(now.getTime() + 3_600_000),
              refreshTokenHash: hashRefreshToken(newRefreshToken()),
              auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
            },
            { maxConcurrent: limit, now },
          ),
        ),
      );
      const open = await db.session.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
      expect(open).toHaveLength(limit);
      // Every ended session was reported by exactly one login (to publish and audit).
      const reported = created.flatMap((c) => c.ended);
      expect(new Set(reported).size).toBe(reported.length);
      expect(reported).toHaveLength(created.length - limit);
    }
  });
});
