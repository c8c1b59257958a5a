import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TenantContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 instant in UTC. */
  DateTime: { input: Date; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type CreateFeatureFlagInput = {
  allowedUserIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Default true. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** a-z first, then a-z 0-9 . _ - ; at most 63 characters. */
  key: Scalars['String']['input'];
  /** Default BOOLEAN. */
  kind?: InputMaybe<FeatureFlagKind>;
  percentage?: InputMaybe<Scalars['Int']['input']>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
};

export type CreateTenantInput = {
  adminEmail: Scalars['String']['input'];
  /** Absent: the admin is invited instead (status invited, no password). */
  adminPassword?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Default FREE. */
  plan?: InputMaybe<TenantPlan>;
  slug: Scalars['String']['input'];
};

export type FeatureFlag = {
  __typename?: 'FeatureFlag';
  key: Scalars['String']['output'];
  on: Scalars['Boolean']['output'];
};

export type FeatureFlagDefinition = {
  __typename?: 'FeatureFlagDefinition';
  allowedUserIds: Array<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  /** Kill switch: a disabled flag is off for everyone, whatever its kind. */
  enabled: Scalars['Boolean']['output'];
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  key: Scalars['String']['output'];
  kind: FeatureFlagKind;
  percentage?: Maybe<Scalars['Int']['output']>;
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type FeatureFlagKind =
  /** On for the listed users. */
  | 'ALLOW_LIST'
  /** On for everyone (while enabled). */
  | 'BOOLEAN'
  /** On for a stable share of users: bucket = hash(key, user id) mod 100 < percentage. */
  | 'PERCENTAGE'
  /** On from startsAt (inclusive) to endsAt (exclusive); either end may be open. */
  | 'TIME_WINDOW';

/** A kind of second factor. */
export type MfaFactorKind =
  /** A code sent by email. Weaker: the mailbox is also how passwords are reset. */
  | 'EMAIL'
  /** A passkey (WebAuthn): phishing-resistant; also signs in without a password. */
  | 'PASSKEY'
  /** One of the ten single-use recovery codes. */
  | 'RECOVERY_CODE'
  /** A code sent by SMS. Weaker: numbers can be ported or intercepted (NIST SP 800-63B-4: restricted). */
  | 'SMS'
  /** An authenticator app's 6-digit time-based code (RFC 6238). */
  | 'TOTP';

/** Whether a tenant asks its users for a second factor. */
export type MfaMode =
  /** No second factor is asked for, and none can be enrolled. */
  | 'OFF'
  /** Users may enrol a second factor; whoever has one is asked for it at every sign-in. */
  | 'OPTIONAL'
  /** Every user must have a second factor (see enrolmentGraceDays). */
  | 'REQUIRED';

export type Mutation = {
  __typename?: 'Mutation';
  /** PENDING or SUSPENDED → ACTIVE. */
  activateTenant: Tenant;
  /**
   * Backs the tenant up now, as `npm run tenant:backup` does: its schema (pg_dump) and registry row in
   * one file in DATA_DIR/backups, readable by the server's user only (it holds password hashes).
   * Audited as `tenant.backed_up`. One backup of a tenant at a time: BACKUP_IN_PROGRESS while another
   * is written; BACKUP_UNAVAILABLE when the server has no pg_dump for its PostgreSQL version;
   * NOT_FOUND for an unknown tenant, or a purged one (nothing left to back up; its export is listed by
   * `tenantBackups`). Platform administrators only.
   */
  backupTenant: TenantBackup;
  /** Ends every session; the data is kept for the retention period (30 days), then exported and purged. */
  cancelTenant: Tenant;
  /** Needs `tenant:settings:write`; audited. Refused fields: BAD_USER_INPUT with `details.fields`. */
  createFeatureFlag: FeatureFlagDefinition;
  /**
   * Registers a tenant, provisions its schema (default roles and settings) and creates its first
   * admin, all or nothing. Without `adminPassword` the admin is created invited, to set a password
   * from an invitation. Platform administrators only.
   */
  createTenant: Tenant;
  deleteFeatureFlag: Scalars['Boolean']['output'];
  /** Brings a cancelled tenant back, while its data has not been purged. */
  restoreTenant: Tenant;
  /**
   * Sets (or with null removes) the tenant's custom domain: a lowercase DNS name, not an IP, not
   * localhost or a reserved name, not the platform's own. Unique: DOMAIN_TAKEN otherwise. Own tenant
   * with `tenant:settings:write`; platform administrators any.
   */
  setTenantDomain: Tenant;
  /** Changes a tenant's plan (and so its quotas). Platform administrators only. */
  setTenantPlan: Tenant;
  /**
   * Self-service sign-up of a new tenant, for anyone, when the platform allows it
   * (TENANT_SELF_SIGNUP; otherwise SIGNUP_NOT_ALLOWED). Creates an active FREE tenant whose admin is
   * invited: the invitation email (acceptInvitation) proves the address and sets the password.
   * Answers true. Rate-limited per client address.
   */
  signUpTenant: Scalars['Boolean']['output'];
  /** Refuses logins and ends every session of the tenant at once; its data is kept. */
  suspendTenant: Tenant;
  /** Changes what the input names; null clears an optional field. Changing the kind drops the old kind's fields. */
  updateFeatureFlag: FeatureFlagDefinition;
  /**
   * Changes what the input names (null resets a key to its default). Needs `tenant:settings:write`
   * on the caller's own tenant; platform administrators any tenant by `tenantId`. Bad values fail
   * with BAD_USER_INPUT and `details.fields: [{path, message}]`, one per refused field. Needs a recent
   * sign-in with the second factor (STEP_UP_REQUIRED).
   */
  updateTenantSettings: TenantSettings;
};


export type MutationActivateTenantArgs = {
  id: Scalars['ID']['input'];
};


export type MutationBackupTenantArgs = {
  tenantId: Scalars['ID']['input'];
};


export type MutationCancelTenantArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateFeatureFlagArgs = {
  input: CreateFeatureFlagInput;
};


export type MutationCreateTenantArgs = {
  input: CreateTenantInput;
};


export type MutationDeleteFeatureFlagArgs = {
  key: Scalars['String']['input'];
};


export type MutationRestoreTenantArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetTenantDomainArgs = {
  domain?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationSetTenantPlanArgs = {
  id: Scalars['ID']['input'];
  plan: TenantPlan;
};


export type MutationSignUpTenantArgs = {
  input: SignUpTenantInput;
};


export type MutationSuspendTenantArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationUpdateFeatureFlagArgs = {
  input: UpdateFeatureFlagInput;
  key: Scalars['String']['input'];
};


export type MutationUpdateTenantSettingsArgs = {
  input: TenantSettingsInput;
  tenantId?: InputMaybe<Scalars['ID']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** The flags' definitions. Needs `tenant:settings:write`. */
  featureFlagDefinitions: Array<FeatureFlagDefinition>;
  /** Every feature flag of the caller's tenant, evaluated for the caller now. */
  featureFlags: Array<FeatureFlag>;
  /** The tenant of the signed-in user. */
  myTenant: Tenant;
  /** A tenant by id: platform administrators see any tenant, everyone else only their own. */
  tenant?: Maybe<Tenant>;
  /**
   * The tenant's backup files, newest first: those made on demand (`backupTenant`, `npm run
   * tenant:backup`: kind MANUAL, in DATA_DIR/backups) and the export the retention job wrote before
   * purging it (RETENTION_EXPORT, in TENANT_EXPORT_DIR). Each file's header says whose it is: files
   * that are not backups, or are another tenant's, are not listed. Restore one with `npm run
   * tenant:restore -- <file>` on the server (an operator's command, not an API). NOT_FOUND for an
   * unknown tenant. Platform administrators only.
   */
  tenantBackups: Array<TenantBackup>;
  /** Schema, migrations, row counts and last activity. Own tenant with `tenant:read`; platform administrators any. */
  tenantHealth: TenantHealth;
  /**
   * A tenant's settings, defaults filled in. Own tenant with `tenant:read`; platform administrators
   * any tenant by `tenantId`.
   */
  tenantSettings: TenantSettings;
  /** Usage over the period's UTC days. Own tenant with `tenant:read`; platform administrators any tenant by `tenantId`. */
  tenantUsage: TenantUsage;
  /** Every tenant, oldest first, filtered, with cursor pagination. Platform administrators only. */
  tenants: TenantConnection;
};


export type QueryTenantArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTenantBackupsArgs = {
  tenantId: Scalars['ID']['input'];
};


export type QueryTenantHealthArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTenantSettingsArgs = {
  tenantId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryTenantUsageArgs = {
  period: UsagePeriod;
  tenantId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryTenantsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TenantFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type SignUpTenantInput = {
  adminEmail: Scalars['String']['input'];
  name: Scalars['String']['input'];
  slug: Scalars['String']['input'];
};

export type SignupMode =
  | 'INVITE_ONLY'
  | 'SELF_SERVICE';

export type Tenant = {
  __typename?: 'Tenant';
  cancelledAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Custom domain users may sign in with instead of the slug. */
  domain?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  plan: TenantPlan;
  /** A cancelled tenant's data is exported and purged after this instant; restorable until then. */
  purgeAfter?: Maybe<Scalars['DateTime']['output']>;
  purgedAt?: Maybe<Scalars['DateTime']['output']>;
  slug: Scalars['String']['output'];
  status: TenantStatus;
  suspendedAt?: Maybe<Scalars['DateTime']['output']>;
  suspensionReason?: Maybe<Scalars['String']['output']>;
};

export type TenantApiKeySettings = {
  __typename?: 'TenantApiKeySettings';
  /** Longest lifetime an API key may be given, in days; 1 to 366, default 90. Every key has an expiry. */
  maxLifetimeDays: Scalars['Int']['output'];
};

export type TenantApiKeySettingsInput = {
  maxLifetimeDays?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * One backup file of a tenant, as its header describes it. Where it is on the server is not shown:
 * the file name and kind say which folder (DATA_DIR/backups for MANUAL, TENANT_EXPORT_DIR for
 * RETENTION_EXPORT).
 */
export type TenantBackup = {
  __typename?: 'TenantBackup';
  /** When the backup was taken (from the file's header). */
  createdAt: Scalars['DateTime']['output'];
  /** The file's name in its folder, e.g. `acme-2025-01-31T120000.000Z.tsbackup`. */
  fileName: Scalars['String']['output'];
  kind: TenantBackupKind;
  /** Tenant migrations applied to the schema when it was backed up. */
  migrationCount: Scalars['Int']['output'];
  /** Size of the file in bytes (a Float: may exceed 2^31). */
  sizeBytes: Scalars['Float']['output'];
};

/**
 * MANUAL: made on demand (`backupTenant`, `npm run tenant:backup`). RETENTION_EXPORT: written by the
 * retention job before it purged the tenant.
 */
export type TenantBackupKind =
  | 'MANUAL'
  | 'RETENTION_EXPORT';

export type TenantConnection = {
  __typename?: 'TenantConnection';
  edges: Array<TenantEdge>;
  pageInfo: TenantPageInfo;
};

export type TenantEdge = {
  __typename?: 'TenantEdge';
  cursor: Scalars['String']['output'];
  node: Tenant;
};

export type TenantFilter = {
  /** Part of the slug, name or domain, case-insensitive. */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<TenantStatus>;
};

export type TenantHealth = {
  __typename?: 'TenantHealth';
  appliedMigrations: Array<Scalars['String']['output']>;
  /** Applied, but the file changed since. */
  changedMigrations: Array<Scalars['String']['output']>;
  /** Latest session use or audited event. */
  lastActivityAt?: Maybe<Scalars['DateTime']['output']>;
  /** Every shipped migration applied, none unknown or changed. */
  migrationsCurrent: Scalars['Boolean']['output'];
  pendingMigrations: Array<Scalars['String']['output']>;
  schemaPresent: Scalars['Boolean']['output'];
  tables: Array<TenantTableStats>;
  tenant: Tenant;
  /** Applied but unknown to this code (the database is ahead). */
  unknownMigrations: Array<Scalars['String']['output']>;
};

export type TenantLockoutSettings = {
  __typename?: 'TenantLockoutSettings';
  threshold: Scalars['Int']['output'];
};

export type TenantLockoutSettingsInput = {
  threshold?: InputMaybe<Scalars['Int']['input']>;
};

export type TenantMfaSettings = {
  __typename?: 'TenantMfaSettings';
  /** The factors users may enrol and use. Default TOTP, PASSKEY, RECOVERY_CODE; EMAIL and SMS only when added. */
  allowedFactors: Array<MfaFactorKind>;
  /**
   * Days a user who must have a second factor and has none may still sign in, only to enrol one,
   * counted from their first such sign-in; 1 to 90, default 7. Past it they cannot sign in until an
   * administrator resets their MFA.
   */
  enrolmentGraceDays: Scalars['Int']['output'];
  mode: MfaMode;
  /** With OPTIONAL: users holding any of these roles must have a second factor, as under REQUIRED. */
  requiredForRoles: Array<Scalars['String']['output']>;
  /** Minutes a sign-in (or step-up) counts as recent for sensitive operations; 1 to 60, default 10. */
  stepUpMaxAgeMinutes: Scalars['Int']['output'];
  /** TOTP steps (30 s) accepted either side of the current one: 0 or 1, default 1. */
  totpWindow: Scalars['Int']['output'];
  /** Days "remember this device" skips the second factor on that browser; 0 (not offered) to 90, default 30. */
  trustedDeviceDays: Scalars['Int']['output'];
};

export type TenantMfaSettingsInput = {
  allowedFactors?: InputMaybe<Array<MfaFactorKind>>;
  enrolmentGraceDays?: InputMaybe<Scalars['Int']['input']>;
  mode?: InputMaybe<MfaMode>;
  requiredForRoles?: InputMaybe<Array<Scalars['String']['input']>>;
  stepUpMaxAgeMinutes?: InputMaybe<Scalars['Int']['input']>;
  totpWindow?: InputMaybe<Scalars['Int']['input']>;
  trustedDeviceDays?: InputMaybe<Scalars['Int']['input']>;
};

export type TenantPageInfo = {
  __typename?: 'TenantPageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type TenantPasswordPolicy = {
  __typename?: 'TenantPasswordPolicy';
  minLength: Scalars['Int']['output'];
  requireDigit: Scalars['Boolean']['output'];
  requireLowercase: Scalars['Boolean']['output'];
  requireSymbol: Scalars['Boolean']['output'];
  requireUppercase: Scalars['Boolean']['output'];
};

export type TenantPasswordPolicyInput = {
  minLength?: InputMaybe<Scalars['Int']['input']>;
  requireDigit?: InputMaybe<Scalars['Boolean']['input']>;
  requireLowercase?: InputMaybe<Scalars['Boolean']['input']>;
  requireSymbol?: InputMaybe<Scalars['Boolean']['input']>;
  requireUppercase?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Plans set quotas: FREE 25 users, TEAM 500, ENTERPRISE unlimited. */
export type TenantPlan =
  | 'ENTERPRISE'
  | 'FREE'
  | 'TEAM';

export type TenantRateLimits = {
  __typename?: 'TenantRateLimits';
  /**
   * Sign-in attempts per minute from one client address into this tenant; a successful one is given
   * back. Past it, RATE_LIMITED (HTTP 429). 1 to 1000, default 20.
   */
  loginAttemptsPerMinute: Scalars['Int']['output'];
  /**
   * GraphQL requests per minute for the whole tenant (an operation weighs its root fields), counted at
   * the gateway across every instance; past it, HTTP 429 with RATE_LIMITED. 60 to 1,000,000, default 6000.
   */
  requestsPerMinute: Scalars['Int']['output'];
};

export type TenantRateLimitsInput = {
  loginAttemptsPerMinute?: InputMaybe<Scalars['Int']['input']>;
  requestsPerMinute?: InputMaybe<Scalars['Int']['input']>;
};

export type TenantSessionSettings = {
  __typename?: 'TenantSessionSettings';
  idleTimeoutMinutes: Scalars['Int']['output'];
  /** Sessions one user may hold at once; null: no limit. */
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  /**
   * Seconds after a refresh token was rotated during which presenting it again returns a new pair for the
   * same session (a lost response, two tabs refreshing at once) instead of ending the session; 0 to 60, 0 = strict.
   */
  refreshReuseLeewaySeconds: Scalars['Int']['output'];
  refreshTokenTtlDays: Scalars['Int']['output'];
};

export type TenantSessionSettingsInput = {
  idleTimeoutMinutes?: InputMaybe<Scalars['Int']['input']>;
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
  refreshReuseLeewaySeconds?: InputMaybe<Scalars['Int']['input']>;
  refreshTokenTtlDays?: InputMaybe<Scalars['Int']['input']>;
};

export type TenantSettings = {
  __typename?: 'TenantSettings';
  apiKeys: TenantApiKeySettings;
  lockout: TenantLockoutSettings;
  mfa: TenantMfaSettings;
  passwordPolicy: TenantPasswordPolicy;
  rateLimits: TenantRateLimits;
  sessions: TenantSessionSettings;
  signup: TenantSignupSettings;
};

export type TenantSettingsInput = {
  apiKeys?: InputMaybe<TenantApiKeySettingsInput>;
  lockout?: InputMaybe<TenantLockoutSettingsInput>;
  mfa?: InputMaybe<TenantMfaSettingsInput>;
  passwordPolicy?: InputMaybe<TenantPasswordPolicyInput>;
  rateLimits?: InputMaybe<TenantRateLimitsInput>;
  sessions?: InputMaybe<TenantSessionSettingsInput>;
  signup?: InputMaybe<TenantSignupSettingsInput>;
};

export type TenantSignupSettings = {
  __typename?: 'TenantSignupSettings';
  allowedEmailDomains: Array<Scalars['String']['output']>;
  mode: SignupMode;
};

export type TenantSignupSettingsInput = {
  allowedEmailDomains?: InputMaybe<Array<Scalars['String']['input']>>;
  mode?: InputMaybe<SignupMode>;
};

export type TenantStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'PENDING'
  /** The retention period ended: the schema was exported and dropped. */
  | 'PURGED'
  | 'SUSPENDED';

export type TenantTableStats = {
  __typename?: 'TenantTableStats';
  /** Bytes of the table, its indexes and TOAST (a Float: may exceed 2^31). */
  bytes: Scalars['Float']['output'];
  /** True for large tables, whose count is the planner's estimate. */
  estimated: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  rows: Scalars['Int']['output'];
};

export type TenantUsage = {
  __typename?: 'TenantUsage';
  activeSessions: Scalars['Int']['output'];
  /** GraphQL requests counted at the gateway; null when the counters cannot be read. */
  apiCalls?: Maybe<Scalars['Int']['output']>;
  from: Scalars['DateTime']['output'];
  /** The plan's user quota; null: unlimited. */
  maxUsers?: Maybe<Scalars['Int']['output']>;
  period: UsagePeriod;
  sessionsStarted: Scalars['Int']['output'];
  /** Bytes of every table and index of the tenant's schema. */
  storageBytes: Scalars['Float']['output'];
  tenant: Tenant;
  to: Scalars['DateTime']['output'];
  users: TenantUserCounts;
};

export type TenantUserCounts = {
  __typename?: 'TenantUserCounts';
  active: Scalars['Int']['output'];
  /** Accounts erased by deleteUser: kept as anonymised rows for the audit trail, counted nowhere else. */
  deleted: Scalars['Int']['output'];
  disabled: Scalars['Int']['output'];
  invited: Scalars['Int']['output'];
  /** Every account but the deleted ones (active, invited and disabled). */
  total: Scalars['Int']['output'];
};

export type UpdateFeatureFlagInput = {
  allowedUserIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  kind?: InputMaybe<FeatureFlagKind>;
  percentage?: InputMaybe<Scalars['Int']['input']>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
};

/** DAY: today (UTC); WEEK: the last 7 days; MONTH: the last 30 days, today included. */
export type UsagePeriod =
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** The tenant the user belongs to. */
  tenant: Tenant;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Tenant: Tenant;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Tenant:
    ( { __typename: 'Tenant' }
    & GraphQLRecursivePick<FederationTypes['Tenant'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateFeatureFlagInput: CreateFeatureFlagInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CreateTenantInput: CreateTenantInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FeatureFlag: ResolverTypeWrapper<FeatureFlag>;
  FeatureFlagDefinition: ResolverTypeWrapper<FeatureFlagDefinition>;
  FeatureFlagKind: FeatureFlagKind;
  MfaFactorKind: MfaFactorKind;
  MfaMode: MfaMode;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SignUpTenantInput: SignUpTenantInput;
  SignupMode: SignupMode;
  Tenant: ResolverTypeWrapper<Omit<import('@tradesage/prisma').Tenant, 'settings'>>;
  TenantApiKeySettings: ResolverTypeWrapper<TenantApiKeySettings>;
  TenantApiKeySettingsInput: TenantApiKeySettingsInput;
  TenantBackup: ResolverTypeWrapper<TenantBackup>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  TenantBackupKind: TenantBackupKind;
  TenantConnection: ResolverTypeWrapper<Omit<TenantConnection, 'edges'> & { edges: Array<ResolversTypes['TenantEdge']> }>;
  TenantEdge: ResolverTypeWrapper<Omit<TenantEdge, 'node'> & { node: ResolversTypes['Tenant'] }>;
  TenantFilter: TenantFilter;
  TenantHealth: ResolverTypeWrapper<Omit<TenantHealth, 'tenant'> & { tenant: ResolversTypes['Tenant'] }>;
  TenantLockoutSettings: ResolverTypeWrapper<TenantLockoutSettings>;
  TenantLockoutSettingsInput: TenantLockoutSettingsInput;
  TenantMfaSettings: ResolverTypeWrapper<TenantMfaSettings>;
  TenantMfaSettingsInput: TenantMfaSettingsInput;
  TenantPageInfo: ResolverTypeWrapper<TenantPageInfo>;
  TenantPasswordPolicy: ResolverTypeWrapper<TenantPasswordPolicy>;
  TenantPasswordPolicyInput: TenantPasswordPolicyInput;
  TenantPlan: TenantPlan;
  TenantRateLimits: ResolverTypeWrapper<TenantRateLimits>;
  TenantRateLimitsInput: TenantRateLimitsInput;
  TenantSessionSettings: ResolverTypeWrapper<TenantSessionSettings>;
  TenantSessionSettingsInput: TenantSessionSettingsInput;
  TenantSettings: ResolverTypeWrapper<TenantSettings>;
  TenantSettingsInput: TenantSettingsInput;
  TenantSignupSettings: ResolverTypeWrapper<TenantSignupSettings>;
  TenantSignupSettingsInput: TenantSignupSettingsInput;
  TenantStatus: TenantStatus;
  TenantTableStats: ResolverTypeWrapper<TenantTableStats>;
  TenantUsage: ResolverTypeWrapper<Omit<TenantUsage, 'tenant'> & { tenant: ResolversTypes['Tenant'] }>;
  TenantUserCounts: ResolverTypeWrapper<TenantUserCounts>;
  UpdateFeatureFlagInput: UpdateFeatureFlagInput;
  UsagePeriod: UsagePeriod;
  User: ResolverTypeWrapper<{ readonly id: string; readonly tenantId: string }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateFeatureFlagInput: CreateFeatureFlagInput;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  CreateTenantInput: CreateTenantInput;
  DateTime: Scalars['DateTime']['output'];
  FeatureFlag: FeatureFlag;
  FeatureFlagDefinition: FeatureFlagDefinition;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  SignUpTenantInput: SignUpTenantInput;
  Tenant: Omit<import('@tradesage/prisma').Tenant, 'settings'>;
  TenantApiKeySettings: TenantApiKeySettings;
  TenantApiKeySettingsInput: TenantApiKeySettingsInput;
  TenantBackup: TenantBackup;
  Float: Scalars['Float']['output'];
  TenantConnection: Omit<TenantConnection, 'edges'> & { edges: Array<ResolversParentTypes['TenantEdge']> };
  TenantEdge: Omit<TenantEdge, 'node'> & { node: ResolversParentTypes['Tenant'] };
  TenantFilter: TenantFilter;
  TenantHealth: Omit<TenantHealth, 'tenant'> & { tenant: ResolversParentTypes['Tenant'] };
  TenantLockoutSettings: TenantLockoutSettings;
  TenantLockoutSettingsInput: TenantLockoutSettingsInput;
  TenantMfaSettings: TenantMfaSettings;
  TenantMfaSettingsInput: TenantMfaSettingsInput;
  TenantPageInfo: TenantPageInfo;
  TenantPasswordPolicy: TenantPasswordPolicy;
  TenantPasswordPolicyInput: TenantPasswordPolicyInput;
  TenantRateLimits: TenantRateLimits;
  TenantRateLimitsInput: TenantRateLimitsInput;
  TenantSessionSettings: TenantSessionSettings;
  TenantSessionSettingsInput: TenantSessionSettingsInput;
  TenantSettings: TenantSettings;
  TenantSettingsInput: TenantSettingsInput;
  TenantSignupSettings: TenantSignupSettings;
  TenantSignupSettingsInput: TenantSignupSettingsInput;
  TenantTableStats: TenantTableStats;
  TenantUsage: Omit<TenantUsage, 'tenant'> & { tenant: ResolversParentTypes['Tenant'] };
  TenantUserCounts: TenantUserCounts;
  UpdateFeatureFlagInput: UpdateFeatureFlagInput;
  User: { readonly id: string; readonly tenantId: string };
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FeatureFlagResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['FeatureFlag'] = ResolversParentTypes['FeatureFlag']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  on?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type FeatureFlagDefinitionResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['FeatureFlagDefinition'] = ResolversParentTypes['FeatureFlagDefinition']> = ResolversObject<{
  allowedUserIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FeatureFlagKind'], ParentType, ContextType>;
  percentage?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  activateTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationActivateTenantArgs, 'id'>>;
  backupTenant?: Resolver<ResolversTypes['TenantBackup'], ParentType, ContextType, RequireFields<MutationBackupTenantArgs, 'tenantId'>>;
  cancelTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationCancelTenantArgs, 'id'>>;
  createFeatureFlag?: Resolver<ResolversTypes['FeatureFlagDefinition'], ParentType, ContextType, RequireFields<MutationCreateFeatureFlagArgs, 'input'>>;
  createTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationCreateTenantArgs, 'input'>>;
  deleteFeatureFlag?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteFeatureFlagArgs, 'key'>>;
  restoreTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationRestoreTenantArgs, 'id'>>;
  setTenantDomain?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationSetTenantDomainArgs, 'id'>>;
  setTenantPlan?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationSetTenantPlanArgs, 'id' | 'plan'>>;
  signUpTenant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationSignUpTenantArgs, 'input'>>;
  suspendTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<MutationSuspendTenantArgs, 'id' | 'reason'>>;
  updateFeatureFlag?: Resolver<ResolversTypes['FeatureFlagDefinition'], ParentType, ContextType, RequireFields<MutationUpdateFeatureFlagArgs, 'input' | 'key'>>;
  updateTenantSettings?: Resolver<ResolversTypes['TenantSettings'], ParentType, ContextType, RequireFields<MutationUpdateTenantSettingsArgs, 'input'>>;
}>;

export type QueryResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  featureFlagDefinitions?: Resolver<Array<ResolversTypes['FeatureFlagDefinition']>, ParentType, ContextType>;
  featureFlags?: Resolver<Array<ResolversTypes['FeatureFlag']>, ParentType, ContextType>;
  myTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['Tenant']>, ParentType, ContextType, RequireFields<QueryTenantArgs, 'id'>>;
  tenantBackups?: Resolver<Array<ResolversTypes['TenantBackup']>, ParentType, ContextType, RequireFields<QueryTenantBackupsArgs, 'tenantId'>>;
  tenantHealth?: Resolver<ResolversTypes['TenantHealth'], ParentType, ContextType, RequireFields<QueryTenantHealthArgs, 'id'>>;
  tenantSettings?: Resolver<ResolversTypes['TenantSettings'], ParentType, ContextType, Partial<QueryTenantSettingsArgs>>;
  tenantUsage?: Resolver<ResolversTypes['TenantUsage'], ParentType, ContextType, RequireFields<QueryTenantUsageArgs, 'period'>>;
  tenants?: Resolver<ResolversTypes['TenantConnection'], ParentType, ContextType, RequireFields<QueryTenantsArgs, 'first'>>;
}>;

export type TenantResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant'], FederationReferenceType extends FederationReferenceTypes['Tenant'] = FederationReferenceTypes['Tenant']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Tenant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cancelledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  domain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  plan?: Resolver<ResolversTypes['TenantPlan'], ParentType, ContextType>;
  purgeAfter?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  purgedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TenantStatus'], ParentType, ContextType>;
  suspendedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  suspensionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TenantApiKeySettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantApiKeySettings'] = ResolversParentTypes['TenantApiKeySettings']> = ResolversObject<{
  maxLifetimeDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantBackupResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantBackup'] = ResolversParentTypes['TenantBackup']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TenantBackupKind'], ParentType, ContextType>;
  migrationCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type TenantConnectionResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantConnection'] = ResolversParentTypes['TenantConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TenantEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['TenantPageInfo'], ParentType, ContextType>;
}>;

export type TenantEdgeResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantEdge'] = ResolversParentTypes['TenantEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
}>;

export type TenantHealthResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantHealth'] = ResolversParentTypes['TenantHealth']> = ResolversObject<{
  appliedMigrations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  changedMigrations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  lastActivityAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  migrationsCurrent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  pendingMigrations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  schemaPresent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  tables?: Resolver<Array<ResolversTypes['TenantTableStats']>, ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
  unknownMigrations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TenantLockoutSettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantLockoutSettings'] = ResolversParentTypes['TenantLockoutSettings']> = ResolversObject<{
  threshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantMfaSettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantMfaSettings'] = ResolversParentTypes['TenantMfaSettings']> = ResolversObject<{
  allowedFactors?: Resolver<Array<ResolversTypes['MfaFactorKind']>, ParentType, ContextType>;
  enrolmentGraceDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['MfaMode'], ParentType, ContextType>;
  requiredForRoles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  stepUpMaxAgeMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totpWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trustedDeviceDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantPageInfoResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantPageInfo'] = ResolversParentTypes['TenantPageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type TenantPasswordPolicyResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantPasswordPolicy'] = ResolversParentTypes['TenantPasswordPolicy']> = ResolversObject<{
  minLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requireDigit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireLowercase?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireSymbol?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireUppercase?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type TenantRateLimitsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantRateLimits'] = ResolversParentTypes['TenantRateLimits']> = ResolversObject<{
  loginAttemptsPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestsPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantSessionSettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantSessionSettings'] = ResolversParentTypes['TenantSessionSettings']> = ResolversObject<{
  idleTimeoutMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxConcurrent?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refreshReuseLeewaySeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshTokenTtlDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantSettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantSettings'] = ResolversParentTypes['TenantSettings']> = ResolversObject<{
  apiKeys?: Resolver<ResolversTypes['TenantApiKeySettings'], ParentType, ContextType>;
  lockout?: Resolver<ResolversTypes['TenantLockoutSettings'], ParentType, ContextType>;
  mfa?: Resolver<ResolversTypes['TenantMfaSettings'], ParentType, ContextType>;
  passwordPolicy?: Resolver<ResolversTypes['TenantPasswordPolicy'], ParentType, ContextType>;
  rateLimits?: Resolver<ResolversTypes['TenantRateLimits'], ParentType, ContextType>;
  sessions?: Resolver<ResolversTypes['TenantSessionSettings'], ParentType, ContextType>;
  signup?: Resolver<ResolversTypes['TenantSignupSettings'], ParentType, ContextType>;
}>;

export type TenantSignupSettingsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantSignupSettings'] = ResolversParentTypes['TenantSignupSettings']> = ResolversObject<{
  allowedEmailDomains?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['SignupMode'], ParentType, ContextType>;
}>;

export type TenantTableStatsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantTableStats'] = ResolversParentTypes['TenantTableStats']> = ResolversObject<{
  bytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  estimated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TenantUsageResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantUsage'] = ResolversParentTypes['TenantUsage']> = ResolversObject<{
  activeSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  apiCalls?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  maxUsers?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['UsagePeriod'], ParentType, ContextType>;
  sessionsStarted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  storageBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['TenantUserCounts'], ParentType, ContextType>;
}>;

export type TenantUserCountsResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['TenantUserCounts'] = ResolversParentTypes['TenantUserCounts']> = ResolversObject<{
  active?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  invited?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = TenantContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = TenantContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  FeatureFlag?: FeatureFlagResolvers<ContextType>;
  FeatureFlagDefinition?: FeatureFlagDefinitionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TenantApiKeySettings?: TenantApiKeySettingsResolvers<ContextType>;
  TenantBackup?: TenantBackupResolvers<ContextType>;
  TenantConnection?: TenantConnectionResolvers<ContextType>;
  TenantEdge?: TenantEdgeResolvers<ContextType>;
  TenantHealth?: TenantHealthResolvers<ContextType>;
  TenantLockoutSettings?: TenantLockoutSettingsResolvers<ContextType>;
  TenantMfaSettings?: TenantMfaSettingsResolvers<ContextType>;
  TenantPageInfo?: TenantPageInfoResolvers<ContextType>;
  TenantPasswordPolicy?: TenantPasswordPolicyResolvers<ContextType>;
  TenantRateLimits?: TenantRateLimitsResolvers<ContextType>;
  TenantSessionSettings?: TenantSessionSettingsResolvers<ContextType>;
  TenantSettings?: TenantSettingsResolvers<ContextType>;
  TenantSignupSettings?: TenantSignupSettingsResolvers<ContextType>;
  TenantTableStats?: TenantTableStatsResolvers<ContextType>;
  TenantUsage?: TenantUsageResolvers<ContextType>;
  TenantUserCounts?: TenantUserCountsResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

