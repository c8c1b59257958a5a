-- The OpenID Connect provider's signing keys (RS256, as OpenID Connect Discovery requires, and
-- ES256), shared by every tenant's issuer. Private keys are sealed at rest. Must match
-- prisma/control.prisma (schema-drift.integration.test.ts).
CREATE TABLE control.oidc_signing_keys (
    kid text NOT NULL,
    alg text NOT NULL,
    public_jwk jsonb NOT NULL,
    private_jwk_sealed text NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Set when a newer key of the same algorithm signs; the key is still published until then + the longest token lifetime.
    retired_at timestamptz(3),
    CONSTRAINT oidc_signing_keys_pkey PRIMARY KEY (kid),
    CONSTRAINT oidc_signing_keys_alg_check CHECK (alg IN ('RS256', 'ES256'))
);
