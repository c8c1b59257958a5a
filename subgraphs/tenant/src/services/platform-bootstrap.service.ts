import { validEmail, type Runtime } from '@tradesage/core';
import { PLATFORM_TENANT_SLUG } from '@tradesage/prisma';
import { PlatformAdminRepository } from '../repositories/platform-admin.repository.ts';
import { TenantRepository } from '../repositories/tenant.repository.ts';
import { provisionTenantWithUsers, validatePassword } from './tenant-provisioning.service.ts';

/**
 * Makes sure the reserved `platform` tenant exists and, when PLATFORM_ADMIN_EMAIL /
 * PLATFORM_ADMIN_PASSWORD are set, that it has that platform administrator. Idempotent:
 * safe on every start of every instance (a concurrent creator loses on the unique slug).
 */
export async function bootstrapPlatform(runtime: Runtime): Promise<{ tenantId: string; adminCreated: boolean }> {
  const admin = runtime.config.platformAdmin;
  const tenants = new TenantRepository(runtime.db.control);
  let tenant = await tenants.findBySlug(PLATFORM_TENANT_SLUG);
  if (!tenant) {
    try {
      const created = await provisionTenantWithUsers(runtime, {
        slug: PLATFORM_TENANT_SLUG,
        name: 'TradeSage platform',
        allowReservedSlug: true,
        passwordCheck: 'bootstrap',
        users: admin ? [{ email: admin.email, password: admin.password.reveal(), role: 'platform_admin' }] : [],
      });
      runtime.logger.info({ tenantId: created.id }, 'created the platform tenant');
      return { tenantId: created.id, adminCreated: Boolean(admin) };
    } catch (error) {
      tenant = await tenants.findBySlug(PLATFORM_TENANT_SLUG);
      if (!tenant) throw error;
    }
  }
  if (!admin) return { tenantId: tenant.id, adminCreated: false };
  const email = validEmail(admin.email, 'PLATFORM_ADMIN_EMAIL');
  validatePassword(admin.password.reveal(), 'PLATFORM_ADMIN_PASSWORD');
  const admins = new PlatformAdminRepository(runtime.db.tenant(tenant.id));
  if (await admins.exists(email)) return { tenantId: tenant.id, adminCreated: false };
  await admins.create(email, await runtime.passwords.hash(admin.password.reveal()));
  runtime.logger.info('created the first platform administrator');
  return { tenantId: tenant.id, adminCreated: true };
}
