-- One tenant's schema. Must match prisma/tenant.prisma exactly (schema-drift.integration.test.ts).
-- Written once for every tenant: the migrator replaces the token __SCHEMA__ with the tenant's
-- quoted schema name (quoteIdent(tenantSchemaName(id))). Every table name is schema-qualified:
-- nothing here may depend on search_path. Names follow Prisma's conventions.

CREATE TABLE __SCHEMA__.roles (
    name text NOT NULL,
    parent text,
    permissions text[] NOT NULL DEFAULT ARRAY[]::text[],
    builtin boolean NOT NULL DEFAULT false,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT roles_pkey PRIMARY KEY (name),
    -- Not a Prisma relation: keeps custom roles from inheriting from a role that does not exist.
    CONSTRAINT roles_parent_fkey FOREIGN KEY (parent) REFERENCES __SCHEMA__.roles (name) ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE __SCHEMA__.users (
    id uuid NOT NULL,
    email text NOT NULL,
    password_hash text,
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    role text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    failed_login_count integer NOT NULL DEFAULT 0,
    locked_until timestamptz(3),
    last_login_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    -- Emails are stored lowercased so the unique index below is case-insensitive in effect:
    -- "Alice@x.com" and "alice@x.com" can never be two accounts. Callers normalise first.
    CONSTRAINT users_email_lowercase_check CHECK (email = lower(email)),
    -- Not a Prisma relation: a user can only hold a role that exists in this tenant.
    CONSTRAINT users_role_fkey FOREIGN KEY (role) REFERENCES __SCHEMA__.roles (name) ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX users_email_key ON __SCHEMA__.users (email);

CREATE TABLE __SCHEMA__.sessions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    user_agent text,
    ip text,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_active_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamptz(3) NOT NULL,
    revoked_at timestamptz(3),
    revoked_reason text,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX sessions_user_id_idx ON __SCHEMA__.sessions (user_id);

CREATE TABLE __SCHEMA__.refresh_tokens (
    hash text NOT NULL,
    session_id uuid NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamptz(3) NOT NULL,
    used_at timestamptz(3),
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (hash),
    CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES __SCHEMA__.sessions (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX refresh_tokens_session_id_idx ON __SCHEMA__.refresh_tokens (session_id);

CREATE TABLE __SCHEMA__.audit_events (
    id bigserial NOT NULL,
    at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor_id uuid,
    action text NOT NULL,
    target_type text,
    target_id text,
    ip text,
    request_id text,
    data jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT audit_events_pkey PRIMARY KEY (id)
);

CREATE INDEX audit_events_at_idx ON __SCHEMA__.audit_events (at);

-- Built-in roles; must equal BUILTIN_ROLES in src/roles.ts (roles.integration.test.ts).
-- Each row holds only its own permissions; `parent` is the role directly below it.
INSERT INTO __SCHEMA__.roles (name, parent, permissions, builtin) VALUES
    ('viewer', NULL, ARRAY['users:read:self', 'sessions:read:self'], true),
    ('trader', 'viewer', ARRAY['trades:read', 'trades:write'], true),
    ('admin', 'trader', ARRAY['users:read', 'users:write', 'sessions:read:any', 'sessions:revoke:any', 'audit:read', 'tenant:read', 'tenant:settings:write'], true),
    ('platform_admin', 'admin', ARRAY['tenants:read', 'tenants:write', 'platform:admin'], true),
    ('api_user', NULL, ARRAY['users:read'], true);
