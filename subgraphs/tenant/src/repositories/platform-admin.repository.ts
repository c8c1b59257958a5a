import crypto from 'node:crypto';
import type { TenantPrismaClient } from '@tradesage/prisma';

/** The platform tenant's administrators, as start-up creates the first one (platform-bootstrap.service.ts). */
export class PlatformAdminRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async exists(email: string): Promise<boolean> {
    return (await this.db.user.findUnique({ where: { email }, select: { id: true } })) !== null;
  }

  /** Creates the user with the platform_admin role; a concurrent creator of the same address wins, no error. */
  async create(email: string, passwordHash: string): Promise<void> {
    await this.db.user.upsert({
      where: { email },
      create: { id: crypto.randomUUID(), email, passwordHash, roles: { create: { role: 'platform_admin' } } },
      update: {},
    });
  }
}
