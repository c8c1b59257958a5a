/**
 * Public API of @tradesage/core: the shared runtime (config, logging, Redis, HTTP edge, errors,
 * tokens, passwords, mail, GraphQL helpers, request context, jobs) and the domains every service
 * shares (audit, credentials, permissions, sessions, tenants, users). Only what is listed here is public.
 */
export {
  type AuditAction,
  auditColumns,
  type AuditColumns,
  type AuditEntry,
  type AuditResult,
  recordAudit,
} from './domains/audit/audit.repository.ts';
export { reportSecurityEvent, type SecurityEvent, type SecurityEventKind } from './domains/audit/security-events.ts';
export {
  claimsOfOneTimeToken,
  hashOneTimeToken,
  issueOneTimeToken,
  type NewOneTimeToken,
  ONE_TIME_TOKEN_TTL_SECONDS,
  type OneTimeTokenPurpose,
  tenantOfOneTimeToken,
} from './domains/credentials/one-time-tokens.ts';
export { assertPasswordAllowed } from './domains/credentials/password-policy.ts';
export {
  cachedAccessValue,
  invalidateTenantPermissions,
  invalidateUserPermissions,
  loadAccess,
  permissionCacheKeys,
} from './domains/permissions/permission-cache.service.ts';
export {
  FACTOR_AMR,
  type FactorKind,
  methodsAfter,
  mfaRequiredFor,
  type MfaSettings,
  signInStep,
  type SignInStep,
  usableFactors,
} from './domains/mfa/mfa-policy.ts';
export { ENROLMENT_ONLY_ROOT_FIELDS } from './domains/mfa/enrolment-only.ts';
export {
  API_KEY_PATTERN,
  type ApiKeyEnvironment,
  displayApiKey,
  hashApiKey,
  newApiKey,
  parseApiKey,
} from './domains/api-keys/api-key-format.ts';
export { addressAllowed, MAX_ALLOWED_CIDRS, normalizeCidr } from './domains/api-keys/address-allowlist.ts';
export {
  API_KEY_USAGE_RETENTION_DAYS,
  apiKeyUsageKey,
  forgetApiKeyGrants,
  publishApiKeyState,
  revokeOwnerApiKeys,
  setTenantApiKeysEnabled,
} from './domains/api-keys/api-key-access.ts';
export { ApiKeyRepository, type ApiKeyRow, findApiKeyTenants } from './domains/api-keys/api-key.repository.ts';
export { SESSION_ONLY_ROOT_FIELDS } from './domains/api-keys/session-only.ts';
export {
  API_KEY_EXPIRY_NOTICE_DAYS,
  apiKeyJobs,
  notifyExpiringApiKeys,
} from './domains/api-keys/jobs/api-key-expiry.job.ts';
export { recentAuthentication } from './domains/mfa/step-up.ts';
export {
  type ChallengeRow,
  type FactorRow,
  MfaRepository,
  type PasskeyRow,
  type TotpFactorRow,
  type TrustedDeviceRow,
} from './domains/mfa/mfa.repository.ts';
export { loadTenantRoles, type TenantRoles } from './domains/permissions/permission.repository.ts';
export {
  assertMayGrant,
  assertMayManageUser,
  assertNotOutranked,
  permissionsLacking,
  rolePermissions,
} from './domains/permissions/role-grant.service.ts';
export { sessionJobs } from './domains/sessions/jobs/session-jobs.ts';
export { cachedTenantSettings, forgetTenantSettings } from './domains/sessions/session-activity.service.ts';
export { countActiveSessions, reportActiveSessions } from './domains/sessions/session-metrics.ts';
export { RevocationPublisher } from './domains/sessions/revocation-publisher.ts';
export {
  InvalidRefreshTokenError,
  type RotatedSession,
  SessionLifecycleService,
  type SessionSettings,
} from './domains/sessions/session-lifecycle.service.ts';
export { SessionManagementService } from './domains/sessions/session-management.service.ts';
export {
  revokeAllTenantSessions,
  revokeSessions,
  revokeUserSessions,
  signOutEverywhere,
} from './domains/sessions/session-revocation.service.ts';
export { type SessionCheck, SessionStateStore } from './domains/sessions/session-state.ts';
export {
  endSessions,
  type RevocationReason,
  SessionRepository,
  type SessionRow,
} from './domains/sessions/session.repository.ts';
export {
  type FeatureFlagDefinition,
  type FeatureFlagKind,
  featureFlagProblems,
  isFeatureFlagOn,
  rolloutBucket,
} from './domains/tenants/feature-flags.ts';
export { assertUserQuota, planLimits, type TenantPlan } from './domains/tenants/tenant-quota.service.ts';
export { findStoredTenantSettings } from './domains/tenants/tenant.repository.ts';
export {
  applyTenantSettingsPatch,
  DEFAULT_TENANT_SETTINGS,
  parseTenantSettings,
  type TenantSettings,
} from './domains/tenants/tenant-settings.ts';
export {
  apiCallCounterKey,
  readApiCalls,
  recordApiCall,
  type UsagePeriod,
  usageWindow,
} from './domains/tenants/tenant-usage.ts';
export { FEDERATED_AMR, SocialAccountService } from './domains/social/social-account.service.ts';
export { socialSecretAad } from './domains/social/social-connection-secret.ts';
export {
  ENTRA_ORGANIZATIONS,
  entraTenantOf,
  isSocialProvider,
  SOCIAL_PROVIDERS,
  type SocialProvider,
} from './domains/social/social-providers.ts';
export {
  SOCIAL_ACCOUNT_PAGE,
  SOCIAL_BINDING_COOKIE,
  SOCIAL_SIGN_IN_PAGE,
  SocialSignIn,
  type SocialRedirect,
} from './domains/social/social-sign-in.ts';
export { type SignInTicket, SocialStore } from './domains/social/social-store.ts';
export {
  activeTenantBySlug,
  type SocialConnectionPatch,
  type SocialConnectionRow,
  SocialRepository,
  type UserIdentityRow,
} from './domains/social/social.repository.ts';
export { assertVisibleIdentifier, validEmail } from './domains/users/email-address.ts';
export { recordUserActivity } from './domains/users/user-activity.repository.ts';
export { type Config, loadConfig, SUBGRAPH_NAMES, type SubgraphName, subgraphUrl } from './runtime/config.ts';
export {
  AppError,
  BadInputError,
  type ErrorCode,
  findAppError,
  ForbiddenError,
  formatGraphQLError,
  httpStatusOf,
  isClientErrorCode,
  NotFoundError,
  serviceUnavailableError,
  UnauthenticatedError,
} from './runtime/errors.ts';
export { isDatabaseUnavailable } from './runtime/database-unavailable.ts';
export {
  GATEWAY_CREDENTIAL_HEADER,
  type GatewayCredentialIssuer,
  GatewayCredentials,
} from './runtime/gateway-credential.ts';
export { fromGraphEnum, knownGraphEnum, toGraphEnum } from './runtime/graphql/graph-enum.ts';
export { mergeTypeMaps } from './runtime/graphql/merge-maps.ts';
export { fieldsWithoutRule, type TypeRuleAllowList, undocumentedUnlocks } from './runtime/graphql/shield-coverage.ts';
export {
  allowAnonymous,
  and,
  assertInCatalogue,
  canReadPersonalData,
  createPermissions,
  defineRule,
  federationRules,
  hasPermission,
  isAuthenticated,
  isPlatformAdmin,
  isSelf,
  mergeRuleTrees,
  or,
  type RuleTypeMap,
  sameTenant,
  type ShieldRule,
} from './runtime/graphql/shield-rules.ts';
export { allow, shield } from './runtime/graphql/shield-runtime.ts';
export {
  createSubgraphServer,
  type IncomingRequest,
  type SubgraphRequest,
  type SubgraphServer,
} from './runtime/graphql/subgraph-server.ts';
export { defineSubgraph, type SubgraphDefinition } from './runtime/graphql/define-subgraph.ts';
export {
  guardedCost,
  operationGuards,
  withoutStack,
  type OperationGuards,
} from './runtime/graphql/operation-guards.ts';
export {
  DEFAULT_OPERATION_LIMITS,
  operationCost,
  type OperationCostInput,
  type OperationLimits,
  QueryLimitError,
  subgraphOperationLimits,
} from './runtime/graphql/operation-limits.ts';
export { nonPublicSuffixOf } from './runtime/hostnames.ts';
export {
  ensureBody,
  jsonErrorHandler,
  notFoundHandler,
  sendGraphQLError,
  sendRouteError,
  serveGraphQL,
  SERVER_KEEP_ALIVE_MS,
  SUBGRAPH_IDLE_SOCKET_MS,
} from './runtime/http.ts';
export { IDENTITY_HANDOFF_HEADER, parseIdentityHandoffs } from './runtime/identity-handoff.ts';
export { type Job, startJob, startJobs } from './runtime/jobs.ts';
export { createLogger, type Logger } from './runtime/logger.ts';
export {
  accountLink,
  emailChangedMail,
  emailChangeNoticeMail,
  emailInUseNoticeMail,
  emailVerificationMail,
  invitationMail,
  passwordChangedMail,
  mfaNoticeMail,
  apiKeyNoticeMail,
  oneTimeCodeMail,
  passwordResetDoneMail,
  passwordResetMail,
  signUpExistingAccountMail,
} from './runtime/mail/templates.ts';
export { AlertWebhook, type SecurityAlert } from './runtime/observability/alert-webhook.ts';
export {
  type BreakerState,
  metrics,
  Metrics,
  type OperationType,
  type RateLimitScope,
  type RequestOutcome,
  type SecuritySeverity,
  type SubgraphFetchOutcome,
} from './runtime/observability/metrics.ts';
export { METRICS_PATH, metricsEndpoint } from './runtime/observability/metrics-endpoint.ts';
export { currentRequestId, runInRequestScope } from './runtime/observability/request-scope.ts';
export {
  annotateActiveSpan,
  REQUEST_ID_ATTRIBUTE,
  requestScope,
  startTracing,
  type Tracing,
  tracingEnabled,
  withClientSpan,
} from './runtime/observability/tracing.ts';
export { type Page, type PageArgs, pageRequest } from './runtime/paging.ts';
export { BCRYPT_MAX_BYTES, PasswordHasher } from './runtime/passwords/password-hasher.ts';
export {
  exitIfPortsBusy,
  isPortInUse,
  loadConfigOrExit,
  type PlannedPort,
  portInUseMessage,
  stopOnSignals,
} from './runtime/process.ts';
export {
  type CounterState,
  RateCounter,
  rateLimitedError,
  retryAfterSeconds,
  TenantCounter,
} from './runtime/rate-limit.ts';
export { createRedis, type Redis, type RedisConnection, tenantKey } from './runtime/redis.ts';
export {
  CACHE_EPOCH_KEY,
  type CacheTrust,
  NEVER_TRUSTED,
  OUTBOX_POLL_MS,
  RedisCoherence,
} from './runtime/redis-coherence.ts';
export {
  DependencyBreaker,
  type DependencyBreakerWindow,
  type DependencyName,
  DependencyUnavailableError,
} from './runtime/dependency-breaker.ts';
export { tryRedisLock, type RedisLock, type RedisLockOptions } from './runtime/redis-lock.ts';
export {
  authenticate,
  bearerToken,
  createRequestContext,
  type RequestContext,
  requestIdFrom,
  signedIn,
} from './runtime/request-context.ts';
export { RequestService, SignedInService } from './runtime/request-service.ts';
export { createRuntime, type Runtime } from './runtime/runtime.ts';
export { DateTimeScalar, JSONScalar } from './runtime/scalars.ts';
export { SealingCipher } from './runtime/sealing-cipher.ts';
export { type DeviceInfo, parseDevice } from './runtime/device.ts';
export { maskPhoneNumber, parsePhoneNumber } from './runtime/sms/phone-number.ts';
export { createSmsSender, type SmsMessage, type SmsSender, type SmsSettings } from './runtime/sms/sms-sender.ts';
export { startStandaloneSubgraph } from './runtime/standalone.ts';
export { isSubgraphName } from './runtime/subgraph-names.ts';
export {
  AccessTokenIssuer,
  AccessTokenVerifier,
  acrOf,
  type SessionAuthentication,
} from './runtime/tokens/access-token.ts';
export {
  generateSigningKey,
  type PublicJwk,
  readSigningKeys,
  type SigningKey,
  signingKeyFromPem,
} from './runtime/tokens/signing-keys.ts';
export { TenantClaimCipher } from './runtime/tokens/tenant-claim.ts';
export { hasInvisibleCharacters, textProblem, type TextProblem } from './runtime/text.ts';
export { type Caller, type Viewer } from './runtime/viewer.ts';
export {
  OAuthClientRepository,
  type OAuthClientRow,
  type OAuthClientKind,
  type OAuthClientAuthMethod,
} from './domains/oauth/oauth-client.repository.ts';
export {
  OidcProviders,
  CLIENT_SECRET_AAD,
  OIDC_ROUTES,
  OIDC_TTL,
  apiResourceFor,
  endApplicationSession,
  issuerFor,
  type OidcTenant,
} from './domains/oauth/oidc-provider.ts';
export {
  OidcInteractionService,
  type InteractionStep,
  type InteractionView,
} from './domains/oauth/oidc-interaction.ts';
export { forgetOAuthClient } from './domains/oauth/oauth-access.ts';
export { cleanupOidcPayloads, oauthJobs, OIDC_CLEANUP_GRACE_SECONDS } from './domains/oauth/jobs/oidc-cleanup.job.ts';
export { OidcPayloadRepository } from './domains/oauth/oidc-payload.repository.ts';
export { apiScopesOf, isApiScope, isRegistrableScope, OIDC_SCOPES } from './domains/oauth/oauth-scopes.ts';
