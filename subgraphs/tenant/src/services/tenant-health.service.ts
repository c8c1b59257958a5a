import { NotFoundError, type Runtime, planLimits, readApiCalls, usageWindow, type UsagePeriod } from '@tradesage/core';
import { inspectTenantMigrations, tenantStorageBytes, tenantTableStats } from '@tradesage/prisma';
import { TenantActivityRepository, type UserCounts } from '../repositories/tenant-activity.repository.ts';
import { TenantRepository, type TenantRow } from '../repositories/tenant.repository.ts';

export interface TenantUsage {
  readonly tenant: TenantRow;
  readonly period: UsagePeriod;
  readonly from: Date;
  readonly to: Date;
  readonly users: UserCounts;
  readonly maxUsers: number | null;
  readonly activeSessions: number;
  readonly sessionsStarted: number;
  readonly storageBytes: number;
  readonly apiCalls: number | null;
}

const NO_USERS: UserCounts = Object.freeze({ total: 0, active: 0, invited: 0, disabled: 0, deleted: 0 });

/** Health and usage of one tenant, read from its schema and the registry. */
export class TenantHealthService {
  readonly #tenants: TenantRepository;

  constructor(private readonly runtime: Runtime) {
    this.#tenants = new TenantRepository(runtime.db.control);
  }

  /** A tenant's schema, migrations, tables and last activity, as `tenantHealth` answers it. */
  async health(tenantId: string) {
    const tenant = await this.#tenant(tenantId);
    const migrations = await inspectTenantMigrations(this.runtime.db.pool, tenant.id);
    const present = migrations.present;
    return {
      tenant,
      schemaPresent: present,
      migrationsCurrent: migrations.current,
      appliedMigrations: migrations.applied,
      pendingMigrations: migrations.pending,
      unknownMigrations: migrations.unknown,
      changedMigrations: migrations.changed,
      tables: present ? await tenantTableStats(this.runtime.db.pool, tenant.id) : [],
      lastActivityAt: present
        ? await new TenantActivityRepository(this.runtime.db.tenant(tenant.id)).lastActivityAt()
        : null,
    };
  }

  async usage(tenantId: string, period: UsagePeriod, now = new Date()): Promise<TenantUsage> {
    const tenant = await this.#tenant(tenantId);
    const window = usageWindow(period, now);
    const present = tenant.status !== 'purged';
    const activity = new TenantActivityRepository(this.runtime.db.tenant(tenant.id));
    const [users, activeSessions, sessionsStarted, storageBytes, apiCalls] = await Promise.all([
      present ? activity.userCounts() : NO_USERS,
      present ? activity.activeSessions(now) : 0,
      present ? activity.sessionsStartedSince(window.from) : 0,
      present ? tenantStorageBytes(this.runtime.db.pool, tenant.id) : 0,
      readApiCalls(this.runtime.redis, tenant.id, window.days),
    ]);
    return {
      tenant,
      period,
      from: window.from,
      to: window.to,
      users,
      maxUsers: planLimits(tenant.plan).maxUsers,
      activeSessions,
      sessionsStarted,
      storageBytes,
      apiCalls,
    };
  }

  async #tenant(tenantId: string): Promise<TenantRow> {
    const tenant = await this.#tenants.findById(tenantId);
    if (!tenant) throw new NotFoundError('Tenant');
    return tenant;
  }
}
