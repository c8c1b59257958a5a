import crypto from 'node:crypto';
import type { TenantPrismaClient } from '@tradesage/prisma';

export interface NewSession {
  readonly userId: string;
  readonly userAgent: string | undefined;
  readonly ip: string | undefined;
  readonly expiresAt: Date;
  readonly refreshTokenHash: string;
}

export type SpendResult =
  | { kind: 'spent'; sessionId: string; userId: string }
  | { kind: 'unknown' }
  | { kind: 'reused'; sessionId: string }
  | { kind: 'ended'; sessionId: string };

/** Sessions and their refresh tokens in the tenant schema (auth creates and rotates; the session subgraph lists and ends). */
export class SessionRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async create(input: NewSession): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.$transaction([
      this.db.session.create({
        data: { id, userId: input.userId, userAgent: input.userAgent ?? null, ip: input.ip ?? null, expiresAt: input.expiresAt },
      }),
      this.db.refreshToken.create({ data: { hash: input.refreshTokenHash, sessionId: id, expiresAt: input.expiresAt } }),
    ]);
    return id;
  }

  /**
   * Spends a refresh token and stores its successor in one transaction. The conditional
   * update (`used_at IS NULL`) makes two concurrent spends of one token race in Postgres:
   * exactly one wins, the other is reuse.
   */
  async rotate(presentedHash: string, nextHash: string, now: Date): Promise<SpendResult> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.refreshToken.findUnique({
        where: { hash: presentedHash },
        include: { session: { select: { id: true, userId: true, revokedAt: true, expiresAt: true } } },
      });
      if (!token) return { kind: 'unknown' };
      const session = token.session;
      if (token.usedAt) return { kind: 'reused', sessionId: session.id };
      if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now) return { kind: 'ended', sessionId: session.id };
      const spent = await tx.refreshToken.updateMany({ where: { hash: presentedHash, usedAt: null }, data: { usedAt: now } });
      if (spent.count !== 1) return { kind: 'reused', sessionId: session.id };
      // The revocation check re-reads the session row: a revoke that committed first wins.
      const bumped = await tx.session.updateMany({
        where: { id: session.id, revokedAt: null },
        data: { lastActiveAt: now, version: { increment: 1 } },
      });
      if (bumped.count !== 1) return { kind: 'ended', sessionId: session.id };
      await tx.refreshToken.create({ data: { hash: nextHash, sessionId: session.id, expiresAt: session.expiresAt } });
      return { kind: 'spent', sessionId: session.id, userId: session.userId };
    });
  }
}
