import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import type { OneTimeTokenPurpose } from '@tradesage/core';

/** A tenant client or the client of an open transaction. */
export type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

export interface OneTimeTokenRow {
  readonly userId: string;
  readonly purpose: OneTimeTokenPurpose;
  /** The address the token was sent to. */
  readonly email: string | null;
  readonly expiresAt: Date;
}

const SELECT = { userId: true, purpose: true, email: true, expiresAt: true } as const;

/** one_time_tokens: single-use tokens stored only as SHA-256 hashes. */
export class OneTimeTokenRepository {
  constructor(private readonly db: TenantDb) {}

  async create(input: {
    hash: string;
    userId: string;
    purpose: OneTimeTokenPurpose;
    email: string | null;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.oneTimeToken.create({ data: input });
  }

  /** The token's row while it is usable (right purpose, unused, unexpired); reads, does not spend. */
  async findUsable(hash: string, purpose: OneTimeTokenPurpose, now: Date): Promise<OneTimeTokenRow | null> {
    const row = await this.db.oneTimeToken.findFirst({
      where: { hash, purpose, usedAt: null, expiresAt: { gt: now } },
      select: SELECT,
    });
    return row ? { ...row, purpose } : null;
  }

  /**
   * Spends the token: `UPDATE ... SET used_at = now WHERE hash = $1 AND purpose = $2 AND
   * used_at IS NULL AND expires_at > now RETURNING ...`. One statement, so of two concurrent
   * uses exactly one gets the row; the other (and any later use) gets null.
   */
  async consume(hash: string, purpose: OneTimeTokenPurpose, now: Date): Promise<OneTimeTokenRow | null> {
    const [row] = await this.db.oneTimeToken.updateManyAndReturn({
      where: { hash, purpose, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: SELECT,
    });
    return row ? { ...row, purpose } : null;
  }

  /** Spends every still-usable token of these purposes for the user (a newer one replaces them, or the flow is over). */
  async revokeOutstanding(userId: string, purposes: readonly OneTimeTokenPurpose[], now: Date): Promise<number> {
    const result = await this.db.oneTimeToken.updateMany({
      where: { userId, purpose: { in: [...purposes] }, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return result.count;
  }
}
