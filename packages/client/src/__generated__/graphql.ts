/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceptInvitationInput = {
  password: string;
  /** BODY for non-browser clients; COOKIE for browsers (see RefreshTokenDelivery), as at login. */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
  token: string;
};

/** A key's environment, named by its prefix: `tsk_live_` or `tsk_test_`. */
export type ApiKeyEnvironment =
  | 'LIVE'
  | 'TEST';

/** How long the old secret of a rotated key keeps working. */
export type ApiKeyOverlap =
  | 'NONE'
  | 'ONE_DAY'
  | 'ONE_HOUR'
  | 'SEVEN_DAYS';

export type ApiKeyOwnerKind =
  | 'SERVICE_ACCOUNT'
  | 'USER';

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED';

/** Every field narrows the list; all given fields must match. */
export type AuditEventFilter = {
  /** An action such as `login.failed`, `token.refreshed`, `token.reuse_detected`, `sessions.revoked_all`. */
  action?: string | null | undefined;
  /** The user who acted (for a failed login: the account that was tried, when it exists). */
  actorId?: string | number | null | undefined;
  /** Events at or after this instant. */
  from?: string | null | undefined;
  result?: AuditResult | null | undefined;
  /** Events before this instant. */
  to?: string | null | undefined;
};

/** How an audited attempt ended. */
export type AuditResult =
  /** The caller got it wrong (a wrong password, an invalid token). */
  | 'FAILURE'
  /** A rule stopped it (locked account, throttled address, reused refresh token). */
  | 'REFUSED'
  /** It happened. */
  | 'SUCCESS';

export type ChangePasswordInput = {
  currentPassword: string;
  newPassword: string;
};

export type CompleteSignInInput = {
  /** `MfaChallenge.challengeToken`. */
  challengeToken: string;
  /** The code sent by `sendMfaCode` (email or SMS). */
  oneTimeCode?: string | null | undefined;
  /**
   * The passkey's answer to `MfaChallenge.passkeyOptions`: the JSON of the browser's credential
   * (`@simplewebauthn/browser`'s `startAuthentication` result).
   */
  passkey?: string | null | undefined;
  /** One of the recovery codes (dashes, spaces and case do not matter); it is spent. */
  recoveryCode?: string | null | undefined;
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
  /**
   * Skip the second factor on this device for the tenant's `mfa.trustedDeviceDays` (refused with
   * MFA_FACTOR_NOT_ALLOWED when the tenant sets 0).
   */
  rememberDevice?: boolean | null | undefined;
  /** The 6-digit code of an authenticator app. */
  totpCode?: string | null | undefined;
};

export type CompleteSocialSignInInput = {
  /** Default BODY; browsers use COOKIE. */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
  ticket: string;
  /** A trusted device's token (non-browser clients; browsers send the cookie). */
  trustedDeviceToken?: string | null | undefined;
};

export type CompleteStepUpInput = {
  challengeToken?: string | null | undefined;
  oneTimeCode?: string | null | undefined;
  passkey?: string | null | undefined;
  password?: string | null | undefined;
  recoveryCode?: string | null | undefined;
  totpCode?: string | null | undefined;
};

export type ConfirmOtpFactorInput = {
  code: string;
  factorId: string | number;
};

export type ConfirmTotpEnrolmentInput = {
  code: string;
  factorId: string | number;
};

export type CreateApiKeyInput = {
  allowedCidrs?: Array<string> | null | undefined;
  expiresAt: string;
  name: string;
  /** A service account of the tenant; left out: the caller (a personal key). */
  ownerId?: string | number | null | undefined;
  rateLimitPerMinute?: number | null | undefined;
  scopes: Array<string>;
};

export type CreateFeatureFlagInput = {
  allowedUserIds?: Array<string | number> | null | undefined;
  description?: string | null | undefined;
  /** Default true. */
  enabled?: boolean | null | undefined;
  endsAt?: string | null | undefined;
  /** a-z first, then a-z 0-9 . _ - ; at most 63 characters. */
  key: string;
  /** Default BOOLEAN. */
  kind?: FeatureFlagKind | null | undefined;
  percentage?: number | null | undefined;
  startsAt?: string | null | undefined;
};

export type CreateOAuthClientInput = {
  /** Left out: NONE for PUBLIC, CLIENT_SECRET_BASIC otherwise. */
  authMethod?: OAuthClientAuthMethod | null | undefined;
  firstParty?: boolean | null | undefined;
  /** PRIVATE_KEY_JWT only: a JWK Set of the client's public keys (`{ "keys": [...] }`). */
  jwks?: unknown;
  kind: OAuthClientKind;
  name: string;
  postLogoutRedirectUris?: Array<string> | null | undefined;
  redirectUris?: Array<string> | null | undefined;
  scopes: Array<string>;
  /** SERVICE only: the service account the client acts as. */
  serviceAccountId?: string | number | null | undefined;
};

export type CreateRoleInput = {
  /** At most 500 characters. */
  description?: string | null | undefined;
  /** 2 to 40 characters: a lowercase letter, then lowercase letters, digits, _ or -; not a built-in name. */
  name: string;
  /** The role to inherit from (built-in or custom; never platform_admin). */
  parent: string;
  /** Entries of the permission catalogue; platform permissions are never allowed. */
  permissions: Array<string>;
};

export type CreateServiceAccountInput = {
  description?: string | null | undefined;
  name: string;
  roles: Array<string>;
};

export type CreateSocialConnectionInput = {
  allowedDomains?: Array<string> | null | undefined;
  autoRegister?: boolean | null | undefined;
  clientId: string;
  /** Write-only: sealed at rest, never answered. */
  clientSecret: string;
  /** Default `viewer`; a role the caller may grant. */
  defaultRole?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** Required for MICROSOFT: `organizations` or a directory's GUID. */
  microsoftTenant?: string | null | undefined;
  provider: SocialProvider;
};

export type CreateTenantInput = {
  adminEmail: string;
  /** Absent: the admin is invited instead (status invited, no password). */
  adminPassword?: string | null | undefined;
  name: string;
  /** Default FREE. */
  plan?: TenantPlan | null | undefined;
  slug: string;
};

/** The kind of device a session was opened from, parsed from its user agent at login. */
export type DeviceType =
  | 'DESKTOP'
  | 'MOBILE'
  /** No user agent, or none the parser recognises as a desktop, phone or tablet. */
  | 'OTHER'
  | 'TABLET';

export type FeatureFlagKind =
  /** On for the listed users. */
  | 'ALLOW_LIST'
  /** On for everyone (while enabled). */
  | 'BOOLEAN'
  /** On for a stable share of users: bucket = hash(key, user id) mod 100 < percentage. */
  | 'PERCENTAGE'
  /** On from startsAt (inclusive) to endsAt (exclusive); either end may be open. */
  | 'TIME_WINDOW';

export type FinishPasskeyRegistrationInput = {
  /** What to call the passkey (default "Passkey"). */
  name?: string | null | undefined;
  /** The JSON of the browser's credential (`startRegistration`'s result). */
  response: string;
};

export type InviteUserInput = {
  email: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  /** A role of the tenant, built-in or custom, other than platform_admin; never one with a permission the inviter lacks. */
  role: string;
};

/** Exactly one of email and username. */
export type LoginInput = {
  /** Sign in with the email address or (exclusively) the username. */
  email?: string | null | undefined;
  password: string;
  /** BODY for non-browser clients; COOKIE for browsers (see RefreshTokenDelivery). */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
  /** The tenant's slug, or its custom domain (contains a dot). */
  tenant: string;
  /**
   * A trusted device's token (`AuthPayload.trustedDeviceToken` of an earlier sign-in): the second
   * factor is not asked for while it is valid. Browsers send the `__Host-tradesage_td` cookie instead.
   */
  trustedDeviceToken?: string | null | undefined;
  username?: string | null | undefined;
};

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

/** How the client authenticates at the token endpoint (RFC 6749 §2.3, RFC 7523). */
export type OAuthClientAuthMethod =
  | 'CLIENT_SECRET_BASIC'
  | 'CLIENT_SECRET_POST'
  | 'NONE'
  | 'PRIVATE_KEY_JWT';

/**
 * What kind of application: CONFIDENTIAL (a server that keeps a secret), PUBLIC (a browser or
 * native app that cannot: PKCE and no secret), SERVICE (no user: the client credentials grant,
 * acting as a service account).
 */
export type OAuthClientKind =
  | 'CONFIDENTIAL'
  | 'PUBLIC'
  | 'SERVICE';

export type PermissionScope =
  /** Platform administrators only; never part of a custom role. */
  | 'PLATFORM'
  | 'TENANT';

export type RefreshInput = {
  /** The refresh token; omit it to use the `__Host-tradesage_rt` cookie (then `x-csrf-token` is required). */
  refreshToken?: string | null | undefined;
  /** Default: BODY when the token came in the input, COOKIE when it came from the cookie (a cookie token never moves to the body). */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
};

/** Where the new refresh token goes. */
export type RefreshTokenDelivery =
  /** In the response body (`AuthPayload.refreshToken`): non-browser clients. */
  | 'BODY'
  /**
   * In the `__Host-tradesage_rt` cookie (HttpOnly, Secure, SameSite=Strict), with a CSRF value in the
   * `__Host-tradesage_csrf` cookie and in `AuthPayload.csrfToken`; `AuthPayload.refreshToken` is null.
   */
  | 'COOKIE';

export type RequestEmailChangeInput = {
  currentPassword: string;
  newEmail: string;
};

export type RequestPasswordResetInput = {
  email: string;
  /** The tenant's slug, or its custom domain. */
  tenant: string;
};

export type ResetPasswordInput = {
  newPassword: string;
  /** The token of the reset link; it names the tenant itself. */
  token: string;
};

export type RotateApiKeyInput = {
  id: string | number;
  overlap: ApiKeyOverlap;
};

export type SendMfaCodeInput = {
  challengeToken: string;
  /** EMAIL or SMS. */
  factor: MfaFactorKind;
};

export type SignInWithPasskeyInput = {
  challengeToken: string;
  /** The JSON of the browser's credential (`startAuthentication`'s result). */
  passkey: string;
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
};

export type SignUpInput = {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  /** The tenant's slug, or its custom domain. */
  tenant: string;
};

export type SignUpTenantInput = {
  adminEmail: string;
  name: string;
  slug: string;
};

export type SignupMode =
  | 'INVITE_ONLY'
  | 'SELF_SERVICE';

export type SocialProvider =
  | 'GITHUB'
  | 'GOOGLE'
  | 'LINKEDIN'
  | 'MICROSOFT';

export type StartOtpFactorInput = {
  /** EMAIL or SMS. */
  kind: MfaFactorKind;
  /** For SMS: the mobile number in international form (+447400123456). */
  phone?: string | null | undefined;
};

export type StartTotpEnrolmentInput = {
  /** What to call the app in the list of factors (default "Authenticator app"). */
  name?: string | null | undefined;
};

export type TenantApiKeySettingsInput = {
  maxLifetimeDays?: number | null | undefined;
};

/**
 * MANUAL: made on demand (`backupTenant`, `npm run tenant:backup`). RETENTION_EXPORT: written by the
 * retention job before it purged the tenant.
 */
export type TenantBackupKind =
  | 'MANUAL'
  | 'RETENTION_EXPORT';

export type TenantFilter = {
  /** Part of the slug, name or domain, case-insensitive. */
  search?: string | null | undefined;
  status?: TenantStatus | null | undefined;
};

export type TenantLockoutSettingsInput = {
  threshold?: number | null | undefined;
};

export type TenantMfaSettingsInput = {
  allowedFactors?: Array<MfaFactorKind> | null | undefined;
  enrolmentGraceDays?: number | null | undefined;
  mode?: MfaMode | null | undefined;
  requiredForRoles?: Array<string> | null | undefined;
  stepUpMaxAgeMinutes?: number | null | undefined;
  totpWindow?: number | null | undefined;
  trustedDeviceDays?: number | null | undefined;
};

export type TenantPasswordPolicyInput = {
  minLength?: number | null | undefined;
  requireDigit?: boolean | null | undefined;
  requireLowercase?: boolean | null | undefined;
  requireSymbol?: boolean | null | undefined;
  requireUppercase?: boolean | null | undefined;
};

/** Plans set quotas: FREE 25 users, TEAM 500, ENTERPRISE unlimited. */
export type TenantPlan =
  | 'ENTERPRISE'
  | 'FREE'
  | 'TEAM';

export type TenantRateLimitsInput = {
  loginAttemptsPerMinute?: number | null | undefined;
  requestsPerMinute?: number | null | undefined;
};

/** Narrows `tenantSessions`; every field given must match. */
export type TenantSessionFilter = {
  deviceType?: DeviceType | null | undefined;
  /** Only this user's sessions. */
  userId?: string | number | null | undefined;
};

export type TenantSessionSettingsInput = {
  idleTimeoutMinutes?: number | null | undefined;
  maxConcurrent?: number | null | undefined;
  refreshReuseLeewaySeconds?: number | null | undefined;
  refreshTokenTtlDays?: number | null | undefined;
};

export type TenantSettingsInput = {
  apiKeys?: TenantApiKeySettingsInput | null | undefined;
  lockout?: TenantLockoutSettingsInput | null | undefined;
  mfa?: TenantMfaSettingsInput | null | undefined;
  passwordPolicy?: TenantPasswordPolicyInput | null | undefined;
  rateLimits?: TenantRateLimitsInput | null | undefined;
  sessions?: TenantSessionSettingsInput | null | undefined;
  signup?: TenantSignupSettingsInput | null | undefined;
};

export type TenantSignupSettingsInput = {
  allowedEmailDomains?: Array<string> | null | undefined;
  mode?: SignupMode | null | undefined;
};

export type TenantStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'PENDING'
  /** The retention period ended: the schema was exported and dropped. */
  | 'PURGED'
  | 'SUSPENDED';

export type UpdateFeatureFlagInput = {
  allowedUserIds?: Array<string | number> | null | undefined;
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  endsAt?: string | null | undefined;
  kind?: FeatureFlagKind | null | undefined;
  percentage?: number | null | undefined;
  startsAt?: string | null | undefined;
};

