-- Permission-cache invalidations that could not reach Redis when a role change
-- committed: a user's roles changed (user_id set) or a role definition of the tenant changed
-- (user_id NULL: every user). Any instance that can reach Redis applies and deletes them, as for
-- control.revocation_outbox. Must match prisma/control.prisma (schema-drift.integration.test.ts).

CREATE TABLE control.permission_invalidations (
    id bigserial NOT NULL,
    tenant_id uuid NOT NULL,
    user_id uuid,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT permission_invalidations_pkey PRIMARY KEY (id)
);
