import { parseTenantSettings, type TenantSettings } from '@tradesage/core';
import type { ControlPrismaClient } from '@tradesage/prisma';

/** A tenant's settings as the token service needs them (sessions' lifetime and idle timeout). */
export class TenantSettingsRepository {
  constructor(private readonly control: ControlPrismaClient) {}

  /** The tenant's session settings, defaults filled in; the defaults when the tenant is gone. */
  async sessions(tenantId: string): Promise<TenantSettings['sessions']> {
    const row = await this.control.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
    return parseTenantSettings(row?.settings).sessions;
  }
}
