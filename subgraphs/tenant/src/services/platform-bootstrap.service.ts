import type { Runtime } from '@tradesage/core';
import crypto from 'node:crypto';
import { PLATFORM_TENANT_SLUG } from '@tradesage/prisma';
import { provisionTenantWithUsers, validateEmail, validatePassword } from './tenant-provisioning.service.ts';

/**
 * Makes sure the reserved `platform` tenant exists and, when PLATFORM_ADMIN_EMAIL /
 * PLATFORM_ADMIN_PASSWORD are set, that it has that platform administrator. Idempotent:
 * safe on every start of every instance (a concurrent creator loses on the unique slug).
 */
export async function bootstrapPlatform(runtime: Runtime): Promise<{ tenantId: string; adminCreated: boolean }> {
  const admin = runtime.config.platformAdmin;
  let tenant = await runtime.db.control.tenant.findUnique({ where: { slug: PLATFORM_TENANT_SLUG } });
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
      tenant = await runtime.db.control.tenant.findUnique({ where: { slug: PLATFORM_TENANT_SLUG } });
      if (!tenant) throw error;
    }
  }
  if (!admin) return { tenantId: tenant.id, adminCreated: false };
  const email = validateEmail(admin.email, 'PLATFORM_ADMIN_EMAIL');
  validatePassword(admin.password.reveal(), 'PLATFORM_ADMIN_PASSWORD');
  const existing = await runtime.db.tenant(tenant.id).user.findUnique({ where: { email } });
  if (existing) return { tenantId: tenant.id, adminCreated: false };
  const hash = await runtime.passwords.hash(admin.password.reveal());
  await runtime.db.tenant(tenant.id).user.upsert({
    where: { email },
    create: { id: crypto.randomUUID(), email, passwordHash: hash, roles: { create: { role: 'platform_admin' } } },
    update: {},
  });
  runtime.logger.info('created the first platform administrator');
  return { tenantId: tenant.id, adminCreated: true };
}
