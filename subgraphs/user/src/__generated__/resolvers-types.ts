import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Profile } from '../repositories/user.repository.ts';
import type { ActivityRow } from '../repositories/activity.repository.ts';
import type { PreferenceView } from '../services/preference.service.ts';
import type { UserContext } from '../context.ts';
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
  /** Any JSON value (object, array, string, number or boolean). */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type CreateRoleInput = {
  /** At most 500 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 2 to 40 characters: a lowercase letter, then lowercase letters, digits, _ or -; not a built-in name. */
  name: Scalars['String']['input'];
  /** The role to inherit from (built-in or custom; never platform_admin). */
  parent: Scalars['String']['input'];
  /** Entries of the permission catalogue; platform permissions are never allowed. */
  permissions: Array<Scalars['String']['input']>;
};

export type DailyActiveUsers = {
  __typename?: 'DailyActiveUsers';
  count: Scalars['Int']['output'];
  /** A UTC day, YYYY-MM-DD. */
  date: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Replaces the roles of a user of the caller's tenant (at least one). Needs roles:write; every
   * role given, and the user's current roles, must have only permissions the caller holds, and
   * nobody changes their own roles (ROLE_NOT_ALLOWED). Applies to the user's next request, whatever
   * tokens they hold. Audited (user.roles_changed).
   */
  assignRoles: User;
  /**
   * Creates a custom role of the caller's tenant that inherits from `parent` and adds `permissions`.
   * Needs roles:write. Refused with ROLE_NOT_ALLOWED when its effective permissions would include
   * one the caller lacks or a platform permission; BAD_USER_INPUT for a bad name (or a built-in
   * one), an unknown permission or parent; CONFLICT when the name is taken. Audited (role.created).
   */
  createRole: Role;
  /** Disables a user of the caller's tenant: sign-in refused and every session ended at once. */
  deactivateUser: User;
  /**
   * Deletes a custom role. A role still held is refused (CONFLICT) unless `reassignTo` names the role
   * its holders get instead, in the same transaction; a role other roles inherit from is refused
   * (CONFLICT). Needs roles:write and, for the role and `reassignTo`, only permissions the caller
   * holds (ROLE_NOT_ALLOWED). Audited (role.deleted).
   */
  deleteRole: Scalars['Boolean']['output'];
  /**
   * Deletes a user of the caller's tenant (users:write): every session ends at once; the email
   * becomes a unique placeholder under `.invalid`; names, picture, locale, time zone, preferences,
   * password, username, pending address and single-use links are erased, and addresses and user
   * agents recorded for them (sessions, activity, their audit events) removed. The row stays with
   * status DELETED so audit events keep an opaque id; it can never be reactivated or sign in again.
   * Deleting yourself is BAD_USER_INPUT; a user already deleted is CONFLICT.
   */
  deleteUser: User;
  /** Lets a disabled user of the caller's tenant sign in again. */
  reactivateUser: User;
  /** Returns one of the signed-in user's preferences to its default (unknown_preference for an unknown key). */
  resetPreference: Preference;
  /**
   * Sets one of the signed-in user's preferences. Refused with BAD_USER_INPUT and
   * `extensions.details.reason`: unknown_preference (the key is not known), value_too_large (over
   * 4 KiB of JSON), invalid_value (not what the key accepts), total_too_large (all of the user's
   * values over 16 KiB).
   */
  setPreference: Preference;
  updateMyProfile: User;
  /**
   * Changes a custom role; fields left out stay. Needs roles:write, and the role's current and new
   * effective permissions must all be the caller's (ROLE_NOT_ALLOWED; also for built-in roles, which
   * never change). A parent that would make a loop is BAD_USER_INPUT. Applies to every holder's
   * next request. Audited (role.updated).
   */
  updateRole: Role;
};


export type MutationAssignRolesArgs = {
  roles: Array<Scalars['String']['input']>;
  userId: Scalars['ID']['input'];
};


export type MutationCreateRoleArgs = {
  input: CreateRoleInput;
};


