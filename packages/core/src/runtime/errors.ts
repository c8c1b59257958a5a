import type { ErrorCode } from '@tradesage/client/error-codes';
import type { GraphQLFormattedError } from 'graphql';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.ts';
import { isRedisUnavailable } from './redis-unavailable.ts';

/**
 * Every error a client may see has a stable `code`, one of the client SDK's list (its
 * `error-codes.ts`): the list is the contract clients switch on, so codes are added, never renamed.
 */
export type { ErrorCode };

/**
 * The HTTP status of each code when it refuses a whole request (a context that cannot be built,
 * an edge refusal). Apollo Gateway turns a subgraph's 401/403 back into these codes. A code added
 * to the union does not compile until it has a status here.
 */
const HTTP_STATUS = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  INVALID_CURRENT_PASSWORD: 401,
  GATEWAY_CREDENTIAL_REQUIRED: 401,
  MFA_REQUIRED: 401,
  MFA_CODE_INVALID: 401,
  MFA_CODE_REUSED: 401,
  MFA_CHALLENGE_EXPIRED: 401,
  // RFC 9470: the token is fine, its authentication is not recent or strong enough.
  STEP_UP_REQUIRED: 401,
  // An API key past its expiry (a distinct code, so a client can tell it from a revoked or unknown key).
  API_KEY_EXPIRED: 401,
  MFA_FACTOR_NOT_ALLOWED: 403,
  API_KEY_NOT_ALLOWED: 403,
  API_KEY_ADDRESS_REFUSED: 403,
  API_KEY_SCOPE_NOT_ALLOWED: 403,
  // A token an application got through the OpenID Connect provider, used for what needs the user's own session.
  OAUTH_TOKEN_NOT_ALLOWED: 403,
  // Signed in to the account pages of another tenant than the application's issuer.
  OAUTH_TENANT_MISMATCH: 403,
  OAUTH_SCOPE_NOT_ALLOWED: 403,
  // The application's sign-in (interaction) is unknown, over, or not this browser's.
  OAUTH_INTERACTION_NOT_FOUND: 404,
  OAUTH_REDIRECT_URI_INVALID: 400,
  MFA_ENROLMENT_REQUIRED: 403,
  // Social sign-in: see the client SDK's error-codes.ts for each.
  SOCIAL_PROVIDER_NOT_ENABLED: 404,
  SOCIAL_STATE_INVALID: 400,
  SOCIAL_UPSTREAM_REFUSED: 401,
  SOCIAL_EMAIL_NOT_VERIFIED: 403,
  SOCIAL_IDENTITY_TAKEN: 409,
  SOCIAL_LAST_SIGN_IN_METHOD: 409,
  SOCIAL_LINK_PROOF_REQUIRED: 403,
  FORBIDDEN: 403,
  TENANT_NOT_ACTIVE: 403,
  QUOTA_EXCEEDED: 403,
  SIGNUP_NOT_ALLOWED: 403,
  EMAIL_DOMAIN_NOT_ALLOWED: 403,
  ROLE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SLUG_TAKEN: 409,
  INVALID_TRANSITION: 409,
  DOMAIN_TAKEN: 409,
  EMAIL_TAKEN: 409,
  EMAIL_ALREADY_VERIFIED: 409,
  BACKUP_IN_PROGRESS: 409,
  RATE_LIMITED: 429,
  BUSY: 503,
  // A dependency every request needs (the database) cannot be used now: retry after Retry-After.
  SERVICE_UNAVAILABLE: 503,
  SUBGRAPH_UNAVAILABLE: 503,
  // The server lacks what backups need (client tools of its PostgreSQL version): not the caller's fault.
  BACKUP_UNAVAILABLE: 503,
  BAD_USER_INPUT: 400,
  PERSISTED_DOCUMENT_NOT_FOUND: 400,
  PERSISTED_DOCUMENT_REQUIRED: 400,
  INVALID_SLUG: 400,
  RESERVED_SLUG: 400,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_TOO_LONG: 400,
  PASSWORD_TOO_COMMON: 400,
  PASSWORD_CONTAINS_IDENTITY: 400,
  PASSWORD_MISSING_UPPERCASE: 400,
  PASSWORD_MISSING_LOWERCASE: 400,
  PASSWORD_MISSING_DIGIT: 400,
  PASSWORD_MISSING_SYMBOL: 400,
  INVALID_TOKEN: 400,
  MFA_PASSKEY_INVALID: 400,
  PHONE_NUMBER_INVALID: 400,
  API_KEY_EXPIRY_INVALID: 400,
  QUERY_LIMIT_EXCEEDED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  REQUEST_TOO_LARGE: 413,
  INTERNAL_SERVER_ERROR: 500,
} as const satisfies Record<ErrorCode, number>;

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Base of the typed hierarchy. `expose` errors show their message to clients. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { expose?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.expose = options.expose ?? true;
    this.details = options.details;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class BadInputError extends AppError {
  constructor(
    code: Extract<
      ErrorCode,
      | 'BAD_USER_INPUT'
      | 'INVALID_SLUG'
      | 'RESERVED_SLUG'
      | 'MFA_PASSKEY_INVALID'
      | 'PHONE_NUMBER_INVALID'
      | 'API_KEY_EXPIRY_INVALID'
    >,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details ? { details } : {});
  }
}

