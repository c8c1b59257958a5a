import { formatGraphQLError, type ErrorCode } from '@tradesage/core';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Which codes a subgraph may hand on to clients. Subgraphs already mask their internal errors
 * (core formatGraphQLError), so a coded error from them is one a client is meant to read; only
 * INTERNAL_SERVER_ERROR is not relayed as is. Typed as a full Record so a code added to core
 * does not compile until it is decided here.
 */
const RELAYED: Readonly<Record<ErrorCode, boolean>> = {
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  // API keys: expired, session-only operations, the key's addresses, scopes and expiry at creation.
  API_KEY_EXPIRED: true,
  API_KEY_NOT_ALLOWED: true,
  API_KEY_ADDRESS_REFUSED: true,
  API_KEY_SCOPE_NOT_ALLOWED: true,
  API_KEY_EXPIRY_INVALID: true,
  // OpenID Connect: an application's token used where the user's session is needed, client registration.
  OAUTH_TOKEN_NOT_ALLOWED: true,
  OAUTH_TENANT_MISMATCH: true,
  OAUTH_SCOPE_NOT_ALLOWED: true,
  OAUTH_INTERACTION_NOT_FOUND: true,
  OAUTH_REDIRECT_URI_INVALID: true,
  // Social sign-in: providers, the flow's state, the upstream's answer, linking and unlinking.
  SOCIAL_PROVIDER_NOT_ENABLED: true,
  SOCIAL_STATE_INVALID: true,
  SOCIAL_UPSTREAM_REFUSED: true,
  SOCIAL_EMAIL_NOT_VERIFIED: true,
  SOCIAL_IDENTITY_TAKEN: true,
  SOCIAL_LAST_SIGN_IN_METHOD: true,
  SOCIAL_LINK_PROOF_REQUIRED: true,
  BAD_USER_INPUT: true,
  NOT_FOUND: true,
  CONFLICT: true,
  INVALID_CREDENTIALS: true,
  INVALID_REFRESH_TOKEN: true,
  INVALID_SLUG: true,
  RESERVED_SLUG: true,
  SLUG_TAKEN: true,
  TENANT_NOT_ACTIVE: true,
  BUSY: true,
  // The subgraph's database is down for now (with details.retryAfterSeconds): the client retries.
  SERVICE_UNAVAILABLE: true,
  RATE_LIMITED: true,
  INVALID_TRANSITION: true,
  DOMAIN_TAKEN: true,
  QUOTA_EXCEEDED: true,
  PASSWORD_TOO_SHORT: true,
  PASSWORD_TOO_LONG: true,
  PASSWORD_TOO_COMMON: true,
  PASSWORD_CONTAINS_IDENTITY: true,
  PASSWORD_MISSING_UPPERCASE: true,
  PASSWORD_MISSING_LOWERCASE: true,
  PASSWORD_MISSING_DIGIT: true,
  PASSWORD_MISSING_SYMBOL: true,
  // Account flows (auth subgraph): single-use links, re-authentication, sign-up and invitations.
  INVALID_TOKEN: true,
  INVALID_CURRENT_PASSWORD: true,
  SIGNUP_NOT_ALLOWED: true,
  EMAIL_DOMAIN_NOT_ALLOWED: true,
  EMAIL_TAKEN: true,
  EMAIL_ALREADY_VERIFIED: true,
  ROLE_NOT_ALLOWED: true,
  // Tenant backups (tenant subgraph): one at a time per tenant; none without pg_dump.
  BACKUP_IN_PROGRESS: true,
  BACKUP_UNAVAILABLE: true,
  // Second factors and step-up (auth subgraph, and the step-up rule of every subgraph).
  MFA_REQUIRED: true,
  MFA_CODE_INVALID: true,
  MFA_CODE_REUSED: true,
  MFA_CHALLENGE_EXPIRED: true,
  MFA_FACTOR_NOT_ALLOWED: true,
  MFA_ENROLMENT_REQUIRED: true,
  MFA_PASSKEY_INVALID: true,
  PHONE_NUMBER_INVALID: true,
  STEP_UP_REQUIRED: true,
  // A subgraph refusing what the gateway accepted (limits, body size, operation) is a deployment
  // fault: the gateway checks the same things first, with stricter limits.
  QUERY_LIMIT_EXCEEDED: false,
  REQUEST_TOO_LARGE: false,
  OPERATION_RESOLUTION_FAILURE: false,
  // The gateway's own credential refused by a subgraph is a deployment fault (keys differ), not
  // the client's: masked and logged, never shown as a code a client would act on.
  GATEWAY_CREDENTIAL_REQUIRED: false,
  // The gateway's own refusals of a request; no subgraph sends them, and relaying them is harmless.
  PERSISTED_DOCUMENT_NOT_FOUND: true,
  PERSISTED_DOCUMENT_REQUIRED: true,
  // The gateway's own answer about a subgraph (shown through its AppError); a subgraph never sends it.
  SUBGRAPH_UNAVAILABLE: false,
  INTERNAL_SERVER_ERROR: false,
};

export function isRelayedErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(RELAYED, code) && RELAYED[code as ErrorCode];
}

/**
 * The gateway's Apollo `formatError`. Errors a subgraph returned (the gateway marks them with
 * `extensions.serviceName`) keep their code, message, path and details when the code is a domain
 * code; the subgraph's name and anything else in its extensions are dropped. Everything else goes
 * through core formatGraphQLError: client errors shown, internal ones masked and reported.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (typeof extensions?.['serviceName'] === 'string' && isRelayedErrorCode(extensions['code'])) {
    const details = extensions['details'];
    return {
      message: formatted.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: extensions['code'],
        ...(typeof details === 'object' && details !== null && !Array.isArray(details) ? { details } : {}),
      },
    };
  }
  return formatGraphQLError(formatted, error, onInternal);
}
