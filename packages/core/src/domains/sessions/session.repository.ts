import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import type { SessionRow, SessionState } from './session-state.ts';

/** Why a session ended (sessions.revoked_reason). */
export type RevocationReason =
  | 'logout'
  | 'revoked_by_user'
  | 'refresh_token_reuse'
  | 'tenant_suspended'
  | 'tenant_cancelled'
  | 'password_changed'
  | 'password_reset'
  | 'idle_timeout'
  | 'logout_everywhere'
  | 'session_limit'
  | 'revoked_by_admin'
  | 'user_disabled'
  | 'user_deleted';

/** A tenant client or the client of an open transaction. */
type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

/**
 * The session's state as Postgres (the truth) has it at `now`: revoked when it is missing, revoked
 * or past its absolute expiry; otherwise active, with the row's details the Redis hot copy keeps.
 */
export async function loadSessionState(
  db: TenantPrismaClient,
  sessionId: string,
  now = new Date(),
): Promise<SessionState | ({ state: 'active' } & SessionRow)> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { revokedAt: true, expiresAt: true, userId: true, ip: true, userAgent: true, lastActiveAt: true },
  });
  if (!session || session.revokedAt || session.expiresAt <= now) return 'revoked';
  return {
    state: 'active',
    userId: session.userId,
    expiresAt: session.expiresAt,
    ip: session.ip,
    userAgent: session.userAgent,
    lastActiveAt: session.lastActiveAt,
  };
}

/**
 * The Postgres half of a revocation, also usable inside a transaction (the caller then publishes
 * the returned ids with `runtime.revocations.publish` after the commit). One conditional
 * UPDATE ... RETURNING: of two concurrent revokes of one session exactly one matches
 * `revoked_at IS NULL`, so only it reports the id and the version moves once.
 */
export async function endSessions(
  db: TenantDb,
  where: { sessionIds?: readonly string[]; userId?: string; exceptSessionId?: string },
  reason: RevocationReason,
): Promise<string[]> {
  if (where.sessionIds === undefined && where.userId === undefined)
    throw new Error('endSessions needs session ids or a user id');
  if (where.sessionIds?.length === 0) return [];
  const ended = await db.session.updateManyAndReturn({
    where: {
      revokedAt: null,
      ...(where.sessionIds ? { id: { in: [...where.sessionIds] } } : {}),
      ...(where.exceptSessionId ? { NOT: { id: where.exceptSessionId } } : {}),
      ...(where.userId ? { userId: where.userId } : {}),
    },
    data: { revokedAt: new Date(), revokedReason: reason, version: { increment: 1 } },
    select: { id: true },
  });
  return ended.map((s) => s.id);
}

/** Ids of up to `take` sessions of the tenant not revoked yet. */
export async function openSessionIds(db: TenantPrismaClient, take: number): Promise<string[]> {
  const open = await db.session.findMany({ where: { revokedAt: null }, select: { id: true }, take });
  return open.map((s) => s.id);
}

/** Where and with what a session started (its address binds it; its user agent is compared). */
export function findSessionOrigin(
  db: TenantPrismaClient,
  sessionId: string,
): Promise<{ ip: string | null; userAgent: string | null; userId: string } | null> {
  return db.session.findUnique({ where: { id: sessionId }, select: { ip: true, userAgent: true, userId: true } });
}

/** Moves `lastActiveAt` forward to `now` on a session not revoked (never backwards). */
export async function touchLastActive(db: TenantPrismaClient, sessionId: string, now: Date): Promise<void> {
  await db.session.updateMany({
    where: { id: sessionId, revokedAt: null, lastActiveAt: { lt: now } },
    data: { lastActiveAt: now },
  });
}

/** Deletes sessions expired or revoked before `cutoff` (their refresh tokens go with them); returns how many. */
export async function deleteSessionsEndedBefore(db: TenantPrismaClient, cutoff: Date): Promise<number> {
  const ended = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
  });
  return ended.count;
}

/** Deletes refresh tokens spent or expired before `cutoff`; returns how many. */
export async function deleteRefreshTokensSpentBefore(db: TenantPrismaClient, cutoff: Date): Promise<number> {
  const spent = await db.refreshToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { usedAt: { lt: cutoff } }] },
  });
  return spent.count;
}
