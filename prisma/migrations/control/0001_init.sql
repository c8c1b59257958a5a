-- Control schema: the tenant registry and the public halves of the token signing keys.
-- Must match prisma/control.prisma exactly (schema-drift.integration.test.ts checks it).
-- Names follow Prisma's conventions (<table>_pkey, <table>_<col>_key) so a later
-- `prisma migrate diff` against this database would find nothing to change.
-- The migrator creates the schema and control._migrations before running this file.

CREATE SCHEMA IF NOT EXISTS control;

CREATE TABLE control.tenants (
    id uuid NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    domain text,
    status text NOT NULL DEFAULT 'pending',
    plan text NOT NULL DEFAULT 'free',
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    cancelled_at timestamptz(3),
    purge_after timestamptz(3),
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    -- Defence in depth behind validateTenantSlug(): the allowlist also holds for rows written
    -- by hand or by a future code path that forgets to validate.
    CONSTRAINT tenants_slug_check CHECK (slug ~ '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'),
    -- Tenant lifecycle; `purged` marks a tenant whose schema is gone.
    -- Domains are compared as stored; lowercase-only makes the unique index case-insensitive.
    CONSTRAINT tenants_domain_lowercase_check CHECK (domain = lower(domain)),
    CONSTRAINT tenants_status_check CHECK (status IN ('pending', 'active', 'suspended', 'cancelled', 'purged'))
);

CREATE UNIQUE INDEX tenants_slug_key ON control.tenants (slug);
CREATE UNIQUE INDEX tenants_domain_key ON control.tenants (domain);

CREATE TABLE control.signing_keys (
    kid text NOT NULL,
    alg text NOT NULL DEFAULT 'ES256',
    public_jwk jsonb NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    verify_until timestamptz(3),
    CONSTRAINT signing_keys_pkey PRIMARY KEY (kid)
);
