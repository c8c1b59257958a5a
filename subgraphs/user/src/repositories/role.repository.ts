import { quoteIdent, tenantSchemaName, type TenantPrisma, type TenantPrismaClient } from '@tradesage/prisma';

/** A tenant client or the client of an open transaction. */
type TenantDb = TenantPrismaClient | TenantPrisma.TransactionClient;

/** A role row with the number of users holding it. */
export interface RoleRow {
  readonly name: string;
  readonly description: string;
  readonly parent: string | null;
  readonly permissions: string[];
  readonly builtin: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly userCount: number;
}

const SELECT = {
  name: true,
  description: true,
  parent: true,
  permissions: true,
  builtin: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { users: true } },
} as const;

function toRow({ _count, ...role }: { _count: { users: number } } & Omit<RoleRow, 'userCount'>): RoleRow {
  return { ...role, userCount: _count.users };
}

/** roles and user_roles of one tenant: role definitions and who holds them. */
export class RoleRepository {
  constructor(
    private readonly db: TenantDb,
    private readonly tenantId: string,
  ) {}

  async list(): Promise<RoleRow[]> {
    const rows = await this.db.role.findMany({ select: SELECT, orderBy: { name: 'asc' } });
    return rows.map(toRow);
  }

  async countCustom(): Promise<number> {
    return this.db.role.count({ where: { builtin: false } });
  }

  async children(name: string): Promise<string[]> {
    const rows = await this.db.role.findMany({
      where: { parent: name },
      select: { name: true },
      orderBy: { name: 'asc' },
    });
    return rows.map((row) => row.name);
  }

  async create(input: {
    name: string;
    description: string;
    parent: string;
    permissions: readonly string[];
  }): Promise<void> {
    await this.db.role.create({ data: { ...input, permissions: [...input.permissions], builtin: false } });
  }

  /** Changes a custom role; never a built-in one (the WHERE says so too). */
  async update(
    name: string,
    data: { description?: string; parent?: string; permissions?: readonly string[] },
  ): Promise<void> {
    const { permissions, ...rest } = data;
    await this.db.role.update({
      where: { name, builtin: false },
      data: { ...rest, ...(permissions ? { permissions: [...permissions] } : {}) },
    });
  }

  async delete(name: string): Promise<void> {
    await this.db.role.delete({ where: { name, builtin: false } });
  }

  /** Ids of the users holding `role`. */
  async holders(role: string): Promise<string[]> {
    const rows = await this.db.userRole.findMany({ where: { role }, select: { userId: true } });
    return rows.map((row) => row.userId);
  }

  /** Every holder of `from` holds `to` instead (once, whether or not they already had it). */
  async reassign(from: string, to: string, userIds: readonly string[]): Promise<void> {
    await this.db.userRole.createMany({ data: userIds.map((userId) => ({ userId, role: to })), skipDuplicates: true });
    await this.db.userRole.deleteMany({ where: { role: from } });
  }

  /** The roles each user holds, sorted. */
  async rolesOf(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.userRole.findMany({
      where: { userId: { in: [...userIds] } },
      select: { userId: true, role: true },
      orderBy: { role: 'asc' },
    });
    const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
    for (const row of rows) byUser.get(row.userId)?.push(row.role);
    return byUser;
  }

  /** Replaces the user's roles with `roles`. */
  async replaceUserRoles(userId: string, roles: readonly string[]): Promise<void> {
    await this.db.userRole.deleteMany({ where: { userId } });
    await this.db.userRole.createMany({ data: roles.map((role) => ({ userId, role })) });
  }

  /**
   * Serialises role-definition changes of the tenant with each other and with assignments
   * (SHARE ROW EXCLUSIVE conflicts with itself and with SHARE; plain reads are not blocked), so
   * two concurrent parent changes cannot close a loop and no assignment reads a half-changed set.
   */
  async lockForDefinitionChange(): Promise<void> {
    await this.db.$executeRawUnsafe(`LOCK TABLE ${this.#table('roles')} IN SHARE ROW EXCLUSIVE MODE`);
  }

  /** For assignments: role definitions cannot change until commit; assignments do not block each other. */
  async lockForAssignment(): Promise<void> {
    await this.db.$executeRawUnsafe(`LOCK TABLE ${this.#table('roles')} IN SHARE MODE`);
  }

  /** Locks the user's row until commit (concurrent assignments of one user apply one after the other); null when absent. */
  async lockUser(userId: string): Promise<{ status: string } | null> {
    const rows = await this.db.$queryRawUnsafe<Array<{ status: string }>>(
      `SELECT status FROM ${this.#table('users')} WHERE id = $1::uuid FOR UPDATE`,
      userId,
    );
    return rows[0] ?? null;
  }

  // Schema-qualified (never search_path); the name comes from the tenant id alone, quoted.
  #table(name: 'roles' | 'users'): string {
    return `${quoteIdent(tenantSchemaName(this.tenantId))}.${name}`;
  }
}

/** Runs `fn` in one transaction: every row it changes (and its audit event) commits together or not at all. */
export function inRoleTransaction<T>(
  db: TenantPrismaClient,
  tenantId: string,
  fn: (roles: RoleRepository, tx: TenantPrisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction((tx) => fn(new RoleRepository(tx, tenantId), tx));
}
