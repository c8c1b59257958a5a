-- Revocations that reached Postgres but could not be published to Redis: Redis was
-- unreachable from the instance that revoked. Any instance that can reach Redis publishes them
-- and deletes the row, so a cached `active` copy written before the revocation cannot outlive a
-- Redis outage or a partition. Must match prisma/control.prisma (schema-drift.integration.test.ts).

CREATE TABLE control.revocation_outbox (
    tenant_id uuid NOT NULL,
    session_id uuid NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT revocation_outbox_pkey PRIMARY KEY (tenant_id, session_id)
);