export type UpdateOAuthClientInput = {
  firstParty?: boolean | null | undefined;
  name?: string | null | undefined;
  postLogoutRedirectUris?: Array<string> | null | undefined;
  redirectUris?: Array<string> | null | undefined;
  scopes?: Array<string> | null | undefined;
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
  avatarUrl?: string | null | undefined;
  /** The name shown to others; same rules as firstName. */
  displayName?: string | null | undefined;
  /** At most 100 characters: letters, digits, spaces and . , ' ’ - */
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  /** A BCP 47 language tag such as "en-GB"; stored in canonical form. */
  locale?: string | null | undefined;
  /** An IANA time zone such as "Europe/Paris" (not a UTC offset). */
  timezone?: string | null | undefined;
};

export type UpdateRoleInput = {
  description?: string | null | undefined;
  parent?: string | null | undefined;
  /** Replaces the role's own permissions. */
  permissions?: Array<string> | null | undefined;
};

export type UpdateSocialConnectionInput = {
  allowedDomains?: Array<string> | null | undefined;
  autoRegister?: boolean | null | undefined;
  clientId?: string | null | undefined;
  clientSecret?: string | null | undefined;
  defaultRole?: string | null | undefined;
  enabled?: boolean | null | undefined;
  microsoftTenant?: string | null | undefined;
};

/** DAY: today (UTC); WEEK: the last 7 days; MONTH: the last 30 days, today included. */
export type UsagePeriod =
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

export type UserActivityKind =
  /** API use on one UTC day: one entry per day, `count` samples (at most one per session and minute). */
  | 'API'
  | 'EMAIL_CHANGED'
  | 'LOGIN'
  | 'PASSWORD_CHANGED'
  | 'PASSWORD_RESET'
  | 'PREFERENCES_CHANGED'
  | 'PROFILE_UPDATED';

/** Every given field narrows the list. */
export type UserFilter = {
  /** Only users holding this role (by name). */
  role?: string | null | undefined;
  /** Only users in this status; without it, every user but DELETED ones. */
  status?: UserStatus | null | undefined;
};

export type UserStatus =
  | 'ACTIVE'
  /** Deleted by an administrator: personal data erased, cannot sign in or be reactivated. */
  | 'DELETED'
  | 'DISABLED'
  /** Invited by an administrator; becomes ACTIVE when the invitation is accepted. */
  | 'INVITED';

export type VerifyEmailInput = {
  token: string;
};

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  input: RequestPasswordResetInput;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  input: ResetPasswordInput;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type RequestEmailChangeMutationVariables = Exact<{
  input: RequestEmailChangeInput;
}>;


export type RequestEmailChangeMutation = { requestEmailChange: boolean };

export type VerifyEmailMutationVariables = Exact<{
  input: VerifyEmailInput;
}>;


export type VerifyEmailMutation = { verifyEmail: boolean };

export type ResendVerificationEmailMutationVariables = Exact<{ [key: string]: never; }>;


export type ResendVerificationEmailMutation = { resendVerificationEmail: boolean };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: boolean };

export type InviteUserMutationVariables = Exact<{
  input: InviteUserInput;
}>;


export type InviteUserMutation = { inviteUser: { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null } };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { emailVerified: boolean | null, id: string, email: string | null } } };

export type MyAccountQueryVariables = Exact<{ [key: string]: never; }>;


export type MyAccountQuery = { me: { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null } };

export type ApiKeysQueryVariables = Exact<{
  ownerId?: string | number | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null }> };

export type ApiKeyUsageQueryVariables = Exact<{
  ownerId?: string | number | null | undefined;
  days?: number | null | undefined;
}>;


export type ApiKeyUsageQuery = { apiKeys: Array<{ id: string, usage: Array<{ day: string, requests: number }> }> };

export type ServiceAccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceAccountsQuery = { serviceAccounts: Array<{ id: string, name: string, description: string, roles: Array<string>, createdAt: string, createdBy: string | null, apiKeys: Array<{ id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null }> }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null } } };

export type RotateApiKeyMutationVariables = Exact<{
  input: RotateApiKeyInput;
}>;


