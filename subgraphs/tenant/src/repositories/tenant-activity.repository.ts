import type { TenantPrismaClient } from '@tradesage/prisma';

export interface UserCounts {
  readonly total: number;
  readonly active: number;
  readonly invited: number;
  readonly disabled: number;
  readonly deleted: number;
}

/** Counts and dates read from one tenant's own tables (users, sessions, audit events). */
export class TenantActivityRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async userCounts(): Promise<UserCounts> {
    const groups = await this.db.user.groupBy({ by: ['status'], _count: { _all: true } });
    const of = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
    const [active, invited, disabled] = [of('active'), of('invited'), of('disabled')];
    return { total: active + invited + disabled, active, invited, disabled, deleted: of('deleted') };
  }

  activeSessions(now: Date): Promise<number> {
    return this.db.session.count({ where: { revokedAt: null, expiresAt: { gt: now } } });
  }

  sessionsStartedSince(from: Date): Promise<number> {
    return this.db.session.count({ where: { createdAt: { gte: from } } });
  }

  /** Latest sign of life: a session used, or anything audited. */
  async lastActivityAt(): Promise<Date | null> {
    const [sessions, audit] = await Promise.all([
      this.db.session.aggregate({ _max: { lastActiveAt: true } }),
      this.db.auditEvent.aggregate({ _max: { at: true } }),
    ]);
    const dates = [sessions._max.lastActiveAt, audit._max.at].filter((d): d is Date => d instanceof Date);
    return dates.length === 0 ? null : new Date(Math.max(...dates.map((d) => d.getTime())));
  }
}
