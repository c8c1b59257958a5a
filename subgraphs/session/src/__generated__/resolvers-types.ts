import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SessionContext } from '../context.ts';
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

export type DailySessionCount = {
  __typename?: 'DailySessionCount';
  count: Scalars['Int']['output'];
  /** The UTC day, as YYYY-MM-DD. */
  day: Scalars['String']['output'];
};

/** The kind of device a session was opened from, parsed from its user agent at login. */
export type DeviceType =
  | 'DESKTOP'
  | 'MOBILE'
  /** No user agent, or none the parser recognises as a desktop, phone or tablet. */
  | 'OTHER'
  | 'TABLET';

export type DeviceTypeCount = {
  __typename?: 'DeviceTypeCount';
  count: Scalars['Int']['output'];
  deviceType: DeviceType;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Ends all of the caller's sessions, this one included (its access token is refused from the next
   * request on). Returns how many sessions ended.
   */
  revokeAllSessions: Scalars['Int']['output'];
  /**
   * Ends all of the caller's sessions except the one making this request. Their tokens are refused
   * from the next request on. Returns how many sessions ended.
   */
  revokeOtherSessions: Scalars['Int']['output'];
  /** Ends one of the caller's own sessions. Its tokens are refused from the next request on. */
  revokeSession: Session;
  /**
   * Ends one session of any user of the caller's tenant; its tokens are refused from the next
   * request on. Needs `sessions:revoke:any`. A session of another tenant, or none, is NOT_FOUND. A
   * session that had already ended is returned as it is.
   */
  revokeTenantSession: Session;
  /**
   * Ends every session of a user of the caller's tenant; their tokens are refused from the next
   * request on. Needs `sessions:revoke:any`. A user id of another tenant (or none) ends nothing.
   * Returns how many sessions ended.
   */
  revokeUserSessions: Scalars['Int']['output'];
};


export type MutationRevokeSessionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeTenantSessionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeUserSessionsArgs = {
  userId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The signed-in user's sessions that have not ended, newest first. */
  mySessions: Array<Session>;
  /** Session figures of the caller's tenant, computed in its schema. Needs `sessions:read:any`. */
  sessionStats: SessionStats;
  /**
   * Sessions of the caller's tenant that have not ended, newest first, a page at a time (`first`
   * 1–100, default 20; `after` a cursor of this list). Needs `sessions:read:any`; the device fields
   * of each session also need `users:pii:read` (see `Session.userAgent`).
   */
  tenantSessions: SessionConnection;
  /**
   * Sessions of a user of the caller's tenant that have not ended, newest first. Needs
   * `sessions:read:any`. A user id of another tenant (or none) gives an empty list.
   */
  userSessions: Array<Session>;
};


export type QueryTenantSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TenantSessionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryUserSessionsArgs = {
  userId: Scalars['ID']['input'];
};

export type Session = {
  __typename?: 'Session';
  /**
   * The application this session is the sign-in of (through the tenant's OpenID Connect provider);
   * null for a sign-in of the user's own. Revoking the session ends that application's tokens.
   */
  application?: Maybe<SessionApplication>;
  /** When the session was last authenticated: its sign-in, or its latest step-up. */
  authenticatedAt: Scalars['DateTime']['output'];
  /**
   * How the session was authenticated, as RFC 8176 methods (`pwd`, `otp`, `hwk`, `user`, `sms`, `mfa`;
   * `device` when a trusted device stood in for the second factor).
   */
  authenticationMethods: Array<Scalars['String']['output']>;
  /**
   * Browser name parsed from the user agent at login, such as `Chrome` or `Mobile Safari`.
   * Personal (see `userAgent`).
   */
  browser?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** True for the session of the access token that made this request. */
  current: Scalars['Boolean']['output'];
  deviceType: DeviceType;
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The client address the session was opened from. Personal (see `userAgent`). */
  ip?: Maybe<Scalars['String']['output']>;
  lastActiveAt: Scalars['DateTime']['output'];
  /**
   * Operating system parsed from the user agent at login, such as `Windows` or `iOS`.
   * Personal (see `userAgent`).
   */
  os?: Maybe<Scalars['String']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user the session belongs to. */
  user: User;
  /**
   * The user agent the session was opened with. Personal, like the other device fields below: the
   * session's owner, and in its tenant holders of `users:pii:read` (with `sessions:read:any`), only;
   * anyone else who may read the session gets FORBIDDEN on the field alone.
   */
  userAgent?: Maybe<Scalars['String']['output']>;
};

