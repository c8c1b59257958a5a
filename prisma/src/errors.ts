/**
 * Errors of the data layer that a client may be shown. `clientCode` is the stable contract:
 * `@tradesage/core` maps it to a GraphQL error code in one place, so codes are added, never renamed.
 * Anything else thrown from this package (pg errors, bugs) is internal and must be masked.
 */
export type DataLayerErrorCode = 'INVALID_SLUG' | 'RESERVED_SLUG' | 'SLUG_TAKEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';

export class DataLayerError extends Error {
  readonly clientCode: DataLayerErrorCode;

  constructor(clientCode: DataLayerErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'DataLayerError';
    this.clientCode = clientCode;
  }
}

export function isDataLayerError(error: unknown): error is DataLayerError {
  return error instanceof DataLayerError;
}
