import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';

/** A profile row; every row carries its tenant id so shield's sameTenant can check it. */
export interface Profile {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly status: string;
  readonly createdAt: Date;
  readonly displayName: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly avatarUrl: string | null;
  readonly deletedAt: Date | null;
}

/** What updateMyProfile writes: a field left out stays, null clears it. */
export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
  displayName?: string | null;
  locale?: string | null;
  timezone?: string | null;
  avatarUrl?: string | null;
}

/** The `users` list's narrowing; `search` is the raw text (escaped here). */
export interface UserListFilter {
  /** A stored status; without it every user but deleted ones. */
  readonly status?: string | undefined;
  /** A role name the user holds. */
  readonly role?: string | undefined;
  readonly search?: { readonly text: string; readonly includeEmail: boolean } | undefined;
}

const SELECT = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  createdAt: true,
  displayName: true,
  locale: true,
  timezone: true,
  avatarUrl: true,
  deletedAt: true,
} as const;

export class UserRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async findByIds(ids: readonly string[]): Promise<Profile[]> {
    const rows = await this.db.user.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  /** Keyset page ordered by (createdAt, id): stable under concurrent inserts. */
  async page(
    first: number,
    after: { createdAt: Date; id: string } | null,
    filter: UserListFilter = {},
  ): Promise<Profile[]> {
    // People only: service accounts are listed by `serviceAccounts` (auth).
    const where: TenantPrisma.UserWhereInput[] = [listWhere(filter), { kind: 'person' }];
    if (after)
      where.push({
        OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
      });
    const rows = await this.db.user.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: first,
      select: SELECT,
    });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  /** One UPDATE of the given fields, only while the user is not deleted; null when no such user. */
  async updateProfile(id: string, data: ProfileChanges): Promise<Profile | null> {
    const [row] = await this.db.user.updateManyAndReturn({
      where: { id, status: { not: 'deleted' } },
      data,
      select: SELECT,
    });
    return row ? { ...row, tenantId: this.tenantId } : null;
  }

  /** Moves a user between statuses only from the expected one (compare-and-set); null when it did not match. */
  async setStatus(id: string, from: readonly string[], to: string): Promise<Profile | null> {
    const updated = await this.db.user.updateManyAndReturn({
      where: { id, status: { in: [...from] } },
      data: { status: to },
      select: SELECT,
    });
    const [row] = updated;
    return row ? { ...row, tenantId: this.tenantId } : null;
  }
}

/**
 * The `users` filter as one query condition. Roles are rows of user_roles, matched by name; the
 * search is a case-insensitive substring (ILIKE) of names, and of the email when allowed, with
 * the LIKE wildcards of the text escaped so "%" or "_" match only themselves.
 */
function listWhere(filter: UserListFilter): TenantPrisma.UserWhereInput {
  const and: TenantPrisma.UserWhereInput[] = [
    filter.status ? { status: filter.status } : { status: { not: 'deleted' } },
  ];
  if (filter.role !== undefined) and.push({ roles: { some: { role: filter.role } } });
  if (filter.search) {
    const contains = { contains: escapeLike(filter.search.text), mode: 'insensitive' as const };
    const fields: TenantPrisma.UserWhereInput[] = [
      { firstName: contains },
      { lastName: contains },
      { displayName: contains },
    ];
    if (filter.search.includeEmail) fields.push({ email: contains });
    and.push({ OR: fields });
  }
  return { AND: and };
}

/** Escapes LIKE's wildcards and its escape character (PostgreSQL's default ESCAPE is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
