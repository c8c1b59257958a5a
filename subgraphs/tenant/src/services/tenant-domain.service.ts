import { NotFoundError, RequestService } from '@tradesage/core';
import { platformHosts } from '../config.ts';
import { DomainTakenError } from '../errors.ts';
import { TenantRepository, type TenantRow } from '../repositories/tenant.repository.ts';
import { auditTenant } from './tenant-audit.ts';
import { normaliseTenantDomain } from './tenant-domain.ts';

/** A tenant's custom domain: users sign in with it in place of the slug (auth's findForLogin). */
export class TenantDomainService extends RequestService {
  readonly #tenants = new TenantRepository(this.runtime.db.control);

  /** Sets (or with null removes) the domain. Unique across tenants: DOMAIN_TAKEN otherwise. */
  async setDomain(tenantId: string, domain: string | null): Promise<TenantRow> {
    const current = await this.#tenants.findById(tenantId);
    if (!current || current.status === 'purged') throw new NotFoundError('Tenant');
    const next = domain === null ? null : normaliseTenantDomain(domain, platformHosts(this.runtime.config));
    if (next === current.domain) return current;
    let updated: TenantRow;
    try {
      updated = await this.#tenants.update(current.id, { domain: next });
    } catch (error) {
      // The only unique column this update writes is the domain.
      if ((error as { code?: string }).code === 'P2002') throw new DomainTakenError();
      throw error;
    }
    await auditTenant(
      this.runtime,
      this.caller,
      current.id,
      { action: 'tenant.domain_changed', data: { from: current.domain, to: next } },
      { tenantLog: true },
    );
    return updated;
  }
}
