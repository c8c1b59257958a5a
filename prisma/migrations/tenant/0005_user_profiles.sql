-- Users: profile fields, erasure of deleted users, preferences, activity, and the
-- permission to read other users' personal data. Must match prisma/tenant.prisma
-- (schema-drift.integration.test.ts).

-- Profile fields, validated by the user subgraph (subgraphs/user/src/services/profile-validation.ts);
-- the checks here are a last line against a bug writing something unbounded.
ALTER TABLE __SCHEMA__.users
    ADD COLUMN display_name text,
    ADD COLUMN locale text,
    ADD COLUMN timezone text,
    ADD COLUMN avatar_url text,
    -- Set when deleteUser erased the user's personal data; the row stays, anonymised, so audit
    -- events and activity keep pointing at an id.
    ADD COLUMN deleted_at timestamptz(3),
    ADD CONSTRAINT users_display_name_length_check CHECK (char_length(display_name) <= 100),
    ADD CONSTRAINT users_locale_length_check CHECK (char_length(locale) <= 35),
    ADD CONSTRAINT users_timezone_length_check CHECK (char_length(timezone) <= 64),
    ADD CONSTRAINT users_avatar_url_length_check CHECK (char_length(avatar_url) <= 2048),
    DROP CONSTRAINT users_status_check,
    ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'disabled', 'invited', 'deleted')),
    -- A deleted user keeps nothing to sign in with.
    ADD CONSTRAINT users_deleted_check CHECK (
        status <> 'deleted' OR (deleted_at IS NOT NULL AND password_hash IS NULL AND username IS NULL AND pending_email IS NULL)
    );

-- One row per user and known key (the registry is subgraphs/user/src/services/preference-registry.ts);
-- a key without a row has its default.
CREATE TABLE __SCHEMA__.user_preferences (
    user_id uuid NOT NULL,
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT user_preferences_pkey PRIMARY KEY (user_id, key),
    CONSTRAINT user_preferences_key_check CHECK (key ~ '^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$'),
    -- The service's per-value limit is 4 KiB; this bounds a row whatever happens.
    CONSTRAINT user_preferences_value_size_check CHECK (octet_length(value::text) <= 8192),
    CONSTRAINT user_preferences_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- What a user did: sign-ins, profile and security changes (one row each) and API use, which is
-- one row per user and UTC day (api_day set, unique with user_id) whose count the gateway's
-- once-a-minute activity gate increments. api_day is NULL on every other row, and NULLs never
-- collide in a unique index.
CREATE TABLE __SCHEMA__.user_activity (
    id bigserial NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL,
    at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    api_day date,
    count integer NOT NULL DEFAULT 1,
    ip text,
    user_agent text,
    CONSTRAINT user_activity_pkey PRIMARY KEY (id),
    CONSTRAINT user_activity_kind_check CHECK (
        kind IN ('login', 'profile_updated', 'email_changed', 'password_changed', 'password_reset', 'preferences_changed', 'api')
    ),
    CONSTRAINT user_activity_api_day_check CHECK ((kind = 'api') = (api_day IS NOT NULL)),
    CONSTRAINT user_activity_count_check CHECK (count >= 1),
    CONSTRAINT user_activity_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX user_activity_user_id_api_day_key ON __SCHEMA__.user_activity (user_id, api_day);
-- userActivity: one user's rows, newest first.
CREATE INDEX user_activity_user_id_at_idx ON __SCHEMA__.user_activity (user_id, at);
-- dailyActiveUsers: every row of the last N days.
CREATE INDEX user_activity_at_idx ON __SCHEMA__.user_activity (at);

-- Personal data of other users (email, security fields) is for admins only; must equal
-- BUILTIN_ROLES in prisma/src/roles.ts (roles.integration.test.ts).
UPDATE __SCHEMA__.roles
   SET permissions = array_append(permissions, 'users:pii:read')
 WHERE name = 'admin' AND builtin AND NOT ('users:pii:read' = ANY (permissions));
