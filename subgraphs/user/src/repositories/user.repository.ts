import type { TenantPrismaClient } from '@tradesage/prisma';

/** A profile row; every row carries its tenant id so shield's sameTenant can check it. */
export interface Profile {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: string;
  readonly status: string;
  readonly createdAt: Date;
}

const SELECT = { id: true, email: true, firstName: true, lastName: true, role: true, status: true, createdAt: true } as const;

export class UserRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async findByIds(ids: readonly string[]): Promise<Profile[]> {
    const rows = await this.db.user.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  /** Keyset page ordered by (createdAt, id): stable under concurrent inserts. */
  async page(first: number, after: { createdAt: Date; id: string } | null): Promise<Profile[]> {
    const rows = await this.db.user.findMany({
      where: after
        ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
        : {},
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: first,
      select: SELECT,
    });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  async updateProfile(id: string, data: { firstName?: string; lastName?: string }): Promise<Profile> {
    const row = await this.db.user.update({ where: { id }, data, select: SELECT });
    return { ...row, tenantId: this.tenantId };
  }

  /** Moves a user between statuses only from the expected one (compare-and-set); null when it did not match. */
  async setStatus(id: string, from: readonly string[], to: string): Promise<Profile | null> {
    const updated = await this.db.user.updateManyAndReturn({ where: { id, status: { in: [...from] } }, data: { status: to }, select: SELECT });
    const [row] = updated;
    return row ? { ...row, tenantId: this.tenantId } : null;
  }

}
