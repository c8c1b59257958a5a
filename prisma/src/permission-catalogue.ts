/**
 * The permission catalogue: every permission the platform knows, what it is for and which
 * operations it unlocks. It is the one registry: roles may only hold permissions listed here
 * (createRole / updateRole refuse anything else), BUILTIN_ROLES is typed against it, and the
 * README's table is generated from it (`permissionCatalogueMarkdown`, checked by
 * permission-catalogue.test.ts).
 *
 * `scope: 'platform'` permissions belong to platform administrators (the `platform_admin` role in
 * the reserved `platform` tenant) and can never be given to a custom role.
 */
export type PermissionScope = 'tenant' | 'platform';

export interface PermissionInfo {
  readonly name: string;
  readonly scope: PermissionScope;
  readonly description: string;
  /** The operations (GraphQL fields) that check this permission. Empty: none yet. */
  readonly unlocks: readonly string[];
}

export const PERMISSION_CATALOGUE = Object.freeze([
  {
    name: 'users:read:self',
    scope: 'tenant',
    description:
      'Baseline of every person role. Reading your own profile (`me`) is open to every signed-in user, so it unlocks nothing more by itself.',
    unlocks: [],
  },
  {
    name: 'sessions:read:self',
    scope: 'tenant',
    description:
      'Baseline of every person role. Your own sessions (`mySessions`, `revokeSession`) are open to every signed-in user.',
    unlocks: [],
  },
  {
    name: 'trades:read',
    scope: 'tenant',
    description: 'Read trades. Reserved for the trading API, which is not part of this supergraph yet.',
    unlocks: [],
  },
  {
    name: 'trades:write',
    scope: 'tenant',
    description: 'Place and change trades. Reserved for the trading API, which is not part of this supergraph yet.',
    unlocks: [],
  },
  {
    name: 'users:read',
    scope: 'tenant',
    description: "Read the tenant's users: any user's profile, roles and activity, the user list, daily active users.",
    unlocks: ['user', 'users', 'userActivity (other users)', 'dailyActiveUsers', 'User fields of other users'],
  },
  {
    name: 'users:pii:read',
    scope: 'tenant',
    description:
      "Read other users' personal data: their email and security fields, the address and user agent of their activity and of their sessions' devices (with `sessions:read:any`), and search users by email. Without it those fields answer FORBIDDEN.",
    unlocks: [
      'User.email of other users',
      'activity devices of other users',
      'session devices (ip, userAgent, browser, os) of other users',
      'users search by email',
    ],
  },
  {
    name: 'users:write',
    scope: 'tenant',
    description:
      'Manage accounts: invite users, lift lockouts, reset second factors, deactivate, reactivate and delete users.',
    unlocks: ['inviteUser', 'unlockUser', 'resetUserMfa', 'deactivateUser', 'reactivateUser', 'deleteUser'],
  },
  {
    name: 'roles:read',
    scope: 'tenant',
    description:
      "Read the tenant's roles (built-in and custom) with their permissions and user counts, and this catalogue.",
    unlocks: ['roles', 'role', 'permissionCatalogue'],
  },
  {
    name: 'roles:write',
    scope: 'tenant',
    description: 'Create, change and delete custom roles and assign roles to users, never beyond your own permissions.',
    unlocks: ['createRole', 'updateRole', 'deleteRole', 'assignRoles'],
  },
  {
    name: 'apikeys:manage',
    scope: 'tenant',
    description:
      "Manage the tenant's machine access: service accounts, their keys, and every user's API keys (list, revoke). A user's own personal keys need no permission.",
    unlocks: [
      'serviceAccounts',
      'createServiceAccount',
      'deleteServiceAccount',
      'apiKeys (every key)',
      'createApiKey (for a service account)',
      'revokeApiKey (any key)',
    ],
  },
  {
    name: 'oauth:manage',
    scope: 'tenant',
    description:
      "Register and manage the tenant's OAuth/OpenID Connect applications: their redirect URIs, scopes and secrets.",
    unlocks: [
      'oauthClients',
      'oauthClient',
      'oauthProvider',
      'createOAuthClient',
      'updateOAuthClient',
      'rotateOAuthClientSecret',
      'deleteOAuthClient',
    ],
  },
  {
    name: 'sessions:read:any',
    scope: 'tenant',
    description: "Read any user's sessions and the tenant's session statistics.",
    unlocks: ['userSessions', 'tenantSessions', 'sessionStats', 'User.sessions of other users'],
  },
  {
    name: 'sessions:revoke:any',
    scope: 'tenant',
    description: "End any user's sessions.",
    unlocks: ['revokeUserSessions', 'revokeTenantSession'],
  },
  {
    name: 'audit:read',
    scope: 'tenant',
    description: "Read the tenant's audit log.",
    unlocks: ['auditEvents'],
  },
  {
    name: 'tenant:read',
    scope: 'tenant',
    description: "Read the tenant's settings, health and usage.",
    unlocks: ['tenantSettings', 'tenantHealth', 'tenantUsage'],
  },
  {
    name: 'tenant:settings:write',
    scope: 'tenant',
    description: "Change the tenant's settings, custom domain, feature flags and social sign-in connections.",
    unlocks: [
      'tenantSettings',
      'updateTenantSettings',
      'setTenantDomain',
      'featureFlagDefinitions',
      'createFeatureFlag',
      'updateFeatureFlag',
      'deleteFeatureFlag',
      'socialConnections',
      'createSocialConnection',
      'updateSocialConnection',
      'deleteSocialConnection',
    ],
  },
  {
    name: 'tenants:read',
    scope: 'platform',
    description: "Platform administrators: read every tenant, and list a tenant's backups.",
    unlocks: ['tenants', 'tenant (any tenant)', 'tenantBackups'],
  },
  {
    name: 'tenants:write',
    scope: 'platform',
    description: 'Platform administrators: create tenants, change their lifecycle and plan, and back them up.',
    unlocks: [
      'createTenant',
      'activateTenant',
      'suspendTenant',
      'cancelTenant',
      'restoreTenant',
      'setTenantPlan',
      'backupTenant',
    ],
  },
  {
    name: 'platform:admin',
    scope: 'platform',
    description:
      'Platform administrator: counts only in the reserved `platform` tenant, where it makes the caller a platform administrator (every operation on any tenant).',
    unlocks: ['every platform operation'],
  },
] as const satisfies readonly PermissionInfo[]);

export type Permission = (typeof PERMISSION_CATALOGUE)[number]['name'];

const BY_NAME: ReadonlyMap<string, PermissionInfo> = new Map(PERMISSION_CATALOGUE.map((entry) => [entry.name, entry]));

export function isKnownPermission(name: string): name is Permission {
  return BY_NAME.has(name);
}

/** Platform-level permissions (tenants:*, platform:admin): never part of a custom role. */
export function isPlatformPermission(name: string): boolean {
  return BY_NAME.get(name)?.scope === 'platform';
}

/** The README table of the catalogue (the block between the permission-catalogue markers). */
export function permissionCatalogueMarkdown(): string {
  const rows = PERMISSION_CATALOGUE.map((entry) => {
    const unlocks =
      entry.unlocks.length > 0
        ? entry.unlocks.map((item) => (/^[A-Za-z.]+$/.test(item) ? `\`${item}\`` : item)).join(', ')
        : '—';
    return `| \`${entry.name}\` | ${entry.scope} | ${entry.description} | ${unlocks} |`;
  });
  return ['| Permission | Scope | What it is for | Unlocks |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
