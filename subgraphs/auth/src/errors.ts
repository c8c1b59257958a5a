import { AppError } from '@tradesage/core';

/**
 * One error for every failed login (wrong password, unknown user or tenant, disabled user),
 * so the answer never tells an attacker which accounts exist. The audit log keeps the reason.
 */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Invalid tenant, email or password');
  }
}

/** Defined with the session lifecycle, which refuses refresh tokens; the resolvers refuse a missing one. */
export { InvalidRefreshTokenError } from '@tradesage/core';

/**
 * A refresh that takes its token from the cookie without the matching `x-csrf-token` header
 * (double-submit cookie). FORBIDDEN with `details.reason: 'csrf'`.
 */
export class CsrfTokenError extends AppError {
  constructor() {
    super('FORBIDDEN', 'Missing or invalid CSRF token', { details: { reason: 'csrf' } });
  }
}