export type MutationDeactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteRoleArgs = {
  name: Scalars['String']['input'];
  reassignTo?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResetPreferenceArgs = {
  key: Scalars['String']['input'];
};


export type MutationSetPreferenceArgs = {
  key: Scalars['String']['input'];
  value: Scalars['JSON']['input'];
};


export type MutationUpdateMyProfileArgs = {
  input: UpdateProfileInput;
};


export type MutationUpdateRoleArgs = {
  input: UpdateRoleInput;
  name: Scalars['String']['input'];
};

export type MyPermissions = {
  __typename?: 'MyPermissions';
  permissions: Array<Scalars['String']['output']>;
  roles: Array<Scalars['String']['output']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PermissionInfo = {
  __typename?: 'PermissionInfo';
  description: Scalars['String']['output'];
  name: Scalars['String']['output'];
  scope: PermissionScope;
  /** The operations that check it. */
  unlocks: Array<Scalars['String']['output']>;
};

export type PermissionScope =
  /** Platform administrators only; never part of a custom role. */
  | 'PLATFORM'
  | 'TENANT';

export type Preference = {
  __typename?: 'Preference';
  defaultValue: Scalars['JSON']['output'];
  description: Scalars['String']['output'];
  /** True when no value was set for the key: `value` is its default. */
  isDefault: Scalars['Boolean']['output'];
  /** e.g. ui.theme, ui.density, notifications.email, notifications.inApp, trading.defaultMarket, trading.confirmOrders, trading.watchlist. */
  key: Scalars['String']['output'];
  /** When the value was last set; null for a default. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  value: Scalars['JSON']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Distinct users of the caller's tenant active (signed in, changed something or used the API) on
   * each of the last `days` UTC days, today included, oldest first; a day without activity counts 0.
   * `days` 1–366. Needs users:read.
   */
  dailyActiveUsers: Array<DailyActiveUsers>;
  /** The signed-in user. */
  me: User;
  /** The caller's roles and effective permissions as authorization sees them now (sorted). */
  myPermissions: MyPermissions;
  /** Every known preference of the signed-in user, by key, with its value (the default where none was set). */
  myPreferences: Array<Preference>;
  /** Every permission the platform knows (the catalogue custom roles are made from). Needs roles:read. */
  permissionCatalogue: Array<PermissionInfo>;
  /** One role of the caller's tenant; null when there is none by that name. Needs roles:read. */
  role?: Maybe<Role>;
  /** Every role of the caller's tenant, built-in and custom, by name. Needs roles:read. */
  roles: Array<Role>;
  /** A user of the caller's own tenant; null when no such user exists there. */
  user?: Maybe<User>;
  /**
   * A user's activity in the caller's tenant, newest first (cursor pagination, `first` 1–100): sign-ins,
   * profile and security changes, and one entry per UTC day of API use. Your own, or any user's of
   * your tenant with users:read. NOT_FOUND when the user is not in your tenant.
   */
  userActivity: UserActivityConnection;
  /**
   * Users of the caller's own tenant, oldest first (cursor pagination on creation time, then id;
   * keep `filter` and `search` the same from page to page). Without a status filter, DELETED users
   * are left out. `search` (at most 100 characters) matches any part of the first, last or display
   * name, case-insensitively, and of the email address for holders of users:pii:read only.
   */
  users: UserConnection;
};


export type QueryDailyActiveUsersArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRoleArgs = {
  name: Scalars['String']['input'];
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUserActivityArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  userId: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

export type Role = {
  __typename?: 'Role';
  /** Built-in roles cannot be changed or deleted. */
  builtin: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  /** Its own permissions plus everything inherited, sorted. */
  effectivePermissions: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** The role it inherits every permission from; null for viewer and api_user. */
  parent?: Maybe<Scalars['String']['output']>;
  /** The permissions this role adds to its parent's. */
  permissions: Array<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** How many users hold it. */
  userCount: Scalars['Int']['output'];
};

/**
 * A partial update: a field left out stays as it is; null (or an empty string) clears it. Every
 * field is checked before anything is written; a refusal is BAD_USER_INPUT with
 * `extensions.details.field` (the input field) and `extensions.details.reason` (too_long,
 * invalid_characters, invalid_locale, unsupported_locale, invalid_timezone, invalid_url,
 * scheme_not_allowed, credentials_not_allowed, host_not_public).
 */
export type UpdateProfileInput = {
  /**
   * An http(s) URL of at most 2048 characters, without user name or password, on a public host:
   * not localhost, not an IP address of a private, loopback, link-local, unique-local or other
   * non-public range.
   */
  avatarUrl?: InputMaybe<Scalars['String']['input']>;
  /** The name shown to others; same rules as firstName. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** At most 100 characters: letters, digits, spaces and . , ' ’ - */
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** A BCP 47 language tag such as "en-GB"; stored in canonical form. */
  locale?: InputMaybe<Scalars['String']['input']>;
  /** An IANA time zone such as "Europe/Paris" (not a UTC offset). */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateRoleInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  parent?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the role's own permissions. */
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type User = {
  __typename?: 'User';
  /** http(s) URL of the user's picture on a public host; null: none. */
  avatarUrl?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** When an administrator deleted the user (status DELETED); null otherwise. */
  deletedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The name shown to others; null when the user has not chosen one. */
  displayName?: Maybe<Scalars['String']['output']>;
  /**
   * Personal: the user themself and holders of users:pii:read (admins) only; anyone else gets
   * FORBIDDEN on this field. A deleted user's is a placeholder under `.invalid`.
   */
  email?: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastName: Scalars['String']['output'];
  /** BCP 47 language tag (canonical form) the user reads in; null: the tenant's default. */
  locale?: Maybe<Scalars['String']['output']>;
  /** The roles the user holds, sorted. */
  roles: Array<Scalars['String']['output']>;
  status: UserStatus;
  /** IANA time zone of the user; null: not set. */
  timezone?: Maybe<Scalars['String']['output']>;
};

export type UserActivity = {
  __typename?: 'UserActivity';
  /** When it happened; for API, the first request of that day. */
  at: Scalars['DateTime']['output'];
  /** 1, or for API the number of samples that day. */
  count: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Personal (client address): the user themself and holders of users:pii:read only. */
  ip?: Maybe<Scalars['String']['output']>;
  kind: UserActivityKind;
  /** Personal: the user themself and holders of users:pii:read only. */
  userAgent?: Maybe<Scalars['String']['output']>;
  userId: Scalars['ID']['output'];
};

export type UserActivityConnection = {
  __typename?: 'UserActivityConnection';
  edges: Array<UserActivityEdge>;
  pageInfo: PageInfo;
};

export type UserActivityEdge = {
  __typename?: 'UserActivityEdge';
  cursor: Scalars['String']['output'];
  node: UserActivity;
};

export type UserActivityKind =
  /** API use on one UTC day: one entry per day, `count` samples (at most one per session and minute). */
  | 'API'
  | 'EMAIL_CHANGED'
  | 'LOGIN'
  | 'PASSWORD_CHANGED'
  | 'PASSWORD_RESET'
  | 'PREFERENCES_CHANGED'
  | 'PROFILE_UPDATED';

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

/** Every given field narrows the list. */
export type UserFilter = {
  /** Only users holding this role (by name). */
  role?: InputMaybe<Scalars['String']['input']>;
  /** Only users in this status; without it, every user but DELETED ones. */
  status?: InputMaybe<UserStatus>;
};

export type UserStatus =
  | 'ACTIVE'
  /** Deleted by an administrator: personal data erased, cannot sign in or be reactivated. */
  | 'DELETED'
  | 'DISABLED'
  /** Invited by an administrator; becomes ACTIVE when the invitation is accepted. */
  | 'INVITED';

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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateRoleInput: CreateRoleInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DailyActiveUsers: ResolverTypeWrapper<DailyActiveUsers>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  MyPermissions: ResolverTypeWrapper<MyPermissions>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PermissionInfo: ResolverTypeWrapper<PermissionInfo>;
  PermissionScope: PermissionScope;
  Preference: ResolverTypeWrapper<PreferenceView>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: ResolverTypeWrapper<Role>;
  UpdateProfileInput: UpdateProfileInput;
  UpdateRoleInput: UpdateRoleInput;
  User: ResolverTypeWrapper<Profile>;
  UserActivity: ResolverTypeWrapper<ActivityRow>;
  UserActivityConnection: ResolverTypeWrapper<Omit<UserActivityConnection, 'edges'> & { edges: Array<ResolversTypes['UserActivityEdge']> }>;
  UserActivityEdge: ResolverTypeWrapper<Omit<UserActivityEdge, 'node'> & { node: ResolversTypes['UserActivity'] }>;
  UserActivityKind: UserActivityKind;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
  UserFilter: UserFilter;
  UserStatus: UserStatus;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateRoleInput: CreateRoleInput;
  String: Scalars['String']['output'];
  DailyActiveUsers: DailyActiveUsers;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  MyPermissions: MyPermissions;
  PageInfo: PageInfo;
  PermissionInfo: PermissionInfo;
  Preference: PreferenceView;
  Query: Record<PropertyKey, never>;
  Role: Role;
  UpdateProfileInput: UpdateProfileInput;
  UpdateRoleInput: UpdateRoleInput;
  User: Profile;
  UserActivity: ActivityRow;
  UserActivityConnection: Omit<UserActivityConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserActivityEdge']> };
  UserActivityEdge: Omit<UserActivityEdge, 'node'> & { node: ResolversParentTypes['UserActivity'] };
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
  UserFilter: UserFilter;
}>;

export type DailyActiveUsersResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['DailyActiveUsers'] = ResolversParentTypes['DailyActiveUsers']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  assignRoles?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationAssignRolesArgs, 'roles' | 'userId'>>;
  createRole?: Resolver<ResolversTypes['Role'], ParentType, ContextType, RequireFields<MutationCreateRoleArgs, 'input'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'id'>>;
  deleteRole?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteRoleArgs, 'name'>>;
  deleteUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeleteUserArgs, 'id'>>;
  reactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationReactivateUserArgs, 'id'>>;
  resetPreference?: Resolver<ResolversTypes['Preference'], ParentType, ContextType, RequireFields<MutationResetPreferenceArgs, 'key'>>;
  setPreference?: Resolver<ResolversTypes['Preference'], ParentType, ContextType, RequireFields<MutationSetPreferenceArgs, 'key' | 'value'>>;
  updateMyProfile?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateMyProfileArgs, 'input'>>;
  updateRole?: Resolver<ResolversTypes['Role'], ParentType, ContextType, RequireFields<MutationUpdateRoleArgs, 'input' | 'name'>>;
}>;

export type MyPermissionsResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['MyPermissions'] = ResolversParentTypes['MyPermissions']> = ResolversObject<{
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PermissionInfoResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['PermissionInfo'] = ResolversParentTypes['PermissionInfo']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scope?: Resolver<ResolversTypes['PermissionScope'], ParentType, ContextType>;
  unlocks?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PreferenceResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['Preference'] = ResolversParentTypes['Preference']> = ResolversObject<{
  defaultValue?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  isDefault?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  dailyActiveUsers?: Resolver<Array<ResolversTypes['DailyActiveUsers']>, ParentType, ContextType, RequireFields<QueryDailyActiveUsersArgs, 'days'>>;
  me?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  myPermissions?: Resolver<ResolversTypes['MyPermissions'], ParentType, ContextType>;
  myPreferences?: Resolver<Array<ResolversTypes['Preference']>, ParentType, ContextType>;
  permissionCatalogue?: Resolver<Array<ResolversTypes['PermissionInfo']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['Role']>, ParentType, ContextType, RequireFields<QueryRoleArgs, 'name'>>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  userActivity?: Resolver<ResolversTypes['UserActivityConnection'], ParentType, ContextType, RequireFields<QueryUserActivityArgs, 'first' | 'userId'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
}>;

export type RoleResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['Role'] = ResolversParentTypes['Role']> = ResolversObject<{
  builtin?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  effectivePermissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  userCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  avatarUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deletedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  locale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['UserStatus'], ParentType, ContextType>;
  timezone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type UserActivityResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['UserActivity'] = ResolversParentTypes['UserActivity']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['UserActivityKind'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type UserActivityConnectionResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['UserActivityConnection'] = ResolversParentTypes['UserActivityConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UserActivityEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type UserActivityEdgeResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['UserActivityEdge'] = ResolversParentTypes['UserActivityEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['UserActivity'], ParentType, ContextType>;
}>;

export type UserConnectionResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type UserEdgeResolvers<ContextType = UserContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = UserContext> = ResolversObject<{
  DailyActiveUsers?: DailyActiveUsersResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  MyPermissions?: MyPermissionsResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PermissionInfo?: PermissionInfoResolvers<ContextType>;
  Preference?: PreferenceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Role?: RoleResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserActivity?: UserActivityResolvers<ContextType>;
  UserActivityConnection?: UserActivityConnectionResolvers<ContextType>;
  UserActivityEdge?: UserActivityEdgeResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
}>;

