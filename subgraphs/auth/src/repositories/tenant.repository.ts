import type { ControlPrismaClient } from '@tradesage/prisma';

export interface LoginTenant {
  readonly id: string;
  readonly status: string;
  /** control.tenants.settings as stored; parse with parseTenantSettings. */
  readonly settings: unknown;
}

export class TenantRepository {
  constructor(private readonly control: ControlPrismaClient) {}

  /** A tenant by slug, or by custom domain when the value contains a dot. */
  async findForLogin(slugOrDomain: string): Promise<LoginTenant | null> {
    const value = slugOrDomain.trim().toLowerCase();
    if (value.length === 0 || value.length > 253) return null;
    return this.control.tenant.findUnique({
      where: value.includes('.') ? { domain: value } : { slug: value },
      select: { id: true, status: true, settings: true },
    });
  }
}
