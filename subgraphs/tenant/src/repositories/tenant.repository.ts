import type { ControlPrismaClient, Tenant } from '@tradesage/prisma';

export type TenantRow = Pick<Tenant, 'id' | 'slug' | 'name' | 'status' | 'createdAt'>;

const SELECT = { id: true, slug: true, name: true, status: true, createdAt: true } as const;

export class TenantRepository {
  constructor(private readonly control: ControlPrismaClient) {}

  findByIds(ids: readonly string[]): Promise<TenantRow[]> {
    return this.control.tenant.findMany({ where: { id: { in: [...ids] } }, select: SELECT });
  }

  findBySlug(slug: string): Promise<TenantRow | null> {
    return this.control.tenant.findUnique({ where: { slug }, select: SELECT });
  }
}