export type RotateApiKeyMutation = { rotateApiKey: { secret: string, apiKey: { id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null } };

export type CreateServiceAccountMutationVariables = Exact<{
  input: CreateServiceAccountInput;
}>;


export type CreateServiceAccountMutation = { createServiceAccount: { id: string, name: string, description: string, roles: Array<string>, createdAt: string, createdBy: string | null } };

export type DeleteServiceAccountMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteServiceAccountMutation = { deleteServiceAccount: boolean };

export type RevokeLeakedApiKeysMutationVariables = Exact<{
  keys: Array<string> | string;
}>;


export type RevokeLeakedApiKeysMutation = { revokeLeakedApiKeys: { received: number } };

export type ApiKeyPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeyPolicyQuery = { apiKeyPolicy: { maxLifetimeDays: number, environment: ApiKeyEnvironment } };

export type AuditEventsQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { edges: Array<{ cursor: string, node: { id: string, at: string, action: string, result: AuditResult, actorId: string | null, targetType: string | null, targetId: string | null, ip: string | null, userAgent: string | null, requestId: string | null, data: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LatestAuditEventQueryVariables = Exact<{ [key: string]: never; }>;


export type LatestAuditEventQuery = { auditEvents: { edges: Array<{ node: { id: string } }> } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login:
    | { __typename: 'AuthPayload', accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } }
    | { __typename: 'MfaChallenge', challengeToken: string, expiresAt: string, factors: Array<MfaFactorKind>, passkeyOptions: string | null }
   };

export type CompleteSignInMutationVariables = Exact<{
  input: CompleteSignInInput;
}>;


export type CompleteSignInMutation = { completeSignIn: { accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } } };

export type RefreshMutationVariables = Exact<{
  input: RefreshInput;
}>;


export type RefreshMutation = { refresh: { accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type LogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutEverywhereMutation = { logoutEverywhere: number };

export type UnlockUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type UnlockUserMutation = { unlockUser: boolean };

export type AuthPayloadFieldsFragment = { accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } };

export type MfaChallengeFieldsFragment = { challengeToken: string, expiresAt: string, factors: Array<MfaFactorKind>, passkeyOptions: string | null };

export type UserFieldsFragment = { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null };

export type SessionFieldsFragment = { id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, revokedAt: string | null, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, ip: string | null, userAgent: string | null, browser: string | null, os: string | null, application: { clientId: string, name: string | null } | null };

export type RoleFieldsFragment = { name: string, parent: string | null, permissions: Array<string>, effectivePermissions: Array<string>, description: string, builtin: boolean, userCount: number };

export type TenantFieldsFragment = { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null };

export type TenantSettingsFieldsFragment = { passwordPolicy: { minLength: number, requireUppercase: boolean, requireLowercase: boolean, requireDigit: boolean, requireSymbol: boolean }, lockout: { threshold: number }, sessions: { refreshTokenTtlDays: number, idleTimeoutMinutes: number, maxConcurrent: number | null, refreshReuseLeewaySeconds: number }, signup: { mode: SignupMode, allowedEmailDomains: Array<string> }, mfa: { mode: MfaMode, requiredForRoles: Array<string>, allowedFactors: Array<MfaFactorKind>, enrolmentGraceDays: number, totpWindow: number, stepUpMaxAgeMinutes: number, trustedDeviceDays: number }, apiKeys: { maxLifetimeDays: number }, rateLimits: { requestsPerMinute: number, loginAttemptsPerMinute: number } };

export type FeatureFlagDefinitionFieldsFragment = { key: string, description: string, kind: FeatureFlagKind, enabled: boolean, percentage: number | null, allowedUserIds: Array<string>, startsAt: string | null, endsAt: string | null, createdAt: string, updatedAt: string };

export type AuditEventFieldsFragment = { id: string, at: string, action: string, result: AuditResult, actorId: string | null, targetType: string | null, targetId: string | null, ip: string | null, userAgent: string | null, requestId: string | null, data: string };

export type PageInfoFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

export type TenantBackupFieldsFragment = { fileName: string, kind: TenantBackupKind, createdAt: string, sizeBytes: number, migrationCount: number };

export type ApiKeyFieldsFragment = { id: string, name: string, ownerId: string, ownerKind: ApiKeyOwnerKind, environment: ApiKeyEnvironment, display: string, lastFour: string, scopes: Array<string>, allowedCidrs: Array<string>, rateLimitPerMinute: number | null, status: ApiKeyStatus, expiresAt: string, createdAt: string, createdBy: string | null, rotatedFrom: string | null, revokedAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null };

export type ServiceAccountFieldsFragment = { id: string, name: string, description: string, roles: Array<string>, createdAt: string, createdBy: string | null };

export type OAuthClientFieldsFragment = { id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null };

export type MfaFactorFieldsFragment = { id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null };

export type MyMfaQueryVariables = Exact<{ [key: string]: never; }>;


export type MyMfaQuery = { me: { id: string, mfa: { recoveryCodesRemaining: number, required: boolean, allowedFactors: Array<MfaFactorKind>, enrolBy: string | null, factors: Array<{ id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null }>, trustedDevices: Array<{ id: string, browser: string | null, os: string | null, deviceType: string, ip: string | null, createdAt: string, lastUsedAt: string | null, expiresAt: string }> } | null } };

export type StartTotpEnrolmentMutationVariables = Exact<{
  input?: StartTotpEnrolmentInput | null | undefined;
}>;


export type StartTotpEnrolmentMutation = { startTotpEnrolment: { factorId: string, secret: string, otpauthUri: string, qrCodePng: string, qrCodeSvg: string } };

export type ConfirmTotpEnrolmentMutationVariables = Exact<{
  input: ConfirmTotpEnrolmentInput;
}>;


export type ConfirmTotpEnrolmentMutation = { confirmTotpEnrolment: { recoveryCodes: Array<string> | null, factor: { id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null } } };

export type RenameMfaFactorMutationVariables = Exact<{
  id: string | number;
  name: string;
}>;


export type RenameMfaFactorMutation = { renameMfaFactor: { id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null } };

export type RemoveMfaFactorMutationVariables = Exact<{
  id: string | number;
}>;


export type RemoveMfaFactorMutation = { removeMfaFactor: boolean };

export type RegenerateRecoveryCodesMutationVariables = Exact<{ [key: string]: never; }>;


export type RegenerateRecoveryCodesMutation = { regenerateRecoveryCodes: { codes: Array<string> } };

export type RevokeTrustedDeviceMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeTrustedDeviceMutation = { revokeTrustedDevice: boolean };

export type StartStepUpMutationVariables = Exact<{ [key: string]: never; }>;


export type StartStepUpMutation = { startStepUp: { challengeToken: string | null, factors: Array<MfaFactorKind>, passkeyOptions: string | null, expiresAt: string | null } };

export type CompleteStepUpMutationVariables = Exact<{
  input: CompleteStepUpInput;
}>;


export type CompleteStepUpMutation = { completeStepUp: { accessToken: string, expiresIn: number, authTime: string } };

export type ResetUserMfaMutationVariables = Exact<{
  userId: string | number;
}>;


export type ResetUserMfaMutation = { resetUserMfa: boolean };

export type StartPasskeyRegistrationMutationVariables = Exact<{ [key: string]: never; }>;


export type StartPasskeyRegistrationMutation = { startPasskeyRegistration: string };

export type FinishPasskeyRegistrationMutationVariables = Exact<{
  input: FinishPasskeyRegistrationInput;
}>;


export type FinishPasskeyRegistrationMutation = { finishPasskeyRegistration: { recoveryCodes: Array<string> | null, factor: { id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null } } };

export type StartPasskeySignInMutationVariables = Exact<{
  tenant: string;
}>;


export type StartPasskeySignInMutation = { startPasskeySignIn: { challengeToken: string, passkeyOptions: string, expiresAt: string } };

export type SignInWithPasskeyMutationVariables = Exact<{
  input: SignInWithPasskeyInput;
}>;


export type SignInWithPasskeyMutation = { signInWithPasskey: { accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } } };

export type SendMfaCodeMutationVariables = Exact<{
  input: SendMfaCodeInput;
}>;


export type SendMfaCodeMutation = { sendMfaCode: { sentTo: string, expiresAt: string, resendAfterSeconds: number } };

export type StartOtpFactorMutationVariables = Exact<{
  input: StartOtpFactorInput;
}>;


export type StartOtpFactorMutation = { startOtpFactor: { factorId: string, sentTo: string, expiresAt: string, resendAfterSeconds: number } };

export type ConfirmOtpFactorMutationVariables = Exact<{
  input: ConfirmOtpFactorInput;
}>;


export type ConfirmOtpFactorMutation = { confirmOtpFactor: { recoveryCodes: Array<string> | null, factor: { id: string, kind: MfaFactorKind, name: string, weaker: boolean, createdAt: string, lastUsedAt: string | null } } };

export type OAuthClientsQueryVariables = Exact<{ [key: string]: never; }>;


export type OAuthClientsQuery = { oauthClients: Array<{ id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null }> };

export type OAuthClientQueryVariables = Exact<{
  id: string;
}>;


export type OAuthClientQuery = { oauthClient: { id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null } | null };

export type OAuthProviderQueryVariables = Exact<{ [key: string]: never; }>;


export type OAuthProviderQuery = { oauthProvider: { issuer: string, discoveryUrl: string, scopes: Array<string> } };

export type CreateOAuthClientMutationVariables = Exact<{
  input: CreateOAuthClientInput;
}>;


export type CreateOAuthClientMutation = { createOAuthClient: { secret: string | null, client: { id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null } } };

export type UpdateOAuthClientMutationVariables = Exact<{
  id: string;
  input: UpdateOAuthClientInput;
}>;


export type UpdateOAuthClientMutation = { updateOAuthClient: { id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null } };

export type RotateOAuthClientSecretMutationVariables = Exact<{
  id: string;
}>;


export type RotateOAuthClientSecretMutation = { rotateOAuthClientSecret: { secret: string | null, client: { id: string, name: string, kind: OAuthClientKind, firstParty: boolean, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, authMethod: OAuthClientAuthMethod, secretLastFour: string | null, createdAt: string, updatedAt: string, createdBy: string | null, serviceAccount: { id: string, name: string } | null } } };

export type DeleteOAuthClientMutationVariables = Exact<{
  id: string;
}>;


export type DeleteOAuthClientMutation = { deleteOAuthClient: boolean };

export type MyAuthorizedAppsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyAuthorizedAppsQuery = { myAuthorizedApps: Array<{ clientId: string, name: string, firstParty: boolean, scopes: Array<string>, activeSessions: number, lastSignInAt: string | null }> };

export type RevokeAppAuthorizationMutationVariables = Exact<{
  clientId: string;
}>;


export type RevokeAppAuthorizationMutation = { revokeAppAuthorization: boolean };

export type RolesQueryVariables = Exact<{ [key: string]: never; }>;


export type RolesQuery = { roles: Array<{ name: string, parent: string | null, permissions: Array<string>, effectivePermissions: Array<string>, description: string, builtin: boolean, userCount: number }> };

export type RoleQueryVariables = Exact<{
  name: string;
}>;


export type RoleQuery = { role: { name: string, parent: string | null, permissions: Array<string>, effectivePermissions: Array<string>, description: string, builtin: boolean, userCount: number } | null };

export type MyPermissionsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPermissionsQuery = { myPermissions: { roles: Array<string>, permissions: Array<string> } };

export type PermissionCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type PermissionCatalogueQuery = { permissionCatalogue: Array<{ name: string, scope: PermissionScope, unlocks: Array<string> }> };

export type CreateRoleMutationVariables = Exact<{
  input: CreateRoleInput;
}>;


export type CreateRoleMutation = { createRole: { name: string, parent: string | null, permissions: Array<string>, effectivePermissions: Array<string>, description: string, builtin: boolean, userCount: number } };

export type UpdateRoleMutationVariables = Exact<{
  name: string;
  input: UpdateRoleInput;
}>;


export type UpdateRoleMutation = { updateRole: { name: string, parent: string | null, permissions: Array<string>, effectivePermissions: Array<string>, description: string, builtin: boolean, userCount: number } };

export type DeleteRoleMutationVariables = Exact<{
  name: string;
  reassignTo?: string | null | undefined;
}>;


export type DeleteRoleMutation = { deleteRole: boolean };

export type AssignRolesMutationVariables = Exact<{
  userId: string | number;
  roles: Array<string> | string;
}>;


export type AssignRolesMutation = { assignRoles: { id: string, roles: Array<string> } };

export type MySessionsQueryVariables = Exact<{ [key: string]: never; }>;


export type MySessionsQuery = { mySessions: Array<{ id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, revokedAt: string | null, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, ip: string | null, userAgent: string | null, browser: string | null, os: string | null, application: { clientId: string, name: string | null } | null }> };

export type MySessionsViaMeQueryVariables = Exact<{ [key: string]: never; }>;


export type MySessionsViaMeQuery = { me: { sessions: Array<{ id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, revokedAt: string | null, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, ip: string | null, userAgent: string | null, browser: string | null, os: string | null, application: { clientId: string, name: string | null } | null }> } };

export type RevokeSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeSessionMutation = { revokeSession: { id: string, revokedAt: string | null } };

export type RevokeOtherSessionsMutationVariables = Exact<{ [key: string]: never; }>;


export type RevokeOtherSessionsMutation = { revokeOtherSessions: number };

export type RevokeAllSessionsMutationVariables = Exact<{ [key: string]: never; }>;


export type RevokeAllSessionsMutation = { revokeAllSessions: number };

export type UserSessionsQueryVariables = Exact<{
  userId: string | number;
}>;


export type UserSessionsQuery = { userSessions: Array<{ id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, revokedAt: string | null, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, ip: string | null, userAgent: string | null, browser: string | null, os: string | null, application: { clientId: string, name: string | null } | null }> };

export type UserWithSessionsQueryVariables = Exact<{
  id: string | number;
}>;


export type UserWithSessionsQuery = { user: { id: string, sessions: Array<{ id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, revokedAt: string | null, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, ip: string | null, userAgent: string | null, browser: string | null, os: string | null, application: { clientId: string, name: string | null } | null }> } | null };

export type RevokeUserSessionsMutationVariables = Exact<{
  userId: string | number;
}>;


export type RevokeUserSessionsMutation = { revokeUserSessions: number };

export type SessionStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionStatsQuery = { sessionStats: { activeSessions: number, averageSessionLengthSeconds: number | null, activeByDeviceType: Array<{ deviceType: DeviceType, count: number }>, newSessionsPerDay: Array<{ day: string, count: number }> } };

export type RevokeTenantSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeTenantSessionMutation = { revokeTenantSession: { id: string, revokedAt: string | null } };

export type SocialProvidersQueryVariables = Exact<{
  tenant: string;
}>;


export type SocialProvidersQuery = { socialProviders: Array<SocialProvider> };

export type SocialConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type SocialConnectionsQuery = { socialConnections: Array<{ provider: SocialProvider, clientId: string, allowedDomains: Array<string>, autoRegister: boolean, defaultRole: string, enabled: boolean, microsoftTenant: string | null, createdAt: string, updatedAt: string }> };

export type MyIdentitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyIdentitiesQuery = { myIdentities: Array<{ id: string, provider: SocialProvider, email: string | null, linkedAt: string, lastUsedAt: string | null }> };

export type CompleteSocialSignInMutationVariables = Exact<{
  input: CompleteSocialSignInInput;
}>;


export type CompleteSocialSignInMutation = { completeSocialSignIn:
    | { __typename: 'AuthPayload', accessToken: string, refreshToken: string | null, csrfToken: string | null, expiresIn: number, sessionExpiresAt: string, authenticationMethods: Array<string>, mfaEnrolmentRequiredBy: string | null, trustedDeviceToken: string | null, user: { id: string, email: string | null } }
    | { __typename: 'MfaChallenge', challengeToken: string, expiresAt: string, factors: Array<MfaFactorKind>, passkeyOptions: string | null }
   };

export type CreateSocialConnectionMutationVariables = Exact<{
  input: CreateSocialConnectionInput;
}>;


export type CreateSocialConnectionMutation = { createSocialConnection: { provider: SocialProvider, clientId: string, allowedDomains: Array<string>, autoRegister: boolean, defaultRole: string, enabled: boolean, microsoftTenant: string | null, createdAt: string, updatedAt: string } };

export type UpdateSocialConnectionMutationVariables = Exact<{
  provider: SocialProvider;
  input: UpdateSocialConnectionInput;
}>;


export type UpdateSocialConnectionMutation = { updateSocialConnection: { provider: SocialProvider, clientId: string, allowedDomains: Array<string>, autoRegister: boolean, defaultRole: string, enabled: boolean, microsoftTenant: string | null, createdAt: string, updatedAt: string } };

export type DeleteSocialConnectionMutationVariables = Exact<{
  provider: SocialProvider;
}>;


export type DeleteSocialConnectionMutation = { deleteSocialConnection: boolean };

export type StartSocialLinkMutationVariables = Exact<{
  provider: SocialProvider;
}>;


export type StartSocialLinkMutation = { startSocialLink: { url: string, expiresAt: string } };

export type ConfirmSocialLinkMutationVariables = Exact<{
  token: string;
}>;


export type ConfirmSocialLinkMutation = { confirmSocialLink: { id: string, provider: SocialProvider, email: string | null, linkedAt: string, lastUsedAt: string | null } };

export type UnlinkIdentityMutationVariables = Exact<{
  id: string | number;
}>;


export type UnlinkIdentityMutation = { unlinkIdentity: boolean };

export type SocialConnectionFieldsFragment = { provider: SocialProvider, clientId: string, allowedDomains: Array<string>, autoRegister: boolean, defaultRole: string, enabled: boolean, microsoftTenant: string | null, createdAt: string, updatedAt: string };

export type UserIdentityFieldsFragment = { id: string, provider: SocialProvider, email: string | null, linkedAt: string, lastUsedAt: string | null };

export type TenantsQueryVariables = Exact<{
  filter?: TenantFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TenantsQuery = { tenants: { edges: Array<{ cursor: string, node: { id: string, slug: string, status: TenantStatus } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ActivateTenantMutationVariables = Exact<{
  id: string | number;
}>;


export type ActivateTenantMutation = { activateTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type SuspendTenantMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SuspendTenantMutation = { suspendTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type CancelTenantMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelTenantMutation = { cancelTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type RestoreTenantMutationVariables = Exact<{
  id: string | number;
}>;


export type RestoreTenantMutation = { restoreTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type SetTenantPlanMutationVariables = Exact<{
  id: string | number;
  plan: TenantPlan;
}>;


export type SetTenantPlanMutation = { setTenantPlan: { id: string, plan: TenantPlan } };

export type SetTenantDomainMutationVariables = Exact<{
  id: string | number;
  domain?: string | null | undefined;
}>;


export type SetTenantDomainMutation = { setTenantDomain: { id: string, domain: string | null } };

export type TenantSettingsQueryVariables = Exact<{
  tenantId?: string | number | null | undefined;
}>;


export type TenantSettingsQuery = { tenantSettings: { passwordPolicy: { minLength: number, requireUppercase: boolean, requireLowercase: boolean, requireDigit: boolean, requireSymbol: boolean }, lockout: { threshold: number }, sessions: { refreshTokenTtlDays: number, idleTimeoutMinutes: number, maxConcurrent: number | null, refreshReuseLeewaySeconds: number }, signup: { mode: SignupMode, allowedEmailDomains: Array<string> }, mfa: { mode: MfaMode, requiredForRoles: Array<string>, allowedFactors: Array<MfaFactorKind>, enrolmentGraceDays: number, totpWindow: number, stepUpMaxAgeMinutes: number, trustedDeviceDays: number }, apiKeys: { maxLifetimeDays: number }, rateLimits: { requestsPerMinute: number, loginAttemptsPerMinute: number } } };

export type UpdateTenantSettingsMutationVariables = Exact<{
  input: TenantSettingsInput;
  tenantId?: string | number | null | undefined;
}>;


export type UpdateTenantSettingsMutation = { updateTenantSettings: { passwordPolicy: { minLength: number, requireUppercase: boolean, requireLowercase: boolean, requireDigit: boolean, requireSymbol: boolean }, lockout: { threshold: number }, sessions: { refreshTokenTtlDays: number, idleTimeoutMinutes: number, maxConcurrent: number | null, refreshReuseLeewaySeconds: number }, signup: { mode: SignupMode, allowedEmailDomains: Array<string> }, mfa: { mode: MfaMode, requiredForRoles: Array<string>, allowedFactors: Array<MfaFactorKind>, enrolmentGraceDays: number, totpWindow: number, stepUpMaxAgeMinutes: number, trustedDeviceDays: number }, apiKeys: { maxLifetimeDays: number }, rateLimits: { requestsPerMinute: number, loginAttemptsPerMinute: number } } };

export type FeatureFlagsQueryVariables = Exact<{ [key: string]: never; }>;


export type FeatureFlagsQuery = { featureFlags: Array<{ key: string, on: boolean }> };

export type FeatureFlagDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type FeatureFlagDefinitionsQuery = { featureFlagDefinitions: Array<{ key: string, description: string, kind: FeatureFlagKind, enabled: boolean, percentage: number | null, allowedUserIds: Array<string>, startsAt: string | null, endsAt: string | null, createdAt: string, updatedAt: string }> };

export type CreateFeatureFlagMutationVariables = Exact<{
  input: CreateFeatureFlagInput;
}>;


export type CreateFeatureFlagMutation = { createFeatureFlag: { key: string, description: string, kind: FeatureFlagKind, enabled: boolean, percentage: number | null, allowedUserIds: Array<string>, startsAt: string | null, endsAt: string | null, createdAt: string, updatedAt: string } };

export type UpdateFeatureFlagMutationVariables = Exact<{
  key: string;
  input: UpdateFeatureFlagInput;
}>;


export type UpdateFeatureFlagMutation = { updateFeatureFlag: { key: string, description: string, kind: FeatureFlagKind, enabled: boolean, percentage: number | null, allowedUserIds: Array<string>, startsAt: string | null, endsAt: string | null, createdAt: string, updatedAt: string } };

export type DeleteFeatureFlagMutationVariables = Exact<{
  key: string;
}>;


export type DeleteFeatureFlagMutation = { deleteFeatureFlag: boolean };

export type TenantHealthQueryVariables = Exact<{
  id: string | number;
}>;


export type TenantHealthQuery = { tenantHealth: { schemaPresent: boolean, migrationsCurrent: boolean, appliedMigrations: Array<string>, pendingMigrations: Array<string>, unknownMigrations: Array<string>, changedMigrations: Array<string>, lastActivityAt: string | null, tenant: { id: string, status: TenantStatus }, tables: Array<{ name: string, rows: number, estimated: boolean, bytes: number }> } };

export type TenantUsageQueryVariables = Exact<{
  period: UsagePeriod;
  tenantId?: string | number | null | undefined;
}>;


export type TenantUsageQuery = { tenantUsage: { period: UsagePeriod, from: string, to: string, maxUsers: number | null, activeSessions: number, sessionsStarted: number, storageBytes: number, apiCalls: number | null, tenant: { id: string }, users: { total: number, active: number, invited: number, disabled: number, deleted: number } } };

export type CreateTenantMutationVariables = Exact<{
  input: CreateTenantInput;
}>;


export type CreateTenantMutation = { createTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type TenantByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type TenantByIdQuery = { tenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } | null };

export type MyTenantQueryVariables = Exact<{ [key: string]: never; }>;


export type MyTenantQuery = { myTenant: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } };

export type SignUpTenantMutationVariables = Exact<{
  input: SignUpTenantInput;
}>;


export type SignUpTenantMutation = { signUpTenant: boolean };

export type OwnTenantProbeQueryVariables = Exact<{ [key: string]: never; }>;


export type OwnTenantProbeQuery = { me: { id: string, email: string | null, tenant: { id: string, slug: string } }, myTenant: { id: string, slug: string }, users: { edges: Array<{ node: { id: string, email: string | null } }> }, tenantSettings: { passwordPolicy: { minLength: number } }, mySessions: Array<{ id: string }> };

export type TenantBackupsQueryVariables = Exact<{
  tenantId: string | number;
}>;


export type TenantBackupsQuery = { tenantBackups: Array<{ fileName: string, kind: TenantBackupKind, createdAt: string, sizeBytes: number, migrationCount: number }> };

export type BackupTenantMutationVariables = Exact<{
  tenantId: string | number;
}>;


export type BackupTenantMutation = { backupTenant: { fileName: string, kind: TenantBackupKind, createdAt: string, sizeBytes: number, migrationCount: number } };

export type MyIdQueryVariables = Exact<{ [key: string]: never; }>;


export type MyIdQuery = { me: { id: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string | null, firstName: string, lastName: string, roles: Array<string>, tenant: { id: string, slug: string }, sessions: Array<{ id: string, current: boolean, createdAt: string }> } };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsersQuery = { users: { edges: Array<{ cursor: string, node: { id: string, email: string | null, roles: Array<string> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UserIdsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type UserIdsQuery = { users: { edges: Array<{ node: { id: string } }> } };

export type UserEmailsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type UserEmailsQuery = { users: { edges: Array<{ node: { id: string, email: string | null } }> } };

export type UsersWithRelationsQueryVariables = Exact<{
  first: number;
}>;


export type UsersWithRelationsQuery = { users: { edges: Array<{ node: { id: string, email: string | null, firstName: string, status: UserStatus, roles: Array<string>, lastLoginAt: string | null, emailVerified: boolean | null, sessions: Array<{ id: string, deviceType: DeviceType }>, tenant: { id: string, slug: string } } }> } };

export type DeactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DeactivateUserMutation = { deactivateUser: { id: string, status: UserStatus } };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateMyProfile: { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null } };

export type UserPersonalDataQueryVariables = Exact<{
  id: string | number;
}>;


export type UserPersonalDataQuery = { user: { id: string, firstName: string, email: string | null, lastLoginAt: string | null, emailVerified: boolean | null } | null };

export type UserListQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserListQuery = { users: { edges: Array<{ cursor: string, node: { id: string, firstName: string, lastName: string, displayName: string | null, status: UserStatus, roles: Array<string> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DeleteUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteUserMutation = { deleteUser: { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null } };

export type ReactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type ReactivateUserMutation = { reactivateUser: { id: string, status: UserStatus } };

export type MyPreferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPreferencesQuery = { myPreferences: Array<{ key: string, value: unknown, isDefault: boolean, defaultValue: unknown, description: string, updatedAt: string | null }> };

export type SetPreferenceMutationVariables = Exact<{
  key: string;
  value: unknown;
}>;


export type SetPreferenceMutation = { setPreference: { key: string, value: unknown, isDefault: boolean, updatedAt: string | null } };

export type ResetPreferenceMutationVariables = Exact<{
  key: string;
}>;


export type ResetPreferenceMutation = { resetPreference: { key: string, value: unknown, isDefault: boolean } };

export type UserActivityQueryVariables = Exact<{
  userId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserActivityQuery = { userActivity: { edges: Array<{ cursor: string, node: { id: string, userId: string, kind: UserActivityKind, at: string, count: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UserActivityDevicesQueryVariables = Exact<{
  userId: string | number;
}>;


export type UserActivityDevicesQuery = { userActivity: { edges: Array<{ node: { id: string, kind: UserActivityKind, ip: string | null, userAgent: string | null } }> } };

export type DailyActiveUsersQueryVariables = Exact<{
  days?: number | null | undefined;
}>;


export type DailyActiveUsersQuery = { dailyActiveUsers: Array<{ date: string, count: number }> };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { id: string, email: string | null, firstName: string, lastName: string, displayName: string | null, locale: string | null, timezone: string | null, avatarUrl: string | null, status: UserStatus, roles: Array<string>, emailVerified: boolean | null, lastLoginAt: string | null, deletedAt: string | null, tenant: { id: string, slug: string, name: string } }, myPermissions: { roles: Array<string>, permissions: Array<string> } };

export type ConsoleUsersQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  withEmail: boolean;
}>;


export type ConsoleUsersQuery = { users: { edges: Array<{ cursor: string, node: { id: string, email?: string | null, firstName: string, lastName: string, displayName: string | null, status: UserStatus, roles: Array<string>, lastLoginAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleUserQueryVariables = Exact<{
  id: string | number;
  withPii: boolean;
}>;


export type ConsoleUserQuery = { user: { id: string, email?: string | null, emailVerified?: boolean | null, firstName: string, lastName: string, displayName: string | null, status: UserStatus, roles: Array<string>, lastLoginAt: string | null } | null };

export type ConsolePermissionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsolePermissionsQuery = { permissionCatalogue: Array<{ name: string, scope: PermissionScope, description: string, unlocks: Array<string> }> };

export type ConsoleTenantsQueryVariables = Exact<{
  filter?: TenantFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleTenantsQuery = { tenants: { edges: Array<{ cursor: string, node: { id: string, slug: string, name: string, status: TenantStatus, plan: TenantPlan, domain: string | null, createdAt: string, suspendedAt: string | null, suspensionReason: string | null, cancelledAt: string | null, purgeAfter: string | null, purgedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PasswordRequirementsQueryVariables = Exact<{
  tenant: string;
}>;


export type PasswordRequirementsQuery = { passwordRequirements: { minLength: number, maxBytes: number, requireUppercase: boolean, requireLowercase: boolean, requireDigit: boolean, requireSymbol: boolean } };

export type TenantForDomainQueryVariables = Exact<{
  domain: string;
}>;


export type TenantForDomainQuery = { tenantForDomain: { slug: string, name: string } | null };

export type ConsoleSessionsQueryVariables = Exact<{
  filter?: TenantSessionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  withPii: boolean;
}>;


export type ConsoleSessionsQuery = { tenantSessions: { edges: Array<{ cursor: string, node: { id: string, current: boolean, createdAt: string, lastActiveAt: string, expiresAt: string, deviceType: DeviceType, authenticationMethods: Array<string>, authenticatedAt: string, browser?: string | null, os?: string | null, ip?: string | null, application: { clientId: string, name: string | null } | null, user: { id: string, email?: string | null, displayName: string | null, firstName: string, lastName: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, sessionStats: { activeSessions: number, activeByDeviceType: Array<{ deviceType: DeviceType, count: number }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AuthPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}
    `, {"fragmentName":"AuthPayloadFields"}) as unknown as TypedDocumentString<AuthPayloadFieldsFragment, unknown>;
export const MfaChallengeFieldsFragmentDoc = new TypedDocumentString(`
    fragment MfaChallengeFields on MfaChallenge {
  challengeToken
  expiresAt
  factors
  passkeyOptions
}
    `, {"fragmentName":"MfaChallengeFields"}) as unknown as TypedDocumentString<MfaChallengeFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on Session {
  id
  current
  createdAt
  lastActiveAt
  expiresAt
  revokedAt
  deviceType
  authenticationMethods
  authenticatedAt
  ip
  userAgent
  browser
  os
  application {
    clientId
    name
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const RoleFieldsFragmentDoc = new TypedDocumentString(`
    fragment RoleFields on Role {
  name
  parent
  permissions
  effectivePermissions
  description
  builtin
  userCount
}
    `, {"fragmentName":"RoleFields"}) as unknown as TypedDocumentString<RoleFieldsFragment, unknown>;
export const TenantFieldsFragmentDoc = new TypedDocumentString(`
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}
    `, {"fragmentName":"TenantFields"}) as unknown as TypedDocumentString<TenantFieldsFragment, unknown>;
export const TenantSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment TenantSettingsFields on TenantSettings {
  passwordPolicy {
    minLength
    requireUppercase
    requireLowercase
    requireDigit
    requireSymbol
  }
  lockout {
    threshold
  }
  sessions {
    refreshTokenTtlDays
    idleTimeoutMinutes
    maxConcurrent
    refreshReuseLeewaySeconds
  }
  signup {
    mode
    allowedEmailDomains
  }
  mfa {
    mode
    requiredForRoles
    allowedFactors
    enrolmentGraceDays
    totpWindow
    stepUpMaxAgeMinutes
    trustedDeviceDays
  }
  apiKeys {
    maxLifetimeDays
  }
  rateLimits {
    requestsPerMinute
    loginAttemptsPerMinute
  }
}
    `, {"fragmentName":"TenantSettingsFields"}) as unknown as TypedDocumentString<TenantSettingsFieldsFragment, unknown>;
export const FeatureFlagDefinitionFieldsFragmentDoc = new TypedDocumentString(`
    fragment FeatureFlagDefinitionFields on FeatureFlagDefinition {
  key
  description
  kind
  enabled
  percentage
  allowedUserIds
  startsAt
  endsAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"FeatureFlagDefinitionFields"}) as unknown as TypedDocumentString<FeatureFlagDefinitionFieldsFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEventFields on AuditEvent {
  id
  at
  action
  result
  actorId
  targetType
  targetId
  ip
  userAgent
  requestId
  data
}
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const TenantBackupFieldsFragmentDoc = new TypedDocumentString(`
    fragment TenantBackupFields on TenantBackup {
  fileName
  kind
  createdAt
  sizeBytes
  migrationCount
}
    `, {"fragmentName":"TenantBackupFields"}) as unknown as TypedDocumentString<TenantBackupFieldsFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const ServiceAccountFieldsFragmentDoc = new TypedDocumentString(`
    fragment ServiceAccountFields on ServiceAccount {
  id
  name
  description
  roles
  createdAt
  createdBy
}
    `, {"fragmentName":"ServiceAccountFields"}) as unknown as TypedDocumentString<ServiceAccountFieldsFragment, unknown>;
export const OAuthClientFieldsFragmentDoc = new TypedDocumentString(`
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}
    `, {"fragmentName":"OAuthClientFields"}) as unknown as TypedDocumentString<OAuthClientFieldsFragment, unknown>;
export const MfaFactorFieldsFragmentDoc = new TypedDocumentString(`
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}
    `, {"fragmentName":"MfaFactorFields"}) as unknown as TypedDocumentString<MfaFactorFieldsFragment, unknown>;
export const SocialConnectionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SocialConnectionFields on SocialConnection {
  provider
  clientId
  allowedDomains
  autoRegister
  defaultRole
  enabled
  microsoftTenant
  createdAt
  updatedAt
}
    `, {"fragmentName":"SocialConnectionFields"}) as unknown as TypedDocumentString<SocialConnectionFieldsFragment, unknown>;
export const UserIdentityFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserIdentityFields on UserIdentity {
  id
  provider
  email
  linkedAt
  lastUsedAt
}
    `, {"fragmentName":"UserIdentityFields"}) as unknown as TypedDocumentString<UserIdentityFieldsFragment, unknown>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input)
}
    `, {"hash":"sha256:b71997bdb2cee8b9b73900d61cd376d4d1ebc42c845f2e2ffc4970107955c2b1"}) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input)
}
    `, {"hash":"sha256:21908662b0a274ed0ed68dbd256209cd85281fa16a7621aae7f05935c5597840"}) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($input: ResetPasswordInput!) {
  resetPassword(input: $input)
}
    `, {"hash":"sha256:5c8ccf52fa6849e6130938f2b7f0898c8a9872b780ff44f891c84b38dd96fc24"}) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RequestEmailChangeDocument = new TypedDocumentString(`
    mutation RequestEmailChange($input: RequestEmailChangeInput!) {
  requestEmailChange(input: $input)
}
    `, {"hash":"sha256:89dcfce9dbc09ae4452ee018d4152321aa9988f3c93a6e7e03cc5485c5eef478"}) as unknown as TypedDocumentString<RequestEmailChangeMutation, RequestEmailChangeMutationVariables>;
export const VerifyEmailDocument = new TypedDocumentString(`
    mutation VerifyEmail($input: VerifyEmailInput!) {
  verifyEmail(input: $input)
}
    `, {"hash":"sha256:4f00ef029c2bdb04eee62c063fe2734176ab98d68bbc9e97a4d587d17d3d7d2e"}) as unknown as TypedDocumentString<VerifyEmailMutation, VerifyEmailMutationVariables>;
export const ResendVerificationEmailDocument = new TypedDocumentString(`
    mutation ResendVerificationEmail {
  resendVerificationEmail
}
    `, {"hash":"sha256:7de627ef64132d929f3a40e9e84c56a8144581e2cf030fdc12ba49be44997537"}) as unknown as TypedDocumentString<ResendVerificationEmailMutation, ResendVerificationEmailMutationVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input)
}
    `, {"hash":"sha256:bbc27c1139a4c03d0a0ab8559be8816ee91402b9d85b6aef27e61a095e61a043"}) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const InviteUserDocument = new TypedDocumentString(`
    mutation InviteUser($input: InviteUserInput!) {
  inviteUser(input: $input) {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}`, {"hash":"sha256:32ec41bbdef7e25e1763d28165cc19368f7c1f803f1f87999b7955622a73c89e"}) as unknown as TypedDocumentString<InviteUserMutation, InviteUserMutationVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    ...AuthPayloadFields
    user {
      emailVerified
    }
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}`, {"hash":"sha256:c0935499b30b956a388660e4db54de5121c5e26597e86fc82f5e456ad9690efd"}) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const MyAccountDocument = new TypedDocumentString(`
    query MyAccount {
  me {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}`, {"hash":"sha256:6ed449d9ed2608053b1dc02db059452a1352311913167c2b62a68286c44531e8"}) as unknown as TypedDocumentString<MyAccountQuery, MyAccountQueryVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($ownerId: ID) {
  apiKeys(ownerId: $ownerId) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}`, {"hash":"sha256:206b8daf31d31e17ddec1e90a21a2824636c68e50ca4834a0a788acf308d663d"}) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const ApiKeyUsageDocument = new TypedDocumentString(`
    query ApiKeyUsage($ownerId: ID, $days: Int) {
  apiKeys(ownerId: $ownerId) {
    id
    usage(days: $days) {
      day
      requests
    }
  }
}
    `, {"hash":"sha256:30c3c7178c16fd590eec4754e6e72c26ab4119b48f4b92148852ee2d6f858027"}) as unknown as TypedDocumentString<ApiKeyUsageQuery, ApiKeyUsageQueryVariables>;
export const ServiceAccountsDocument = new TypedDocumentString(`
    query ServiceAccounts {
  serviceAccounts {
    ...ServiceAccountFields
    apiKeys {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}
fragment ServiceAccountFields on ServiceAccount {
  id
  name
  description
  roles
  createdAt
  createdBy
}`, {"hash":"sha256:689725495ea578805c30263e77e769c0d483e5d42346f893fa95a0238df08a8a"}) as unknown as TypedDocumentString<ServiceAccountsQuery, ServiceAccountsQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}`, {"hash":"sha256:5ad75c1bc6b0130fda205b165b661f72239597c2830b24530636fe10640b6022"}) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RotateApiKeyDocument = new TypedDocumentString(`
    mutation RotateApiKey($input: RotateApiKeyInput!) {
  rotateApiKey(input: $input) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}`, {"hash":"sha256:bf484f011118fc1a15b45adadd2c72d0b3a3ff84a9c9d3578635ff1406923fee"}) as unknown as TypedDocumentString<RotateApiKeyMutation, RotateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  ownerId
  ownerKind
  environment
  display
  lastFour
  scopes
  allowedCidrs
  rateLimitPerMinute
  status
  expiresAt
  createdAt
  createdBy
  rotatedFrom
  revokedAt
  lastUsedAt
  lastUsedIp
}`, {"hash":"sha256:f8d7a8b39051d9f644c18b3210b2506bf7af7af0074f274f9d383e390374b54b"}) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const CreateServiceAccountDocument = new TypedDocumentString(`
    mutation CreateServiceAccount($input: CreateServiceAccountInput!) {
  createServiceAccount(input: $input) {
    ...ServiceAccountFields
  }
}
    fragment ServiceAccountFields on ServiceAccount {
  id
  name
  description
  roles
  createdAt
  createdBy
}`, {"hash":"sha256:84a3f23d4c40cc88017ab0648b28f831767964342f1e3cd5c434373dc20cb4c5"}) as unknown as TypedDocumentString<CreateServiceAccountMutation, CreateServiceAccountMutationVariables>;
export const DeleteServiceAccountDocument = new TypedDocumentString(`
    mutation DeleteServiceAccount($id: ID!) {
  deleteServiceAccount(id: $id)
}
    `, {"hash":"sha256:6dc27a76003e2dcd55ec6d9fcc4a92fb98ba9a3fe8dd4060952eea675d51d4a1"}) as unknown as TypedDocumentString<DeleteServiceAccountMutation, DeleteServiceAccountMutationVariables>;
export const RevokeLeakedApiKeysDocument = new TypedDocumentString(`
    mutation RevokeLeakedApiKeys($keys: [String!]!) {
  revokeLeakedApiKeys(keys: $keys) {
    received
  }
}
    `, {"hash":"sha256:df1a41ecb8c095f14aafccac242036750ff56ba12d026bc7eebb61178cdab9b4"}) as unknown as TypedDocumentString<RevokeLeakedApiKeysMutation, RevokeLeakedApiKeysMutationVariables>;
export const ApiKeyPolicyDocument = new TypedDocumentString(`
    query ApiKeyPolicy {
  apiKeyPolicy {
    maxLifetimeDays
    environment
  }
}
    `, {"hash":"sha256:0dbe78480fdb20d3b12672411986702ca2bfa83491b35da979fc458fa7c0f987"}) as unknown as TypedDocumentString<ApiKeyPolicyQuery, ApiKeyPolicyQueryVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...AuditEventFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  at
  action
  result
  actorId
  targetType
  targetId
  ip
  userAgent
  requestId
  data
}`, {"hash":"sha256:f8f5728050d21ecbf85d100ebd43f866c151b5a76d24088e7ba55b6fe8632674"}) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const LatestAuditEventDocument = new TypedDocumentString(`
    query LatestAuditEvent {
  auditEvents(first: 1) {
    edges {
      node {
        id
      }
    }
  }
}
    `, {"hash":"sha256:2b5ec329242af15743e442c72419f3853cc64534f2744e292f01312b8a474296"}) as unknown as TypedDocumentString<LatestAuditEventQuery, LatestAuditEventQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on AuthPayload {
      ...AuthPayloadFields
    }
    ... on MfaChallenge {
      ...MfaChallengeFields
    }
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}
fragment MfaChallengeFields on MfaChallenge {
  challengeToken
  expiresAt
  factors
  passkeyOptions
}`, {"hash":"sha256:a94d904ad15fa53785ae798ab7855ae375318808b8cafe7b0dc789a234691399"}) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const CompleteSignInDocument = new TypedDocumentString(`
    mutation CompleteSignIn($input: CompleteSignInInput!) {
  completeSignIn(input: $input) {
    ...AuthPayloadFields
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}`, {"hash":"sha256:8a70328b4fc0878fc6f2badb9871a9d0b1f2b2af46262163dc4366d6e673b1f3"}) as unknown as TypedDocumentString<CompleteSignInMutation, CompleteSignInMutationVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($input: RefreshInput!) {
  refresh(input: $input) {
    ...AuthPayloadFields
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}`, {"hash":"sha256:79fbd0e262d4f63123c956445fe84197c757da13eec0bab3cfedecbde342a57a"}) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `, {"hash":"sha256:cb1d14c1cc99a25294cfa4376de2402364cb32e6c038a11fb36cf0ebb3a5ce91"}) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const LogoutEverywhereDocument = new TypedDocumentString(`
    mutation LogoutEverywhere {
  logoutEverywhere
}
    `, {"hash":"sha256:52707447b420e68f4a0918465e15cadf17002137ecf83682995cbd21b0be795c"}) as unknown as TypedDocumentString<LogoutEverywhereMutation, LogoutEverywhereMutationVariables>;
export const UnlockUserDocument = new TypedDocumentString(`
    mutation UnlockUser($userId: ID!) {
  unlockUser(userId: $userId)
}
    `, {"hash":"sha256:80af9767e0a6bb739b954cbf81c1c1ed1908eb63c41500d1b83b206226be1150"}) as unknown as TypedDocumentString<UnlockUserMutation, UnlockUserMutationVariables>;
export const MyMfaDocument = new TypedDocumentString(`
    query MyMfa {
  me {
    id
    mfa {
      factors {
        ...MfaFactorFields
      }
      recoveryCodesRemaining
      trustedDevices {
        id
        browser
        os
        deviceType
        ip
        createdAt
        lastUsedAt
        expiresAt
      }
      required
      allowedFactors
      enrolBy
    }
  }
}
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}`, {"hash":"sha256:b540fc8f5ecbcf6927bc2acc41496d124dcb68176209994623d6e6e03c62d42b"}) as unknown as TypedDocumentString<MyMfaQuery, MyMfaQueryVariables>;
export const StartTotpEnrolmentDocument = new TypedDocumentString(`
    mutation StartTotpEnrolment($input: StartTotpEnrolmentInput) {
  startTotpEnrolment(input: $input) {
    factorId
    secret
    otpauthUri
    qrCodePng
    qrCodeSvg
  }
}
    `, {"hash":"sha256:840b2858e71697f8366bcfda0fd89b59f07fcb29e18b8b9e43e31bfd277e1798"}) as unknown as TypedDocumentString<StartTotpEnrolmentMutation, StartTotpEnrolmentMutationVariables>;
export const ConfirmTotpEnrolmentDocument = new TypedDocumentString(`
    mutation ConfirmTotpEnrolment($input: ConfirmTotpEnrolmentInput!) {
  confirmTotpEnrolment(input: $input) {
    factor {
      ...MfaFactorFields
    }
    recoveryCodes
  }
}
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}`, {"hash":"sha256:b3d182fa04db06314364ee5b82eac00aa5f807a31400fa6a0710a3740a5faea7"}) as unknown as TypedDocumentString<ConfirmTotpEnrolmentMutation, ConfirmTotpEnrolmentMutationVariables>;
export const RenameMfaFactorDocument = new TypedDocumentString(`
    mutation RenameMfaFactor($id: ID!, $name: String!) {
  renameMfaFactor(id: $id, name: $name) {
    ...MfaFactorFields
  }
}
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}`, {"hash":"sha256:3b00639b5337230a2b65a4df69cb4a2421d5a0357994fafd3b7848e6a6c8cad2"}) as unknown as TypedDocumentString<RenameMfaFactorMutation, RenameMfaFactorMutationVariables>;
export const RemoveMfaFactorDocument = new TypedDocumentString(`
    mutation RemoveMfaFactor($id: ID!) {
  removeMfaFactor(id: $id)
}
    `, {"hash":"sha256:4f928e7bccae6cb353be674d759b6a1670dfb59a4db90ab2b38ed26984790a54"}) as unknown as TypedDocumentString<RemoveMfaFactorMutation, RemoveMfaFactorMutationVariables>;
export const RegenerateRecoveryCodesDocument = new TypedDocumentString(`
    mutation RegenerateRecoveryCodes {
  regenerateRecoveryCodes {
    codes
  }
}
    `, {"hash":"sha256:39ccee4cfc0ad0c46ae07525d22a52e81c35db9a000e4bcf19f97d11924fe938"}) as unknown as TypedDocumentString<RegenerateRecoveryCodesMutation, RegenerateRecoveryCodesMutationVariables>;
export const RevokeTrustedDeviceDocument = new TypedDocumentString(`
    mutation RevokeTrustedDevice($id: ID!) {
  revokeTrustedDevice(id: $id)
}
    `, {"hash":"sha256:7cb3c0952bd734b33d15eb737b45fbaefb6d3093226a6a9831eb28498f4dcb58"}) as unknown as TypedDocumentString<RevokeTrustedDeviceMutation, RevokeTrustedDeviceMutationVariables>;
export const StartStepUpDocument = new TypedDocumentString(`
    mutation StartStepUp {
  startStepUp {
    challengeToken
    factors
    passkeyOptions
    expiresAt
  }
}
    `, {"hash":"sha256:cf43a11278416a9df8395c70e7ab19238b6512b368fd6951a1b543653b7ba3a2"}) as unknown as TypedDocumentString<StartStepUpMutation, StartStepUpMutationVariables>;
export const CompleteStepUpDocument = new TypedDocumentString(`
    mutation CompleteStepUp($input: CompleteStepUpInput!) {
  completeStepUp(input: $input) {
    accessToken
    expiresIn
    authTime
  }
}
    `, {"hash":"sha256:ad7eb07ed7872a0f6efba4336f6067162f31933651527535c5356aa822796381"}) as unknown as TypedDocumentString<CompleteStepUpMutation, CompleteStepUpMutationVariables>;
export const ResetUserMfaDocument = new TypedDocumentString(`
    mutation ResetUserMfa($userId: ID!) {
  resetUserMfa(userId: $userId)
}
    `, {"hash":"sha256:47109e72b7870bc7a846cb49e13bcc708f515488e33813d3fc98fdd73ee021de"}) as unknown as TypedDocumentString<ResetUserMfaMutation, ResetUserMfaMutationVariables>;
export const StartPasskeyRegistrationDocument = new TypedDocumentString(`
    mutation StartPasskeyRegistration {
  startPasskeyRegistration
}
    `, {"hash":"sha256:370c6692fd3705698266e97b7b4823a3225e436a94b1383130d3e07b63fd52b4"}) as unknown as TypedDocumentString<StartPasskeyRegistrationMutation, StartPasskeyRegistrationMutationVariables>;
export const FinishPasskeyRegistrationDocument = new TypedDocumentString(`
    mutation FinishPasskeyRegistration($input: FinishPasskeyRegistrationInput!) {
  finishPasskeyRegistration(input: $input) {
    factor {
      ...MfaFactorFields
    }
    recoveryCodes
  }
}
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}`, {"hash":"sha256:776a4141abc3e8ae378cef53fce95e0c94ac46f56fb66647b155b913f2d655d1"}) as unknown as TypedDocumentString<FinishPasskeyRegistrationMutation, FinishPasskeyRegistrationMutationVariables>;
export const StartPasskeySignInDocument = new TypedDocumentString(`
    mutation StartPasskeySignIn($tenant: String!) {
  startPasskeySignIn(tenant: $tenant) {
    challengeToken
    passkeyOptions
    expiresAt
  }
}
    `, {"hash":"sha256:b9eb39f887dfe6e93ceb00a6602526fca1158402ab24d3ce6a8713e22122ad38"}) as unknown as TypedDocumentString<StartPasskeySignInMutation, StartPasskeySignInMutationVariables>;
export const SignInWithPasskeyDocument = new TypedDocumentString(`
    mutation SignInWithPasskey($input: SignInWithPasskeyInput!) {
  signInWithPasskey(input: $input) {
    ...AuthPayloadFields
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}`, {"hash":"sha256:c623eabc84f67667ee311fde931d94d36db286035670f3e422a09cda9b4da438"}) as unknown as TypedDocumentString<SignInWithPasskeyMutation, SignInWithPasskeyMutationVariables>;
export const SendMfaCodeDocument = new TypedDocumentString(`
    mutation SendMfaCode($input: SendMfaCodeInput!) {
  sendMfaCode(input: $input) {
    sentTo
    expiresAt
    resendAfterSeconds
  }
}
    `, {"hash":"sha256:4258df8c51147abac1bacab8d6e15b34d7ca34be9a7f8ea73c27bf0c2fa5ef13"}) as unknown as TypedDocumentString<SendMfaCodeMutation, SendMfaCodeMutationVariables>;
export const StartOtpFactorDocument = new TypedDocumentString(`
    mutation StartOtpFactor($input: StartOtpFactorInput!) {
  startOtpFactor(input: $input) {
    factorId
    sentTo
    expiresAt
    resendAfterSeconds
  }
}
    `, {"hash":"sha256:0ad17a6f992d1b1ecf9e1c5aa6e2a84dccf3c9aa9798ba7e905c7ec977a1b432"}) as unknown as TypedDocumentString<StartOtpFactorMutation, StartOtpFactorMutationVariables>;
export const ConfirmOtpFactorDocument = new TypedDocumentString(`
    mutation ConfirmOtpFactor($input: ConfirmOtpFactorInput!) {
  confirmOtpFactor(input: $input) {
    factor {
      ...MfaFactorFields
    }
    recoveryCodes
  }
}
    fragment MfaFactorFields on MfaFactor {
  id
  kind
  name
  weaker
  createdAt
  lastUsedAt
}`, {"hash":"sha256:f096056259756e7fb32e276b9d7e124172e3d841c54e43ab27b3f77344aebc7d"}) as unknown as TypedDocumentString<ConfirmOtpFactorMutation, ConfirmOtpFactorMutationVariables>;
export const OAuthClientsDocument = new TypedDocumentString(`
    query OAuthClients {
  oauthClients {
    ...OAuthClientFields
  }
}
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}`, {"hash":"sha256:b585bbe0f0207302991f539042345791e8834137ee91236f1dcf04d0adac2e8c"}) as unknown as TypedDocumentString<OAuthClientsQuery, OAuthClientsQueryVariables>;
export const OAuthClientDocument = new TypedDocumentString(`
    query OAuthClient($id: String!) {
  oauthClient(id: $id) {
    ...OAuthClientFields
  }
}
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}`, {"hash":"sha256:f01adc5b644da93fe822d39696316cdd95b99ad9e50c78496c6cbf317b2adb2b"}) as unknown as TypedDocumentString<OAuthClientQuery, OAuthClientQueryVariables>;
export const OAuthProviderDocument = new TypedDocumentString(`
    query OAuthProvider {
  oauthProvider {
    issuer
    discoveryUrl
    scopes
  }
}
    `, {"hash":"sha256:63c42850d916b916fb8b763da8f4918dfcf53403f33a6ed59d911757feb94b50"}) as unknown as TypedDocumentString<OAuthProviderQuery, OAuthProviderQueryVariables>;
export const CreateOAuthClientDocument = new TypedDocumentString(`
    mutation CreateOAuthClient($input: CreateOAuthClientInput!) {
  createOAuthClient(input: $input) {
    secret
    client {
      ...OAuthClientFields
    }
  }
}
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}`, {"hash":"sha256:8ead452a21e5b88c17352061aadc14ba1e7f458189c0f2d02977cfe253066b27"}) as unknown as TypedDocumentString<CreateOAuthClientMutation, CreateOAuthClientMutationVariables>;
export const UpdateOAuthClientDocument = new TypedDocumentString(`
    mutation UpdateOAuthClient($id: String!, $input: UpdateOAuthClientInput!) {
  updateOAuthClient(id: $id, input: $input) {
    ...OAuthClientFields
  }
}
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}`, {"hash":"sha256:40b7d46fa09773ee46a565d2919f5162299c885a59a9bb3ce01b481ad7c3884b"}) as unknown as TypedDocumentString<UpdateOAuthClientMutation, UpdateOAuthClientMutationVariables>;
export const RotateOAuthClientSecretDocument = new TypedDocumentString(`
    mutation RotateOAuthClientSecret($id: String!) {
  rotateOAuthClientSecret(id: $id) {
    secret
    client {
      ...OAuthClientFields
    }
  }
}
    fragment OAuthClientFields on OAuthClient {
  id
  name
  kind
  firstParty
  redirectUris
  postLogoutRedirectUris
  scopes
  authMethod
  secretLastFour
  serviceAccount {
    id
    name
  }
  createdAt
  updatedAt
  createdBy
}`, {"hash":"sha256:d4bcb34e173d18ca6746c5bf047ee125534e161cb4e32d220b7308347e76b3f5"}) as unknown as TypedDocumentString<RotateOAuthClientSecretMutation, RotateOAuthClientSecretMutationVariables>;
export const DeleteOAuthClientDocument = new TypedDocumentString(`
    mutation DeleteOAuthClient($id: String!) {
  deleteOAuthClient(id: $id)
}
    `, {"hash":"sha256:94409ec13affeed94d1c7c6427b2b7693dbf69ef4c2ca4f62d548cb2a85118a0"}) as unknown as TypedDocumentString<DeleteOAuthClientMutation, DeleteOAuthClientMutationVariables>;
export const MyAuthorizedAppsDocument = new TypedDocumentString(`
    query MyAuthorizedApps {
  myAuthorizedApps {
    clientId
    name
    firstParty
    scopes
    activeSessions
    lastSignInAt
  }
}
    `, {"hash":"sha256:ffd3ec8c168970d0062cf02fd7fb718c937612eb23ddf20fd45f35c5d000e48f"}) as unknown as TypedDocumentString<MyAuthorizedAppsQuery, MyAuthorizedAppsQueryVariables>;
export const RevokeAppAuthorizationDocument = new TypedDocumentString(`
    mutation RevokeAppAuthorization($clientId: String!) {
  revokeAppAuthorization(clientId: $clientId)
}
    `, {"hash":"sha256:69cdede78b42249e269798636bca3173a118cb792e17391830197533c00c3007"}) as unknown as TypedDocumentString<RevokeAppAuthorizationMutation, RevokeAppAuthorizationMutationVariables>;
export const RolesDocument = new TypedDocumentString(`
    query Roles {
  roles {
    ...RoleFields
  }
}
    fragment RoleFields on Role {
  name
  parent
  permissions
  effectivePermissions
  description
  builtin
  userCount
}`, {"hash":"sha256:b6b1408b9fe3a9828e492186c19aee43ef5d9f3250b2530930a9b3354b5a5dad"}) as unknown as TypedDocumentString<RolesQuery, RolesQueryVariables>;
export const RoleDocument = new TypedDocumentString(`
    query Role($name: String!) {
  role(name: $name) {
    ...RoleFields
  }
}
    fragment RoleFields on Role {
  name
  parent
  permissions
  effectivePermissions
  description
  builtin
  userCount
}`, {"hash":"sha256:ca60d808c976c2c8161a6b8813417cd2e3ec2382f406c06f53e9fe7d0449d9b9"}) as unknown as TypedDocumentString<RoleQuery, RoleQueryVariables>;
export const MyPermissionsDocument = new TypedDocumentString(`
    query MyPermissions {
  myPermissions {
    roles
    permissions
  }
}
    `, {"hash":"sha256:c07a914543d0a848cb97839a46b7a665c2aa2362accd26125a0fb628c1a0acb1"}) as unknown as TypedDocumentString<MyPermissionsQuery, MyPermissionsQueryVariables>;
export const PermissionCatalogueDocument = new TypedDocumentString(`
    query PermissionCatalogue {
  permissionCatalogue {
    name
    scope
    unlocks
  }
}
    `, {"hash":"sha256:91b889ec00ea55a22e412b9ecae2b31dea5f296b371657fa3c5176c339aca695"}) as unknown as TypedDocumentString<PermissionCatalogueQuery, PermissionCatalogueQueryVariables>;
export const CreateRoleDocument = new TypedDocumentString(`
    mutation CreateRole($input: CreateRoleInput!) {
  createRole(input: $input) {
    ...RoleFields
  }
}
    fragment RoleFields on Role {
  name
  parent
  permissions
  effectivePermissions
  description
  builtin
  userCount
}`, {"hash":"sha256:fa0db8a933299052f93738df8b749b8245eafce11a03fd077439bba42546a1e3"}) as unknown as TypedDocumentString<CreateRoleMutation, CreateRoleMutationVariables>;
export const UpdateRoleDocument = new TypedDocumentString(`
    mutation UpdateRole($name: String!, $input: UpdateRoleInput!) {
  updateRole(name: $name, input: $input) {
    ...RoleFields
  }
}
    fragment RoleFields on Role {
  name
  parent
  permissions
  effectivePermissions
  description
  builtin
  userCount
}`, {"hash":"sha256:9554c32d29e13a431600de16df81e81f8127aacc2d0c3954988f8cdf79279efc"}) as unknown as TypedDocumentString<UpdateRoleMutation, UpdateRoleMutationVariables>;
export const DeleteRoleDocument = new TypedDocumentString(`
    mutation DeleteRole($name: String!, $reassignTo: String) {
  deleteRole(name: $name, reassignTo: $reassignTo)
}
    `, {"hash":"sha256:e5d44f5d2e9bbfed91c2b0f5147ca8261bf76991beb2bf83037c9bc37d0095a3"}) as unknown as TypedDocumentString<DeleteRoleMutation, DeleteRoleMutationVariables>;
export const AssignRolesDocument = new TypedDocumentString(`
    mutation AssignRoles($userId: ID!, $roles: [String!]!) {
  assignRoles(userId: $userId, roles: $roles) {
    id
    roles
  }
}
    `, {"hash":"sha256:7c52cf077b71048d0dec6eeee0bf9803810e7589d257e76c808a8f81f1e7eb6e"}) as unknown as TypedDocumentString<AssignRolesMutation, AssignRolesMutationVariables>;
export const MySessionsDocument = new TypedDocumentString(`
    query MySessions {
  mySessions {
    ...SessionFields
  }
}
    fragment SessionFields on Session {
  id
  current
  createdAt
  lastActiveAt
  expiresAt
  revokedAt
  deviceType
  authenticationMethods
  authenticatedAt
  ip
  userAgent
  browser
  os
  application {
    clientId
    name
  }
}`, {"hash":"sha256:782ec56aa9fe5a5d4b4bd0e2c9fb75e967431178b571fd56da5901a7ae64f1f2"}) as unknown as TypedDocumentString<MySessionsQuery, MySessionsQueryVariables>;
export const MySessionsViaMeDocument = new TypedDocumentString(`
    query MySessionsViaMe {
  me {
    sessions {
      ...SessionFields
    }
  }
}
    fragment SessionFields on Session {
  id
  current
  createdAt
  lastActiveAt
  expiresAt
  revokedAt
  deviceType
  authenticationMethods
  authenticatedAt
  ip
  userAgent
  browser
  os
  application {
    clientId
    name
  }
}`, {"hash":"sha256:f6f0e67b2cc2c127eeb521796ab3c23b2aa2fdc3014456a84b985eae9f5f24f2"}) as unknown as TypedDocumentString<MySessionsViaMeQuery, MySessionsViaMeQueryVariables>;
export const RevokeSessionDocument = new TypedDocumentString(`
    mutation RevokeSession($id: ID!) {
  revokeSession(id: $id) {
    id
    revokedAt
  }
}
    `, {"hash":"sha256:80536df5f66a4135ca7c5c88ec3e9fc9cefa9c467399991833afb2acc622d1cf"}) as unknown as TypedDocumentString<RevokeSessionMutation, RevokeSessionMutationVariables>;
export const RevokeOtherSessionsDocument = new TypedDocumentString(`
    mutation RevokeOtherSessions {
  revokeOtherSessions
}
    `, {"hash":"sha256:9c1939f55fcd8c2aa1fb9b186b71b8b8494a4bc48a32f1c1d22c2488f8a5f742"}) as unknown as TypedDocumentString<RevokeOtherSessionsMutation, RevokeOtherSessionsMutationVariables>;
export const RevokeAllSessionsDocument = new TypedDocumentString(`
    mutation RevokeAllSessions {
  revokeAllSessions
}
    `, {"hash":"sha256:478aa95916afd8058e2f5728d0fa47997e1c4e19a79f1f0809dd50330bbe7e14"}) as unknown as TypedDocumentString<RevokeAllSessionsMutation, RevokeAllSessionsMutationVariables>;
export const UserSessionsDocument = new TypedDocumentString(`
    query UserSessions($userId: ID!) {
  userSessions(userId: $userId) {
    ...SessionFields
  }
}
    fragment SessionFields on Session {
  id
  current
  createdAt
  lastActiveAt
  expiresAt
  revokedAt
  deviceType
  authenticationMethods
  authenticatedAt
  ip
  userAgent
  browser
  os
  application {
    clientId
    name
  }
}`, {"hash":"sha256:0a3a3a4148e454c37efc58a4c898c8d0966a8bbeacaf628c7ef6610ff8e2b558"}) as unknown as TypedDocumentString<UserSessionsQuery, UserSessionsQueryVariables>;
export const UserWithSessionsDocument = new TypedDocumentString(`
    query UserWithSessions($id: ID!) {
  user(id: $id) {
    id
    sessions {
      ...SessionFields
    }
  }
}
    fragment SessionFields on Session {
  id
  current
  createdAt
  lastActiveAt
  expiresAt
  revokedAt
  deviceType
  authenticationMethods
  authenticatedAt
  ip
  userAgent
  browser
  os
  application {
    clientId
    name
  }
}`, {"hash":"sha256:7adf248f77dd391c704bb5bbdcfb0bf96db852dcafcc99341c4c78924b3ac79a"}) as unknown as TypedDocumentString<UserWithSessionsQuery, UserWithSessionsQueryVariables>;
export const RevokeUserSessionsDocument = new TypedDocumentString(`
    mutation RevokeUserSessions($userId: ID!) {
  revokeUserSessions(userId: $userId)
}
    `, {"hash":"sha256:71ebac4b2b7328c3c0768a2b67b29a7cadbe564c4da6baaaad196594de8ddae6"}) as unknown as TypedDocumentString<RevokeUserSessionsMutation, RevokeUserSessionsMutationVariables>;
export const SessionStatsDocument = new TypedDocumentString(`
    query SessionStats {
  sessionStats {
    activeSessions
    activeByDeviceType {
      deviceType
      count
    }
    newSessionsPerDay {
      day
      count
    }
    averageSessionLengthSeconds
  }
}
    `, {"hash":"sha256:09aad776616de721572e830958df5c724880fa7bad977f4346581f6399f1b235"}) as unknown as TypedDocumentString<SessionStatsQuery, SessionStatsQueryVariables>;
export const RevokeTenantSessionDocument = new TypedDocumentString(`
    mutation RevokeTenantSession($id: ID!) {
  revokeTenantSession(id: $id) {
    id
    revokedAt
  }
}
    `, {"hash":"sha256:b2bcb3be7e2a36aae70d656f144cd15381356e0f11ad99d075547583c5cd8557"}) as unknown as TypedDocumentString<RevokeTenantSessionMutation, RevokeTenantSessionMutationVariables>;
export const SocialProvidersDocument = new TypedDocumentString(`
    query SocialProviders($tenant: String!) {
  socialProviders(tenant: $tenant)
}
    `, {"hash":"sha256:c7badb10aae372ca91fda37a4faba6dc1806f728a162edac265c3c585166795c"}) as unknown as TypedDocumentString<SocialProvidersQuery, SocialProvidersQueryVariables>;
export const SocialConnectionsDocument = new TypedDocumentString(`
    query SocialConnections {
  socialConnections {
    ...SocialConnectionFields
  }
}
    fragment SocialConnectionFields on SocialConnection {
  provider
  clientId
  allowedDomains
  autoRegister
  defaultRole
  enabled
  microsoftTenant
  createdAt
  updatedAt
}`, {"hash":"sha256:52648e17ff031ca7834a69658103a08af2f687c588e538bffa8a47a59475f59d"}) as unknown as TypedDocumentString<SocialConnectionsQuery, SocialConnectionsQueryVariables>;
export const MyIdentitiesDocument = new TypedDocumentString(`
    query MyIdentities {
  myIdentities {
    ...UserIdentityFields
  }
}
    fragment UserIdentityFields on UserIdentity {
  id
  provider
  email
  linkedAt
  lastUsedAt
}`, {"hash":"sha256:6ff345f0eed5c6625ad840fc1e674fba375cd1dcbd4a6ddbd3e1abd8e8a6ae74"}) as unknown as TypedDocumentString<MyIdentitiesQuery, MyIdentitiesQueryVariables>;
export const CompleteSocialSignInDocument = new TypedDocumentString(`
    mutation CompleteSocialSignIn($input: CompleteSocialSignInInput!) {
  completeSocialSignIn(input: $input) {
    __typename
    ... on AuthPayload {
      ...AuthPayloadFields
    }
    ... on MfaChallenge {
      ...MfaChallengeFields
    }
  }
}
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  csrfToken
  expiresIn
  sessionExpiresAt
  authenticationMethods
  mfaEnrolmentRequiredBy
  trustedDeviceToken
  user {
    id
    email
  }
}
fragment MfaChallengeFields on MfaChallenge {
  challengeToken
  expiresAt
  factors
  passkeyOptions
}`, {"hash":"sha256:cee83a637c31deda12a1b0f74d4a58a2c25dfa597595d1706a9a520008c87a89"}) as unknown as TypedDocumentString<CompleteSocialSignInMutation, CompleteSocialSignInMutationVariables>;
export const CreateSocialConnectionDocument = new TypedDocumentString(`
    mutation CreateSocialConnection($input: CreateSocialConnectionInput!) {
  createSocialConnection(input: $input) {
    ...SocialConnectionFields
  }
}
    fragment SocialConnectionFields on SocialConnection {
  provider
  clientId
  allowedDomains
  autoRegister
  defaultRole
  enabled
  microsoftTenant
  createdAt
  updatedAt
}`, {"hash":"sha256:06909735e4fb0e43db7efdd19429cac24ed2a65d2651c20e1399323dfc2532a4"}) as unknown as TypedDocumentString<CreateSocialConnectionMutation, CreateSocialConnectionMutationVariables>;
export const UpdateSocialConnectionDocument = new TypedDocumentString(`
    mutation UpdateSocialConnection($provider: SocialProvider!, $input: UpdateSocialConnectionInput!) {
  updateSocialConnection(provider: $provider, input: $input) {
    ...SocialConnectionFields
  }
}
    fragment SocialConnectionFields on SocialConnection {
  provider
  clientId
  allowedDomains
  autoRegister
  defaultRole
  enabled
  microsoftTenant
  createdAt
  updatedAt
}`, {"hash":"sha256:42bd95cca30a49c4965b31137c16090d034005c85bb10e423dfb8eb86abae3e3"}) as unknown as TypedDocumentString<UpdateSocialConnectionMutation, UpdateSocialConnectionMutationVariables>;
export const DeleteSocialConnectionDocument = new TypedDocumentString(`
    mutation DeleteSocialConnection($provider: SocialProvider!) {
  deleteSocialConnection(provider: $provider)
}
    `, {"hash":"sha256:045cab88ad4301130efc3eabed5ffa3c16c50a20d7d4a9db02253d70b332b544"}) as unknown as TypedDocumentString<DeleteSocialConnectionMutation, DeleteSocialConnectionMutationVariables>;
export const StartSocialLinkDocument = new TypedDocumentString(`
    mutation StartSocialLink($provider: SocialProvider!) {
  startSocialLink(provider: $provider) {
    url
    expiresAt
  }
}
    `, {"hash":"sha256:f589e07ee172932eab3a3c5a34ee9d566043e4881b1a3680ff54b8171f7c3284"}) as unknown as TypedDocumentString<StartSocialLinkMutation, StartSocialLinkMutationVariables>;
export const ConfirmSocialLinkDocument = new TypedDocumentString(`
    mutation ConfirmSocialLink($token: String!) {
  confirmSocialLink(token: $token) {
    ...UserIdentityFields
  }
}
    fragment UserIdentityFields on UserIdentity {
  id
  provider
  email
  linkedAt
  lastUsedAt
}`, {"hash":"sha256:7a6f19cc8f07c12e2313b40372ae25b1efaa2448b6848bcd0b12cbcc9fb7f257"}) as unknown as TypedDocumentString<ConfirmSocialLinkMutation, ConfirmSocialLinkMutationVariables>;
export const UnlinkIdentityDocument = new TypedDocumentString(`
    mutation UnlinkIdentity($id: ID!) {
  unlinkIdentity(id: $id)
}
    `, {"hash":"sha256:6dece28d8f67a728ea855b6959486d9d0fb3130aa4092764a94a6e6534ec14ad"}) as unknown as TypedDocumentString<UnlinkIdentityMutation, UnlinkIdentityMutationVariables>;
export const TenantsDocument = new TypedDocumentString(`
    query Tenants($filter: TenantFilter, $first: Int, $after: String) {
  tenants(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        slug
        status
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:ba7b332d2d8390fcca13089144c944b746dc4504808b4e74cca25c273f276ea7"}) as unknown as TypedDocumentString<TenantsQuery, TenantsQueryVariables>;
export const ActivateTenantDocument = new TypedDocumentString(`
    mutation ActivateTenant($id: ID!) {
  activateTenant(id: $id) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:ac7a2be3174c8e296e1f7fd557fb8ccbe2d8169770f19bd04788b4f0d5f23ea1"}) as unknown as TypedDocumentString<ActivateTenantMutation, ActivateTenantMutationVariables>;
export const SuspendTenantDocument = new TypedDocumentString(`
    mutation SuspendTenant($id: ID!, $reason: String!) {
  suspendTenant(id: $id, reason: $reason) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:a3ff3cf801b4f19b9f80ecae47b672faf3ec6efdccfd9d0eea5dd8f3d4f47ad6"}) as unknown as TypedDocumentString<SuspendTenantMutation, SuspendTenantMutationVariables>;
export const CancelTenantDocument = new TypedDocumentString(`
    mutation CancelTenant($id: ID!) {
  cancelTenant(id: $id) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:69b610adecacecdc352dca54755634eb15bd07e440a7b8713a7abbd7f2d9da45"}) as unknown as TypedDocumentString<CancelTenantMutation, CancelTenantMutationVariables>;
export const RestoreTenantDocument = new TypedDocumentString(`
    mutation RestoreTenant($id: ID!) {
  restoreTenant(id: $id) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:0df53ee2d2c1007ba3e80078ff335d33aefa7e7605ca86eb8df88c9b9178b2c2"}) as unknown as TypedDocumentString<RestoreTenantMutation, RestoreTenantMutationVariables>;
export const SetTenantPlanDocument = new TypedDocumentString(`
    mutation SetTenantPlan($id: ID!, $plan: TenantPlan!) {
  setTenantPlan(id: $id, plan: $plan) {
    id
    plan
  }
}
    `, {"hash":"sha256:2b823a1d1bc43b1c1d17636f83c6d266cdf41c7738d26fcae9b430378a781064"}) as unknown as TypedDocumentString<SetTenantPlanMutation, SetTenantPlanMutationVariables>;
export const SetTenantDomainDocument = new TypedDocumentString(`
    mutation SetTenantDomain($id: ID!, $domain: String) {
  setTenantDomain(id: $id, domain: $domain) {
    id
    domain
  }
}
    `, {"hash":"sha256:fcf06144c51266785772d2e8830e6f188a200e410112390780d4169f2a0bf437"}) as unknown as TypedDocumentString<SetTenantDomainMutation, SetTenantDomainMutationVariables>;
export const TenantSettingsDocument = new TypedDocumentString(`
    query TenantSettings($tenantId: ID) {
  tenantSettings(tenantId: $tenantId) {
    ...TenantSettingsFields
  }
}
    fragment TenantSettingsFields on TenantSettings {
  passwordPolicy {
    minLength
    requireUppercase
    requireLowercase
    requireDigit
    requireSymbol
  }
  lockout {
    threshold
  }
  sessions {
    refreshTokenTtlDays
    idleTimeoutMinutes
    maxConcurrent
    refreshReuseLeewaySeconds
  }
  signup {
    mode
    allowedEmailDomains
  }
  mfa {
    mode
    requiredForRoles
    allowedFactors
    enrolmentGraceDays
    totpWindow
    stepUpMaxAgeMinutes
    trustedDeviceDays
  }
  apiKeys {
    maxLifetimeDays
  }
  rateLimits {
    requestsPerMinute
    loginAttemptsPerMinute
  }
}`, {"hash":"sha256:2b6bd7be32f2f2aa2b558dcd9e8259e45702e6fefd5fed9a3039a1e18e45353a"}) as unknown as TypedDocumentString<TenantSettingsQuery, TenantSettingsQueryVariables>;
export const UpdateTenantSettingsDocument = new TypedDocumentString(`
    mutation UpdateTenantSettings($input: TenantSettingsInput!, $tenantId: ID) {
  updateTenantSettings(input: $input, tenantId: $tenantId) {
    ...TenantSettingsFields
  }
}
    fragment TenantSettingsFields on TenantSettings {
  passwordPolicy {
    minLength
    requireUppercase
    requireLowercase
    requireDigit
    requireSymbol
  }
  lockout {
    threshold
  }
  sessions {
    refreshTokenTtlDays
    idleTimeoutMinutes
    maxConcurrent
    refreshReuseLeewaySeconds
  }
  signup {
    mode
    allowedEmailDomains
  }
  mfa {
    mode
    requiredForRoles
    allowedFactors
    enrolmentGraceDays
    totpWindow
    stepUpMaxAgeMinutes
    trustedDeviceDays
  }
  apiKeys {
    maxLifetimeDays
  }
  rateLimits {
    requestsPerMinute
    loginAttemptsPerMinute
  }
}`, {"hash":"sha256:800ee3f5bab6d99290e60ede1da040c318bb7fc12e9e0ae3fc209de98ee6e9d6"}) as unknown as TypedDocumentString<UpdateTenantSettingsMutation, UpdateTenantSettingsMutationVariables>;
export const FeatureFlagsDocument = new TypedDocumentString(`
    query FeatureFlags {
  featureFlags {
    key
    on
  }
}
    `, {"hash":"sha256:308eadfb294700389487f0d5729d5f0be999bd697f395974913c9199101aba82"}) as unknown as TypedDocumentString<FeatureFlagsQuery, FeatureFlagsQueryVariables>;
export const FeatureFlagDefinitionsDocument = new TypedDocumentString(`
    query FeatureFlagDefinitions {
  featureFlagDefinitions {
    ...FeatureFlagDefinitionFields
  }
}
    fragment FeatureFlagDefinitionFields on FeatureFlagDefinition {
  key
  description
  kind
  enabled
  percentage
  allowedUserIds
  startsAt
  endsAt
  createdAt
  updatedAt
}`, {"hash":"sha256:2af7038efe65791f7a5b486949c49dc522065884fadb7be545a253749b440883"}) as unknown as TypedDocumentString<FeatureFlagDefinitionsQuery, FeatureFlagDefinitionsQueryVariables>;
export const CreateFeatureFlagDocument = new TypedDocumentString(`
    mutation CreateFeatureFlag($input: CreateFeatureFlagInput!) {
  createFeatureFlag(input: $input) {
    ...FeatureFlagDefinitionFields
  }
}
    fragment FeatureFlagDefinitionFields on FeatureFlagDefinition {
  key
  description
  kind
  enabled
  percentage
  allowedUserIds
  startsAt
  endsAt
  createdAt
  updatedAt
}`, {"hash":"sha256:e011e6e8e67842aa93b80d0f8aa9c7b1a738a9eafe43a1a162ea44e6faeff139"}) as unknown as TypedDocumentString<CreateFeatureFlagMutation, CreateFeatureFlagMutationVariables>;
export const UpdateFeatureFlagDocument = new TypedDocumentString(`
    mutation UpdateFeatureFlag($key: String!, $input: UpdateFeatureFlagInput!) {
  updateFeatureFlag(key: $key, input: $input) {
    ...FeatureFlagDefinitionFields
  }
}
    fragment FeatureFlagDefinitionFields on FeatureFlagDefinition {
  key
  description
  kind
  enabled
  percentage
  allowedUserIds
  startsAt
  endsAt
  createdAt
  updatedAt
}`, {"hash":"sha256:d562e87077c160ceea626c602047928f8058d0ba58298d0993d30c6f83eed403"}) as unknown as TypedDocumentString<UpdateFeatureFlagMutation, UpdateFeatureFlagMutationVariables>;
export const DeleteFeatureFlagDocument = new TypedDocumentString(`
    mutation DeleteFeatureFlag($key: String!) {
  deleteFeatureFlag(key: $key)
}
    `, {"hash":"sha256:7a9cdaec448ec318afe8bf31bd0ca906a61450e486d555fc84d436284cfc6087"}) as unknown as TypedDocumentString<DeleteFeatureFlagMutation, DeleteFeatureFlagMutationVariables>;
export const TenantHealthDocument = new TypedDocumentString(`
    query TenantHealth($id: ID!) {
  tenantHealth(id: $id) {
    tenant {
      id
      status
    }
    schemaPresent
    migrationsCurrent
    appliedMigrations
    pendingMigrations
    unknownMigrations
    changedMigrations
    tables {
      name
      rows
      estimated
      bytes
    }
    lastActivityAt
  }
}
    `, {"hash":"sha256:8011a15740293e9b3d944bda7edc5d3a4dbe7597ad67e6b37b34ab12c788cde7"}) as unknown as TypedDocumentString<TenantHealthQuery, TenantHealthQueryVariables>;
export const TenantUsageDocument = new TypedDocumentString(`
    query TenantUsage($period: UsagePeriod!, $tenantId: ID) {
  tenantUsage(period: $period, tenantId: $tenantId) {
    tenant {
      id
    }
    period
    from
    to
    users {
      total
      active
      invited
      disabled
      deleted
    }
    maxUsers
    activeSessions
    sessionsStarted
    storageBytes
    apiCalls
  }
}
    `, {"hash":"sha256:f01a2b3bc57f41d1622b5add9cbdefb1b7253570f35756f792631e1f9d28a598"}) as unknown as TypedDocumentString<TenantUsageQuery, TenantUsageQueryVariables>;
export const CreateTenantDocument = new TypedDocumentString(`
    mutation CreateTenant($input: CreateTenantInput!) {
  createTenant(input: $input) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:1192d1da2cf6990b90955d81ee8ef9613c61325fac7de8c9d2fb41ba88a16262"}) as unknown as TypedDocumentString<CreateTenantMutation, CreateTenantMutationVariables>;
export const TenantByIdDocument = new TypedDocumentString(`
    query TenantById($id: ID!) {
  tenant(id: $id) {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:ec9439d710da1bb963654860c8a37b5ac739fbadac25c7b1d20779c71c07f955"}) as unknown as TypedDocumentString<TenantByIdQuery, TenantByIdQueryVariables>;
export const MyTenantDocument = new TypedDocumentString(`
    query MyTenant {
  myTenant {
    ...TenantFields
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:25c2c23672ae563910a0490c27f6e7308daf66394ee6b4957c078c58ad331741"}) as unknown as TypedDocumentString<MyTenantQuery, MyTenantQueryVariables>;
export const SignUpTenantDocument = new TypedDocumentString(`
    mutation SignUpTenant($input: SignUpTenantInput!) {
  signUpTenant(input: $input)
}
    `, {"hash":"sha256:79531f9757b85822ee8f91163dda3c100adac1142ebd1b13a090cebe267118ef"}) as unknown as TypedDocumentString<SignUpTenantMutation, SignUpTenantMutationVariables>;
export const OwnTenantProbeDocument = new TypedDocumentString(`
    query OwnTenantProbe {
  me {
    id
    email
    tenant {
      id
      slug
    }
  }
  myTenant {
    id
    slug
  }
  users(first: 50) {
    edges {
      node {
        id
        email
      }
    }
  }
  tenantSettings {
    passwordPolicy {
      minLength
    }
  }
  mySessions {
    id
  }
}
    `, {"hash":"sha256:5c5892e8234b9320e211f011d6b34b97b323fb054e4b39bd1e432105c3fa99b8"}) as unknown as TypedDocumentString<OwnTenantProbeQuery, OwnTenantProbeQueryVariables>;
export const TenantBackupsDocument = new TypedDocumentString(`
    query TenantBackups($tenantId: ID!) {
  tenantBackups(tenantId: $tenantId) {
    ...TenantBackupFields
  }
}
    fragment TenantBackupFields on TenantBackup {
  fileName
  kind
  createdAt
  sizeBytes
  migrationCount
}`, {"hash":"sha256:e6b243a00bce411bb8081d9608db40acfb813b9a44738b3c692337073111bc67"}) as unknown as TypedDocumentString<TenantBackupsQuery, TenantBackupsQueryVariables>;
export const BackupTenantDocument = new TypedDocumentString(`
    mutation BackupTenant($tenantId: ID!) {
  backupTenant(tenantId: $tenantId) {
    ...TenantBackupFields
  }
}
    fragment TenantBackupFields on TenantBackup {
  fileName
  kind
  createdAt
  sizeBytes
  migrationCount
}`, {"hash":"sha256:fd8f4e14b4d96435b35c31ca14b32a5739e885d19071e1b24dd64457d174ae83"}) as unknown as TypedDocumentString<BackupTenantMutation, BackupTenantMutationVariables>;
export const MyIdDocument = new TypedDocumentString(`
    query MyId {
  me {
    id
  }
}
    `, {"hash":"sha256:6ef72b58798d4a1b55bd406a3211cae0983742d455698c2e052199dce1f353ae"}) as unknown as TypedDocumentString<MyIdQuery, MyIdQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    firstName
    lastName
    roles
    tenant {
      id
      slug
    }
    sessions {
      id
      current
      createdAt
    }
  }
}
    `, {"hash":"sha256:e58e75073d3a16ec9ace78e94f42e0c63d59903a1fc201c5ec8b27d8741ce74c"}) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String) {
  users(first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        email
        roles
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`, {"hash":"sha256:5afc2729ca6949d80e4f0bb79f0c10ad13702afbe514375fa49db5a5af871dbf"}) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UserIdsDocument = new TypedDocumentString(`
    query UserIds($first: Int) {
  users(first: $first) {
    edges {
      node {
        id
      }
    }
  }
}
    `, {"hash":"sha256:0cafe8053a0f8ba4010d113f3e8a172d26fd105220d7c22c5dae3cec84ca0415"}) as unknown as TypedDocumentString<UserIdsQuery, UserIdsQueryVariables>;
export const UserEmailsDocument = new TypedDocumentString(`
    query UserEmails($first: Int) {
  users(first: $first) {
    edges {
      node {
        id
        email
      }
    }
  }
}
    `, {"hash":"sha256:4ca8d139f6a0c43013e22658105f4f89739358fba4e139f1503625f68cfa4b7e"}) as unknown as TypedDocumentString<UserEmailsQuery, UserEmailsQueryVariables>;
export const UsersWithRelationsDocument = new TypedDocumentString(`
    query UsersWithRelations($first: Int!) {
  users(first: $first) {
    edges {
      node {
        id
        email
        firstName
        status
        roles
        lastLoginAt
        emailVerified
        sessions {
          id
          deviceType
        }
        tenant {
          id
          slug
        }
      }
    }
  }
}
    `, {"hash":"sha256:f9961df6c480d73f8bea29e180c9589bea75393f5e22aaf58bcdd9ba9d368bb0"}) as unknown as TypedDocumentString<UsersWithRelationsQuery, UsersWithRelationsQueryVariables>;
export const DeactivateUserDocument = new TypedDocumentString(`
    mutation DeactivateUser($id: ID!) {
  deactivateUser(id: $id) {
    id
    status
  }
}
    `, {"hash":"sha256:cc358afcd291f8796e15609430bc396829812405ccfd7bfbf562f884a3328a6e"}) as unknown as TypedDocumentString<DeactivateUserMutation, DeactivateUserMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}`, {"hash":"sha256:fdb75d00eeb4b043d42de7af1315001aab5e5a3433f940ac8a4fda2ab1e167f3"}) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const UserPersonalDataDocument = new TypedDocumentString(`
    query UserPersonalData($id: ID!) {
  user(id: $id) {
    id
    firstName
    email
    lastLoginAt
    emailVerified
  }
}
    `, {"hash":"sha256:a55d0bbb470a87c3a348a9fbae2e3cb213ef48826d9be3cca8aca8f72b47d2e9"}) as unknown as TypedDocumentString<UserPersonalDataQuery, UserPersonalDataQueryVariables>;
export const UserListDocument = new TypedDocumentString(`
    query UserList($filter: UserFilter, $search: String, $first: Int, $after: String) {
  users(filter: $filter, search: $search, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        firstName
        lastName
        displayName
        status
        roles
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`, {"hash":"sha256:bdfe09d75d2ae82b2b2590b4e727cf8d0bc790765c0e6b5bd8dce309d6702c6d"}) as unknown as TypedDocumentString<UserListQuery, UserListQueryVariables>;
export const DeleteUserDocument = new TypedDocumentString(`
    mutation DeleteUser($id: ID!) {
  deleteUser(id: $id) {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}`, {"hash":"sha256:40da6a6aff79d4a8758bdc2c84d9b3d1f51d132ffa56c56f224d41de22c35fa4"}) as unknown as TypedDocumentString<DeleteUserMutation, DeleteUserMutationVariables>;
export const ReactivateUserDocument = new TypedDocumentString(`
    mutation ReactivateUser($id: ID!) {
  reactivateUser(id: $id) {
    id
    status
  }
}
    `, {"hash":"sha256:34d7f895939354fee228ec0e0b682f62f57d25cf9623689b11b3e55fce2579a3"}) as unknown as TypedDocumentString<ReactivateUserMutation, ReactivateUserMutationVariables>;
export const MyPreferencesDocument = new TypedDocumentString(`
    query MyPreferences {
  myPreferences {
    key
    value
    isDefault
    defaultValue
    description
    updatedAt
  }
}
    `, {"hash":"sha256:cddddd247aa5eef1b118895696a36c6c903e27bc24a43adba3af6ce337024dd8"}) as unknown as TypedDocumentString<MyPreferencesQuery, MyPreferencesQueryVariables>;
export const SetPreferenceDocument = new TypedDocumentString(`
    mutation SetPreference($key: String!, $value: JSON!) {
  setPreference(key: $key, value: $value) {
    key
    value
    isDefault
    updatedAt
  }
}
    `, {"hash":"sha256:f1d0ffdc5319755230d07e471f3c07db212092f394449be7f967dd76f3323ae2"}) as unknown as TypedDocumentString<SetPreferenceMutation, SetPreferenceMutationVariables>;
export const ResetPreferenceDocument = new TypedDocumentString(`
    mutation ResetPreference($key: String!) {
  resetPreference(key: $key) {
    key
    value
    isDefault
  }
}
    `, {"hash":"sha256:5dbddb73624f6552b9b04c70c2a10de8543e93d8a2b0bff9a7ec2d5b6557f5d7"}) as unknown as TypedDocumentString<ResetPreferenceMutation, ResetPreferenceMutationVariables>;
export const UserActivityDocument = new TypedDocumentString(`
    query UserActivity($userId: ID!, $first: Int, $after: String) {
  userActivity(userId: $userId, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        userId
        kind
        at
        count
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`, {"hash":"sha256:8fdfd2cb3d1045ed2f237b19e136e726c93cf1986acc03dfec319b71f2b14f88"}) as unknown as TypedDocumentString<UserActivityQuery, UserActivityQueryVariables>;
export const UserActivityDevicesDocument = new TypedDocumentString(`
    query UserActivityDevices($userId: ID!) {
  userActivity(userId: $userId, first: 5) {
    edges {
      node {
        id
        kind
        ip
        userAgent
      }
    }
  }
}
    `, {"hash":"sha256:ec44743f11e5968042e8a298f43ec5f6dd5c8bced7e01d4fac625689e919da1e"}) as unknown as TypedDocumentString<UserActivityDevicesQuery, UserActivityDevicesQueryVariables>;
export const DailyActiveUsersDocument = new TypedDocumentString(`
    query DailyActiveUsers($days: Int) {
  dailyActiveUsers(days: $days) {
    date
    count
  }
}
    `, {"hash":"sha256:d630017ead65e1e09c69cdde6ccdf48fc873c7ceefd23a815310e51983d43bc4"}) as unknown as TypedDocumentString<DailyActiveUsersQuery, DailyActiveUsersQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    ...UserFields
    tenant {
      id
      slug
      name
    }
  }
  myPermissions {
    roles
    permissions
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  displayName
  locale
  timezone
  avatarUrl
  status
  roles
  emailVerified
  lastLoginAt
  deletedAt
}`, {"hash":"sha256:94024f743d5c2a2017e2af1c21145b07caf7ad2d7dae40beb1cd2c055ecd4364"}) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const ConsoleUsersDocument = new TypedDocumentString(`
    query ConsoleUsers($filter: UserFilter, $search: String, $first: Int, $after: String, $withEmail: Boolean!) {
  users(filter: $filter, search: $search, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        email @include(if: $withEmail)
        firstName
        lastName
        displayName
        status
        roles
        lastLoginAt
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`, {"hash":"sha256:17058dd0bc860d89ce2de9f28c24439856d428d033dd03b878cccacd8f902e22"}) as unknown as TypedDocumentString<ConsoleUsersQuery, ConsoleUsersQueryVariables>;
export const ConsoleUserDocument = new TypedDocumentString(`
    query ConsoleUser($id: ID!, $withPii: Boolean!) {
  user(id: $id) {
    id
    email @include(if: $withPii)
    emailVerified @include(if: $withPii)
    firstName
    lastName
    displayName
    status
    roles
    lastLoginAt
  }
}
    `, {"hash":"sha256:c480fc653ef19edb296d8bb640f0f4746ffdf77d4253bacc5f7520ac0cfb2106"}) as unknown as TypedDocumentString<ConsoleUserQuery, ConsoleUserQueryVariables>;
export const ConsolePermissionsDocument = new TypedDocumentString(`
    query ConsolePermissions {
  permissionCatalogue {
    name
    scope
    description
    unlocks
  }
}
    `, {"hash":"sha256:ece5992af543de2e56995d05fe36970c5b533ccaadf4340540a148c9be3e4cf9"}) as unknown as TypedDocumentString<ConsolePermissionsQuery, ConsolePermissionsQueryVariables>;
export const ConsoleTenantsDocument = new TypedDocumentString(`
    query ConsoleTenants($filter: TenantFilter, $first: Int, $after: String) {
  tenants(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...TenantFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TenantFields on Tenant {
  id
  slug
  name
  status
  plan
  domain
  createdAt
  suspendedAt
  suspensionReason
  cancelledAt
  purgeAfter
  purgedAt
}`, {"hash":"sha256:cc71d07ea29b8f03724edfa5d8de308b3ec1f6d44132d372ef55cb51e74667d3"}) as unknown as TypedDocumentString<ConsoleTenantsQuery, ConsoleTenantsQueryVariables>;
export const PasswordRequirementsDocument = new TypedDocumentString(`
    query PasswordRequirements($tenant: String!) {
  passwordRequirements(tenant: $tenant) {
    minLength
    maxBytes
    requireUppercase
    requireLowercase
    requireDigit
    requireSymbol
  }
}
    `, {"hash":"sha256:8dfc4dfe60c1f801830b8b09c77513bbd6179c77f938e9cac92cac57bdc098bf"}) as unknown as TypedDocumentString<PasswordRequirementsQuery, PasswordRequirementsQueryVariables>;
export const TenantForDomainDocument = new TypedDocumentString(`
    query TenantForDomain($domain: String!) {
  tenantForDomain(domain: $domain) {
    slug
    name
  }
}
    `, {"hash":"sha256:bfa1c6b2ab3f863ba17cc0e99a327f6fdf5cf7c470a6218f2ffccafd6a4f7630"}) as unknown as TypedDocumentString<TenantForDomainQuery, TenantForDomainQueryVariables>;
export const ConsoleSessionsDocument = new TypedDocumentString(`
    query ConsoleSessions($filter: TenantSessionFilter, $first: Int, $after: String, $withPii: Boolean!) {
  tenantSessions(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        current
        createdAt
        lastActiveAt
        expiresAt
        deviceType
        authenticationMethods
        authenticatedAt
        application {
          clientId
          name
        }
        browser @include(if: $withPii)
        os @include(if: $withPii)
        ip @include(if: $withPii)
        user {
          id
          email @include(if: $withPii)
          displayName
          firstName
          lastName
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
  sessionStats {
    activeSessions
    activeByDeviceType {
      deviceType
      count
    }
  }
}
    `, {"hash":"sha256:e10b2f297197607e53a1709663f0dbc75f11cebb61fae890ce19903e0b64c24e"}) as unknown as TypedDocumentString<ConsoleSessionsQuery, ConsoleSessionsQueryVariables>;