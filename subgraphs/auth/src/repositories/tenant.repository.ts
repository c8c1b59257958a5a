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

  /** A tenant's slug (its issuer's path), or null when there is no such tenant. */
  async slugOf(id: string): Promise<string | null> {
    return (await this.control.tenant.findUnique({ where: { id }, select: { slug: true } }))?.slug ?? null;
  }

  /** The active tenant whose custom domain is `domain` (lowercase DNS name); null for any other value. */
  async findById(id: string): Promise<LoginTenant | null> {
    return this.control.tenant.findUnique({ where: { id }, select: { id: true, status: true, settings: true } });
  }

  async activeByDomain(domain: string): Promise<{ slug: string; name: string } | null> {
    const value = domain.trim().toLowerCase().replace(/\.$/, '');
    if (!value.includes('.') || value.length > 253) return null;
    return this.control.tenant.findFirst({
      where: { domain: value, status: 'active' },
      select: { slug: true, name: true },
    });
  }
}
