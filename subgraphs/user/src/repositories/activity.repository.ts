import { quoteIdent, tenantSchemaName, type TenantPrismaClient } from '@tradesage/prisma';

/** A user_activity row; `tenantId` is attached for shield's sameTenant (each tenant has its own schema). */
export interface ActivityRow {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly kind: string;
  readonly at: Date;
  readonly count: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface ActivityCursor {
  readonly at: Date;
  readonly id: bigint;
}

const SELECT = { id: true, userId: true, kind: true, at: true, count: true, ip: true, userAgent: true } as const;

/** Reads of one tenant's `user_activity` (writes: recordUserActivity, @tradesage/core). */
export class ActivityRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.user.count({ where: { id: userId } })) === 1;
  }

  /** Keyset page of one user's rows, newest first by (at, id). */
  async page(userId: string, take: number, after: ActivityCursor | null): Promise<ActivityRow[]> {
    const rows = await this.db.userActivity.findMany({
      where: {
        userId,
        ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take,
      select: SELECT,
    });
    return rows.map((row) => ({ ...row, id: row.id.toString(), tenantId: this.tenantId }));
  }

  /**
   * Distinct users with any activity on each of the `days` UTC days ending with the day of `now`,
   * oldest first, days without activity included (generate_series left-joined). Schema-qualified
   * SQL, never search_path; reads the (at) index over the whole window once.
   */
  async dailyActiveUsers(days: number, now: Date): Promise<Array<{ date: string; count: number }>> {
    const table = `${quoteIdent(tenantSchemaName(this.tenantId))}.user_activity`;
    const rows = await this.db.$queryRawUnsafe<Array<{ day: string; count: number }>>(
      `WITH days AS (
         SELECT (($1::timestamptz AT TIME ZONE 'UTC')::date - g.n) AS day FROM generate_series(0, $2::int - 1) AS g(n)
       ),
       active AS (
         SELECT DISTINCT (a.at AT TIME ZONE 'UTC')::date AS day, a.user_id
           FROM ${table} a
          WHERE a.at >= ((($1::timestamptz AT TIME ZONE 'UTC')::date - ($2::int - 1))::timestamp AT TIME ZONE 'UTC')
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, count(active.user_id)::int AS count
         FROM days
         LEFT JOIN active ON active.day = days.day
        GROUP BY days.day
        ORDER BY days.day`,
      now,
      days,
    );
    return rows.map((row) => ({ date: row.day, count: Number(row.count) }));
  }
}
