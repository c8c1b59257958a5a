-- Authentication hardening and account flows (login by username, progressive lockout, email
-- verification, single-use tokens for password reset / email verification / invitations) and
-- richer audit records. Must match prisma/tenant.prisma (schema-drift.integration.test.ts).

ALTER TABLE __SCHEMA__.users
    ADD COLUMN username text,
    ADD COLUMN email_verified_at timestamptz(3),
    ADD COLUMN lockout_level integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_permanently boolean NOT NULL DEFAULT false,
    ADD COLUMN password_changed_at timestamptz(3),
    ADD COLUMN pending_email text,
    -- Usernames, like emails, are stored lowercased: case variants are one account.
    ADD CONSTRAINT users_username_lowercase_check CHECK (username = lower(username)),
    ADD CONSTRAINT users_pending_email_lowercase_check CHECK (pending_email = lower(pending_email)),
    ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'disabled', 'invited'));

CREATE UNIQUE INDEX users_username_key ON __SCHEMA__.users (username);

-- Single-use tokens, stored only as SHA-256 hashes.
CREATE TABLE __SCHEMA__.one_time_tokens (
    hash text NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    email text,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamptz(3) NOT NULL,
    used_at timestamptz(3),
    CONSTRAINT one_time_tokens_pkey PRIMARY KEY (hash),
    CONSTRAINT one_time_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_verification', 'invitation')),
    CONSTRAINT one_time_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX one_time_tokens_user_id_idx ON __SCHEMA__.one_time_tokens (user_id);

ALTER TABLE __SCHEMA__.audit_events
    ADD COLUMN user_agent text,
    ADD COLUMN result text NOT NULL DEFAULT 'success';

CREATE INDEX audit_events_actor_id_idx ON __SCHEMA__.audit_events (actor_id);
