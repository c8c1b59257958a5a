import type { ControlPrisma, ControlPrismaClient, Tenant } from '@tradesage/prisma';

export type TenantRow = Omit<Tenant, 'settings'>;

const SELECT = {
  id: true,
  slug: true,
  name: true,
  domain: true,
  status: true,
  plan: true,
  createdAt: true,
  updatedAt: true,
  suspendedAt: true,
  suspensionReason: true,
  cancelledAt: true,
  purgeAfter: true,
  purgedAt: true,
} as const satisfies ControlPrisma.TenantSelect;

export interface TenantPageFilter {
  readonly status?: string | undefined;
  /** Case-insensitive substring of slug, name or domain. */
  readonly search?: string | undefined;
}

export type TenantChanges = Partial<
  Pick<Tenant, 'status' | 'suspendedAt' | 'suspensionReason' | 'cancelledAt' | 'purgeAfter' | 'domain' | 'plan'>
>;

/** The registry (control.tenants): the only code of this subgraph that reads or writes it. */
export class TenantRepository {
  constructor(private readonly control: ControlPrismaClient) {}

  findByIds(ids: readonly string[]): Promise<TenantRow[]> {
    return this.control.tenant.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
  }

  findById(id: string): Promise<TenantRow | null> {
    return this.control.tenant.findUnique({ where: { id }, select: SELECT });
  }

  findBySlug(slug: string): Promise<TenantRow | null> {
    return this.control.tenant.findUnique({ where: { slug }, select: SELECT });
  }

  /** Oldest first, keyset-paginated on (createdAt, id); returns up to `take` rows. */
  page(filter: TenantPageFilter, take: number, after: { createdAt: Date; id: string } | null): Promise<TenantRow[]> {
    const search = filter.search?.trim();
    const and: ControlPrisma.TenantWhereInput[] = [];
    if (filter.status) and.push({ status: filter.status });
    if (search) {
      and.push({
        OR: [
          { slug: { contains: search, mode: 'insensitive' } },
          { name: { contains: search, mode: 'insensitive' } },
          { domain: { contains: search, mode: 'insensitive' } },
        ],
      });
    }
    if (after)
      and.push({ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] });
    return this.control.tenant.findMany({
      where: { AND: and },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: SELECT,
    });
  }

  /**
   * Applies `changes` only if the tenant still has status `from` (compare-and-set): two admins
   * acting at once cannot both move the same tenant. Null when the status had changed.
   */
  async updateIfStatus(id: string, from: string, changes: TenantChanges): Promise<TenantRow | null> {
    const { count } = await this.control.tenant.updateMany({ where: { id, status: from }, data: changes });
    return count === 1 ? this.findById(id) : null;
  }

  update(id: string, changes: TenantChanges): Promise<TenantRow> {
    return this.control.tenant.update({ where: { id }, data: changes, select: SELECT });
  }

  /** Stored settings and the row's version (`updatedAt`) for a compare-and-set save. */
  settingsOf(id: string): Promise<{ status: string; settings: unknown; updatedAt: Date } | null> {
    return this.control.tenant.findUnique({ where: { id }, select: { status: true, settings: true, updatedAt: true } });
  }

  /** Saves only if nobody changed the row since `version` was read; false otherwise. */
  async saveSettingsIf(id: string, version: Date, settings: Record<string, unknown>): Promise<boolean> {
    const { count } = await this.control.tenant.updateMany({
      where: { id, updatedAt: version },
      data: { settings: settings as ControlPrisma.InputJsonObject },
    });
    return count === 1;
  }
}
