import type { TenantPrismaClient } from '@tradesage/prisma';

export interface SessionRow {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastActiveAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly userAgent: string | null;
  readonly ip: string | null;
}

const SELECT = { id: true, userId: true, createdAt: true, lastActiveAt: true, expiresAt: true, revokedAt: true, userAgent: true, ip: true } as const;

export class SessionRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  /** Sessions that have not ended, of several users at once (one query per batch), newest first. */
  async openByUserIds(userIds: readonly string[], now: Date): Promise<SessionRow[]> {
    const rows = await this.db.session.findMany({
      where: { userId: { in: [...userIds] }, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: SELECT,
    });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  async findByIds(ids: readonly string[]): Promise<SessionRow[]> {
    const rows = await this.db.session.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }
}
