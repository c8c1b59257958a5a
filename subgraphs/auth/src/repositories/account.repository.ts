import type { TenantPrismaClient } from '@tradesage/prisma';
import { OneTimeTokenRepository, type TenantDb } from './one-time-token.repository.ts';

/** A user as the account flows (password, email, sign-up, invitation) see it. */
export interface AccountUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  /** person | service (a service account: no password, never signs in). */
  readonly kind: string;
  readonly username: string | null;
  /** The roles held, sorted. */
  readonly roles: readonly string[];
  /** active | disabled | invited */
  readonly status: string;
  readonly passwordHash: string | null;
  readonly emailVerifiedAt: Date | null;
  readonly pendingEmail: string | null;
  readonly failedLoginCount: number;
  readonly lockoutLevel: number;
  readonly lockedUntil: Date | null;
  readonly lockedPermanently: boolean;
}

const SELECT = {
  id: true,
  email: true,
  kind: true,
  username: true,
  roles: { select: { role: true }, orderBy: { role: 'asc' } },
  status: true,
  passwordHash: true,
  emailVerifiedAt: true,
  pendingEmail: true,
  failedLoginCount: true,
  lockoutLevel: true,
  lockedUntil: true,
  lockedPermanently: true,
} as const;

export interface NewAccount {
  readonly id: string;
  readonly email: string;
  /** The one role a new account starts with. */
  readonly role: string;
  readonly status: 'active' | 'invited';
  readonly passwordHash: string | null;
  readonly firstName: string;
  readonly lastName: string;
}

/** Users' credentials and addresses for the account flows. Emails are stored lowercased. */
export class AccountRepository {
  constructor(
    private readonly db: TenantDb,
    private readonly tenantId: string,
  ) {}

  async findById(id: string): Promise<AccountUser | null> {
    const row = await this.db.user.findUnique({ where: { id }, select: SELECT });
    return row ? this.#toAccountUser(row) : null;
  }

  async findByEmail(email: string): Promise<AccountUser | null> {
    const row = await this.db.user.findUnique({ where: { email: email.toLowerCase() }, select: SELECT });
    return row ? this.#toAccountUser(row) : null;
  }

  #toAccountUser<T extends { roles: ReadonlyArray<{ role: string }> }>(
    row: T,
  ): Omit<T, 'roles'> & { roles: string[]; tenantId: string } {
    return { ...row, roles: row.roles.map((assignment) => assignment.role), tenantId: this.tenantId };
  }

  async emailVerifiedAt(ids: readonly string[]): Promise<Map<string, Date | null>> {
    const rows = await this.db.user.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, emailVerifiedAt: true },
    });
    return new Map(rows.map((row) => [row.id, row.emailVerifiedAt]));
  }

  /** Throws Prisma P2002 when the email is taken (the caller maps it). */
  async create(input: NewAccount): Promise<void> {
    const { role, ...user } = input;
    await this.db.user.create({ data: { ...user, email: input.email.toLowerCase(), roles: { create: { role } } } });
  }

  /**
   * Replaces the password hash only if it is still `expectedHash` (compare-and-set), so a
   * change racing another change or a reset cannot silently overwrite it. `verifiedEmail`: the
   * address the request proved the user receives mail at; marks it verified if it is theirs.
   */
  async setPassword(
    id: string,
    input: { expectedHash: string | null; newHash: string; at: Date; verifiedEmail?: string | null },
  ): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id, passwordHash: input.expectedHash },
      data: { passwordHash: input.newHash, passwordChangedAt: input.at },
    });
    if (result.count !== 1) return false;
    if (input.verifiedEmail) {
      await this.db.user.updateMany({
        where: { id, email: input.verifiedEmail, emailVerifiedAt: null },
        data: { emailVerifiedAt: input.at },
      });
    }
    return true;
  }

  /** An invited user chooses a password: active, address verified (the invitation reached it). */
  async activateInvited(id: string, passwordHash: string, at: Date): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id, status: 'invited' },
      // Accepting signs the invitee in: their first login.
      data: { status: 'active', passwordHash, passwordChangedAt: at, emailVerifiedAt: at, lastLoginAt: at },
    });
    return result.count === 1;
  }

  /**
   * A repeated invitation of a user who has not accepted yet may change their role (it replaces
   * whatever they held) and names. Run it in a transaction (inAccountTransaction).
   */
  async updateInvited(id: string, input: { role: string; firstName: string; lastName: string }): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id, status: 'invited' },
      data: { firstName: input.firstName, lastName: input.lastName },
    });
    if (result.count !== 1) return false;
    await this.db.userRole.deleteMany({ where: { userId: id } });
    await this.db.userRole.create({ data: { userId: id, role: input.role } });
    return true;
  }

  async setPendingEmail(id: string, pendingEmail: string | null): Promise<void> {
    await this.db.user.update({ where: { id }, data: { pendingEmail } });
  }

  /** Marks `email` verified if it is still the user's address. */
  async markEmailVerified(id: string, email: string, at: Date): Promise<boolean> {
    const result = await this.db.user.updateMany({ where: { id, email }, data: { emailVerifiedAt: at } });
    return result.count === 1;
  }

  /** Makes the verified pending address the user's email. Throws Prisma P2002 when another user has it now. */
  async adoptPendingEmail(id: string, pendingEmail: string, at: Date): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id, pendingEmail },
      data: { email: pendingEmail, pendingEmail: null, emailVerifiedAt: at },
    });
    return result.count === 1;
  }
}

export interface AccountUnitOfWork {
  readonly accounts: AccountRepository;
  readonly tokens: OneTimeTokenRepository;
}

/** Runs `fn` in one transaction: every row it changes commits together or not at all. */
export function inAccountTransaction<T>(
  db: TenantPrismaClient,
  tenantId: string,
  fn: (work: AccountUnitOfWork) => Promise<T>,
): Promise<T> {
  return db.$transaction((tx) =>
    fn({ accounts: new AccountRepository(tx, tenantId), tokens: new OneTimeTokenRepository(tx) }),
  );
}

/** Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