/** An application (OAuth client) a session signed in to. */
export type SessionApplication = {
  __typename?: 'SessionApplication';
  clientId: Scalars['String']['output'];
  /** Null once the application has been deleted. */
  name?: Maybe<Scalars['String']['output']>;
};

export type SessionConnection = {
  __typename?: 'SessionConnection';
  edges: Array<SessionEdge>;
  pageInfo: SessionPageInfo;
};

export type SessionEdge = {
  __typename?: 'SessionEdge';
  cursor: Scalars['String']['output'];
  node: Session;
};

export type SessionPageInfo = {
  __typename?: 'SessionPageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Sessions of one tenant (times are UTC). */
export type SessionStats = {
  __typename?: 'SessionStats';
  /** Active sessions by device type; every device type is listed, with 0 when there are none. */
  activeByDeviceType: Array<DeviceTypeCount>;
  /** Sessions that have not ended (neither revoked nor past their expiry). */
  activeSessions: Scalars['Int']['output'];
  /**
   * Average length in seconds of the sessions that ended in the last 30 days (revoked, or past
   * their expiry), from start to end. Null when none did.
   */
  averageSessionLengthSeconds?: Maybe<Scalars['Float']['output']>;
  /** Sessions started on each of the last 30 UTC days, oldest first, today last; 0 on days without. */
  newSessionsPerDay: Array<DailySessionCount>;
};

/** Narrows `tenantSessions`; every field given must match. */
export type TenantSessionFilter = {
  deviceType?: InputMaybe<DeviceType>;
  /** Only this user's sessions. */
  userId?: InputMaybe<Scalars['ID']['input']>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** Sessions of this user that have not ended, newest first. */
  sessions: Array<Session>;
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
  Session: Session;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Session:
    ( { __typename: 'Session' }
    & GraphQLRecursivePick<FederationTypes['Session'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DailySessionCount: ResolverTypeWrapper<DailySessionCount>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeviceType: DeviceType;
  DeviceTypeCount: ResolverTypeWrapper<DeviceTypeCount>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Session: ResolverTypeWrapper<Pick<import('@tradesage/prisma').Session, 'id' | 'userId' | 'createdAt' | 'lastActiveAt' | 'expiresAt' | 'revokedAt' | 'userAgent' | 'ip' | 'browser' | 'os' | 'deviceType' | 'authTime' | 'amr' | 'oauthClientId'> & { readonly tenantId: string }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  SessionApplication: ResolverTypeWrapper<SessionApplication>;
  SessionConnection: ResolverTypeWrapper<Omit<SessionConnection, 'edges'> & { edges: Array<ResolversTypes['SessionEdge']> }>;
  SessionEdge: ResolverTypeWrapper<Omit<SessionEdge, 'node'> & { node: ResolversTypes['Session'] }>;
  SessionPageInfo: ResolverTypeWrapper<SessionPageInfo>;
  SessionStats: ResolverTypeWrapper<SessionStats>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  TenantSessionFilter: TenantSessionFilter;
  User: ResolverTypeWrapper<{ readonly id: string; readonly tenantId: string }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DailySessionCount: DailySessionCount;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  DeviceTypeCount: DeviceTypeCount;
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  Session: Pick<import('@tradesage/prisma').Session, 'id' | 'userId' | 'createdAt' | 'lastActiveAt' | 'expiresAt' | 'revokedAt' | 'userAgent' | 'ip' | 'browser' | 'os' | 'deviceType' | 'authTime' | 'amr' | 'oauthClientId'> & { readonly tenantId: string };
  Boolean: Scalars['Boolean']['output'];
  SessionApplication: SessionApplication;
  SessionConnection: Omit<SessionConnection, 'edges'> & { edges: Array<ResolversParentTypes['SessionEdge']> };
  SessionEdge: Omit<SessionEdge, 'node'> & { node: ResolversParentTypes['Session'] };
  SessionPageInfo: SessionPageInfo;
  SessionStats: SessionStats;
  Float: Scalars['Float']['output'];
  TenantSessionFilter: TenantSessionFilter;
  User: { readonly id: string; readonly tenantId: string };
}>;

export type DailySessionCountResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['DailySessionCount'] = ResolversParentTypes['DailySessionCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  day?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeviceTypeCountResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['DeviceTypeCount'] = ResolversParentTypes['DeviceTypeCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deviceType?: Resolver<ResolversTypes['DeviceType'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  revokeAllSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revokeOtherSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revokeSession?: Resolver<ResolversTypes['Session'], ParentType, ContextType, RequireFields<MutationRevokeSessionArgs, 'id'>>;
  revokeTenantSession?: Resolver<ResolversTypes['Session'], ParentType, ContextType, RequireFields<MutationRevokeTenantSessionArgs, 'id'>>;
  revokeUserSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationRevokeUserSessionsArgs, 'userId'>>;
}>;

export type QueryResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  mySessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, ContextType>;
  sessionStats?: Resolver<ResolversTypes['SessionStats'], ParentType, ContextType>;
  tenantSessions?: Resolver<ResolversTypes['SessionConnection'], ParentType, ContextType, RequireFields<QueryTenantSessionsArgs, 'first'>>;
  userSessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, ContextType, RequireFields<QueryUserSessionsArgs, 'userId'>>;
}>;

export type SessionResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session'], FederationReferenceType extends FederationReferenceTypes['Session'] = FederationReferenceTypes['Session']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Session']> | FederationReferenceType, FederationReferenceType, ContextType>;
  application?: Resolver<Maybe<ResolversTypes['SessionApplication']>, ParentType, ContextType>;
  authenticatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  authenticationMethods?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  browser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  deviceType?: Resolver<ResolversTypes['DeviceType'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastActiveAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  os?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SessionApplicationResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionApplication'] = ResolversParentTypes['SessionApplication']> = ResolversObject<{
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SessionConnectionResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionConnection'] = ResolversParentTypes['SessionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SessionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['SessionPageInfo'], ParentType, ContextType>;
}>;

export type SessionEdgeResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionEdge'] = ResolversParentTypes['SessionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Session'], ParentType, ContextType>;
}>;

export type SessionPageInfoResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionPageInfo'] = ResolversParentTypes['SessionPageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type SessionStatsResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['SessionStats'] = ResolversParentTypes['SessionStats']> = ResolversObject<{
  activeByDeviceType?: Resolver<Array<ResolversTypes['DeviceTypeCount']>, ParentType, ContextType>;
  activeSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  averageSessionLengthSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  newSessionsPerDay?: Resolver<Array<ResolversTypes['DailySessionCount']>, ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = SessionContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SessionContext> = ResolversObject<{
  DailySessionCount?: DailySessionCountResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeviceTypeCount?: DeviceTypeCountResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  SessionApplication?: SessionApplicationResolvers<ContextType>;
  SessionConnection?: SessionConnectionResolvers<ContextType>;
  SessionEdge?: SessionEdgeResolvers<ContextType>;
  SessionPageInfo?: SessionPageInfoResolvers<ContextType>;
  SessionStats?: SessionStatsResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

