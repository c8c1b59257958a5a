import { quoteIdent, tenantSchemaName, type TenantPrismaClient } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { Caller } from '../../runtime/viewer.ts';

/**
 * A user's activity, in the tenant's `user_activity` table: one row per
 * sign-in and per profile or security change, written by the subgraph where it happens, and one
 * row per user and UTC day for API use, whose count the gateway's once-a-minute activity gate
 * raises. Read by the user subgraph (`userActivity`, `dailyActiveUsers`).
 *
 * Recording never fails or delays the operation it describes beyond one insert: a failure is
 * logged, not thrown (the audit log, not this table, is the record that must not be lost).
 */
export type UserActivityKind =
  'login' | 'profile_updated' | 'email_changed' | 'password_changed' | 'password_reset' | 'preferences_changed' | 'api';

export interface UserActivityEvent {
  readonly userId: string;
  readonly kind: Exclude<UserActivityKind, 'api'>;
  readonly at?: Date;
}

/** The longest user agent kept (as the request context keeps it). */
const USER_AGENT_MAX = 512;

/** Appends one activity row, with the address and user agent of the request it came in; logs instead of throwing. */
export async function recordUserActivity(
  db: TenantPrismaClient,
  logger: Logger,
  request: Pick<Caller, 'ip' | 'userAgent'>,
  event: UserActivityEvent,
): Promise<void> {
  try {
    await db.userActivity.create({
      data: {
        userId: event.userId,
        kind: event.kind,
        ip: request.ip ?? null,
        userAgent: request.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        ...(event.at ? { at: event.at } : {}),
      },
    });
  } catch (error) {
    logger.warn(
      { err: (error as Error).message, kind: event.kind, userId: event.userId },
      'user activity: could not record',
    );
  }
}

/**
 * Counts one sample of API use: the row of (user, UTC day of `at`) is created with count 1 or its
 * count raised, in one statement (INSERT ... ON CONFLICT on the unique (user_id, api_day)), so
 * concurrent requests of one user never make two rows for a day. Throws on failure: the caller
 * (fire-and-forget at the gateway) logs it.
 */
export async function recordApiActivity(
  db: TenantPrismaClient,
  tenantId: string,
  userId: string,
  at: Date,
): Promise<void> {
  const table = `${quoteIdent(tenantSchemaName(tenantId))}.user_activity`;
  await db.$executeRawUnsafe(
    `INSERT INTO ${table} AS a (user_id, kind, at, api_day, count)
     VALUES ($1::uuid, 'api', $2::timestamptz, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
     ON CONFLICT (user_id, api_day) DO UPDATE SET count = a.count + 1`,
    userId,
    at,
  );
}
