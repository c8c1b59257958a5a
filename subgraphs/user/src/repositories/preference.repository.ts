import { quoteIdent, tenantSchemaName, type TenantPrisma, type TenantPrismaClient } from '@tradesage/prisma';

type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

export interface PreferenceRow {
  readonly key: string;
  readonly value: unknown;
  readonly updatedAt: Date;
}

/** The `user_preferences` rows of one tenant's users. */
export class PreferenceRepository {
  constructor(
    private readonly db: TenantDb,
    private readonly tenantId: string,
  ) {}

  async list(userId: string): Promise<PreferenceRow[]> {
    return this.db.userPreference.findMany({ where: { userId }, select: { key: true, value: true, updatedAt: true } });
  }

  /**
   * Locks the user's row until the transaction ends, so that two changes of one user's
   * preferences run one after the other (the total-size check reads, then writes). False when
   * the user does not exist or is deleted.
   */
  async lockUser(userId: string): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM ${quoteIdent(tenantSchemaName(this.tenantId))}.users WHERE id = $1::uuid AND status <> 'deleted' FOR UPDATE`,
      userId,
    );
    return rows.length === 1;
  }

  async upsert(userId: string, key: string, value: TenantPrisma.InputJsonValue): Promise<PreferenceRow> {
    return this.db.userPreference.upsert({
      where: { userId_key: { userId, key } },
      create: { userId, key, value },
      update: { value },
      select: { key: true, value: true, updatedAt: true },
    });
  }

  /** True when a stored value was removed. */
  async remove(userId: string, key: string): Promise<boolean> {
    const { count } = await this.db.userPreference.deleteMany({ where: { userId, key } });
    return count === 1;
  }
}
