/**
 * Every error code the API answers with. The list is the contract: clients switch on it, so codes
 * are added, never renamed. The server's errors (`@tradesage/core`) are typed by this list, so a
 * code the server can send is always one a client knows.
 */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'INVALID_REFRESH_TOKEN',
  'INVALID_SLUG',
  'RESERVED_SLUG',
  'SLUG_TAKEN',
  'TENANT_NOT_ACTIVE',
  'BUSY',
  'RATE_LIMITED',
  'INVALID_TRANSITION',
  'DOMAIN_TAKEN',
  'QUOTA_EXCEEDED',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_CONTAINS_IDENTITY',
  'PASSWORD_MISSING_UPPERCASE',
  'PASSWORD_MISSING_LOWERCASE',
  'PASSWORD_MISSING_DIGIT',
  'PASSWORD_MISSING_SYMBOL',
  'INVALID_TOKEN',
  'INVALID_CURRENT_PASSWORD',
  'SIGNUP_NOT_ALLOWED',
  'EMAIL_DOMAIN_NOT_ALLOWED',
  'EMAIL_TAKEN',
  'EMAIL_ALREADY_VERIFIED',
  'ROLE_NOT_ALLOWED',
  /** Another backup of this tenant is being written (`backupTenant`); try again once it is done. */
  'BACKUP_IN_PROGRESS',
  /** The server cannot make backups: no pg_dump for its PostgreSQL version (an operator installs one). */
  'BACKUP_UNAVAILABLE',
  /** A persisted document's id the gateway does not know. */
  'PERSISTED_DOCUMENT_NOT_FOUND',
  /** The gateway runs only persisted documents, and this request sent another. */
  'PERSISTED_DOCUMENT_REQUIRED',
  /** An operation over a limit of its shape or cost (`details.limit`, `details.max`). */
  'QUERY_LIMIT_EXCEEDED',
  /** A request body over the size limit (`details.maxBytes`), refused before it is parsed. */
  'REQUEST_TOO_LARGE',
  /** No operation to run: several without `operationName`, or an unknown name (`details.reason`). */
  'OPERATION_RESOLUTION_FAILURE',
  /** A subgraph was called without the gateway's credential (never relayed to clients by the gateway). */
  'GATEWAY_CREDENTIAL_REQUIRED',
  /** The gateway could not get an answer from a subgraph (down, too slow, or its breaker is open); details name it. */
  'SUBGRAPH_UNAVAILABLE',
  /** The database cannot be used right now (HTTP 503): retry after `details.retryAfterSeconds` (also the `Retry-After` header). */
  'SERVICE_UNAVAILABLE',
  /** This sign-in needs a second factor; completeSignIn with the challenge (or a refresh of a session that never had one, under a policy that now asks for it). */
  'MFA_REQUIRED',
  /** A one-time code, recovery code or factor answer that is wrong. */
  'MFA_CODE_INVALID',
  /** A one-time code already accepted once (a replay, or a second submission of the same code). */
  'MFA_CODE_REUSED',
  /** The sign-in or step-up challenge is unknown, expired, used or ended by too many failures: start again. */
  'MFA_CHALLENGE_EXPIRED',
  /** The tenant does not allow this factor (`details.factor`), or MFA is off. */
  'MFA_FACTOR_NOT_ALLOWED',
  /** The session may only enrol a second factor until it does (the tenant requires one); or the enrolment grace ended. */
  'MFA_ENROLMENT_REQUIRED',
  /** The operation needs a recent strong sign-in (`details.maxAgeSeconds`, `details.secondFactor`): step up first. */
  'STEP_UP_REQUIRED',
  /** A passkey answer that does not verify (challenge, origin, relying party, signature or user verification). */
  'MFA_PASSKEY_INVALID',
  /** Not a valid mobile number in international (E.164) form. */
  'PHONE_NUMBER_INVALID',
  /** The API key is past its expiry: make or rotate another. (An unknown, revoked or malformed key is UNAUTHENTICATED.) */
  'API_KEY_EXPIRED',
  /** This operation needs a signed-in session (sessions, passwords, second factors, key management), not an API key. */
  'API_KEY_NOT_ALLOWED',
  /** The API key may only be used from its allowed addresses (CIDR blocks), and this request came from elsewhere. */
  'API_KEY_ADDRESS_REFUSED',
  /** A scope the caller (or the key's owner) does not hold, or not in the permission catalogue (`details.scope`). */
  'API_KEY_SCOPE_NOT_ALLOWED',
  'OAUTH_TOKEN_NOT_ALLOWED',
  'OAUTH_TENANT_MISMATCH',
  'OAUTH_SCOPE_NOT_ALLOWED',
  'OAUTH_INTERACTION_NOT_FOUND',
  'OAUTH_REDIRECT_URI_INVALID',
  /** Social sign-in: the provider is not connected or not enabled for this tenant. */
  'SOCIAL_PROVIDER_NOT_ENABLED',
  /** Social sign-in: the sign-in's state is unknown, already used, expired, or not this browser's: start again. */
  'SOCIAL_STATE_INVALID',
  /** Social sign-in: the provider's answer was refused (an error, or a response or ID token that does not validate). */
  'SOCIAL_UPSTREAM_REFUSED',
  /** Social sign-in: the provider did not vouch for the address (unverified, or none). */
  'SOCIAL_EMAIL_NOT_VERIFIED',
  /** Social sign-in: the upstream account is already linked to another user. */
  'SOCIAL_IDENTITY_TAKEN',
  /** Unlinking would leave the user no way to sign in (no password and no other linked identity). */
  'SOCIAL_LAST_SIGN_IN_METHOD',
  /** Linking an existing account needs a sign-in to it with its own credentials (password, second factor when enrolled) after the link was asked for. */
  'SOCIAL_LINK_PROOF_REQUIRED',
  /** An API key's expiry is missing, past, or beyond the tenant's `apiKeys.maxLifetimeDays` (`details.maxLifetimeDays`). */
  'API_KEY_EXPIRY_INVALID',
  'INTERNAL_SERVER_ERROR',
] as const;

/** A code of the API's own errors. */
export type ErrorCode = (typeof API_ERROR_CODES)[number];

/** Codes of GraphQL's own refusals of a request (Apollo Server's), before any of ours applies. */
export const GRAPHQL_ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
] as const;

export type GraphQLErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];
