import type { ErrorCode, GraphQLErrorCode } from './error-codes.ts';

/** Codes this client gives errors that never reached the API, or whose answer was not the API's. */
export type ClientSideCode =
  /** No answer: the network failed, or the server is unreachable. */
  | 'NETWORK_ERROR'
  /** An answer that is not a GraphQL response (a proxy's error page, a truncated body). */
  | 'BAD_RESPONSE';

export type TradeSageErrorCode = ErrorCode | GraphQLErrorCode | ClientSideCode;

type PasswordCode = Extract<ErrorCode, `PASSWORD_${string}`>;

/** What `details` holds for the codes that carry any; other codes may carry `field` or `reason`. */
export interface ErrorDetailsByCode {
  /** Retry after this many seconds (also in the `Retry-After` header). */
  RATE_LIMITED: { retryAfterSeconds: number; reason?: string };
  BUSY: { retryAfterSeconds: number };
  SERVICE_UNAVAILABLE: { retryAfterSeconds: number };
  QUERY_LIMIT_EXCEEDED: { limit: string; max: number };
  REQUEST_TOO_LARGE: { maxBytes: number };
  OPERATION_RESOLUTION_FAILURE: { reason: 'operation_name_required' | 'unknown_operation_name' };
  SUBGRAPH_UNAVAILABLE: { subgraph: string };
  QUOTA_EXCEEDED: { quota: string; limit: number; plan: string };
  /** `missing`: the permissions the caller lacks to grant this role. */
  ROLE_NOT_ALLOWED: { field: string; role?: string; missing?: string[] };
  INVALID_TRANSITION: { action: string; from: string };
  /** Wrong answers this challenge still takes. */
  MFA_CODE_INVALID: { attemptsLeft?: number; field?: string };
  /** The operation needs a sign-in at most `maxAgeSeconds` old, with the second factor when `secondFactor`. */
  STEP_UP_REQUIRED: { maxAgeSeconds: number; secondFactor: boolean };
  MFA_FACTOR_NOT_ALLOWED: { factor: string; field?: string };
  /** The last instant the user could still sign in to enrol a factor. */
  MFA_ENROLMENT_REQUIRED: { enrolBy?: string; field?: string };
  /** The scope refused: not held by the caller or the key's owner, or not in the catalogue. */
  API_KEY_SCOPE_NOT_ALLOWED: { field: string; scope: string };
  /** The longest lifetime this tenant allows a key, in days. */
  API_KEY_EXPIRY_INVALID: { field: string; maxLifetimeDays: number };
  /** The root field that needs a session. */
  API_KEY_NOT_ALLOWED: { field?: string };
}

/** Details of a refused password: the field, each rule it breaks, and the rule's bound. */
export interface PasswordErrorDetails {
  field: string;
  /** Every rule the password breaks (the error's own code is the first). */
  problems: PasswordCode[];
  minLength?: number;
  maxBytes?: number;
}

/** The details of an error of `code`. */
export type ErrorDetails<C extends TradeSageErrorCode> = C extends keyof ErrorDetailsByCode
  ? ErrorDetailsByCode[C]
  : C extends PasswordCode
    ? PasswordErrorDetails
    : { field?: string; reason?: string; [key: string]: unknown } | undefined;

/** One error of a GraphQL response, as the API sends it. */
export interface GraphQLErrorItem {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string; readonly details?: unknown };
}

/**
 * An error of the API (or of the way to it), with its stable `code` and typed `details`. Narrow
 * with `isErrorCode(error, 'RATE_LIMITED')` to read `error.details.retryAfterSeconds`.
 */
export class TradeSageError<C extends TradeSageErrorCode = TradeSageErrorCode> extends Error {
  override readonly name = 'TradeSageError';
  readonly code: C;
  readonly details: ErrorDetails<C>;
  /** The HTTP status of the answer (0 when there was none). */
  readonly status: number;
  /** Where in the result the error belongs, for errors of one field. */
  readonly path: ReadonlyArray<string | number> | undefined;
  /** Every error of the response (this one is the first). */
  readonly errors: readonly GraphQLErrorItem[];
  /** What the response held besides its errors (a partial answer), if anything. */
  readonly data: unknown;

  constructor(
    code: C,
    message: string,
    init: {
      details?: unknown;
      status?: number;
      path?: ReadonlyArray<string | number>;
      errors?: readonly GraphQLErrorItem[];
      data?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.details = init.details as ErrorDetails<C>;
    this.status = init.status ?? 0;
    this.path = init.path;
    this.errors = init.errors ?? [];
    this.data = init.data;
  }
}

/** Whether `error` is a TradeSageError with one of `codes` (its `details` typed accordingly). */
export function isErrorCode<C extends TradeSageErrorCode>(error: unknown, ...codes: C[]): error is TradeSageError<C> {
  return error instanceof TradeSageError && (codes as string[]).includes(error.code);
}

/** The error a GraphQL error item stands for; an unknown or missing code is kept as sent. */
export function errorFromResponse(items: readonly GraphQLErrorItem[], status: number, data: unknown): TradeSageError {
  const first = items[0];
  const code = (first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR') as TradeSageErrorCode;
  return new TradeSageError(code, first?.message ?? 'The request failed', {
    details: first?.extensions?.details,
    status,
    ...(first?.path ? { path: first.path } : {}),
    errors: items,
    data,
  });
}
