import type { TenantPrismaClient } from '@tradesage/prisma';

/** What the demo seed needs of a demo user on a restart: whether its first password can still sign in. */
export class DemoUserRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  signInState(email: string): Promise<{ status: string; passwordHash: string | null } | null> {
    return this.db.user.findUnique({ where: { email }, select: { status: true, passwordHash: true } });
  }
}
