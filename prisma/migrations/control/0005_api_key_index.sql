-- Which tenant holds the API key with this SHA-256: a key names no tenant, so the edge and the
-- leaked-key endpoint find its tenant here, then the key itself in that tenant's schema (the
-- truth: revocation, expiry, scopes). Must match prisma/control.prisma (schema-drift.integration.test.ts).
CREATE TABLE control.api_key_index (
    hash text NOT NULL,
    tenant_id uuid NOT NULL,
    key_id uuid NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT api_key_index_pkey PRIMARY KEY (hash),
    CONSTRAINT api_key_index_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES control.tenants (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX api_key_index_tenant_id_idx ON control.api_key_index (tenant_id);
