import {
  AppError,
  applyTenantSettingsPatch,
  forgetTenantSettings,
  NotFoundError,
  parseTenantSettings,
  RequestService,
  type TenantSettings,
} from '@tradesage/core';
import { FieldsInvalidError } from '../errors.ts';
import { TenantRepository } from '../repositories/tenant.repository.ts';
import { auditTenant } from './tenant-audit.ts';

const ATTEMPTS = 3;

/**
 * A tenant's settings (control.tenants.settings), typed and validated by the core zod schema.
 * Every service reads them from the registry when it needs them (login reads them on every
 * login), so a change takes effect on the next request. The gateway alone caches them per process
 * (IP binding, the tenant's request budget) for at most 30 s; a save here clears this process's copy.
 */
export class TenantSettingsService extends RequestService {
  readonly #tenants = new TenantRepository(this.runtime.db.control);

  async read(tenantId: string): Promise<TenantSettings> {
    const row = await this.#tenants.settingsOf(tenantId);
    if (!row) throw new NotFoundError('Tenant');
    return parseTenantSettings(row.settings);
  }

  /**
   * Merges `patch` into the stored settings (null resets a key to its default), refuses the whole
   * update with every bad field listed, and saves with compare-and-set so two admins changing
   * different keys at once both keep their change.
   */
  async update(id: string, patch: Readonly<Record<string, unknown>>): Promise<TenantSettings> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const row = await this.#tenants.settingsOf(id);
      if (!row || row.status === 'purged') throw new NotFoundError('Tenant');
      const result = applyTenantSettingsPatch(row.settings, patch);
      if (!result.ok) throw new FieldsInvalidError('settings', result.fields);
      if (!(await this.#tenants.saveSettingsIf(id, row.updatedAt, result.stored))) continue;
      // A gateway in this process applies the change on the next request; others within their cache time.
      forgetTenantSettings(this.runtime, id);
      await auditTenant(
        this.runtime,
        this.caller,
        id,
        { action: 'tenant.settings_updated', data: { changed: changedPaths(patch).join(',') } },
        { tenantLog: true },
      );
      return result.settings;
    }
    throw new AppError('CONFLICT', 'The settings changed while saving; try again');
  }
}

/** Dotted paths of what a patch sets or resets: `passwordPolicy.minLength,mfa.required`. */
export function changedPaths(patch: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const path = `${prefix}${key}`;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? changedPaths(value as Record<string, unknown>, `${path}.`)
      : [path];
  });
}
