import {
  AppError,
  assertMayManageUser,
  BadInputError,
  NotFoundError,
  type Page,
  type PageArgs,
  pageRequest,
  revokeOwnerApiKeys,
  revokeUserSessions,
  SignedInService,
} from '@tradesage/core';
import { UserRepository, type Profile, type UserListFilter } from '../repositories/user.repository.ts';

export const MAX_PAGE_SIZE = 100;
/** The longest `users(search:)` text. */
export const SEARCH_MAX = 100;

export type UserConnection = Page<Profile>;

export class UserService extends SignedInService {
  readonly #users = new UserRepository(this.db, this.viewer.tenantId);

  /**
   * One page of the tenant's users. The email is searched only for holders of users:pii:read:
   * otherwise a search would tell which addresses exist, which the field itself hides.
   */
  async page(
    paging: PageArgs,
    filter: { status?: string | undefined; role?: string | null | undefined } = {},
    search?: string | null,
  ): Promise<UserConnection> {
    const page = pageRequest(paging, { size: [20, MAX_PAGE_SIZE], ids: 'uuid' });
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
    const rows = await this.#users.page(page.take, page.start && { createdAt: page.start.at, id: page.start.id }, list);
    return page.of(rows, 'createdAt');
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
    // Their API keys too, at once at every gateway (a key does not come back with a reactivation).
    const keysRevoked = await revokeOwnerApiKeys(this.runtime, this.viewer.tenantId, userId, 'owner_disabled');
    await this.audit(this.db, {
      action: 'user.deactivated',
      targetType: 'user',
      targetId: userId,
      data: { sessionsEnded: ended.length, apiKeysRevoked: keysRevoked.length },
    });
    return updated;
  }

  async reactivate(userId: string): Promise<Profile> {
    await assertMayManageUser(this.db, this.viewer, userId, 'id');
    const updated = await this.#users.setStatus(userId, ['disabled'], 'active');
    if (!updated) throw await this.#statusError(userId);
    await this.audit(this.db, { action: 'user.reactivated', targetType: 'user', targetId: userId, data: {} });
    return updated;
  }

  /** Not in this tenant → NOT_FOUND; there but in another status → CONFLICT. */
  async #statusError(userId: string): Promise<AppError> {
    const [existing] = await this.#users.findByIds([userId]);
    return existing ? new AppError('CONFLICT', `The user is ${existing.status}`) : new NotFoundError('User');
  }
}
