import { parseTenantSettings, type TenantSettings } from '@tradesage/core';
import type { ControlPrismaClient } from '@tradesage/prisma';

/** A tenant with its settings (sign-up mode, allowed domains, password policy). */
export interface AccountTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly status: string;
  /** The tenant's custom domain, if any (the relying party of its passkeys). */
  readonly domain: string | null;
  readonly settings: TenantSettings;
}

const SELECT = { id: true, slug: true, name: true, status: true, domain: true, settings: true } as const;

export class AccountTenantRepository {
  constructor(private readonly control: ControlPrismaClient) {}

  /** By slug, or by custom domain when the value contains a dot (as login does). */
  async findBySlugOrDomain(slugOrDomain: string): Promise<AccountTenant | null> {
    const value = slugOrDomain.trim().toLowerCase();
    if (value.length === 0 || value.length > 253) return null;
    const row = await this.control.tenant.findUnique({
      where: value.includes('.') ? { domain: value } : { slug: value },
      select: SELECT,
    });
    return row ? { ...row, settings: parseTenantSettings(row.settings) } : null;
  }

  async findById(id: string): Promise<AccountTenant | null> {
    const row = await this.control.tenant.findUnique({ where: { id }, select: SELECT });
    return row ? { ...row, settings: parseTenantSettings(row.settings) } : null;
  }
}
