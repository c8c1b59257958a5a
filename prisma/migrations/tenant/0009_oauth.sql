-- OAuth 2.0 / OpenID Connect provider: the tenant's applications (clients), the provider's own
-- state (codes, grants, sessions, interactions, refresh tokens), what each user consented to, and
-- which device session each application sign-in is. Must match prisma/tenant.prisma
-- (schema-drift.integration.test.ts).

-- An application that may ask this tenant's users to sign in (or, of kind 'service', act as a
-- service account through the client credentials grant). The secret is sealed at rest.
CREATE TABLE __SCHEMA__.oauth_clients (
    id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    -- First-party applications are not shown a consent screen.
    first_party boolean NOT NULL DEFAULT false,
    redirect_uris text[] NOT NULL DEFAULT '{}',
    post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
    -- What it may ask for: openid, profile, email, offline_access and catalogue permissions.
    scopes text[] NOT NULL,
    auth_method text NOT NULL,
    secret_sealed text,
    secret_last_four text,
    -- Public keys for private_key_jwt (RFC 7523).
    jwks jsonb,
    service_account_id uuid,
    created_by uuid,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT oauth_clients_pkey PRIMARY KEY (id),
    CONSTRAINT oauth_clients_kind_check CHECK (kind IN ('confidential', 'public', 'service')),
    CONSTRAINT oauth_clients_auth_method_check CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none')),
    CONSTRAINT oauth_clients_service_account_id_fkey FOREIGN KEY (service_account_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT oauth_clients_created_by_fkey FOREIGN KEY (created_by) REFERENCES __SCHEMA__.users (id) ON DELETE SET NULL ON UPDATE CASCADE
);

-- The provider's artefacts, one row each, by model (AuthorizationCode, RefreshToken, Grant,
-- Session, Interaction, ...) and id. Consuming a code or refresh token is one conditional update.
CREATE TABLE __SCHEMA__.oidc_payloads (
    kind text NOT NULL,
    id text NOT NULL,
    payload jsonb NOT NULL,
    grant_id text,
    uid text,
    expires_at timestamptz(3),
    consumed_at timestamptz(3),
    CONSTRAINT oidc_payloads_pkey PRIMARY KEY (kind, id)
);
CREATE INDEX oidc_payloads_grant_id_idx ON __SCHEMA__.oidc_payloads (grant_id);
CREATE INDEX oidc_payloads_uid_idx ON __SCHEMA__.oidc_payloads (uid);
CREATE INDEX oidc_payloads_expires_at_idx ON __SCHEMA__.oidc_payloads (expires_at);

-- The scopes a user agreed to give a third-party application (asked again only for more).
CREATE TABLE __SCHEMA__.oauth_consents (
    user_id uuid NOT NULL,
    client_id text NOT NULL,
    scopes text[] NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT oauth_consents_pkey PRIMARY KEY (user_id, client_id),
    CONSTRAINT oauth_consents_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT oauth_consents_client_id_fkey FOREIGN KEY (client_id) REFERENCES __SCHEMA__.oauth_clients (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- An application's sign-in is a device session like any other: listed, revocable, and its end
-- ends the application's tokens (the grant it belongs to).
ALTER TABLE __SCHEMA__.sessions
    ADD COLUMN oauth_client_id text,
    ADD COLUMN oauth_grant_id text;
CREATE UNIQUE INDEX sessions_oauth_grant_id_key ON __SCHEMA__.sessions (oauth_grant_id);

-- Administrators register and manage the tenant's applications.
UPDATE __SCHEMA__.roles
SET permissions = permissions || ARRAY['oauth:manage']
WHERE name = 'admin' AND builtin AND NOT ('oauth:manage' = ANY (permissions));
