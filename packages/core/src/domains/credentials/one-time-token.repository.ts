import type { TenantPrismaClient } from '@tradesage/prisma';

/** Deletes one-time tokens used or expired before `cutoff`; returns how many. */
export async function deleteOneTimeTokensSpentBefore(db: TenantPrismaClient, cutoff: Date): Promise<number> {
  const used = await db.oneTimeToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { usedAt: { lt: cutoff } }] },
  });
  return used.count;
}
