import crypto from 'node:crypto';
import { quoteIdent, tenantSchemaName, type TenantPrisma, type TenantPrismaClient } from '@tradesage/prisma';
import type { SessionAuthentication } from '../../runtime/tokens/access-token.ts';
import type { DeviceInfo } from '../../runtime/device.ts';
import { metrics } from '../../runtime/observability/metrics.ts';
import type { ActiveSessionRow, SessionState } from './session-state.ts';

/** Why a session ended (sessions.revoked_reason). */
export type RevocationReason =
  | 'logout'
  | 'revoked_by_user'
  | 'refresh_token_reuse'
  | 'tenant_suspended'
  | 'tenant_cancelled'
  | 'password_changed'
  | 'password_reset'
  | 'idle_timeout'
  | 'logout_everywhere'
  | 'session_limit'
  | 'revoked_by_admin'
  | 'user_disabled'
  | 'user_deleted'
  /** The tenant now asks this user for a second factor the session never gave. */
  | 'mfa_required'
  /** An administrator reset the user's second factors. */
  | 'mfa_reset'
  /** An application's sign-in: its grant ended (revoked by the user or the application, logout, reuse). */
  | 'grant_revoked';

/** A tenant client or the client of an open transaction. */
type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

export interface NewSession {
  readonly userId: string;
  readonly userAgent: string | undefined;
  readonly ip: string | undefined;
  readonly expiresAt: Date;
  readonly refreshTokenHash: string;
  /** Parsed from the user agent (parseDevice). */
  readonly device?: DeviceInfo;
  /** How the user proved who they are. */
  readonly auth: SessionAuthentication;
  /** An application's sign-in through the OpenID Connect provider: its client and grant. */
  readonly application?: { readonly clientId: string; readonly grantId: string };
}

/** Why a refresh found its session over: revoked (logout, reuse, admin), past its absolute lifetime, or idle too long. */
export type EndedReason = 'revoked' | 'expired' | 'idle';

export type SpendResult =
  /** `withinLeeway`: the token had been spent already, moments ago; a second successor was issued. */
  | {
      kind: 'spent';
      sessionId: string;
      userId: string;
      expiresAt: Date;
      withinLeeway: boolean;
      auth: SessionAuthentication;
    }
  | { kind: 'unknown' }
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'ended'; sessionId: string; userId: string; reason: EndedReason };

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
  /** When and how the session was last authenticated (RFC 8176 methods). */
  readonly authTime: Date;
  readonly amr: string[];
  /** The application this session is the sign-in of (an OAuth client id), or null for the user's own. */
  readonly oauthClientId: string | null;
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
  authTime: true,
  amr: true,
  oauthClientId: true,
} as const;

/**
 * Sessions and their refresh tokens in one tenant's schema: the only code that reads or writes
 * them. Auth opens and rotates (through the session services), the session subgraph lists and
 * counts, the gateway's request check loads a session's state, the cleanup job deletes what ended.
 */
