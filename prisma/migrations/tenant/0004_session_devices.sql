-- Device details of a session, parsed from its user agent at login (parser:
-- packages/core/src/runtime/device.ts). Must match prisma/tenant.prisma (schema-drift.integration.test.ts).
-- Sessions created before this migration have no parsed details: browser and os stay null and
-- the device type is "other".

ALTER TABLE __SCHEMA__.sessions
    ADD COLUMN browser text,
    ADD COLUMN os text,
    ADD COLUMN device_type text NOT NULL DEFAULT 'other',
    ADD CONSTRAINT sessions_device_type_check CHECK (device_type IN ('desktop', 'mobile', 'tablet', 'other'));

-- sessionStats: new sessions per day and the split of active sessions read by creation time.
CREATE INDEX sessions_created_at_idx ON __SCHEMA__.sessions (created_at);