/** What a client is told when the database (or Redis, for what lives there alone) cannot be used: nothing of why, only when to retry. */
export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable, please retry';

/**
 * SERVICE_UNAVAILABLE (503): the database cannot be used now (refused, lost, timed out, or its
 * breaker open), so the request could not be served; `details.retryAfterSeconds` (at least 1) is
 * also the answer's `Retry-After`. `cause` is for the log, never shown.
 */
export function serviceUnavailableError(retryAfterSeconds: number, cause?: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_MESSAGE, {
    details: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) },
    cause,
  });
}

/**
 * The wait a client is told when the database failed under a request where the pool's guard did
 * not see it (a connection cut during a statement): the guard's errors carry the breaker's reset interval.
 */
const UNSEEN_OUTAGE_RETRY_AFTER_SECONDS = 1;

/**
 * Walks GraphQLError.originalError / cause chains to the domain error, if any. Errors of the
 * data layer (which cannot depend on this package) carry `clientCode` instead of subclassing. An
 * error that says the database cannot be used (isDatabaseUnavailable: pg's, Prisma's, the
 * Postgres breaker's), or that Redis cannot be used (isRedisUnavailable), is SERVICE_UNAVAILABLE,
 * wherever it is met: the one classification of it.
 */
export function findAppError(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof AppError) return current;
    if (isDatabaseUnavailable(current)) {
      const wait =
        current instanceof DatabaseUnavailableError ? current.retryAfterSeconds : UNSEEN_OUTAGE_RETRY_AFTER_SECONDS;
      return serviceUnavailableError(wait, current);
    }
    // What lives in Redis alone (a ceremony's challenge, a sign-in's state) cannot be served now.
    if (isRedisUnavailable(current)) return serviceUnavailableError(UNSEEN_OUTAGE_RETRY_AFTER_SECONDS, current);
    const clientCode = current instanceof Error ? (current as { clientCode?: unknown }).clientCode : undefined;
    if (typeof clientCode === 'string') return new AppError(clientCode as ErrorCode, (current as Error).message);
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const CLIENT_ERROR_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one place errors are shaped for clients (Apollo `formatError`). Domain errors keep
 * their code and message; anything unexpected is masked and logged with the request id.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const appError = findAppError(error);
  if (appError) {
    if (appError.expose) {
      return {
        message: appError.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: appError.code, ...(appError.details ? { details: appError.details } : {}) },
      };
    }
    onInternal(error);
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const code = formatted.extensions?.['code'];
  if (
    typeof code === 'string' &&
    (CLIENT_ERROR_CODES.has(code) || code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')
  ) {
    return { message: formatted.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code } };
  }
  onInternal(error);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * Whether an error code is the client's doing (a 4xx: bad input, refused, rate limited, GraphQL
 * parse and validation errors) rather than ours; metrics and traces tell the two apart.
 */
export function isClientErrorCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  if (CLIENT_ERROR_CODES.has(code)) return true;
  return Object.hasOwn(HTTP_STATUS, code) && HTTP_STATUS[code as ErrorCode] < 500;
}
