import { PLATFORM_TENANT_SLUG, type ControlPrismaClient, type TenantPrismaClient } from '@tradesage/prisma';

/** Reads of the tenant registry (control.tenants) and of a tenant's users that the shared domains need. */

/** Id of the reserved `platform` tenant, or null before it exists. */
export async function findPlatformTenantId(control: ControlPrismaClient): Promise<string | null> {
  const tenant = await control.tenant.findUnique({ where: { slug: PLATFORM_TENANT_SLUG }, select: { id: true } });
  return tenant?.id ?? null;
}

/** The tenant's stored plan, or null when there is no such tenant. */
export async function findTenantPlan(control: ControlPrismaClient, tenantId: string): Promise<string | null> {
  const tenant = await control.tenant.findUnique({ where: { id: tenantId }, select: { plan: true } });
  return tenant?.plan ?? null;
}

/** The tenant's settings as stored (sparse JSON), or undefined when there is no such tenant. */
export async function findStoredTenantSettings(control: ControlPrismaClient, tenantId: string): Promise<unknown> {
  const row = await control.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
  return row?.settings;
}

/** Every tenant whose schema still exists (status other than `purged`). */
export function listTenantsWithSchema(control: ControlPrismaClient): Promise<Array<{ id: string; slug: string }>> {
  return control.tenant.findMany({ where: { status: { not: 'purged' } }, select: { id: true, slug: true } });
}

/** Users that hold a seat (every person but disabled and deleted ones; service accounts hold none). */
export function countSeatedUsers(db: TenantPrismaClient): Promise<number> {
  return db.user.count({ where: { kind: 'person', status: { notIn: ['disabled', 'deleted'] } } });
}
