import { BadInputError, NotFoundError, type Runtime } from '@tradesage/core';
import type { TenantPlan } from '@tradesage/core/tenant-quota';
import { isUuid } from '@tradesage/prisma';
import { TenantRepository, type TenantPageFilter, type TenantRow } from '../repositories/tenant.repository.ts';
import { auditTenant, type AuditActor } from './tenant-audit.ts';
import { provisionTenantWithUsers, type ProvisionedTenant } from './tenant-provisioning.service.ts';

export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 100;

export interface TenantConnection {
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: TenantRow }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export interface CreateTenantInput {
  readonly slug: string;
  readonly name: string;
  readonly adminEmail: string;
  readonly adminPassword?: string | null | undefined;
  readonly plan?: TenantPlan | null | undefined;
}

/** The registry as platform administrators see it: onboarding, listing, plans. */
export class TenantRegistryService {
  readonly #tenants: TenantRepository;

  constructor(
    private readonly runtime: Runtime,
    private readonly actor: AuditActor,
  ) {
    this.#tenants = new TenantRepository(runtime.db.control);
  }

  /**
   * Onboards a tenant (issue 5, item 1): schema, default roles and settings, first admin — with
   * the given password, or `invited` without one (an invitation email must then be sent).
   */
  async create(input: CreateTenantInput): Promise<ProvisionedTenant> {
    const tenant = await provisionTenantWithUsers(this.runtime, {
      slug: input.slug,
      name: input.name,
      ...(input.plan ? { plan: input.plan } : {}),
      users: [{ email: input.adminEmail, password: input.adminPassword ?? undefined, role: 'admin' }],
    });
    await auditTenant(
      this.runtime,
      this.actor,
      tenant.id,
      { action: 'tenant.created', data: { slug: tenant.slug, plan: tenant.plan, adminInvited: tenant.invitedUserIds.length > 0 } },
      { tenantLog: true, platform: true },
    );
    this.runtime.logger.info({ tenantId: tenant.id, actor: this.actor.userId, invited: tenant.invitedUserIds.length }, 'tenant created');
    return tenant;
  }

  async page(filter: TenantPageFilter, first: number | null | undefined, after: string | null | undefined): Promise<TenantConnection> {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadInputError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
    }
    if (filter.search !== undefined && filter.search.length > MAX_SEARCH) {
      throw new BadInputError('BAD_USER_INPUT', `search must be at most ${MAX_SEARCH} characters`, { field: 'filter.search' });
    }
    const rows = await this.#tenants.page(filter, size + 1, after ? decodeCursor(after) : null);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async setPlan(tenantId: string, plan: TenantPlan): Promise<TenantRow> {
    const current = isUuid(tenantId) ? await this.#tenants.findById(tenantId.toLowerCase()) : null;
    if (!current || current.status === 'purged') throw new NotFoundError('Tenant');
    if (current.plan === plan) return current;
    const updated = await this.#tenants.update(current.id, { plan });
    await auditTenant(this.runtime, this.actor, current.id, { action: 'tenant.plan_changed', data: { from: current.plan, to: plan } }, { tenantLog: true, platform: true });
    return updated;
  }
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new BadInputError('BAD_USER_INPUT', 'after is not a valid cursor', { field: 'after' });
  }
  return { createdAt, id };
}
