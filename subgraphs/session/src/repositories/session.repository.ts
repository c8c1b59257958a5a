import { quoteIdent, tenantSchemaName, type TenantPrismaClient } from '@tradesage/prisma';

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
  readonly browser: string | null;
  readonly os: string | null;
  /** desktop | mobile | tablet | other (CHECK in the migration). */
  readonly deviceType: string;
}

export interface SessionStatsRow {
  readonly activeSessions: number;
  readonly activeByDeviceType: ReadonlyMap<string, number>;
  /** The last 30 UTC days, oldest first. */
  readonly newSessionsPerDay: ReadonlyArray<{ readonly day: string; readonly count: number }>;
  readonly averageSessionLengthSeconds: number | null;
}

/** Days covered by the per-day figures and the average length of `sessionStats`. */
export const STATS_DAYS = 30;

const SELECT = {
  id: true,
  userId: true,
  createdAt: true,
  lastActiveAt: true,
  expiresAt: true,
  revokedAt: true,
  userAgent: true,
  ip: true,
  browser: true,
  os: true,
  deviceType: true,
} as const;

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

  /**
   * The tenant's session figures, computed in SQL in its schema (schema-qualified, never
   * search_path). Active: neither revoked nor expired at `now`. A session's end is the earlier of
   * its revocation and its expiry; the average covers the sessions that ended in the last 30 days.
   */
  async stats(now: Date): Promise<SessionStatsRow> {
    const table = `${quoteIdent(tenantSchemaName(this.tenantId))}.sessions`;
    const [byDevice, perDay, average] = await Promise.all([
      this.db.$queryRawUnsafe<Array<{ device_type: string; count: number }>>(
        `SELECT device_type, count(*)::int AS count FROM ${table}
          WHERE revoked_at IS NULL AND expires_at > $1::timestamptz
          GROUP BY device_type`,
        now,
      ),
      this.db.$queryRawUnsafe<Array<{ day: string; count: number }>>(
        `WITH days AS (
           SELECT (($1::timestamptz AT TIME ZONE 'UTC')::date - g.n) AS day FROM generate_series(0, ${STATS_DAYS - 1}) AS g(n)
         )
         SELECT to_char(days.day, 'YYYY-MM-DD') AS day, count(s.id)::int AS count
           FROM days
           LEFT JOIN ${table} s ON (s.created_at AT TIME ZONE 'UTC')::date = days.day
          GROUP BY days.day
          ORDER BY days.day`,
        now,
      ),
      this.db.$queryRawUnsafe<Array<{ seconds: number | null }>>(
        `WITH ended AS (
           SELECT created_at, LEAST(COALESCE(revoked_at, expires_at), expires_at) AS ended_at FROM ${table}
         )
         SELECT avg(EXTRACT(EPOCH FROM (ended_at - created_at)))::float8 AS seconds
           FROM ended
          WHERE ended_at <= $1::timestamptz AND ended_at > $1::timestamptz - make_interval(days => ${STATS_DAYS})`,
        now,
      ),
    ]);
    const activeByDeviceType = new Map(byDevice.map((row) => [row.device_type, Number(row.count)]));
    return {
      activeSessions: [...activeByDeviceType.values()].reduce((sum, count) => sum + count, 0),
      activeByDeviceType,
      newSessionsPerDay: perDay.map((row) => ({ day: row.day, count: Number(row.count) })),
      averageSessionLengthSeconds: average[0]?.seconds == null ? null : Number(average[0].seconds),
    };
  }
}