export class SessionRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  /**
   * A step-up, or the second factor a session enrolled, strengthened an open session: its
   * `auth_time` and methods are replaced. False when the session is no longer open.
   */
  async reauthenticate(sessionId: string, auth: SessionAuthentication): Promise<boolean> {
    const updated = await this.db.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { authTime: auth.time, amr: [...auth.methods], enrolmentOnly: auth.enrolmentOnly },
    });
    return updated.count === 1;
  }

  /**
   * Opens a session. With `maxConcurrent`, the new session counts and the oldest open sessions
   * beyond the limit end in the same transaction, which holds a per-user advisory lock: two
   * logins of one user at once are applied one after the other, so both cannot pass the count.
   * Returns the new session and the ids ended, to publish (RevocationPublisher) after the commit.
   */
  async create(
    input: NewSession,
    limit: { maxConcurrent: number | null; now: Date },
  ): Promise<{ sessionId: string; ended: string[] }> {
    const id = crypto.randomUUID();
    return this.db.$transaction(async (tx) => {
      if (limit.maxConcurrent !== null) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`session-limit:${input.userId}`}, 0))`;
      }
      await tx.session.create({
        data: {
          id,
          userId: input.userId,
          userAgent: input.userAgent ?? null,
          ip: input.ip ?? null,
          expiresAt: input.expiresAt,
          browser: input.device?.browser ?? null,
          os: input.device?.os ?? null,
          deviceType: input.device?.deviceType ?? 'other',
          authTime: input.auth.time,
          amr: [...input.auth.methods],
          enrolmentOnly: input.auth.enrolmentOnly,
          oauthClientId: input.application?.clientId ?? null,
          oauthGrantId: input.application?.grantId ?? null,
        },
      });
      await tx.refreshToken.create({
        data: { hash: input.refreshTokenHash, sessionId: id, expiresAt: input.expiresAt },
      });
      if (limit.maxConcurrent === null) return { sessionId: id, ended: [] };
      const open = await tx.session.findMany({
        where: { userId: input.userId, revokedAt: null, expiresAt: { gt: limit.now }, id: { not: id } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true },
      });
      const excess = open.map((row) => row.id).slice(Math.max(0, limit.maxConcurrent - 1));
      return {
        sessionId: id,
        ended: await endSessions(tx, { sessionIds: excess, userId: input.userId }, 'session_limit'),
      };
    });
  }

  /**
   * Spends a refresh token and stores its successor in one transaction. The conditional
   * update (`used_at IS NULL`) makes two concurrent spends of one token race in Postgres:
   * exactly one spends it. A session idle for longer than `idleMs` (no refresh since its
   * `lastActiveAt`) is over: the token is not spent and the caller ends the session.
   *
   * A token spent no more than `leewayMs` ago (the loser of such a race, or a client retrying
   * after a lost response) gets a successor of its own for the same session: both successors
   * stay valid. A token spent longer ago is reuse.
   */
  async rotate(
    presentedHash: string,
    nextHash: string,
    now: Date,
    limits: { idleMs: number; leewayMs: number },
  ): Promise<SpendResult> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.refreshToken.findUnique({
        where: { hash: presentedHash },
        include: {
          session: {
            select: {
              id: true,
              userId: true,
              revokedAt: true,
              expiresAt: true,
              lastActiveAt: true,
              authTime: true,
              amr: true,
              enrolmentOnly: true,
            },
          },
        },
      });
      if (!token) return { kind: 'unknown' };
      const session = token.session;
      const ids = { sessionId: session.id, userId: session.userId };
      const withinLeeway = (usedAt: Date) => limits.leewayMs > 0 && now.getTime() - usedAt.getTime() <= limits.leewayMs;
      if (token.usedAt && !withinLeeway(token.usedAt)) return { kind: 'reused', ...ids };
      if (session.revokedAt) return { kind: 'ended', ...ids, reason: 'revoked' };
      if (session.expiresAt <= now || token.expiresAt <= now) return { kind: 'ended', ...ids, reason: 'expired' };
      if (now.getTime() - session.lastActiveAt.getTime() > limits.idleMs)
        return { kind: 'ended', ...ids, reason: 'idle' };
      let replayed = token.usedAt !== null;
      if (!replayed) {
        const spent = await tx.refreshToken.updateMany({
          where: { hash: presentedHash, usedAt: null },
          data: { usedAt: now },
        });
        // Spent by a concurrent refresh that committed first: that spend happened just now.
        if (spent.count !== 1) {
          if (limits.leewayMs <= 0) return { kind: 'reused', ...ids };
          replayed = true;
        }
      }
      // The revocation check re-reads the session row: a revoke that committed first wins.
      const bumped = await tx.session.updateMany({
        where: { id: session.id, revokedAt: null },
        data: { lastActiveAt: now, version: { increment: 1 } },
      });
      if (bumped.count !== 1) return { kind: 'ended', ...ids, reason: 'revoked' };
      await tx.refreshToken.create({ data: { hash: nextHash, sessionId: session.id, expiresAt: session.expiresAt } });
      return {
        kind: 'spent',
        ...ids,
        expiresAt: session.expiresAt,
        withinLeeway: replayed,
        auth: { time: session.authTime, methods: session.amr, enrolmentOnly: session.enrolmentOnly },
      };
    });
  }

  /** Sessions that have not ended, of several users at once (one query per batch), newest first. */
  async openByUserIds(userIds: readonly string[], now: Date): Promise<SessionRow[]> {
    const rows = await this.db.session.findMany({
      where: { userId: { in: [...userIds] }, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: SELECT,
    });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  /**
   * One page of the tenant's sessions that have not ended at `now`, newest first (keyset on
   * createdAt, id: stable while sessions start and end), optionally one user's or one device type's.
   */
  async openPage(
    take: number,
    before: { createdAt: Date; id: string } | null,
    filter: { userId?: string | undefined; deviceType?: string | undefined },
    now: Date,
  ): Promise<SessionRow[]> {
    const where: TenantPrisma.SessionWhereInput[] = [{ revokedAt: null, expiresAt: { gt: now } }];
    if (filter.userId) where.push({ userId: filter.userId });
    if (filter.deviceType) where.push({ deviceType: filter.deviceType });
    if (before)
      where.push({
        OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
      });
    const rows = await this.db.session.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
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

  /**
   * The session's state as Postgres (the truth) has it at `now`: revoked when it is missing, revoked
   * or past its absolute expiry; otherwise active, with the row's details the Redis hot copy keeps.
   */
  async loadState(
    sessionId: string,
    now = new Date(),
  ): Promise<SessionState | ({ state: 'active' } & ActiveSessionRow)> {
    const session = await this.db.session.findUnique({
      where: { id: sessionId },
      select: { revokedAt: true, expiresAt: true, userId: true, ip: true, userAgent: true, lastActiveAt: true },
    });
    if (!session || session.revokedAt || session.expiresAt <= now) return 'revoked';
    return {
      state: 'active',
      userId: session.userId,
      expiresAt: session.expiresAt,
      ip: session.ip,
      userAgent: session.userAgent,
      lastActiveAt: session.lastActiveAt,
    };
  }

  /** The open session an application's grant signed in with, or null once it has ended. */
  async activeForGrant(grantId: string, now = new Date()): Promise<{ id: string; userId: string } | null> {
    return this.db.session.findFirst({
      where: { oauthGrantId: grantId, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, userId: true },
    });
  }

  /**
   * The open sessions applications signed in with (OpenID Connect grants), of one client or of
   * every client, optionally one user's: their ids and grants.
   */
  async openForApplications(
    where: { clientId?: string; userId?: string },
    now = new Date(),
  ): Promise<Array<{ id: string; userId: string; clientId: string; grantId: string | null; createdAt: Date }>> {
    const rows = await this.db.session.findMany({
      where: {
        oauthClientId: where.clientId ?? { not: null },
        ...(where.userId ? { userId: where.userId } : {}),
        revokedAt: null,
        expiresAt: { gt: now },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, userId: true, oauthClientId: true, oauthGrantId: true, createdAt: true },
    });
    return rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      clientId: row.oauthClientId ?? '',
      grantId: row.oauthGrantId,
      createdAt: row.createdAt,
    }));
  }

  /** A user's latest sign-in to each application (ended sessions included), by client id. */
  async lastApplicationSignIns(userId: string): Promise<Map<string, Date>> {
    const rows = await this.db.session.groupBy({
      by: ['oauthClientId'],
      where: { userId, oauthClientId: { not: null } },
      _max: { createdAt: true },
    });
    return new Map(
      rows.flatMap((row) => (row.oauthClientId && row._max.createdAt ? [[row.oauthClientId, row._max.createdAt]] : [])),
    );
  }

  /** Grants of a user's application sign-ins with one client, ended ones included. */
  async applicationGrants(userId: string, clientId: string): Promise<string[]> {
    const rows = await this.db.session.findMany({
      where: { userId, oauthClientId: clientId, oauthGrantId: { not: null } },
      select: { oauthGrantId: true },
    });
    return rows.flatMap((row) => (row.oauthGrantId ? [row.oauthGrantId] : []));
  }

  /** Ids of up to `take` sessions not revoked yet. */
  async openIds(take: number): Promise<string[]> {
    const open = await this.db.session.findMany({ where: { revokedAt: null }, select: { id: true }, take });
    return open.map((s) => s.id);
  }

  /** Where and with what a session started (its address binds it; its user agent is compared). */
  origin(sessionId: string): Promise<{ ip: string | null; userAgent: string | null; userId: string } | null> {
    return this.db.session.findUnique({
      where: { id: sessionId },
      select: { ip: true, userAgent: true, userId: true },
    });
  }

  /** Moves `lastActiveAt` forward to `now` on a session not revoked (never backwards). */
  async touchLastActive(sessionId: string, now: Date): Promise<void> {
    await this.db.session.updateMany({
      where: { id: sessionId, revokedAt: null, lastActiveAt: { lt: now } },
      data: { lastActiveAt: now },
    });
  }

  /** Deletes sessions expired or revoked before `cutoff` (their refresh tokens go with them); returns how many. */
  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const ended = await this.db.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
    });
    return ended.count;
  }

  /** Deletes refresh tokens spent or expired before `cutoff`; returns how many. */
  async deleteRefreshTokensSpentBefore(cutoff: Date): Promise<number> {
    const spent = await this.db.refreshToken.deleteMany({
      where: { OR: [{ expiresAt: { lt: cutoff } }, { usedAt: { lt: cutoff } }] },
    });
    return spent.count;
  }
}

/**
 * The Postgres half of a revocation, also usable inside a transaction (the caller then publishes
 * the returned ids with `RevocationPublisher.publish` after the commit). One conditional
 * UPDATE ... RETURNING: of two concurrent revokes of one session exactly one matches
 * `revoked_at IS NULL`, so only it reports the id and the version moves once.
 */
export async function endSessions(
  db: TenantDb,
  where: { sessionIds?: readonly string[]; userId?: string; exceptSessionId?: string },
  reason: RevocationReason,
): Promise<string[]> {
  if (where.sessionIds === undefined && where.userId === undefined)
    throw new Error('endSessions needs session ids or a user id');
  if (where.sessionIds?.length === 0) return [];
  const ended = await db.session.updateManyAndReturn({
    where: {
      revokedAt: null,
      ...(where.sessionIds ? { id: { in: [...where.sessionIds] } } : {}),
      ...(where.exceptSessionId ? { NOT: { id: where.exceptSessionId } } : {}),
      ...(where.userId ? { userId: where.userId } : {}),
    },
    data: { revokedAt: new Date(), revokedReason: reason, version: { increment: 1 } },
    select: { id: true },
  });
  metrics.sessionsRevoked(reason, ended.length);
  return ended.map((s) => s.id);
}
