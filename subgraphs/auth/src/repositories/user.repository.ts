import type { TenantPrismaClient } from '@tradesage/prisma';

/** The security view of a user; every row carries its tenant so shield can check it. */
export interface SecurityUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
  readonly passwordHash: string | null;
  readonly lastLoginAt: Date | null;
}

const SELECT = { id: true, email: true, role: true, status: true, passwordHash: true, lastLoginAt: true } as const;

export class UserRepository {
  constructor(
    private readonly db: TenantPrismaClient,
    private readonly tenantId: string,
  ) {}

  async findByEmail(email: string): Promise<SecurityUser | null> {
    const row = await this.db.user.findUnique({ where: { email: email.toLowerCase() }, select: SELECT });
    return row ? { ...row, tenantId: this.tenantId } : null;
  }

  async findById(id: string): Promise<SecurityUser | null> {
    const row = await this.db.user.findUnique({ where: { id }, select: SELECT });
    return row ? { ...row, tenantId: this.tenantId } : null;
  }

  async findByIds(ids: readonly string[]): Promise<SecurityUser[]> {
    const rows = await this.db.user.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
    return rows.map((row) => ({ ...row, tenantId: this.tenantId }));
  }

  async recordLogin(id: string, at: Date, newPasswordHash?: string): Promise<void> {
    await this.db.user.update({
      where: { id },
      data: { lastLoginAt: at, failedLoginCount: 0, ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}) },
    });
  }

  async recordFailure(id: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { failedLoginCount: { increment: 1 } } });
  }
}
