/**
 * @tradesage/client — the typed client of the TradeSage API: every operation of our own clients
 * as a typed document (generated from `operations/*.graphql` against the published API schema,
 * each with its persisted-document hash), a fetch-based client with bearer and browser cookie
 * modes and single-flight refresh, and typed errors.
 */
export * from './__generated__/graphql.ts';
export {
  createClient,
  TradeSageClient,
  type ClientOptions,
  type ExecuteResult,
  type RequestOptions,
  type SessionTokens,
  type SignInResult,
  type TypedDocument,
} from './client.ts';
export { API_ERROR_CODES, GRAPHQL_ERROR_CODES, type ErrorCode, type GraphQLErrorCode } from './error-codes.ts';
export {
  errorFromResponse,
  isErrorCode,
  TradeSageError,
  type ClientSideCode,
  type ErrorDetails,
  type ErrorDetailsByCode,
  type GraphQLErrorItem,
  type PasswordErrorDetails,
  type TradeSageErrorCode,
} from './errors.ts';
