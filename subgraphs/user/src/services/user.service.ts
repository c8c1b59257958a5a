import { AppError, BadInputError, NotFoundError, recordAudit, revokeUserSessions, type RequestContext, type Viewer } from '@tradesage/core';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { UserRepository, type Profile } from '../repositories/user.repository.ts';

export const MAX_PAGE_SIZE = 100;
const NAME_MAX = 100;
// Letters, marks, spaces and common name punctuation; no control or format characters.
const NAME = /^[\p{L}\p{M}\p{N} .,'’-]*$/u;

export interface UserEdge {
  readonly cursor: string;
  readonly node: Profile;
}

export interface UserConnection {
  readonly edges: UserEdge[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export class UserService {
  readonly #users: UserRepository;
  readonly #db: TenantPrismaClient;

  constructor(
    private readonly ctx: RequestContext,
    private readonly viewer: Viewer,
  ) {
    if (!ctx.tenantDb) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    this.#db = ctx.tenantDb;
    this.#users = new UserRepository(ctx.tenantDb, viewer.tenantId);
  }

  async page(first: number | null | undefined, after: string | null | undefined): Promise<UserConnection> {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadInputError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
    }
    const rows = await this.#users.page(size + 1, after ? decodeCursor(after) : null);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async updateMyProfile(input: { firstName?: string | null; lastName?: string | null }): Promise<Profile> {
    const data: { firstName?: string; lastName?: string } = {};
    if (input.firstName !== undefined && input.firstName !== null) data.firstName = validName(input.firstName, 'firstName');
    if (input.lastName !== undefined && input.lastName !== null) data.lastName = validName(input.lastName, 'lastName');
    const updated = await this.#users.updateProfile(this.viewer.userId, data).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2025') throw new NotFoundError('User');
      throw error;
    });
    await recordAudit(this.#db, this.ctx.logger, {
      action: 'user.profile_updated',
      actorId: this.viewer.userId,
      targetType: 'user',
      targetId: this.viewer.userId,
      ip: this.ctx.ip,
      userAgent: this.ctx.userAgent,
      requestId: this.ctx.requestId,
      data: { fields: Object.keys(data).join(',') },
    });
    return updated;
  }
  /**
   * Disables a user of the viewer's tenant: login and refresh refuse disabled users, and every
   * open session ends now so existing access tokens are refused on the next request.
   */
  async deactivate(userId: string): Promise<Profile> {
    if (userId === this.viewer.userId) throw new BadInputError('BAD_USER_INPUT', 'You cannot deactivate yourself', { field: 'id' });
    const updated = await this.#users.setStatus(userId, ['active', 'invited'], 'disabled');
    if (!updated) throw await this.#statusError(userId);
    const ended = await revokeUserSessions(this.ctx.runtime, this.viewer.tenantId, userId, 'user_disabled');
    await this.#audit('user.deactivated', userId, { sessionsEnded: ended.length });
    return updated;
  }

  async reactivate(userId: string): Promise<Profile> {
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

  async #audit(action: 'user.deactivated' | 'user.reactivated', userId: string, data: Record<string, number>): Promise<void> {
    await recordAudit(this.#db, this.ctx.logger, {
      action,
      actorId: this.viewer.userId,
      targetType: 'user',
      targetId: userId,
      ip: this.ctx.ip,
      userAgent: this.ctx.userAgent,
      requestId: this.ctx.requestId,
      data,
    });
  }
}

function validName(value: string, field: string): string {
  const trimmed = value.normalize('NFC').trim();
  if (trimmed.length > NAME_MAX) throw new BadInputError('BAD_USER_INPUT', `${field} must be at most ${NAME_MAX} characters`, { field });
  if (!NAME.test(trimmed)) throw new BadInputError('BAD_USER_INPUT', `${field} contains characters that are not allowed`, { field });
  return trimmed;
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
