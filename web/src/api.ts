import { createClient, isErrorCode, TradeSageError, type TradeSageErrorCode } from '@tradesage/client';

/**
 * The one client of the web app: cookie mode (the refresh token in the API's `__Host-` cookie, the
 * access token in memory only), operations sent by their persisted id, one refresh at a time
 * across tabs. `onSessionEnd` is set by the session provider.
 */
let sessionEnded: (reason: TradeSageError) => void = () => {};

export const api = createClient({
  url: '/graphql',
  mode: 'cookie',
  persisted: true,
  onSessionEnd: (reason) => sessionEnded(reason),
});

export function onSessionEnd(listener: (reason: TradeSageError) => void): void {
  sessionEnded = listener;
}

/** What a person is told for each error code; `{seconds}` is the wait, where there is one. */
const MESSAGES: Partial<Record<TradeSageErrorCode, string>> = {
  INVALID_CREDENTIALS: 'The email, username or password is not right, or the account cannot sign in.',
  RATE_LIMITED: 'Too many attempts. Try again in {seconds}.',
  BUSY: 'The service is busy. Try again in {seconds}.',
  TENANT_NOT_ACTIVE: 'This organisation is not active. Ask its administrator.',
  INVALID_TOKEN: 'This link is not valid any more: it was used already, or it expired. Ask for a new one.',
  INVALID_CURRENT_PASSWORD: 'Your current password is not right.',
  SIGNUP_NOT_ALLOWED: 'This organisation does not allow signing up. Ask its administrator for an invitation.',
  EMAIL_DOMAIN_NOT_ALLOWED: 'This organisation does not accept addresses of that domain.',
  EMAIL_TAKEN: 'Another account already uses this email address.',
  EMAIL_ALREADY_VERIFIED: 'This email address is verified already.',
  ROLE_NOT_ALLOWED: 'You cannot grant a role with permissions you do not have yourself.',
  FORBIDDEN: 'You do not have permission to do this.',
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  INVALID_REFRESH_TOKEN: 'Your session has ended. Please sign in again.',
  NOT_FOUND: 'It does not exist, or it was removed.',
  QUOTA_EXCEEDED: 'Your plan’s limit is reached.',
  INVALID_TRANSITION: 'This is not possible in its current state.',
  CONFLICT: 'Someone changed this meanwhile. Reload and try again.',
  SLUG_TAKEN: 'This address is taken.',
  DOMAIN_TAKEN: 'This domain is used by another organisation.',
  BACKUP_IN_PROGRESS: 'A backup of this organisation is being made. Try again once it is done.',
  BACKUP_UNAVAILABLE:
    'Backups are not available on this server: it needs the PostgreSQL client tools (pg_dump) of its database’s version.',
  NETWORK_ERROR: 'The service cannot be reached. Check your connection and try again.',
  SUBGRAPH_UNAVAILABLE: 'Part of the service is unavailable right now. Try again shortly.',
  BAD_USER_INPUT: 'Some of what you entered is not valid.',
};

/** The password rules in words, by code (shown rule by rule). */
export const PASSWORD_RULES: Record<string, string> = {
  PASSWORD_TOO_SHORT: 'Long enough',
  PASSWORD_TOO_LONG: 'Not longer than 72 bytes',
  PASSWORD_TOO_COMMON: 'Not a commonly used password',
  PASSWORD_CONTAINS_IDENTITY: 'Does not contain your email address or username',
  PASSWORD_MISSING_UPPERCASE: 'An uppercase letter',
  PASSWORD_MISSING_LOWERCASE: 'A lowercase letter',
  PASSWORD_MISSING_DIGIT: 'A digit',
  PASSWORD_MISSING_SYMBOL: 'A symbol',
};

export function seconds(n: number): string {
  return n >= 120 ? `${Math.ceil(n / 60)} minutes` : `${n} second${n === 1 ? '' : 's'}`;
}

/** A sentence for an error; `secondsLeft` overrides the wait of a throttled attempt (a countdown). */
export function describeError(error: unknown, secondsLeft?: number): string {
  if (!(error instanceof TradeSageError)) return 'Something went wrong. Try again.';
  if (error.code.startsWith('PASSWORD_')) return `The password is not allowed: ${error.message.toLowerCase()}.`;
  const template = MESSAGES[error.code as TradeSageErrorCode] ?? 'Something went wrong. Try again.';
  const wait = isErrorCode(error, 'RATE_LIMITED', 'BUSY') ? (secondsLeft ?? error.details.retryAfterSeconds) : 0;
  return template.replace('{seconds}', seconds(wait));
}

/** The seconds a throttled attempt must wait, if the error says. */
export function retryAfter(error: unknown): number | undefined {
  return isErrorCode(error, 'RATE_LIMITED', 'BUSY') ? error.details.retryAfterSeconds : undefined;
}
