-- Second factors, sign-in challenges, recovery codes, trusted devices, and how each session was
-- authenticated. Must match prisma/tenant.prisma (schema-drift.integration.test.ts).

-- How a session was authenticated (RFC 8176 `amr` values; `auth_time` as in OpenID Connect).
-- A step-up moves auth_time and adds to amr. Sessions opened before this migration were opened
-- with a password at their creation.
ALTER TABLE __SCHEMA__.sessions
    ADD COLUMN auth_time timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN amr text[] NOT NULL DEFAULT ARRAY['pwd']::text[],
    -- The tenant requires a second factor this user has not enrolled yet: the session may only enrol one.
    ADD COLUMN enrolment_only boolean NOT NULL DEFAULT false;
UPDATE __SCHEMA__.sessions SET auth_time = created_at;

-- Until when a user who must have a second factor and has none may still sign in to enrol one.
ALTER TABLE __SCHEMA__.users ADD COLUMN mfa_enrol_by timestamptz(3);

CREATE TABLE __SCHEMA__.mfa_factors (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    -- pending until the first correct answer (TOTP code, SMS code); passkeys are active at once.
    status text NOT NULL DEFAULT 'pending',
    -- TOTP: the secret, sealed (AES-256-GCM, MFA_SECRET_KEYS); never stored in clear.
    secret text,
    -- TOTP: the last accepted 30-second step; a code of that step or an earlier one is refused.
    last_used_step bigint,
    -- Passkey: the credential id (base64url), its COSE public key and signature counter.
    credential_id text,
    public_key bytea,
    sign_count bigint,
    transports text[] NOT NULL DEFAULT '{}',
    -- SMS: the number in E.164.
    phone text,
    -- Consecutive wrong answers, for the backoff and the ceiling (NIST SP 800-63B-4: at most 100).
    failed_attempts integer NOT NULL DEFAULT 0,
    last_failed_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at timestamptz(3),
    CONSTRAINT mfa_factors_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_factors_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT mfa_factors_kind_check CHECK (kind IN ('totp', 'passkey', 'sms', 'email')),
    CONSTRAINT mfa_factors_status_check CHECK (status IN ('pending', 'active'))
);
CREATE INDEX mfa_factors_user_id_idx ON __SCHEMA__.mfa_factors (user_id);
CREATE UNIQUE INDEX mfa_factors_credential_id_key ON __SCHEMA__.mfa_factors (credential_id);

-- Recovery codes, stored only as a keyed hash (HMAC-SHA-256 under MFA_SECRET_KEYS); used_at set means burnt.
CREATE TABLE __SCHEMA__.recovery_codes (
    hash text NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    used_at timestamptz(3),
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (hash),
    CONSTRAINT recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX recovery_codes_user_id_idx ON __SCHEMA__.recovery_codes (user_id);

-- A sign-in (or step-up) waiting for its second factor. Only the SHA-256 of its token is stored.
CREATE TABLE __SCHEMA__.mfa_challenges (
    id uuid NOT NULL,
    hash text NOT NULL,
    user_id uuid NOT NULL,
    -- sign_in | step_up
    purpose text NOT NULL,
    -- step_up: the session it strengthens.
    session_id uuid,
    -- What the first step proved (RFC 8176), e.g. {pwd}.
    amr text[] NOT NULL DEFAULT '{}',
    -- Passkey: the WebAuthn challenge handed out for this attempt.
    passkey_challenge text,
    -- Email or SMS code: its hash, the factor it went to, when it was sent and until when it works.
    otp_hash text,
    otp_factor_id uuid,
    otp_sent_at timestamptz(3),
    otp_expires_at timestamptz(3),
    failures integer NOT NULL DEFAULT 0,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamptz(3) NOT NULL,
    -- Completed, or given up after too many failures.
    ended_at timestamptz(3),
    CONSTRAINT mfa_challenges_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_challenges_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT mfa_challenges_purpose_check CHECK (purpose IN ('sign_in', 'step_up'))
);
CREATE UNIQUE INDEX mfa_challenges_hash_key ON __SCHEMA__.mfa_challenges (hash);
CREATE INDEX mfa_challenges_user_id_idx ON __SCHEMA__.mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_at_idx ON __SCHEMA__.mfa_challenges (expires_at);

-- "Remember this device": the SHA-256 of the random cookie value, and what the device looked like.
CREATE TABLE __SCHEMA__.trusted_devices (
    id uuid NOT NULL,
    hash text NOT NULL,
    user_id uuid NOT NULL,
    user_agent text,
    browser text,
    os text,
    device_type text NOT NULL DEFAULT 'other',
    ip text,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at timestamptz(3),
    expires_at timestamptz(3) NOT NULL,
    CONSTRAINT trusted_devices_pkey PRIMARY KEY (id),
    CONSTRAINT trusted_devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX trusted_devices_hash_key ON __SCHEMA__.trusted_devices (hash);
CREATE INDEX trusted_devices_user_id_idx ON __SCHEMA__.trusted_devices (user_id);
