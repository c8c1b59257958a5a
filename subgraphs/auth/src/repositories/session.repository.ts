import crypto from 'node:crypto';
import { endSessions, type DeviceInfo } from '@tradesage/core';
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
  /** `withinLeeway`: the token had been spent already, moments ago; a second successor was issued. */
  | { kind: 'spent'; sessionId: string; userId: string; expiresAt: Date; withinLeeway: boolean }
  | { kind: 'unknown' }
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'ended'; sessionId: string; userId: string; reason: EndedReason };

/** Sessions and their refresh tokens in the tenant schema (auth creates and rotates; the session subgraph lists and ends). */
export class SessionRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  /**
   * Opens a session. With `maxConcurrent`, the new session counts and the oldest open sessions
   * beyond the limit end in the same transaction, which holds a per-user advisory lock: two
   * logins of one user at once are applied one after the other, so both cannot pass the count.
   * Returns the new session and the ids ended, to publish (runtime.revocations) after the commit.
   */
  async create(
    input: NewSession,
    limit: { maxConcurrent: number | null; now: Date },
  ): Promise<{ sessionId: string; ended: string[] }> {
    const id = crypto.randomUUID();
    return this.db.$transaction(async (tx) => {
      if (limit.maxConcurrent !== null) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`session-limit:${input.userId}`}, 0))`;
      }
      await tx.session.create({
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
      });
      await tx.refreshToken.create({
        data: { hash: input.refreshTokenHash, sessionId: id, expiresAt: input.expiresAt },
      });
      if (limit.maxConcurrent === null) return { sessionId: id, ended: [] };
      const open = await tx.session.findMany({
        where: { userId: input.userId, revokedAt: null, expiresAt: { gt: limit.now }, id: { not: id } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true },
      });
      const excess = open.map((row) => row.id).slice(Math.max(0, limit.maxConcurrent - 1));
      return {
        sessionId: id,
        ended: await endSessions(tx, { sessionIds: excess, userId: input.userId }, 'session_limit'),
      };
    });
  }

  /**
   * Spends a refresh token and stores its successor in one transaction. The conditional
   * update (`used_at IS NULL`) makes two concurrent spends of one token race in Postgres:
   * exactly one spends it. A session idle for longer than `idleMs` (no refresh since its
   * `lastActiveAt`) is over: the token is not spent and the caller ends the session.
   *
   * A token spent no more than `leewayMs` ago (the loser of such a race, or a client retrying
   * after a lost response) gets a successor of its own for the same session: both successors
   * stay valid. A token spent longer ago is reuse.
   */
  async rotate(
    presentedHash: string,
    nextHash: string,
    now: Date,
    limits: { idleMs: number; leewayMs: number },
  ): Promise<SpendResult> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.refreshToken.findUnique({
        where: { hash: presentedHash },
        include: {
          session: { select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastActiveAt: true } },
        },
      });
      if (!token) return { kind: 'unknown' };
      const session = token.session;
      const ids = { sessionId: session.id, userId: session.userId };
      const withinLeeway = (usedAt: Date) => limits.leewayMs > 0 && now.getTime() - usedAt.getTime() <= limits.leewayMs;
      if (token.usedAt && !withinLeeway(token.usedAt)) return { kind: 'reused', ...ids };
      if (session.revokedAt) return { kind: 'ended', ...ids, reason: 'revoked' };
      if (session.expiresAt <= now || token.expiresAt <= now) return { kind: 'ended', ...ids, reason: 'expired' };
      if (now.getTime() - session.lastActiveAt.getTime() > limits.idleMs)
        return { kind: 'ended', ...ids, reason: 'idle' };
      let replayed = token.usedAt !== null;
      if (!replayed) {
        const spent = await tx.refreshToken.updateMany({
          where: { hash: presentedHash, usedAt: null },
          data: { usedAt: now },
        });
        // Spent by a concurrent refresh that committed first: that spend happened just now.
        if (spent.count !== 1) {
          if (limits.leewayMs <= 0) return { kind: 'reused', ...ids };
          replayed = true;
        }
      }
      // The revocation check re-reads the session row: a revoke that committed first wins.
      const bumped = await tx.session.updateMany({
        where: { id: session.id, revokedAt: null },
        data: { lastActiveAt: now, version: { increment: 1 } },
      });
      if (bumped.count !== 1) return { kind: 'ended', ...ids, reason: 'revoked' };
      await tx.refreshToken.create({ data: { hash: nextHash, sessionId: session.id, expiresAt: session.expiresAt } });
      return { kind: 'spent', ...ids, expiresAt: session.expiresAt, withinLeeway: replayed };
    });
  }
}
