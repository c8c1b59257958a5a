-- Social sign-in: the providers a tenant lets its users sign in with (Google, Microsoft Entra ID,
-- LinkedIn, GitHub) and the upstream identities linked to its users. Must match
-- prisma/tenant.prisma (schema-drift.integration.test.ts).

-- One connection per provider: the tenant's own application at the provider. The client secret is
-- sealed at rest (MFA_SECRET_KEYS, SealingCipher) and never read back through the API.
CREATE TABLE __SCHEMA__.social_connections (
    provider text NOT NULL,
    client_id text NOT NULL,
    client_secret_sealed text NOT NULL,
    -- Email domains whose verified addresses may sign in or register; empty: any domain.
    allowed_domains text[] NOT NULL DEFAULT '{}',
    -- An unknown identity with a verified address and no account registers one (else it is refused).
    auto_register boolean NOT NULL DEFAULT false,
    -- The role a registered user gets (a role name of this tenant, checked when written and used).
    default_role text NOT NULL DEFAULT 'viewer',
    enabled boolean NOT NULL DEFAULT true,
    -- Microsoft Entra ID only: 'organizations' (any work or school tenant) or one tenant's GUID.
    microsoft_tenant text,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT social_connections_pkey PRIMARY KEY (provider),
    CONSTRAINT social_connections_provider_check CHECK (provider IN ('google', 'microsoft', 'linkedin', 'github'))
);

-- An upstream account linked to a user, keyed by its issuer and subject (never by email: an
-- address says nothing about who controls an upstream account). Entra ID's subject is <tid>:<oid>.
CREATE TABLE __SCHEMA__.user_identities (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    provider text NOT NULL,
    issuer text NOT NULL,
    subject text NOT NULL,
    -- The address the provider vouched for when it was linked or last used (display only).
    email text,
    linked_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at timestamptz(3),
    CONSTRAINT user_identities_pkey PRIMARY KEY (id),
    CONSTRAINT user_identities_provider_check CHECK (provider IN ('google', 'microsoft', 'linkedin', 'github')),
    CONSTRAINT user_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX user_identities_issuer_subject_key ON __SCHEMA__.user_identities (issuer, subject);
CREATE INDEX user_identities_user_id_idx ON __SCHEMA__.user_identities (user_id);
