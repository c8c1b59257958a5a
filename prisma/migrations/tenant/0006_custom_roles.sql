-- Roles and permissions. Must match prisma/tenant.prisma (schema-drift.integration.test.ts).
--
-- 1. A user may hold several roles: user_roles (user_id, role) replaces users.role. Every
--    existing user keeps exactly the role they had.
-- 2. Tenants define custom roles: a description, a change time, and a name rule (the one in
--    ROLE_NAME_PATTERN, src/roles.ts; the built-in names satisfy it too).
-- 3. Admins manage roles: admin gains roles:read and roles:write (BUILTIN_ROLES in src/roles.ts;
--    roles.integration.test.ts checks that the two agree).

CREATE TABLE __SCHEMA__.user_roles (
    user_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES __SCHEMA__.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    -- A role still held cannot be deleted (deleteRole moves its users first); renames follow.
    CONSTRAINT user_roles_role_fkey FOREIGN KEY (role) REFERENCES __SCHEMA__.roles (name) ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Who holds a role (user counts, deleteRole's reassignment).
CREATE INDEX user_roles_role_idx ON __SCHEMA__.user_roles (role);

INSERT INTO __SCHEMA__.user_roles (user_id, role)
SELECT id, role FROM __SCHEMA__.users;

-- Drops users_role_fkey with the column.
ALTER TABLE __SCHEMA__.users DROP COLUMN role;

ALTER TABLE __SCHEMA__.roles
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN updated_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD CONSTRAINT roles_name_check CHECK (name ~ '^[a-z][a-z0-9_-]{1,39}$');

UPDATE __SCHEMA__.roles
SET permissions = permissions || ARRAY['roles:read', 'roles:write']
WHERE name = 'admin' AND builtin AND NOT ('roles:write' = ANY (permissions));

UPDATE __SCHEMA__.roles SET description = CASE name
    WHEN 'viewer' THEN 'Signed-in user: own profile and sessions.'
    WHEN 'trader' THEN 'Viewer who trades.'
    WHEN 'admin' THEN 'Tenant administrator: users, roles, sessions, audit log and settings.'
    WHEN 'platform_admin' THEN 'Platform administrator (platform tenant only): every tenant.'
    WHEN 'api_user' THEN 'API keys: read users.'
END
WHERE builtin;
