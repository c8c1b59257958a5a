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
  RATE_LIMITED: true,
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
