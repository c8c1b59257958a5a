import { BadInputError, NotFoundError, type Page, type PageArgs, pageRequest, SignedInService } from '@tradesage/core';
import { ActivityRepository, type ActivityRow } from '../repositories/activity.repository.ts';

export const ACTIVITY_PAGE_MAX = 100;
/** dailyActiveUsers looks back at most this many days (a leap year). */
export const DAU_DAYS_MAX = 366;

export type ActivityConnection = Page<ActivityRow>;

/**
 * Reads of users' activity. Who may read whose is shield's decision
 * (permissions/activity.rules.ts); everything here stays in the viewer's own tenant schema.
 */
export class ActivityService extends SignedInService {
  readonly #activity = new ActivityRepository(this.db, this.viewer.tenantId);

  async userActivity(userId: string, paging: PageArgs): Promise<ActivityConnection> {
    const page = pageRequest(paging, { size: [20, ACTIVITY_PAGE_MAX], ids: 'serial' });
    if (!(await this.#activity.userExists(userId))) throw new NotFoundError('User');
    return page.of(await this.#activity.page(userId, page.take, page.start), 'at');
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
