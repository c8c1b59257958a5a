import { isUuid, quoteIdent, tenantSchemaName, type TenantPrismaClient } from '@tradesage/prisma';

/** The security view of a user; every row carries its tenant so shield can check it. */
export interface SecurityUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  /** The roles held now, sorted (the access token's informational `roles` claim). */
  readonly roles: readonly string[];
  readonly status: string;
  readonly passwordHash: string | null;
  readonly lastLoginAt: Date | null;
}

const SELECT = {
  id: true,
  email: true,
  roles: { select: { role: true }, orderBy: { role: 'asc' } },
  status: true,
  passwordHash: true,
  lastLoginAt: true,
} as const;

/** A selected row with its role assignments flattened to names and its tenant attached. */
function withRoleNames<T extends { roles: ReadonlyArray<{ role: string }> }>(
  row: T,
  tenantId: string,
): Omit<T, 'roles'> & { roles: string[]; tenantId: string } {
  return { ...row, roles: row.roles.map((assignment) => assignment.role), tenantId };
}

/** What this subgraph's `User` entity resolves to (codegen maps `User` to this shape). */
export interface UserEntity {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly lastLoginAt: Date | null;
}

/** What login reads: the security view plus the username and the lockout state. */
export interface LoginUser extends SecurityUser {
  readonly username: string | null;
  readonly failedLoginCount: number;
  readonly lockoutLevel: number;
  readonly lockedUntil: Date | null;
  readonly lockedPermanently: boolean;
}

const LOGIN_SELECT = {
  ...SELECT,
  username: true,
  failedLoginCount: true,
  lockoutLevel: true,
  lockedUntil: true,
  lockedPermanently: true,
} as const;

/** The lockout columns of a user row (see services/lockout.ts). */
export interface LockoutColumns {
  readonly failedLoginCount: number;
  readonly lockoutLevel: number;
  readonly lockedUntil: Date | null;
  readonly lockedPermanently: boolean;
}

interface SecurityUserRow {
  id: string;
  email: string;
  status: string;
  password_hash: string | null;
  last_login_at: Date | string | null;
  roles: string[];
}

interface LockoutRow {
  failed_login_count: number;
  lockout_level: number;
  locked_until: Date | string | null;
  locked_permanently: boolean;
}

/** Lifts any lockout of a user and resets the ladder; false when no such user. */
export async function clearLockout(db: TenantPrismaClient, userId: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId },
    data: { failedLoginCount: 0, lockoutLevel: 0, lockedUntil: null, lockedPermanently: false },
  });
  return count === 1;
}

export class UserRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async findByEmail(email: string): Promise<SecurityUser | null> {
    const row = await this.db.user.findUnique({ where: { email: email.toLowerCase() }, select: SELECT });
    return row ? withRoleNames(row, this.tenantId) : null;
  }

  /** The login view of a user found by id (a passkey named them). */
  async findForLoginById(id: string): Promise<LoginUser | null> {
    const row = await this.db.user.findUnique({ where: { id }, select: LOGIN_SELECT });
    return row ? withRoleNames(row, this.tenantId) : null;
  }

  /**
   * The user signing in, by email or by username. Both are stored lowercased (a CHECK constraint
   * for usernames), so case variants of one identifier are one account and one lockout counter.
   */
  async findForLogin(by: { email: string } | { username: string }): Promise<LoginUser | null> {
    const where =
      'email' in by ? { email: by.email.trim().toLowerCase() } : { username: by.username.trim().toLowerCase() };
    // A service account never signs in (no password; never a person's identifier either).
    const row = await this.db.user.findUnique({ where: { ...where, kind: 'person' }, select: LOGIN_SELECT });
    return row ? withRoleNames(row, this.tenantId) : null;
  }

  /**
   * The security view of a user found by id, roles included, in one statement (a refresh and a
   * sign-in's second step read it on every call; Prisma's `include` would take two).
   */
  async findById(id: string): Promise<SecurityUser | null> {
    if (!isUuid(id)) return null;
    const schema = quoteIdent(tenantSchemaName(this.tenantId));
    const rows = await this.db.$queryRawUnsafe<SecurityUserRow[]>(
      `SELECT u.id, u.email, u.status, u.password_hash, u.last_login_at,
              coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
         FROM ${schema}.users u LEFT JOIN ${schema}.user_roles r ON r.user_id = u.id
        WHERE u.id = $1::uuid
        GROUP BY u.id`,
      id,
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          tenantId: this.tenantId,
          email: row.email,
          roles: row.roles,
          status: row.status,
          passwordHash: row.password_hash,
          lastLoginAt: row.last_login_at === null ? null : new Date(row.last_login_at),
        }
      : null;
  }

  /** The `User` entity of this subgraph (federation): only its own fields, never the password hash. */
  async findEntitiesByIds(ids: readonly string[]): Promise<UserEntity[]> {
    const rows = await this.db.user.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, email: true, lastLoginAt: true },
    });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  /** A successful login: stamps it, resets the lockout count and ladder, and stores an upgraded hash. */
  async recordLogin(id: string, at: Date, newPasswordHash?: string): Promise<void> {
    await this.db.user.update({
      where: { id },
      data: {
        lastLoginAt: at,
        failedLoginCount: 0,
        lockoutLevel: 0,
        lockedUntil: null,
        ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}),
      },
    });
  }

  /**
   * Read-modify-write of a user's lockout columns under a row lock (SELECT ... FOR UPDATE), so
   * concurrent failed logins are applied one after the other and every one counts. `change`
   * returns the new columns, or null to leave the row as it is. Returns what `change` returned
   * together with what it saw; null when there is no such user.
   */
  async updateLockout<T extends { next: LockoutColumns | null }>(
    id: string,
    change: (current: LockoutColumns) => T,
  ): Promise<(T & { before: LockoutColumns }) | null> {
    // Schema-qualified (never search_path); the name comes from the tenant id alone, quoted.
    const table = `${quoteIdent(tenantSchemaName(this.tenantId))}.users`;
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<LockoutRow[]>(
        `SELECT failed_login_count, lockout_level, locked_until, locked_permanently FROM ${table} WHERE id = $1::uuid FOR UPDATE`,
        id,
      );
      const row = rows[0];
      if (!row) return null;
      const before: LockoutColumns = {
        failedLoginCount: Number(row.failed_login_count),
        lockoutLevel: Number(row.lockout_level),
        lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
        lockedPermanently: row.locked_permanently,
      };
      const result = change(before);
      if (result.next) await tx.user.update({ where: { id }, data: { ...result.next } });
      return { ...result, before };
    });
  }
}
