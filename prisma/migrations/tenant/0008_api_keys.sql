-- Machine clients: service accounts and API keys. Must match prisma/tenant.prisma
-- (schema-drift.integration.test.ts).

-- A service account is a user of kind 'service': it holds roles like any user and owns API keys,
-- but has no password, cannot sign in, hold a session or enrol a second factor.
ALTER TABLE __SCHEMA__.users
    ADD COLUMN kind text NOT NULL DEFAULT 'person',
    ADD CONSTRAINT users_kind_check CHECK (kind IN ('person', 'service'));

-- What a service account is for; its identity (id, roles, keys, audit actor) is its users row.
CREATE TABLE __SCHEMA__.service_accounts (
    user_id uuid NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_by uuid,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT service_accounts_pkey PRIMARY KEY (user_id),
    CONSTRAINT service_accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT service_accounts_created_by_fkey FOREIGN KEY (created_by) REFERENCES __SCHEMA__.users (id) ON DELETE SET NULL ON UPDATE CASCADE
);

-- An API key: only the SHA-256 of the whole key is stored; the environment of its prefix and its
-- last four characters are kept for display. Owned by a person (a personal access token) or a
-- service account; its rights are its scopes intersected with the owner's permissions of the moment.
CREATE TABLE __SCHEMA__.api_keys (
    id uuid NOT NULL,
    owner_id uuid NOT NULL,
    name text NOT NULL,
    hash text NOT NULL,
    environment text NOT NULL,
    last_four text NOT NULL,
    scopes text[] NOT NULL,
    -- Empty: any address. Otherwise the request's address must fall in one of these CIDR blocks.
    allowed_cidrs text[] NOT NULL DEFAULT '{}',
    -- Requests per minute this key may make (null: only the owner's and the tenant's budgets).
    rate_limit_per_minute integer,
    expires_at timestamptz(3) NOT NULL,
    -- Who created it (a person); null once that user is gone.
    created_by uuid,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The key this one replaced (rotation); the old one works until its own expires_at.
    rotated_from uuid,
    revoked_at timestamptz(3),
    revoked_reason text,
    last_used_at timestamptz(3),
    last_used_ip text,
    -- When its owner was told it expires soon (once per key).
    expiry_notice_sent_at timestamptz(3),
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT api_keys_created_by_fkey FOREIGN KEY (created_by) REFERENCES __SCHEMA__.users (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT api_keys_environment_check CHECK (environment IN ('live', 'test')),
    CONSTRAINT api_keys_rate_limit_check CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0)
);
CREATE UNIQUE INDEX api_keys_hash_key ON __SCHEMA__.api_keys (hash);
CREATE INDEX api_keys_owner_id_idx ON __SCHEMA__.api_keys (owner_id);
CREATE INDEX api_keys_expires_at_idx ON __SCHEMA__.api_keys (expires_at);

-- Administrators manage service accounts and every key of the tenant.
UPDATE __SCHEMA__.roles
SET permissions = permissions || ARRAY['apikeys:manage']
WHERE name = 'admin' AND builtin AND NOT ('apikeys:manage' = ANY (permissions));
