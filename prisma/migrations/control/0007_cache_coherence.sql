-- Redis only ever caches what Postgres holds. Two things keep its copies from running ahead of
-- the truth (packages/core/src/runtime/redis-coherence.ts):
--
-- 1. cache_epoch: the epoch every cached entry is stamped with, and the Redis server (its run_id)
--    that epoch was granted to. A Redis that comes back as another server (a restart, from an
--    RDB or empty, a failover to a replica) or without its epoch marker (a flush, older data)
--    gets a new epoch before any instance trusts it again, so no entry cached before is used.
-- 2. Changes Redis could not take wait in an outbox (revocation_outbox, permission_invalidations,
--    redis_outbox); every insert notifies the channel `tradesage_cache_outbox`, on which every
--    instance stops trusting Redis until the outbox has been relayed.
--
-- Must match prisma/control.prisma (schema-drift.integration.test.ts).

CREATE TABLE control.cache_epoch (
    id smallint NOT NULL DEFAULT 1,
    epoch bigint NOT NULL,
    redis_run_id text,
    updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT cache_epoch_pkey PRIMARY KEY (id),
    CONSTRAINT cache_epoch_single_row CHECK (id = 1)
);
INSERT INTO control.cache_epoch (id, epoch) VALUES (1, 1);

-- A Redis write that must not be lost (an API key revoked or cut short, a tenant's keys turned
-- off or on): the key (without the deployment's REDIS_KEY_PREFIX), the value (NULL: delete the
-- key) and when it may expire.
CREATE TABLE control.redis_outbox (
    id bigserial NOT NULL,
    key text NOT NULL,
    value text,
    expires_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT redis_outbox_pkey PRIMARY KEY (id)
);

CREATE FUNCTION control.notify_cache_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tradesage_cache_outbox', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER revocation_outbox_notify AFTER INSERT ON control.revocation_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION control.notify_cache_outbox();
CREATE TRIGGER permission_invalidations_notify AFTER INSERT ON control.permission_invalidations
    FOR EACH STATEMENT EXECUTE FUNCTION control.notify_cache_outbox();
CREATE TRIGGER redis_outbox_notify AFTER INSERT ON control.redis_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION control.notify_cache_outbox();
