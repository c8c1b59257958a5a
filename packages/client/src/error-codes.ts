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
