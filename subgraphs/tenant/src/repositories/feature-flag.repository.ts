import type { TenantPrismaClient } from '@tradesage/prisma';
import type { FeatureFlagDefinition, FeatureFlagKind } from '@tradesage/core';

/** A stored flag: the definition the evaluator reads, plus bookkeeping. */
export interface FeatureFlagRow extends Omit<FeatureFlagDefinition, 'key'> {
  readonly key: string;
  readonly description: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type FeatureFlagData = Omit<FeatureFlagRow, 'createdAt' | 'updatedAt'>;

const MAX_FLAGS = 500;

/** The tenant's `feature_flags` table. Kinds are checked by the SQL constraint and the service. */
export class FeatureFlagRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async list(): Promise<FeatureFlagRow[]> {
    const rows = await this.db.featureFlag.findMany({ orderBy: { key: 'asc' }, take: MAX_FLAGS });
    return rows.map(toRow);
  }

  async find(key: string): Promise<FeatureFlagRow | null> {
    const row = await this.db.featureFlag.findUnique({ where: { key } });
    return row ? toRow(row) : null;
  }

  count(): Promise<number> {
    return this.db.featureFlag.count();
  }

  async create(data: FeatureFlagData): Promise<FeatureFlagRow> {
    return toRow(await this.db.featureFlag.create({ data: { ...data, allowedUserIds: [...data.allowedUserIds] } }));
  }

  async update(key: string, data: FeatureFlagData): Promise<FeatureFlagRow> {
    return toRow(
      await this.db.featureFlag.update({ where: { key }, data: { ...data, allowedUserIds: [...data.allowedUserIds] } }),
    );
  }

  /** Those of `ids` that name no user of this tenant (an allow-list names the tenant's own users only). */
  async unknownUserIds(ids: readonly string[]): Promise<string[]> {
    const found = await this.db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
    const known = new Set(found.map((user) => user.id));
    return ids.filter((id) => !known.has(id));
  }

  async delete(key: string): Promise<boolean> {
    const { count } = await this.db.featureFlag.deleteMany({ where: { key } });
    return count === 1;
  }
}

export { MAX_FLAGS };

function toRow(row: Awaited<ReturnType<TenantPrismaClient['featureFlag']['findUniqueOrThrow']>>): FeatureFlagRow {
  return { ...row, kind: row.kind as FeatureFlagKind };
}
