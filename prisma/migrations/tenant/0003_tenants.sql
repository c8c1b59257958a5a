-- Feature flags of one tenant. Must match prisma/tenant.prisma
-- (schema-drift.integration.test.ts). Evaluation is packages/core/src/domains/tenants/feature-flags.ts.

CREATE TABLE __SCHEMA__.feature_flags (
    key text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- boolean: on for everyone; percentage: a stable share of users; allow_list: named users;
    -- time_window: on between starts_at (inclusive) and ends_at (exclusive).
    kind text NOT NULL,
    -- Kill switch for every kind: a disabled flag is off for everyone.
    enabled boolean NOT NULL DEFAULT true,
    percentage integer,
    allowed_user_ids uuid[] NOT NULL DEFAULT ARRAY[]::uuid[],
    starts_at timestamptz(3),
    ends_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT feature_flags_pkey PRIMARY KEY (key),
    CONSTRAINT feature_flags_key_check CHECK (key ~ '^[a-z][a-z0-9_.-]{0,62}$'),
    CONSTRAINT feature_flags_kind_check CHECK (kind IN ('boolean', 'percentage', 'allow_list', 'time_window')),
    CONSTRAINT feature_flags_percentage_check CHECK (
        (kind = 'percentage' AND percentage BETWEEN 0 AND 100) OR (kind <> 'percentage' AND percentage IS NULL)
    ),
    CONSTRAINT feature_flags_window_check CHECK (
        kind <> 'time_window' OR ((starts_at IS NOT NULL OR ends_at IS NOT NULL) AND (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at))
    )
);
