-- Tenant lifecycle: suspension, purge bookkeeping, plans, and the indexes behind the
-- platform's tenant list and the purge job. Must match prisma/control.prisma
-- (schema-drift.integration.test.ts).

ALTER TABLE control.tenants
    ADD COLUMN suspended_at timestamptz(3),
    ADD COLUMN suspension_reason text,
    ADD COLUMN purged_at timestamptz(3),
    -- Plans are quotas (TENANT_PLANS in packages/core/src/domains/tenants/tenant-quota.service.ts): a typo must not become a plan.
    ADD CONSTRAINT tenants_plan_check CHECK (plan IN ('free', 'team', 'enterprise')),
    -- A cancelled tenant always knows when it may be purged (purgeExpiredTenants relies on it).
    ADD CONSTRAINT tenants_cancelled_purge_after_check CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND purge_after IS NOT NULL));

-- `tenants(first, after)` pages in (created_at, id) order; the purge job looks for due tenants.
CREATE INDEX tenants_created_at_id_idx ON control.tenants (created_at, id);
CREATE INDEX tenants_status_purge_after_idx ON control.tenants (status, purge_after);

-- Defence in depth: only a schema's owner creates objects in `public`.
-- PostgreSQL 15 already defaults to this for new databases; older clusters and databases
-- restored from older dumps still grant CREATE to everyone, so say it explicitly.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
