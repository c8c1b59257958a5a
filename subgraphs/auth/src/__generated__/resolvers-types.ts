import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AuthContext } from '../context.ts';
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
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type AcceptInvitationInput = {
  password: Scalars['String']['input'];
  /** BODY for non-browser clients; COOKIE for browsers (see RefreshTokenDelivery), as at login. */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
  token: Scalars['String']['input'];
};

export type ApiKey = {
  __typename?: 'ApiKey';
  /** CIDR blocks a request with the key must come from; empty: any address. */
  allowedCidrs: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['ID']['output']>;
  /** What a key looks like without its secret, for recognising it: `tsk_live_…abcd`. */
  display: Scalars['String']['output'];
  environment: ApiKeyEnvironment;
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastFour: Scalars['String']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  lastUsedIp?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  ownerId: Scalars['ID']['output'];
  ownerKind: ApiKeyOwnerKind;
  /** Requests per minute (429 with Retry-After beyond); null: only the owner's and tenant's budgets. */
  rateLimitPerMinute?: Maybe<Scalars['Int']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The key this one replaced, when made by `rotateApiKey`. */
  rotatedFrom?: Maybe<Scalars['ID']['output']>;
  /**
   * Permissions of the catalogue; a request with the key has these and its owner's current
   * permissions both.
   */
  scopes: Array<Scalars['String']['output']>;
  status: ApiKeyStatus;
  /** Requests made with the key per UTC day, the most recent `days` (1 to 90) that saw any. */
  usage: Array<ApiKeyUsageDay>;
};


export type ApiKeyUsageArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
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

export type ApiKeyPolicy = {
  __typename?: 'ApiKeyPolicy';
  environment: ApiKeyEnvironment;
  maxLifetimeDays: Scalars['Int']['output'];
};

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED';

export type ApiKeyUsageDay = {
  __typename?: 'ApiKeyUsageDay';
  /** The UTC day, YYYY-MM-DD. */
  day: Scalars['String']['output'];
  requests: Scalars['Int']['output'];
};

/** One appended audit record. Never holds a password, a token or a one-time code. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  action: Scalars['String']['output'];
  actorId?: Maybe<Scalars['ID']['output']>;
  at: Scalars['DateTime']['output'];
  /** Details of the event (e.g. the reason of a failure) as a JSON object. */
  data: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  ip?: Maybe<Scalars['String']['output']>;
  requestId?: Maybe<Scalars['String']['output']>;
  result: AuditResult;
  targetId?: Maybe<Scalars['String']['output']>;
  targetType?: Maybe<Scalars['String']['output']>;
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: AuditEventPageInfo;
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

/** Every field narrows the list; all given fields must match. */
export type AuditEventFilter = {
  /** An action such as `login.failed`, `token.refreshed`, `token.reuse_detected`, `sessions.revoked_all`. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** The user who acted (for a failed login: the account that was tried, when it exists). */
  actorId?: InputMaybe<Scalars['ID']['input']>;
  /** Events at or after this instant. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  result?: InputMaybe<AuditResult>;
  /** Events before this instant. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type AuditEventPageInfo = {
  __typename?: 'AuditEventPageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** How an audited attempt ended. */
export type AuditResult =
  /** The caller got it wrong (a wrong password, an invalid token). */
  | 'FAILURE'
  /** A rule stopped it (locked account, throttled address, reused refresh token). */
  | 'REFUSED'
  /** It happened. */
  | 'SUCCESS';

export type AuthPayload = {
  __typename?: 'AuthPayload';
  accessToken: Scalars['String']['output'];
  /**
   * How the session was authenticated (RFC 8176 methods: `pwd`, `otp`, `hwk`, `user`, `sms`, `mfa`;
   * `device` when a trusted device stood in for the second factor), as in the access token's `amr`.
   */
  authenticationMethods: Array<Scalars['String']['output']>;
  /** With cookie delivery: the value to send as `x-csrf-token` on the next cookie refresh (also in the `__Host-tradesage_csrf` cookie). */
  csrfToken?: Maybe<Scalars['String']['output']>;
  /** Seconds until the access token expires. */
  expiresIn: Scalars['Int']['output'];
  /**
   * Set when the tenant requires a second factor this user has not enrolled: until a factor is
   * enrolled, the session may only enrol one (and read `me`, sign out); everything else is
   * MFA_ENROLMENT_REQUIRED. The last instant the user may still sign in to do so.
   */
  mfaEnrolmentRequiredBy?: Maybe<Scalars['DateTime']['output']>;
  /** The new refresh token; null when it was delivered in the cookie. */
  refreshToken?: Maybe<Scalars['String']['output']>;
  /** When the session ends at the latest (its absolute lifetime); the idle timeout may end it sooner. */
  sessionExpiresAt: Scalars['DateTime']['output'];
  /**
   * With `completeSignIn(rememberDevice: true)` and BODY delivery: the token to send as
   * `LoginInput.trustedDeviceToken` next time (browsers get the `__Host-tradesage_td` cookie instead).
   */
  trustedDeviceToken?: Maybe<Scalars['String']['output']>;
  user: User;
};

/** An application the caller authorized. */
export type AuthorizedApp = {
  __typename?: 'AuthorizedApp';
  /** The caller's sign-ins to it that have not ended (device sessions). */
  activeSessions: Scalars['Int']['output'];
  clientId: Scalars['String']['output'];
  firstParty: Scalars['Boolean']['output'];
  lastSignInAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** What it may ask for on the caller's behalf: the scopes consented to and those of its open sign-ins. */
  scopes: Array<Scalars['String']['output']>;
};

export type ChangePasswordInput = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};

