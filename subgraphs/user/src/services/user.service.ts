import {
  AppError,
  assertMayManageUser,
  BadInputError,
  NotFoundError,
  revokeUserSessions,
  SignedInService,
} from '@tradesage/core';
import { UserRepository, type Profile, type UserListFilter } from '../repositories/user.repository.ts';
import { pageSize } from './paging.ts';

export const MAX_PAGE_SIZE = 100;
/** The longest `users(search:)` text. */
export const SEARCH_MAX = 100;

export interface UserEdge {
  readonly cursor: string;
  readonly node: Profile;
}

export interface UserConnection {
  readonly edges: UserEdge[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export class UserService extends SignedInService {
  readonly #users = new UserRepository(this.db, this.viewer.tenantId);

  /**
   * One page of the tenant's users. The email is searched only for holders of users:pii:read:
   * otherwise a search would tell which addresses exist, which the field itself hides.
   */
  async page(
    first: number | null | undefined,
    after: string | null | undefined,
    filter: { status?: string | undefined; role?: string | null | undefined } = {},
    search?: string | null,
  ): Promise<UserConnection> {
    const size = pageSize(first, 20, MAX_PAGE_SIZE);
    const text = search?.normalize('NFC').trim() ?? '';
    if ([...text].length > SEARCH_MAX)
      throw new BadInputError('BAD_USER_INPUT', `search must be at most ${SEARCH_MAX} characters`, {
        field: 'search',
        reason: 'too_long',
      });
    const list: UserListFilter = {
      status: filter.status,
      role: filter.role ?? undefined,
      search: text === '' ? undefined : { text, includeEmail: this.viewer.permissions.has('users:pii:read') },
    };
    const rows = await this.#users.page(size + 1, after ? decodeCursor(after) : null, list);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /**
   * Disables a user of the viewer's tenant: login and refresh refuse disabled users, and every
   * open session ends now so existing access tokens are refused on the next request.
   */
  async deactivate(userId: string): Promise<Profile> {
    if (userId === this.viewer.userId)
      throw new BadInputError('BAD_USER_INPUT', 'You cannot deactivate yourself', { field: 'id' });
    await assertMayManageUser(this.db, this.viewer, userId, 'id');
    const updated = await this.#users.setStatus(userId, ['active', 'invited'], 'disabled');
    if (!updated) throw await this.#statusError(userId);
    const ended = await revokeUserSessions(this.runtime, this.viewer.tenantId, userId, 'user_disabled');
    await this.#audit('user.deactivated', userId, { sessionsEnded: ended.length });
    return updated;
  }

  async reactivate(userId: string): Promise<Profile> {
    await assertMayManageUser(this.db, this.viewer, userId, 'id');
    const updated = await this.#users.setStatus(userId, ['disabled'], 'active');
    if (!updated) throw await this.#statusError(userId);
    await this.#audit('user.reactivated', userId, {});
    return updated;
  }

  /** Not in this tenant → NOT_FOUND; there but in another status → CONFLICT. */
  async #statusError(userId: string): Promise<AppError> {
    const [existing] = await this.#users.findByIds([userId]);
    return existing ? new AppError('CONFLICT', `The user is ${existing.status}`) : new NotFoundError('User');
  }

  async #audit(
    action: 'user.deactivated' | 'user.reactivated',
    userId: string,
    data: Record<string, number>,
  ): Promise<void> {
    await this.audit(this.db, {
      action,
      targetType: 'user',
      targetId: userId,
      data,
    });
  }
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new BadInputError('BAD_USER_INPUT', 'after is not a valid cursor', { field: 'after' });
  }
  return { createdAt, id };
}
