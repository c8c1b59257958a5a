import crypto from 'node:crypto';
import type { DeviceInfo } from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';

export interface NewSession {
  readonly userId: string;
  readonly userAgent: string | undefined;
  readonly ip: string | undefined;
  readonly expiresAt: Date;
  readonly refreshTokenHash: string;
  /** Parsed from the user agent (core parseDevice). */
  readonly device?: DeviceInfo;
}

/** Why a refresh found its session over: revoked (logout, reuse, admin), past its absolute lifetime, or idle too long. */
export type EndedReason = 'revoked' | 'expired' | 'idle';

export type SpendResult =
  | { kind: 'spent'; sessionId: string; userId: string; expiresAt: Date }
  | { kind: 'unknown' }
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'ended'; sessionId: string; userId: string; reason: EndedReason };

/** Sessions and their refresh tokens in the tenant schema (auth creates and rotates; the session subgraph lists and ends). */
export class SessionRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async create(input: NewSession): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.$transaction([
      this.db.session.create({
        data: {
          id,
          userId: input.userId,
          userAgent: input.userAgent ?? null,
          ip: input.ip ?? null,
          expiresAt: input.expiresAt,
          browser: input.device?.browser ?? null,
          os: input.device?.os ?? null,
          deviceType: input.device?.deviceType ?? 'other',
        },
      }),
      this.db.refreshToken.create({ data: { hash: input.refreshTokenHash, sessionId: id, expiresAt: input.expiresAt } }),
    ]);
    return id;
  }

  /** Ids of a user's sessions that have not ended, newest first (the concurrent-session limit keeps the first ones). */
  async openIdsNewestFirst(userId: string, now: Date): Promise<string[]> {
    const rows = await this.db.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Spends a refresh token and stores its successor in one transaction. The conditional
   * update (`used_at IS NULL`) makes two concurrent spends of one token race in Postgres:
   * exactly one wins, the other is reuse. A session idle for longer than `idleMs` (no refresh
   * since its `lastActiveAt`) is over: the token is not spent and the caller ends the session.
   */
  async rotate(presentedHash: string, nextHash: string, now: Date, idleMs: number): Promise<SpendResult> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.refreshToken.findUnique({
        where: { hash: presentedHash },
        include: { session: { select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastActiveAt: true } } },
      });
      if (!token) return { kind: 'unknown' };
      const session = token.session;
      const ids = { sessionId: session.id, userId: session.userId };
      if (token.usedAt) return { kind: 'reused', ...ids };
      if (session.revokedAt) return { kind: 'ended', ...ids, reason: 'revoked' };
      if (session.expiresAt <= now || token.expiresAt <= now) return { kind: 'ended', ...ids, reason: 'expired' };
      if (now.getTime() - session.lastActiveAt.getTime() > idleMs) return { kind: 'ended', ...ids, reason: 'idle' };
      const spent = await tx.refreshToken.updateMany({ where: { hash: presentedHash, usedAt: null }, data: { usedAt: now } });
      if (spent.count !== 1) return { kind: 'reused', ...ids };
      // The revocation check re-reads the session row: a revoke that committed first wins.
      const bumped = await tx.session.updateMany({
        where: { id: session.id, revokedAt: null },
        data: { lastActiveAt: now, version: { increment: 1 } },
      });
      if (bumped.count !== 1) return { kind: 'ended', ...ids, reason: 'revoked' };
      await tx.refreshToken.create({ data: { hash: nextHash, sessionId: session.id, expiresAt: session.expiresAt } });
      return { kind: 'spent', ...ids, expiresAt: session.expiresAt };
    });
  }

  /** Ids of the user's sessions that are still open (logout everywhere). */
  async openSessionIds(userId: string, now: Date): Promise<string[]> {
    const rows = await this.db.session.findMany({ where: { userId, revokedAt: null, expiresAt: { gt: now } }, select: { id: true } });
    return rows.map((row) => row.id);
  }
}