export type CompleteSignInInput = {
  /** `MfaChallenge.challengeToken`. */
  challengeToken: Scalars['String']['input'];
  /** The code sent by `sendMfaCode` (email or SMS). */
  oneTimeCode?: InputMaybe<Scalars['String']['input']>;
  /**
   * The passkey's answer to `MfaChallenge.passkeyOptions`: the JSON of the browser's credential
   * (`@simplewebauthn/browser`'s `startAuthentication` result).
   */
  passkey?: InputMaybe<Scalars['String']['input']>;
  /** One of the recovery codes (dashes, spaces and case do not matter); it is spent. */
  recoveryCode?: InputMaybe<Scalars['String']['input']>;
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
  /**
   * Skip the second factor on this device for the tenant's `mfa.trustedDeviceDays` (refused with
   * MFA_FACTOR_NOT_ALLOWED when the tenant sets 0).
   */
  rememberDevice?: InputMaybe<Scalars['Boolean']['input']>;
  /** The 6-digit code of an authenticator app. */
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

export type CompleteSocialSignInInput = {
  /** Default BODY; browsers use COOKIE. */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
  ticket: Scalars['String']['input'];
  /** A trusted device's token (non-browser clients; browsers send the cookie). */
  trustedDeviceToken?: InputMaybe<Scalars['String']['input']>;
};

export type CompleteStepUpInput = {
  challengeToken?: InputMaybe<Scalars['String']['input']>;
  oneTimeCode?: InputMaybe<Scalars['String']['input']>;
  passkey?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  recoveryCode?: InputMaybe<Scalars['String']['input']>;
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

export type ConfirmOtpFactorInput = {
  code: Scalars['String']['input'];
  factorId: Scalars['ID']['input'];
};

export type ConfirmTotpEnrolmentInput = {
  code: Scalars['String']['input'];
  factorId: Scalars['ID']['input'];
};

export type CreateApiKeyInput = {
  allowedCidrs?: InputMaybe<Array<Scalars['String']['input']>>;
  expiresAt: Scalars['DateTime']['input'];
  name: Scalars['String']['input'];
  /** A service account of the tenant; left out: the caller (a personal key). */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  rateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
  scopes: Array<Scalars['String']['input']>;
};

export type CreateOAuthClientInput = {
  /** Left out: NONE for PUBLIC, CLIENT_SECRET_BASIC otherwise. */
  authMethod?: InputMaybe<OAuthClientAuthMethod>;
  firstParty?: InputMaybe<Scalars['Boolean']['input']>;
  /** PRIVATE_KEY_JWT only: a JWK Set of the client's public keys (`{ "keys": [...] }`). */
  jwks?: InputMaybe<Scalars['JSON']['input']>;
  kind: OAuthClientKind;
  name: Scalars['String']['input'];
  postLogoutRedirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  scopes: Array<Scalars['String']['input']>;
  /** SERVICE only: the service account the client acts as. */
  serviceAccountId?: InputMaybe<Scalars['ID']['input']>;
};

export type CreateServiceAccountInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  roles: Array<Scalars['String']['input']>;
};

export type CreateSocialConnectionInput = {
  allowedDomains?: InputMaybe<Array<Scalars['String']['input']>>;
  autoRegister?: InputMaybe<Scalars['Boolean']['input']>;
  clientId: Scalars['String']['input'];
  /** Write-only: sealed at rest, never answered. */
  clientSecret: Scalars['String']['input'];
  /** Default `viewer`; a role the caller may grant. */
  defaultRole?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Required for MICROSOFT: `organizations` or a directory's GUID. */
  microsoftTenant?: InputMaybe<Scalars['String']['input']>;
  provider: SocialProvider;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The key, shown this once: store it now. Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
  secret: Scalars['String']['output'];
};

export type CreatedOAuthClient = {
  __typename?: 'CreatedOAuthClient';
  client: OAuthClient;
  /** The client secret, shown this once: store it now. Null for clients without one. */
  secret?: Maybe<Scalars['String']['output']>;
};

/** The tenant a custom domain belongs to, as a sign-in page names it. */
export type DomainTenant = {
  __typename?: 'DomainTenant';
  name: Scalars['String']['output'];
  /** What `login(input: {tenant})` takes (the domain itself works too). */
  slug: Scalars['String']['output'];
};

export type FinishPasskeyRegistrationInput = {
  /** What to call the passkey (default "Passkey"). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The JSON of the browser's credential (`startRegistration`'s result). */
  response: Scalars['String']['input'];
};

export type InviteUserInput = {
  email: Scalars['String']['input'];
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** A role of the tenant, built-in or custom, other than platform_admin; never one with a permission the inviter lacks. */
  role: Scalars['String']['input'];
};

export type LeakedApiKeysReport = {
  __typename?: 'LeakedApiKeysReport';
  /** How many strings were received (never how many were keys). */
  received: Scalars['Int']['output'];
};

/** Exactly one of email and username. */
export type LoginInput = {
  /** Sign in with the email address or (exclusively) the username. */
  email?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
  /** BODY for non-browser clients; COOKIE for browsers (see RefreshTokenDelivery). */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
  /** The tenant's slug, or its custom domain (contains a dot). */
  tenant: Scalars['String']['input'];
  /**
   * A trusted device's token (`AuthPayload.trustedDeviceToken` of an earlier sign-in): the second
   * factor is not asked for while it is valid. Browsers send the `__Host-tradesage_td` cookie instead.
   */
  trustedDeviceToken?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A sign-in that proved its password and waits for a second factor. No token is issued until
 * `completeSignIn` succeeds.
 */
export type MfaChallenge = {
  __typename?: 'MfaChallenge';
  /** Binds the answer to this attempt; valid 10 minutes, for this sign-in only. */
  challengeToken: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** The factors this user may answer with, strongest first. */
  factors: Array<MfaFactorKind>;
  /** When PASSKEY is offered: the WebAuthn request options (JSON) for `navigator.credentials.get`. */
  passkeyOptions?: Maybe<Scalars['String']['output']>;
};

export type MfaEnrolmentResult = {
  __typename?: 'MfaEnrolmentResult';
  factor: MfaFactor;
  /** With the user's first factor: ten recovery codes, shown this once. Null otherwise. */
  recoveryCodes?: Maybe<Array<Scalars['String']['output']>>;
};

/** A second factor of a user. */
export type MfaFactor = {
  __typename?: 'MfaFactor';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: MfaFactorKind;
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** Email and SMS codes are weaker than an authenticator app or a passkey. */
  weaker: Scalars['Boolean']['output'];
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

export type Mutation = {
  __typename?: 'Mutation';
  /** Accepts an invitation: sets the password (policy applies), activates the account and signs in. */
  acceptInvitation: AuthPayload;
  /**
   * Replaces the signed-in user's password. Needs the current one (INVALID_CURRENT_PASSWORD; after 5
   * wrong guesses in 15 minutes RATE_LIMITED); the new one must pass the tenant's password policy
   * (PASSWORD_* codes). Ends the user's other sessions (this one stays) and emails a notice.
   */
  changePassword: Scalars['Boolean']['output'];
  /**
   * Completes a sign-in that answered an MfaChallenge: exactly one of `totpCode`, `recoveryCode` and
   * `passkey`. A wrong answer is MFA_CODE_INVALID (`details.attemptsLeft`), a TOTP code accepted
   * before is MFA_CODE_REUSED; after 5 wrong answers, or once the challenge is 10 minutes old or used,
   * MFA_CHALLENGE_EXPIRED (sign in again). A factor the tenant does not allow is MFA_FACTOR_NOT_ALLOWED;
   * many consecutive wrong answers for one factor are RATE_LIMITED (`details.retryAfterSeconds`).
   */
  completeSignIn: AuthPayload;
  /**
   * Finishes a social sign-in: the ticket the gateway's callback put in the account page's URL
   * (`/login?social=<ticket>`, single-use, 60 seconds). The same rules as `login`: the tenant active,
   * the user active and not locked, the tenant's MFA policy (an MfaChallenge to answer with
   * `completeSignIn` when the user has a factor, enrolment rules), and the session's tokens delivered
   * as asked. The session's `amr` holds `fed` (a federated sign-in), never `pwd`. A ticket unknown,
   * used or expired is INVALID_CREDENTIALS.
   */
  completeSocialSignIn: SignInResult;
  /**
   * Proves again who the caller is, for operations that need a recent strong sign-in: the second
   * factor with the challenge of `startStepUp`, or the password for a user without one (wrong:
   * INVALID_CURRENT_PASSWORD, 5 wrong in 15 minutes RATE_LIMITED). The session's `auth_time` moves
   * to now; the answer holds a new access token that says so.
   */
  completeStepUp: StepUpPayload;
  /** Activates an email or SMS factor with the code sent to it (5 wrong codes void it). */
  confirmOtpFactor: MfaEnrolmentResult;
  /**
   * Links the upstream account a social sign-in found for an existing account with the same address
   * (`/login?socialLink=<token>`): only once the caller proved this account is theirs by signing in to
   * it with its own credentials (password or passkey, and the second factor when enrolled) after the
   * social sign-in (SOCIAL_LINK_PROOF_REQUIRED otherwise). INVALID_TOKEN when the token is unknown,
   * used, expired or another user's. Sessions only.
   */
  confirmSocialLink: UserIdentity;
  /**
   * Activates a pending authenticator app with a code it shows (MFA_CODE_INVALID otherwise). The
   * user's first factor comes with ten recovery codes, shown this once. The session it is done in
   * now counts as signed in with two factors (refresh to get a token that says so).
   */
  confirmTotpEnrolment: MfaEnrolmentResult;
  /**
   * Creates an API key and answers its secret, this once (`tsk_live_…` or `tsk_test_…`, as the
   * deployment's `API_KEY_ENVIRONMENT`). Without `ownerId` it is the caller's personal key; with a
   * service account's id (`apikeys:manage`), that account's. `scopes` are permissions of the
   * catalogue, each one the caller holds (and, for a service account, one its roles grant):
   * API_KEY_SCOPE_NOT_ALLOWED otherwise. `expiresAt` is required, in the future and within the
   * tenant's `apiKeys.maxLifetimeDays` (API_KEY_EXPIRY_INVALID). Needs a recent sign-in
   * (STEP_UP_REQUIRED) and a session (API_KEY_NOT_ALLOWED with a key).
   */
  createApiKey: CreatedApiKey;
  /**
   * Registers an application with the tenant's provider (`oauth:manage`) and answers its client
   * secret this once (null for PUBLIC clients and PRIVATE_KEY_JWT). Rules: PUBLIC authenticates with
   * NONE; CONFIDENTIAL with a secret (CLIENT_SECRET_BASIC, the default, or CLIENT_SECRET_POST) or
   * PRIVATE_KEY_JWT (then `jwks`, its public keys, is required); SERVICE (the client credentials
   * grant, acting as `serviceAccountId`) with a secret or PRIVATE_KEY_JWT, API scopes only and no
   * redirect URIs. CONFIDENTIAL and PUBLIC need 1 to 20 redirect URIs, matched exactly: absolute,
   * no fragment or wildcard, https, or http on a loopback host (localhost, 127.0.0.1, [::1]), or for
   * PUBLIC clients a private-use scheme with a dot (`com.example.app:/callback`, RFC 8252):
   * OAUTH_REDIRECT_URI_INVALID otherwise. Scopes are openid, offline_access, profile, email and the
   * tenant's permissions of the catalogue (OAUTH_SCOPE_NOT_ALLOWED otherwise); CONFIDENTIAL and PUBLIC
   * include openid. Needs a recent sign-in (STEP_UP_REQUIRED) and a session.
   */
  createOAuthClient: CreatedOAuthClient;
  /**
   * Creates a service account holding `roles` (`apikeys:manage`; each role one the caller may grant:
   * ROLE_NOT_ALLOWED otherwise). It has no password and cannot sign in; give it keys with
   * `createApiKey(ownerId:)`, change its roles with `assignRoles`.
   */
  createServiceAccount: ServiceAccount;
  /**
   * Connects a provider for the tenant's users (`tenant:settings:write`); one connection per provider
   * (CONFLICT otherwise). Needs a recent sign-in.
   */
  createSocialConnection: SocialConnection;
  /**
   * Deletes an application (`oauth:manage`): users' consents to it, its codes, tokens and grants go
   * with it, and every sign-in of a user to it (a device session) ends, so its access tokens are
   * refused from the next request on.
   */
  deleteOAuthClient: Scalars['Boolean']['output'];
  /** Deletes a service account and revokes its keys (`apikeys:manage`). */
  deleteServiceAccount: Scalars['Boolean']['output'];
  /**
   * Removes a connection (`tenant:settings:write`): its provider no longer signs anyone in. Linked
   * identities stay, and sign in again once the provider is connected again. False when there was none.
   */
  deleteSocialConnection: Scalars['Boolean']['output'];
  /**
   * Registers the passkey from the browser's answer (JSON) to `startPasskeyRegistration`
   * (MFA_PASSKEY_INVALID when it does not verify). Like any first factor, the first brings recovery codes.
   */
  finishPasskeyRegistration: MfaEnrolmentResult;
  /**
   * Invites someone to the caller's tenant (needs users:write): creates the user with status INVITED
   * and emails a single-use link valid 7 days. Inviting a still-invited address again sends a new link.
   */
  inviteUser: User;
  /**
   * Signs in with a tenant slug (or custom domain), email or username, and password. Starts a session
   * (AuthPayload), or, for a user with a second factor, answers an MfaChallenge to complete with
   * `completeSignIn` (no token until then). Every failure (wrong password, unknown user, locked or
   * disabled account) is INVALID_CREDENTIALS; too many failures from one address are RATE_LIMITED
   * (extensions.details.retryAfterSeconds). A user the tenant requires a second factor of, who has
   * none and whose enrolment grace is over, gets MFA_ENROLMENT_REQUIRED.
   */
  login: SignInResult;
  /** Ends the session of the access token that made this request, and clears the refresh cookies. */
  logout: Scalars['Boolean']['output'];
  /** Ends every session of the caller, on every device; returns how many were ended. Clears the refresh cookies. */
  logoutEverywhere: Scalars['Int']['output'];
  /**
   * Exchanges a refresh token for a new pair. The presented token is spent; presenting it again
   * (including a second refresh racing with the same token) ends the session. The token comes from
   * `input.refreshToken`, else from the `__Host-tradesage_rt` cookie, which then needs the
   * `x-csrf-token` header equal to the `__Host-tradesage_csrf` cookie (FORBIDDEN otherwise).
   * A session idle longer than the tenant's idle timeout, or past its absolute lifetime, is over:
   * INVALID_REFRESH_TOKEN.
   */
  refresh: AuthPayload;
  /**
   * A new set of ten recovery codes, shown this once; the old set stops working. Needs a second
   * factor and a recent sign-in with it (STEP_UP_REQUIRED).
   */
  regenerateRecoveryCodes: RecoveryCodes;
  /**
   * Removes one of the caller's factors. Removing the last one also voids the recovery codes; any
   * change of factors forgets the trusted devices. Needs a recent sign-in with the second factor.
   */
  removeMfaFactor: Scalars['Boolean']['output'];
  /** Renames one of the caller's factors (1 to 64 characters). */
  renameMfaFactor: MfaFactor;
  /**
   * Starts a change of the signed-in user's address: a verification link goes to the new address and
   * a notice to the current one. The address changes when the link is used (verifyEmail).
   */
  requestEmailChange: Scalars['Boolean']['output'];
  /**
   * Emails a password-reset link (single use, 30 minutes) when the account exists. Always answers
   * true, whether or not it does. Throttled per address and per client (RATE_LIMITED).
   */
  requestPasswordReset: Scalars['Boolean']['output'];
  /** Sends the signed-in user a new verification link (to the pending address if a change is waiting). */
  resendVerificationEmail: Scalars['Boolean']['output'];
  /**
   * Sets a new password with the token of a reset link (INVALID_TOKEN when unknown, expired or used).
   * Ends every session of the user and lifts any lockout, including a permanent one.
   */
  resetPassword: Scalars['Boolean']['output'];
  /**
   * Removes every second factor, recovery code and trusted device of a user of the caller's tenant
   * and ends their sessions; they are emailed, and a tenant that requires MFA gives them a new
   * enrolment grace. Needs users:write, a recent strong sign-in, and may not reach a user who
   * outranks the caller.
   */
  resetUserMfa: Scalars['Boolean']['output'];
  /**
   * Revokes a key: refused from the next request on, at every gateway. One's own keys, or any key
   * of the tenant with `apikeys:manage`. Revoking a revoked key answers it unchanged.
   */
  revokeApiKey: ApiKey;
  /**
   * Withdraws the caller's consent to an application and ends the caller's sign-ins to it: its
   * access tokens are refused and its refresh tokens refresh no more. False when there was nothing
   * to withdraw. Sessions only.
   */
  revokeAppAuthorization: Scalars['Boolean']['output'];
  /**
   * For secret scanners and anyone who found a key where it should not be (as GitHub's credential
   * revocation API): up to 1,000 strings; each that is a valid key of this platform is revoked, its
   * owner (or the service account's creator) emailed and the event audited. The answer never says
   * which, or whether any, were keys. Open to anyone; rate-limited per address.
   */
  revokeLeakedApiKeys: LeakedApiKeysReport;
  /** Forgets one of the caller's trusted devices: it is asked for the second factor again. */
  revokeTrustedDevice: Scalars['Boolean']['output'];
  /**
   * Rolls a key: a new secret (answered this once) with the same owner, name, scopes, addresses and
   * limit; the old secret keeps working for `overlap`, then expires (NONE: at once). Needs a recent
   * sign-in and a session.
   */
  rotateApiKey: CreatedApiKey;
  /**
   * A new client secret, answered this once; the old one stops working at once (`oauth:manage`).
   * CONFLICT for a client without a secret (PUBLIC, PRIVATE_KEY_JWT). Needs a recent sign-in.
   */
  rotateOAuthClientSecret: CreatedOAuthClient;
  /**
   * Sends a 6-digit code for a challenge (sign-in or step-up) by EMAIL or SMS, to the user's factor
   * of that kind; valid 10 minutes, and only the latest code works. A resend waits 30 seconds, and
   * codes are limited per user, destination, client address and tenant (RATE_LIMITED with
   * `details.retryAfterSeconds`). Answer with `oneTimeCode`.
   */
  sendMfaCode: SentMfaCode;
  /**
   * Signs in with a passkey's answer to `startPasskeySignIn`: a passkey verifying its user is two
   * factors at once (amr `hwk`, `user`, `mfa`). Every failure is INVALID_CREDENTIALS.
   */
  signInWithPasskey: AuthPayload;
  /**
   * Creates an account in a tenant that allows self-service sign-up (SIGNUP_NOT_ALLOWED otherwise),
   * with role viewer and an unverified address, and emails a verification link. Answers true also
   * when the address is already registered (its owner is emailed instead): it never tells which.
   */
  signUp: Scalars['Boolean']['output'];
  /**
   * Turns on codes by email (to the caller's address) or SMS (to `phone`, E.164, else
   * PHONE_NUMBER_INVALID): a code goes there now, and the factor works once `confirmOtpFactor` gets
   * it back. Weaker than an authenticator app or a passkey, and only where the tenant allows it. A
   * new SMS number replaces the old one when confirmed. Needs a recent sign-in with the second factor.
   */
  startOtpFactor: OtpFactorEnrolment;
  /**
   * Starts registering a passkey: the WebAuthn creation options (JSON) for
   * `navigator.credentials.create` (`@simplewebauthn/browser`'s `startRegistration`), valid 5
   * minutes, for one answer. The relying party is the tenant's custom domain, else this deployment's
   * host. Needs a recent sign-in (STEP_UP_REQUIRED) and passkeys allowed by the tenant.
   */
  startPasskeyRegistration: Scalars['String']['output'];
  /**
   * Starts a passwordless sign-in with a passkey in a tenant (slug or custom domain): the WebAuthn
   * request options (JSON), for any passkey of the tenant's users (discoverable credentials).
   * Answers for an unknown tenant too, so it tells nothing.
   */
  startPasskeySignIn: PasskeySignIn;
  /**
   * A URL on this site to send the browser to, which links the caller's account at `provider` to the
   * caller (single-use, ten minutes). SOCIAL_PROVIDER_NOT_ENABLED when the tenant has not enabled it.
   * Needs a recent sign-in. Sessions only.
   */
  startSocialLink: SocialLinkStart;
  /**
   * Starts a step-up for the signed-in caller: with a second factor, a challenge to answer with it;
   * without one, nothing to start (`challengeToken` null: `completeStepUp` takes the password).
   */
  startStepUp: StepUpChallenge;
  /**
   * Starts enrolling an authenticator app: a new secret, pending until `confirmTotpEnrolment` gets
   * one correct code from it. Needs a recent sign-in (STEP_UP_REQUIRED) and TOTP allowed by the tenant.
   */
  startTotpEnrolment: TotpEnrolment;
  /**
   * Unlinks one of the caller's upstream accounts. SOCIAL_LAST_SIGN_IN_METHOD when it is their only
   * way to sign in (no password and no other linked account). Sessions only.
   */
  unlinkIdentity: Scalars['Boolean']['output'];
  /** Lifts a lockout (temporary or permanent) of a user of the caller's tenant. Needs users:write. */
  unlockUser: Scalars['Boolean']['output'];
  /**
   * Changes an application's name, first-party flag, redirect URIs or scopes (`oauth:manage`), under
   * the rules of `createOAuthClient`; what is left out stays. Needs a recent sign-in: new redirect
   * URIs or scopes change where users' codes go and what the application may ask for.
   */
  updateOAuthClient: OAuthClient;
  /** Changes a connection; what is left out stays (`tenant:settings:write`). Needs a recent sign-in. */
  updateSocialConnection: SocialConnection;
  /**
   * Uses an email verification link: the address becomes verified, or a pending new address replaces
   * the current one (EMAIL_TAKEN if another account took it meanwhile).
   */
  verifyEmail: Scalars['Boolean']['output'];
};


export type MutationAcceptInvitationArgs = {
  input: AcceptInvitationInput;
};


export type MutationChangePasswordArgs = {
  input: ChangePasswordInput;
};


export type MutationCompleteSignInArgs = {
  input: CompleteSignInInput;
};


export type MutationCompleteSocialSignInArgs = {
  input: CompleteSocialSignInInput;
};


export type MutationCompleteStepUpArgs = {
  input: CompleteStepUpInput;
};


export type MutationConfirmOtpFactorArgs = {
  input: ConfirmOtpFactorInput;
};


export type MutationConfirmSocialLinkArgs = {
  token: Scalars['String']['input'];
};


export type MutationConfirmTotpEnrolmentArgs = {
  input: ConfirmTotpEnrolmentInput;
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateOAuthClientArgs = {
  input: CreateOAuthClientInput;
};


export type MutationCreateServiceAccountArgs = {
  input: CreateServiceAccountInput;
};


export type MutationCreateSocialConnectionArgs = {
  input: CreateSocialConnectionInput;
};


export type MutationDeleteOAuthClientArgs = {
  id: Scalars['String']['input'];
};


export type MutationDeleteServiceAccountArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteSocialConnectionArgs = {
  provider: SocialProvider;
};


export type MutationFinishPasskeyRegistrationArgs = {
  input: FinishPasskeyRegistrationInput;
};


export type MutationInviteUserArgs = {
  input: InviteUserInput;
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationRefreshArgs = {
  input: RefreshInput;
};


export type MutationRemoveMfaFactorArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRenameMfaFactorArgs = {
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationRequestEmailChangeArgs = {
  input: RequestEmailChangeInput;
};


export type MutationRequestPasswordResetArgs = {
  input: RequestPasswordResetInput;
};


export type MutationResetPasswordArgs = {
  input: ResetPasswordInput;
};


export type MutationResetUserMfaArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeAppAuthorizationArgs = {
  clientId: Scalars['String']['input'];
};


export type MutationRevokeLeakedApiKeysArgs = {
  keys: Array<Scalars['String']['input']>;
};


export type MutationRevokeTrustedDeviceArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateApiKeyArgs = {
  input: RotateApiKeyInput;
};


export type MutationRotateOAuthClientSecretArgs = {
  id: Scalars['String']['input'];
};


export type MutationSendMfaCodeArgs = {
  input: SendMfaCodeInput;
};


export type MutationSignInWithPasskeyArgs = {
  input: SignInWithPasskeyInput;
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};


export type MutationStartOtpFactorArgs = {
  input: StartOtpFactorInput;
};


export type MutationStartPasskeySignInArgs = {
  tenant: Scalars['String']['input'];
};


export type MutationStartSocialLinkArgs = {
  provider: SocialProvider;
};


export type MutationStartTotpEnrolmentArgs = {
  input?: InputMaybe<StartTotpEnrolmentInput>;
};


export type MutationUnlinkIdentityArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUnlockUserArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationUpdateOAuthClientArgs = {
  id: Scalars['String']['input'];
  input: UpdateOAuthClientInput;
};


export type MutationUpdateSocialConnectionArgs = {
  input: UpdateSocialConnectionInput;
  provider: SocialProvider;
};


export type MutationVerifyEmailArgs = {
  input: VerifyEmailInput;
};

export type OAuthClient = {
  __typename?: 'OAuthClient';
  authMethod: OAuthClientAuthMethod;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['ID']['output']>;
  /** First-party applications are not shown a consent screen. */
  firstParty: Scalars['Boolean']['output'];
  /** The client id (`tsc_…`), as applications send it. */
  id: Scalars['ID']['output'];
  kind: OAuthClientKind;
  name: Scalars['String']['output'];
  postLogoutRedirectUris: Array<Scalars['String']['output']>;
  redirectUris: Array<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  /** The last four characters of the secret, for recognising it; null without a secret. */
  secretLastFour?: Maybe<Scalars['String']['output']>;
  /** The service account a SERVICE client acts as. */
  serviceAccount?: Maybe<OAuthClientServiceAccount>;
  updatedAt: Scalars['DateTime']['output'];
};

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

export type OAuthClientServiceAccount = {
  __typename?: 'OAuthClientServiceAccount';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type OAuthProviderInfo = {
  __typename?: 'OAuthProviderInfo';
  /** OpenID Connect discovery (`<issuer>/.well-known/openid-configuration`). */
  discoveryUrl: Scalars['String']['output'];
  /** The tenant's issuer: `<APP_URL>/t/<slug>`. */
  issuer: Scalars['String']['output'];
  /** Scopes an application may be registered with. */
  scopes: Array<Scalars['String']['output']>;
};

export type OtpFactorEnrolment = {
  __typename?: 'OtpFactorEnrolment';
  expiresAt: Scalars['DateTime']['output'];
  factorId: Scalars['ID']['output'];
  resendAfterSeconds: Scalars['Int']['output'];
  sentTo: Scalars['String']['output'];
};

/** A passwordless sign-in waiting for a passkey. */
export type PasskeySignIn = {
  __typename?: 'PasskeySignIn';
  challengeToken: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** The WebAuthn request options (JSON) for `navigator.credentials.get`. */
  passkeyOptions: Scalars['String']['output'];
};

/** A tenant's password policy, as a page shows it. */
export type PasswordRequirements = {
  __typename?: 'PasswordRequirements';
  /** Longest accepted, in UTF-8 bytes (bcrypt's limit). */
  maxBytes: Scalars['Int']['output'];
  minLength: Scalars['Int']['output'];
  requireDigit: Scalars['Boolean']['output'];
  requireLowercase: Scalars['Boolean']['output'];
  requireSymbol: Scalars['Boolean']['output'];
  requireUppercase: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * What a new key of the caller's tenant may be: its longest lifetime (the tenant's
   * `apiKeys.maxLifetimeDays`) and the environment its prefix names. Any signed-in user.
   */
  apiKeyPolicy: ApiKeyPolicy;
  /**
   * API keys: the caller's own personal keys, and with `apikeys:manage` every key of the tenant
   * (`ownerId` narrows to one owner: a user or a service account). Metadata only: a key's secret is
   * shown once, by `createApiKey` or `rotateApiKey`, and never again. Sessions only
   * (API_KEY_NOT_ALLOWED with a key).
   */
  apiKeys: Array<ApiKey>;
  /**
   * The caller's tenant's audit log, newest first (cursor pagination on time, then id). Every
   * authentication event is there: logins and failures, lockouts, refreshes, refresh-token reuse,
   * logouts, password and email changes, invitations, key rotations (platform tenant). Needs `audit:read`.
   */
  auditEvents: AuditEventConnection;
  /**
   * The applications the caller signed in to or gave consent to, with what they may do and the
   * caller's sign-ins to them. Sessions only.
   */
  myAuthorizedApps: Array<AuthorizedApp>;
  /** The upstream accounts linked to the caller. Sessions only. */
  myIdentities: Array<UserIdentity>;
  /** One application by its client id (`tsc_…`), or null when the tenant has none such (`oauth:manage`). */
  oauthClient?: Maybe<OAuthClient>;
  /**
   * The tenant's OAuth / OpenID Connect applications (`oauth:manage`), oldest first. Metadata
   * only: a client secret is shown once, by `createOAuthClient` or `rotateOAuthClientSecret`.
   * Sessions only (API_KEY_NOT_ALLOWED with a key, OAUTH_TOKEN_NOT_ALLOWED with an application's token).
   */
  oauthClients: Array<OAuthClient>;
  /** Where the tenant's OpenID Connect provider is, for registering applications (`oauth:manage`). */
  oauthProvider: OAuthProviderInfo;
  /**
   * What a new password must meet in a tenant (its slug or custom domain), for sign-up, reset and
   * invitation pages to check as a person types. Public. A tenant that does not exist or is not
   * active answers the defaults, so the answer never tells whether a tenant exists. The API still
   * checks every password it is given, and also refuses common passwords and passwords containing
   * the email address or username, which a page cannot check.
   */
  passwordRequirements: PasswordRequirements;
  /**
   * The tenant's service accounts (`apikeys:manage`): non-person principals holding roles, owning
   * API keys, never signing in.
   */
  serviceAccounts: Array<ServiceAccount>;
  /** The tenant's social sign-in connections (`tenant:settings:write`). Client secrets are never shown. */
  socialConnections: Array<SocialConnection>;
  /**
   * The providers a tenant's sign-in page offers (enabled connections only), by tenant slug. An
   * unknown or inactive tenant has none. The page starts one at
   * `/t/<slug>/social/<provider>/start?return=<path>`.
   */
  socialProviders: Array<SocialProvider>;
  /**
   * The tenant whose custom domain is `domain`, so a sign-in page served at that domain signs in to
   * it without asking for the organisation. Public: a custom domain is a public DNS name. Null when
   * no active tenant has that domain (slugs are not looked up here).
   */
  tenantForDomain?: Maybe<DomainTenant>;
};


export type QueryApiKeysArgs = {
  ownerId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOauthClientArgs = {
  id: Scalars['String']['input'];
};


export type QueryPasswordRequirementsArgs = {
  tenant: Scalars['String']['input'];
};


export type QuerySocialProvidersArgs = {
  tenant: Scalars['String']['input'];
};


export type QueryTenantForDomainArgs = {
  domain: Scalars['String']['input'];
};

export type RecoveryCodes = {
  __typename?: 'RecoveryCodes';
  codes: Array<Scalars['String']['output']>;
};

export type RefreshInput = {
  /** The refresh token; omit it to use the `__Host-tradesage_rt` cookie (then `x-csrf-token` is required). */
  refreshToken?: InputMaybe<Scalars['String']['input']>;
  /** Default: BODY when the token came in the input, COOKIE when it came from the cookie (a cookie token never moves to the body). */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
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
  currentPassword: Scalars['String']['input'];
  newEmail: Scalars['String']['input'];
};

export type RequestPasswordResetInput = {
  email: Scalars['String']['input'];
  /** The tenant's slug, or its custom domain. */
  tenant: Scalars['String']['input'];
};

export type ResetPasswordInput = {
  newPassword: Scalars['String']['input'];
  /** The token of the reset link; it names the tenant itself. */
  token: Scalars['String']['input'];
};

export type RotateApiKeyInput = {
  id: Scalars['ID']['input'];
  overlap: ApiKeyOverlap;
};

export type SendMfaCodeInput = {
  challengeToken: Scalars['String']['input'];
  /** EMAIL or SMS. */
  factor: MfaFactorKind;
};

/** A code on its way. */
export type SentMfaCode = {
  __typename?: 'SentMfaCode';
  expiresAt: Scalars['DateTime']['output'];
  /** Seconds before another code may be asked for. */
  resendAfterSeconds: Scalars['Int']['output'];
  /** Where it went, masked (`j***@example.com`, `+4474******56`). */
  sentTo: Scalars['String']['output'];
};

export type ServiceAccount = {
  __typename?: 'ServiceAccount';
  apiKeys: Array<ApiKey>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['ID']['output']>;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  roles: Array<Scalars['String']['output']>;
};

/** What a sign-in answers: the session, or the second factor it waits for. */
export type SignInResult = AuthPayload | MfaChallenge;

export type SignInWithPasskeyInput = {
  challengeToken: Scalars['String']['input'];
  /** The JSON of the browser's credential (`startAuthentication`'s result). */
  passkey: Scalars['String']['input'];
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
};

export type SignUpInput = {
  email: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** The tenant's slug, or its custom domain. */
  tenant: Scalars['String']['input'];
};

export type SocialConnection = {
  __typename?: 'SocialConnection';
  /** Email domains whose verified addresses may sign in or register; empty: any. */
  allowedDomains: Array<Scalars['String']['output']>;
  /** An unknown account with a verified address and no TradeSage account registers one. */
  autoRegister: Scalars['Boolean']['output'];
  /** The tenant's application at the provider. */
  clientId: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The role a registered user gets. */
  defaultRole: Scalars['String']['output'];
  enabled: Scalars['Boolean']['output'];
  /** MICROSOFT only: `organizations` or one directory's GUID. */
  microsoftTenant?: Maybe<Scalars['String']['output']>;
  provider: SocialProvider;
  updatedAt: Scalars['DateTime']['output'];
};

export type SocialLinkStart = {
  __typename?: 'SocialLinkStart';
  expiresAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};

export type SocialProvider =
  | 'GITHUB'
  | 'GOOGLE'
  | 'LINKEDIN'
  | 'MICROSOFT';

export type StartOtpFactorInput = {
  /** EMAIL or SMS. */
  kind: MfaFactorKind;
  /** For SMS: the mobile number in international form (+447400123456). */
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type StartTotpEnrolmentInput = {
  /** What to call the app in the list of factors (default "Authenticator app"). */
  name?: InputMaybe<Scalars['String']['input']>;
};

export type StepUpChallenge = {
  __typename?: 'StepUpChallenge';
  /** Null when the caller has no second factor: complete with the password. */
  challengeToken?: Maybe<Scalars['String']['output']>;
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  factors: Array<MfaFactorKind>;
  passkeyOptions?: Maybe<Scalars['String']['output']>;
};

export type StepUpPayload = {
  __typename?: 'StepUpPayload';
  accessToken: Scalars['String']['output'];
  /** The session's new authentication time. */
  authTime: Scalars['DateTime']['output'];
  expiresIn: Scalars['Int']['output'];
};

/** A pending authenticator app: show the QR code (or the secret to type in), then confirm a code. */
export type TotpEnrolment = {
  __typename?: 'TotpEnrolment';
  factorId: Scalars['ID']['output'];
  /** The `otpauth://totp/...` URI the QR code holds. */
  otpauthUri: Scalars['String']['output'];
  /** The QR code as a PNG data URL, for an `<img src>`. */
  qrCodePng: Scalars['String']['output'];
  /** The QR code as SVG markup. */
  qrCodeSvg: Scalars['String']['output'];
  /** The secret in base32, for apps that cannot scan. */
  secret: Scalars['String']['output'];
};

/** A device whose sign-ins skip the second factor until `expiresAt`. */
export type TrustedDevice = {
  __typename?: 'TrustedDevice';
  browser?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  deviceType: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  ip?: Maybe<Scalars['String']['output']>;
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  os?: Maybe<Scalars['String']['output']>;
};

export type UpdateOAuthClientInput = {
  firstParty?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  postLogoutRedirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateSocialConnectionInput = {
  allowedDomains?: InputMaybe<Array<Scalars['String']['input']>>;
  autoRegister?: InputMaybe<Scalars['Boolean']['input']>;
  clientId?: InputMaybe<Scalars['String']['input']>;
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  defaultRole?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  microsoftTenant?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Security facts about a user, owned by the auth subgraph. Personal fields (email, lastLoginAt,
 * emailVerified) are for the user themself and holders of users:pii:read only: anyone else gets
 * FORBIDDEN on those fields.
 */
export type User = {
  __typename?: 'User';
  email?: Maybe<Scalars['String']['output']>;
  /**
   * Whether the user proved they receive mail at `email` (verification link, invitation or password
   * reset). Personal: the user themself and holders of users:pii:read only.
   */
  emailVerified?: Maybe<Scalars['Boolean']['output']>;
  id: Scalars['ID']['output'];
  lastLoginAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * The user's second factors, recovery codes left, trusted devices and what the tenant asks of
   * them. The user themself, and holders of users:pii:read of their tenant.
   */
  mfa?: Maybe<UserMfa>;
};

export type UserIdentity = {
  __typename?: 'UserIdentity';
  /** The address the provider vouched for, when it did. */
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  linkedAt: Scalars['DateTime']['output'];
  provider: SocialProvider;
};

export type UserMfa = {
  __typename?: 'UserMfa';
  /** The factors the tenant lets its users enrol and use (none when its MFA is off). */
  allowedFactors: Array<MfaFactorKind>;
  /** For a user who must enrol one and has none yet: the end of their grace period, once it started. */
  enrolBy?: Maybe<Scalars['DateTime']['output']>;
  /** Active factors, oldest first. */
  factors: Array<MfaFactor>;
  recoveryCodesRemaining: Scalars['Int']['output'];
  /** Whether the tenant's policy requires this user to have a second factor. */
  required: Scalars['Boolean']['output'];
  trustedDevices: Array<TrustedDevice>;
};

export type VerifyEmailInput = {
  token: Scalars['String']['input'];
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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  SignInResult:
    | ( Omit<AuthPayload, 'user'> & { user: _RefType['User'] } )
    | ( MfaChallenge )
  ;
}>;


/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AcceptInvitationInput: AcceptInvitationInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ApiKey: ResolverTypeWrapper<import('@tradesage/core').ApiKeyRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ApiKeyEnvironment: ApiKeyEnvironment;
  ApiKeyOverlap: ApiKeyOverlap;
  ApiKeyOwnerKind: ApiKeyOwnerKind;
  ApiKeyPolicy: ResolverTypeWrapper<ApiKeyPolicy>;
  ApiKeyStatus: ApiKeyStatus;
  ApiKeyUsageDay: ResolverTypeWrapper<ApiKeyUsageDay>;
  AuditEvent: ResolverTypeWrapper<AuditEvent>;
  AuditEventConnection: ResolverTypeWrapper<AuditEventConnection>;
  AuditEventEdge: ResolverTypeWrapper<AuditEventEdge>;
  AuditEventFilter: AuditEventFilter;
  AuditEventPageInfo: ResolverTypeWrapper<AuditEventPageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AuditResult: AuditResult;
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  AuthorizedApp: ResolverTypeWrapper<import('../services/oauth/authorized-apps.service.ts').AuthorizedApp>;
  ChangePasswordInput: ChangePasswordInput;
  CompleteSignInInput: CompleteSignInInput;
  CompleteSocialSignInInput: CompleteSocialSignInInput;
  CompleteStepUpInput: CompleteStepUpInput;
  ConfirmOtpFactorInput: ConfirmOtpFactorInput;
  ConfirmTotpEnrolmentInput: ConfirmTotpEnrolmentInput;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateOAuthClientInput: CreateOAuthClientInput;
  CreateServiceAccountInput: CreateServiceAccountInput;
  CreateSocialConnectionInput: CreateSocialConnectionInput;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  CreatedOAuthClient: ResolverTypeWrapper<import('../services/oauth/oauth-client.service.ts').CreatedOAuthClient>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DomainTenant: ResolverTypeWrapper<DomainTenant>;
  FinishPasskeyRegistrationInput: FinishPasskeyRegistrationInput;
  InviteUserInput: InviteUserInput;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LeakedApiKeysReport: ResolverTypeWrapper<LeakedApiKeysReport>;
  LoginInput: LoginInput;
  MfaChallenge: ResolverTypeWrapper<MfaChallenge>;
  MfaEnrolmentResult: ResolverTypeWrapper<MfaEnrolmentResult>;
  MfaFactor: ResolverTypeWrapper<MfaFactor>;
  MfaFactorKind: MfaFactorKind;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OAuthClient: ResolverTypeWrapper<import('@tradesage/core').OAuthClientRow>;
  OAuthClientAuthMethod: OAuthClientAuthMethod;
  OAuthClientKind: OAuthClientKind;
  OAuthClientServiceAccount: ResolverTypeWrapper<OAuthClientServiceAccount>;
  OAuthProviderInfo: ResolverTypeWrapper<OAuthProviderInfo>;
  OtpFactorEnrolment: ResolverTypeWrapper<OtpFactorEnrolment>;
  PasskeySignIn: ResolverTypeWrapper<PasskeySignIn>;
  PasswordRequirements: ResolverTypeWrapper<PasswordRequirements>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecoveryCodes: ResolverTypeWrapper<RecoveryCodes>;
  RefreshInput: RefreshInput;
  RefreshTokenDelivery: RefreshTokenDelivery;
  RequestEmailChangeInput: RequestEmailChangeInput;
  RequestPasswordResetInput: RequestPasswordResetInput;
  ResetPasswordInput: ResetPasswordInput;
  RotateApiKeyInput: RotateApiKeyInput;
  SendMfaCodeInput: SendMfaCodeInput;
  SentMfaCode: ResolverTypeWrapper<SentMfaCode>;
  ServiceAccount: ResolverTypeWrapper<import('../repositories/service-account.repository.ts').ServiceAccountRow>;
  SignInResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SignInResult']>;
  SignInWithPasskeyInput: SignInWithPasskeyInput;
  SignUpInput: SignUpInput;
  SocialConnection: ResolverTypeWrapper<import('@tradesage/core').SocialConnectionRow>;
  SocialLinkStart: ResolverTypeWrapper<SocialLinkStart>;
  SocialProvider: SocialProvider;
  StartOtpFactorInput: StartOtpFactorInput;
  StartTotpEnrolmentInput: StartTotpEnrolmentInput;
  StepUpChallenge: ResolverTypeWrapper<StepUpChallenge>;
  StepUpPayload: ResolverTypeWrapper<StepUpPayload>;
  TotpEnrolment: ResolverTypeWrapper<TotpEnrolment>;
  TrustedDevice: ResolverTypeWrapper<TrustedDevice>;
  UpdateOAuthClientInput: UpdateOAuthClientInput;
  UpdateSocialConnectionInput: UpdateSocialConnectionInput;
  User: ResolverTypeWrapper<Pick<import('@tradesage/prisma').User, 'id' | 'email' | 'lastLoginAt'> & { readonly tenantId: string }>;
  UserIdentity: ResolverTypeWrapper<import('@tradesage/core').UserIdentityRow>;
  UserMfa: ResolverTypeWrapper<UserMfa>;
  VerifyEmailInput: VerifyEmailInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AcceptInvitationInput: AcceptInvitationInput;
  String: Scalars['String']['output'];
  ApiKey: import('@tradesage/core').ApiKeyRow;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  ApiKeyPolicy: ApiKeyPolicy;
  ApiKeyUsageDay: ApiKeyUsageDay;
  AuditEvent: AuditEvent;
  AuditEventConnection: AuditEventConnection;
  AuditEventEdge: AuditEventEdge;
  AuditEventFilter: AuditEventFilter;
  AuditEventPageInfo: AuditEventPageInfo;
  Boolean: Scalars['Boolean']['output'];
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  AuthorizedApp: import('../services/oauth/authorized-apps.service.ts').AuthorizedApp;
  ChangePasswordInput: ChangePasswordInput;
  CompleteSignInInput: CompleteSignInInput;
  CompleteSocialSignInInput: CompleteSocialSignInInput;
  CompleteStepUpInput: CompleteStepUpInput;
  ConfirmOtpFactorInput: ConfirmOtpFactorInput;
  ConfirmTotpEnrolmentInput: ConfirmTotpEnrolmentInput;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateOAuthClientInput: CreateOAuthClientInput;
  CreateServiceAccountInput: CreateServiceAccountInput;
  CreateSocialConnectionInput: CreateSocialConnectionInput;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  CreatedOAuthClient: import('../services/oauth/oauth-client.service.ts').CreatedOAuthClient;
  DateTime: Scalars['DateTime']['output'];
  DomainTenant: DomainTenant;
  FinishPasskeyRegistrationInput: FinishPasskeyRegistrationInput;
  InviteUserInput: InviteUserInput;
  JSON: Scalars['JSON']['output'];
  LeakedApiKeysReport: LeakedApiKeysReport;
  LoginInput: LoginInput;
  MfaChallenge: MfaChallenge;
  MfaEnrolmentResult: MfaEnrolmentResult;
  MfaFactor: MfaFactor;
  Mutation: Record<PropertyKey, never>;
  OAuthClient: import('@tradesage/core').OAuthClientRow;
  OAuthClientServiceAccount: OAuthClientServiceAccount;
  OAuthProviderInfo: OAuthProviderInfo;
  OtpFactorEnrolment: OtpFactorEnrolment;
  PasskeySignIn: PasskeySignIn;
  PasswordRequirements: PasswordRequirements;
  Query: Record<PropertyKey, never>;
  RecoveryCodes: RecoveryCodes;
  RefreshInput: RefreshInput;
  RequestEmailChangeInput: RequestEmailChangeInput;
  RequestPasswordResetInput: RequestPasswordResetInput;
  ResetPasswordInput: ResetPasswordInput;
  RotateApiKeyInput: RotateApiKeyInput;
  SendMfaCodeInput: SendMfaCodeInput;
  SentMfaCode: SentMfaCode;
  ServiceAccount: import('../repositories/service-account.repository.ts').ServiceAccountRow;
  SignInResult: ResolversUnionTypes<ResolversParentTypes>['SignInResult'];
  SignInWithPasskeyInput: SignInWithPasskeyInput;
  SignUpInput: SignUpInput;
  SocialConnection: import('@tradesage/core').SocialConnectionRow;
  SocialLinkStart: SocialLinkStart;
  StartOtpFactorInput: StartOtpFactorInput;
  StartTotpEnrolmentInput: StartTotpEnrolmentInput;
  StepUpChallenge: StepUpChallenge;
  StepUpPayload: StepUpPayload;
  TotpEnrolment: TotpEnrolment;
  TrustedDevice: TrustedDevice;
  UpdateOAuthClientInput: UpdateOAuthClientInput;
  UpdateSocialConnectionInput: UpdateSocialConnectionInput;
  User: Pick<import('@tradesage/prisma').User, 'id' | 'email' | 'lastLoginAt'> & { readonly tenantId: string };
  UserIdentity: import('@tradesage/core').UserIdentityRow;
  UserMfa: UserMfa;
  VerifyEmailInput: VerifyEmailInput;
}>;

export type ApiKeyResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  allowedCidrs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  display?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['ApiKeyEnvironment'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastFour?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastUsedIp?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ownerKind?: Resolver<ResolversTypes['ApiKeyOwnerKind'], ParentType, ContextType>;
  rateLimitPerMinute?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rotatedFrom?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ApiKeyStatus'], ParentType, ContextType>;
  usage?: Resolver<Array<ResolversTypes['ApiKeyUsageDay']>, ParentType, ContextType, RequireFields<ApiKeyUsageArgs, 'days'>>;
}>;

export type ApiKeyPolicyResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['ApiKeyPolicy'] = ResolversParentTypes['ApiKeyPolicy']> = ResolversObject<{
  environment?: Resolver<ResolversTypes['ApiKeyEnvironment'], ParentType, ContextType>;
  maxLifetimeDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ApiKeyUsageDayResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['ApiKeyUsageDay'] = ResolversParentTypes['ApiKeyUsageDay']> = ResolversObject<{
  day?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requests?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AuditEventResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  result?: Resolver<ResolversTypes['AuditResult'], ParentType, ContextType>;
  targetId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AuditEventConnectionResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['AuditEventPageInfo'], ParentType, ContextType>;
}>;

export type AuditEventEdgeResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
}>;

export type AuditEventPageInfoResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuditEventPageInfo'] = ResolversParentTypes['AuditEventPageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type AuthPayloadResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  authenticationMethods?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  csrfToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mfaEnrolmentRequiredBy?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  refreshToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sessionExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  trustedDeviceToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AuthorizedAppResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['AuthorizedApp'] = ResolversParentTypes['AuthorizedApp']> = ResolversObject<{
  activeSessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  firstParty?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastSignInAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CreatedApiKeyResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CreatedOAuthClientResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['CreatedOAuthClient'] = ResolversParentTypes['CreatedOAuthClient']> = ResolversObject<{
  client?: Resolver<ResolversTypes['OAuthClient'], ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DomainTenantResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['DomainTenant'] = ResolversParentTypes['DomainTenant']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LeakedApiKeysReportResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['LeakedApiKeysReport'] = ResolversParentTypes['LeakedApiKeysReport']> = ResolversObject<{
  received?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MfaChallengeResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['MfaChallenge'] = ResolversParentTypes['MfaChallenge']> = ResolversObject<{
  challengeToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  factors?: Resolver<Array<ResolversTypes['MfaFactorKind']>, ParentType, ContextType>;
  passkeyOptions?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MfaEnrolmentResultResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['MfaEnrolmentResult'] = ResolversParentTypes['MfaEnrolmentResult']> = ResolversObject<{
  factor?: Resolver<ResolversTypes['MfaFactor'], ParentType, ContextType>;
  recoveryCodes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
}>;

export type MfaFactorResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['MfaFactor'] = ResolversParentTypes['MfaFactor']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MfaFactorKind'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weaker?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptInvitation?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationAcceptInvitationArgs, 'input'>>;
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'input'>>;
  completeSignIn?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationCompleteSignInArgs, 'input'>>;
  completeSocialSignIn?: Resolver<ResolversTypes['SignInResult'], ParentType, ContextType, RequireFields<MutationCompleteSocialSignInArgs, 'input'>>;
  completeStepUp?: Resolver<ResolversTypes['StepUpPayload'], ParentType, ContextType, RequireFields<MutationCompleteStepUpArgs, 'input'>>;
  confirmOtpFactor?: Resolver<ResolversTypes['MfaEnrolmentResult'], ParentType, ContextType, RequireFields<MutationConfirmOtpFactorArgs, 'input'>>;
  confirmSocialLink?: Resolver<ResolversTypes['UserIdentity'], ParentType, ContextType, RequireFields<MutationConfirmSocialLinkArgs, 'token'>>;
  confirmTotpEnrolment?: Resolver<ResolversTypes['MfaEnrolmentResult'], ParentType, ContextType, RequireFields<MutationConfirmTotpEnrolmentArgs, 'input'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createOAuthClient?: Resolver<ResolversTypes['CreatedOAuthClient'], ParentType, ContextType, RequireFields<MutationCreateOAuthClientArgs, 'input'>>;
  createServiceAccount?: Resolver<ResolversTypes['ServiceAccount'], ParentType, ContextType, RequireFields<MutationCreateServiceAccountArgs, 'input'>>;
  createSocialConnection?: Resolver<ResolversTypes['SocialConnection'], ParentType, ContextType, RequireFields<MutationCreateSocialConnectionArgs, 'input'>>;
  deleteOAuthClient?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteOAuthClientArgs, 'id'>>;
  deleteServiceAccount?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteServiceAccountArgs, 'id'>>;
  deleteSocialConnection?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteSocialConnectionArgs, 'provider'>>;
  finishPasskeyRegistration?: Resolver<ResolversTypes['MfaEnrolmentResult'], ParentType, ContextType, RequireFields<MutationFinishPasskeyRegistrationArgs, 'input'>>;
  inviteUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationInviteUserArgs, 'input'>>;
  login?: Resolver<ResolversTypes['SignInResult'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  logoutEverywhere?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refresh?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshArgs, 'input'>>;
  regenerateRecoveryCodes?: Resolver<ResolversTypes['RecoveryCodes'], ParentType, ContextType>;
  removeMfaFactor?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveMfaFactorArgs, 'id'>>;
  renameMfaFactor?: Resolver<ResolversTypes['MfaFactor'], ParentType, ContextType, RequireFields<MutationRenameMfaFactorArgs, 'id' | 'name'>>;
  requestEmailChange?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestEmailChangeArgs, 'input'>>;
  requestPasswordReset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestPasswordResetArgs, 'input'>>;
  resendVerificationEmail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  resetPassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationResetPasswordArgs, 'input'>>;
  resetUserMfa?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationResetUserMfaArgs, 'userId'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  revokeAppAuthorization?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeAppAuthorizationArgs, 'clientId'>>;
  revokeLeakedApiKeys?: Resolver<ResolversTypes['LeakedApiKeysReport'], ParentType, ContextType, RequireFields<MutationRevokeLeakedApiKeysArgs, 'keys'>>;
  revokeTrustedDevice?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeTrustedDeviceArgs, 'id'>>;
  rotateApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationRotateApiKeyArgs, 'input'>>;
  rotateOAuthClientSecret?: Resolver<ResolversTypes['CreatedOAuthClient'], ParentType, ContextType, RequireFields<MutationRotateOAuthClientSecretArgs, 'id'>>;
  sendMfaCode?: Resolver<ResolversTypes['SentMfaCode'], ParentType, ContextType, RequireFields<MutationSendMfaCodeArgs, 'input'>>;
  signInWithPasskey?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignInWithPasskeyArgs, 'input'>>;
  signUp?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationSignUpArgs, 'input'>>;
  startOtpFactor?: Resolver<ResolversTypes['OtpFactorEnrolment'], ParentType, ContextType, RequireFields<MutationStartOtpFactorArgs, 'input'>>;
  startPasskeyRegistration?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startPasskeySignIn?: Resolver<ResolversTypes['PasskeySignIn'], ParentType, ContextType, RequireFields<MutationStartPasskeySignInArgs, 'tenant'>>;
  startSocialLink?: Resolver<ResolversTypes['SocialLinkStart'], ParentType, ContextType, RequireFields<MutationStartSocialLinkArgs, 'provider'>>;
  startStepUp?: Resolver<ResolversTypes['StepUpChallenge'], ParentType, ContextType>;
  startTotpEnrolment?: Resolver<ResolversTypes['TotpEnrolment'], ParentType, ContextType, Partial<MutationStartTotpEnrolmentArgs>>;
  unlinkIdentity?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnlinkIdentityArgs, 'id'>>;
  unlockUser?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnlockUserArgs, 'userId'>>;
  updateOAuthClient?: Resolver<ResolversTypes['OAuthClient'], ParentType, ContextType, RequireFields<MutationUpdateOAuthClientArgs, 'id' | 'input'>>;
  updateSocialConnection?: Resolver<ResolversTypes['SocialConnection'], ParentType, ContextType, RequireFields<MutationUpdateSocialConnectionArgs, 'input' | 'provider'>>;
  verifyEmail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationVerifyEmailArgs, 'input'>>;
}>;

export type OAuthClientResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['OAuthClient'] = ResolversParentTypes['OAuthClient']> = ResolversObject<{
  authMethod?: Resolver<ResolversTypes['OAuthClientAuthMethod'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  firstParty?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['OAuthClientKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postLogoutRedirectUris?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  redirectUris?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  secretLastFour?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  serviceAccount?: Resolver<Maybe<ResolversTypes['OAuthClientServiceAccount']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type OAuthClientServiceAccountResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['OAuthClientServiceAccount'] = ResolversParentTypes['OAuthClientServiceAccount']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type OAuthProviderInfoResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['OAuthProviderInfo'] = ResolversParentTypes['OAuthProviderInfo']> = ResolversObject<{
  discoveryUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  issuer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type OtpFactorEnrolmentResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['OtpFactorEnrolment'] = ResolversParentTypes['OtpFactorEnrolment']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  factorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  resendAfterSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sentTo?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PasskeySignInResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['PasskeySignIn'] = ResolversParentTypes['PasskeySignIn']> = ResolversObject<{
  challengeToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  passkeyOptions?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PasswordRequirementsResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['PasswordRequirements'] = ResolversParentTypes['PasswordRequirements']> = ResolversObject<{
  maxBytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requireDigit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireLowercase?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireSymbol?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  requireUppercase?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiKeyPolicy?: Resolver<ResolversTypes['ApiKeyPolicy'], ParentType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, Partial<QueryApiKeysArgs>>;
  auditEvents?: Resolver<ResolversTypes['AuditEventConnection'], ParentType, ContextType, RequireFields<QueryAuditEventsArgs, 'first'>>;
  myAuthorizedApps?: Resolver<Array<ResolversTypes['AuthorizedApp']>, ParentType, ContextType>;
  myIdentities?: Resolver<Array<ResolversTypes['UserIdentity']>, ParentType, ContextType>;
  oauthClient?: Resolver<Maybe<ResolversTypes['OAuthClient']>, ParentType, ContextType, RequireFields<QueryOauthClientArgs, 'id'>>;
  oauthClients?: Resolver<Array<ResolversTypes['OAuthClient']>, ParentType, ContextType>;
  oauthProvider?: Resolver<ResolversTypes['OAuthProviderInfo'], ParentType, ContextType>;
  passwordRequirements?: Resolver<ResolversTypes['PasswordRequirements'], ParentType, ContextType, RequireFields<QueryPasswordRequirementsArgs, 'tenant'>>;
  serviceAccounts?: Resolver<Array<ResolversTypes['ServiceAccount']>, ParentType, ContextType>;
  socialConnections?: Resolver<Array<ResolversTypes['SocialConnection']>, ParentType, ContextType>;
  socialProviders?: Resolver<Array<ResolversTypes['SocialProvider']>, ParentType, ContextType, RequireFields<QuerySocialProvidersArgs, 'tenant'>>;
  tenantForDomain?: Resolver<Maybe<ResolversTypes['DomainTenant']>, ParentType, ContextType, RequireFields<QueryTenantForDomainArgs, 'domain'>>;
}>;

export type RecoveryCodesResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['RecoveryCodes'] = ResolversParentTypes['RecoveryCodes']> = ResolversObject<{
  codes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SentMfaCodeResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['SentMfaCode'] = ResolversParentTypes['SentMfaCode']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  resendAfterSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sentTo?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ServiceAccountResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['ServiceAccount'] = ResolversParentTypes['ServiceAccount']> = ResolversObject<{
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SignInResultResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['SignInResult'] = ResolversParentTypes['SignInResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'AuthPayload' | 'MfaChallenge', ParentType, ContextType>;
}>;

export type SocialConnectionResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['SocialConnection'] = ResolversParentTypes['SocialConnection']> = ResolversObject<{
  allowedDomains?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  autoRegister?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  defaultRole?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  microsoftTenant?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<ResolversTypes['SocialProvider'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type SocialLinkStartResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['SocialLinkStart'] = ResolversParentTypes['SocialLinkStart']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StepUpChallengeResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['StepUpChallenge'] = ResolversParentTypes['StepUpChallenge']> = ResolversObject<{
  challengeToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  factors?: Resolver<Array<ResolversTypes['MfaFactorKind']>, ParentType, ContextType>;
  passkeyOptions?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type StepUpPayloadResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['StepUpPayload'] = ResolversParentTypes['StepUpPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  authTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TotpEnrolmentResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['TotpEnrolment'] = ResolversParentTypes['TotpEnrolment']> = ResolversObject<{
  factorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  otpauthUri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  qrCodePng?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  qrCodeSvg?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TrustedDeviceResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['TrustedDevice'] = ResolversParentTypes['TrustedDevice']> = ResolversObject<{
  browser?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deviceType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  os?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emailVerified?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastLoginAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  mfa?: Resolver<Maybe<ResolversTypes['UserMfa']>, ParentType, ContextType>;
}>;

export type UserIdentityResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['UserIdentity'] = ResolversParentTypes['UserIdentity']> = ResolversObject<{
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  linkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  provider?: Resolver<ResolversTypes['SocialProvider'], ParentType, ContextType>;
}>;

export type UserMfaResolvers<ContextType = AuthContext, ParentType extends ResolversParentTypes['UserMfa'] = ResolversParentTypes['UserMfa']> = ResolversObject<{
  allowedFactors?: Resolver<Array<ResolversTypes['MfaFactorKind']>, ParentType, ContextType>;
  enrolBy?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  factors?: Resolver<Array<ResolversTypes['MfaFactor']>, ParentType, ContextType>;
  recoveryCodesRemaining?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  trustedDevices?: Resolver<Array<ResolversTypes['TrustedDevice']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = AuthContext> = ResolversObject<{
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApiKeyPolicy?: ApiKeyPolicyResolvers<ContextType>;
  ApiKeyUsageDay?: ApiKeyUsageDayResolvers<ContextType>;
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  AuditEventPageInfo?: AuditEventPageInfoResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  AuthorizedApp?: AuthorizedAppResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  CreatedOAuthClient?: CreatedOAuthClientResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DomainTenant?: DomainTenantResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LeakedApiKeysReport?: LeakedApiKeysReportResolvers<ContextType>;
  MfaChallenge?: MfaChallengeResolvers<ContextType>;
  MfaEnrolmentResult?: MfaEnrolmentResultResolvers<ContextType>;
  MfaFactor?: MfaFactorResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OAuthClient?: OAuthClientResolvers<ContextType>;
  OAuthClientServiceAccount?: OAuthClientServiceAccountResolvers<ContextType>;
  OAuthProviderInfo?: OAuthProviderInfoResolvers<ContextType>;
  OtpFactorEnrolment?: OtpFactorEnrolmentResolvers<ContextType>;
  PasskeySignIn?: PasskeySignInResolvers<ContextType>;
  PasswordRequirements?: PasswordRequirementsResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecoveryCodes?: RecoveryCodesResolvers<ContextType>;
  SentMfaCode?: SentMfaCodeResolvers<ContextType>;
  ServiceAccount?: ServiceAccountResolvers<ContextType>;
  SignInResult?: SignInResultResolvers<ContextType>;
  SocialConnection?: SocialConnectionResolvers<ContextType>;
  SocialLinkStart?: SocialLinkStartResolvers<ContextType>;
  StepUpChallenge?: StepUpChallengeResolvers<ContextType>;
  StepUpPayload?: StepUpPayloadResolvers<ContextType>;
  TotpEnrolment?: TotpEnrolmentResolvers<ContextType>;
  TrustedDevice?: TrustedDeviceResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserIdentity?: UserIdentityResolvers<ContextType>;
  UserMfa?: UserMfaResolvers<ContextType>;
}>;

