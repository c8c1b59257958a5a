import { BadInputError, NotFoundError, SignedInService } from '@tradesage/core';
import { ActivityRepository, type ActivityCursor, type ActivityRow } from '../repositories/activity.repository.ts';
import { pageSize } from './paging.ts';

export const ACTIVITY_PAGE_MAX = 100;
/** dailyActiveUsers looks back at most this many days (a leap year). */
export const DAU_DAYS_MAX = 366;

export interface ActivityConnection {
  readonly edges: Array<{ readonly cursor: string; readonly node: ActivityRow }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/**
 * Reads of users' activity. Who may read whose is shield's decision
 * (permissions/activity.rules.ts); everything here stays in the viewer's own tenant schema.
 */
export class ActivityService extends SignedInService {
  readonly #activity = new ActivityRepository(this.db, this.viewer.tenantId);

  async userActivity(
    userId: string,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ActivityConnection> {
    const size = pageSize(first, 20, ACTIVITY_PAGE_MAX);
    const cursor = after ? decodeActivityCursor(after) : null;
    if (!(await this.#activity.userExists(userId))) throw new NotFoundError('User');
    const rows = await this.#activity.page(userId, size + 1, cursor);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeActivityCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async dailyActiveUsers(
    days: number | null | undefined,
    now = new Date(),
  ): Promise<Array<{ date: string; count: number }>> {
    const span = days ?? 30;
    if (!Number.isInteger(span) || span < 1 || span > DAU_DAYS_MAX) {
      throw new BadInputError('BAD_USER_INPUT', `days must be between 1 and ${DAU_DAYS_MAX}`, { field: 'days' });
    }
    return this.#activity.dailyActiveUsers(span, now);
  }
}

export function encodeActivityCursor(row: { at: Date; id: string }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodeActivityCursor(cursor: string): ActivityCursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (!id || !/^\d{1,19}$/.test(id) || Number.isNaN(when.getTime())) {
    throw new BadInputError('BAD_USER_INPUT', 'after is not a valid cursor', { field: 'after' });
  }
  return { at: when, id: BigInt(id) };
}
