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
  SERVICE_UNAVAILABLE: 'The service is unavailable right now. Try again in {seconds}.',
  BAD_USER_INPUT: 'Some of what you entered is not valid.',
  MFA_REQUIRED: 'Your account now has a second factor. Please sign in again.',
  MFA_CODE_INVALID: 'That code is not right.',
  MFA_CODE_REUSED: 'That code was used already. Enter the next one your app shows.',
  MFA_CHALLENGE_EXPIRED: 'That took too long, or there were too many wrong answers. Start again.',
  MFA_FACTOR_NOT_ALLOWED: 'Your organisation does not allow this way of confirming it is you.',
  MFA_ENROLMENT_REQUIRED:
    'Your organisation requires a second factor, and the time to set one up is over. Ask your administrator to reset it.',
  MFA_PASSKEY_INVALID: 'The passkey could not be verified. Try again.',
  STEP_UP_REQUIRED: 'Confirm it is you first.',
  PHONE_NUMBER_INVALID: 'Enter a mobile number in international form, with + and the country code: +44 7400 123456.',
  API_KEY_SCOPE_NOT_ALLOWED: 'A key can only hold permissions you hold (and its service account’s roles grant).',
  API_KEY_EXPIRY_INVALID: 'Choose an expiry in the future and within your organisation’s longest lifetime for keys.',
  API_KEY_NOT_ALLOWED: 'This needs a signed-in session, not an API key.',
  SOCIAL_PROVIDER_NOT_ENABLED: 'Your organisation does not offer signing in with this provider.',
  SOCIAL_IDENTITY_TAKEN: 'That account at the provider is already linked to another account here.',
  SOCIAL_LAST_SIGN_IN_METHOD:
    'This is your only way to sign in: set a password or link another account before you unlink it.',
  SOCIAL_LINK_PROOF_REQUIRED: 'Sign in with your password first, then link the provider.',
};

/** What a person is told when the browser's passkey prompt fails, by the DOMException's name. */
const PASSKEY_MESSAGES: Record<string, string> = {
  NotAllowedError: 'The passkey prompt was closed or timed out.',
  InvalidStateError: 'This device already holds a passkey of your account.',
  SecurityError: 'Passkeys do not work at this address.',
  NotSupportedError: 'This browser or device cannot use passkeys.',
  AbortError: 'The passkey prompt was cancelled.',
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
  if (!(error instanceof TradeSageError)) {
    // The browser's WebAuthn refusals (@simplewebauthn/browser's WebAuthnError keeps the DOMException's name).
    const name = error instanceof Error ? error.name : '';
    return PASSKEY_MESSAGES[name] ?? 'Something went wrong. Try again.';
  }
  if (error.code.startsWith('PASSWORD_')) return `The password is not allowed: ${error.message.toLowerCase()}.`;
  if (isErrorCode(error, 'MFA_CODE_INVALID') && error.details.attemptsLeft !== undefined) {
    const left = error.details.attemptsLeft;
    return `That code is not right: ${left} attempt${left === 1 ? '' : 's'} left.`;
  }
  if (isErrorCode(error, 'MFA_FACTOR_NOT_ALLOWED') && error.details.factor === 'trusted_device')
    return 'Your organisation does not let browsers be remembered: untick “Remember this device”.';
  const template = MESSAGES[error.code as TradeSageErrorCode] ?? 'Something went wrong. Try again.';
  const wait = isErrorCode(error, 'RATE_LIMITED', 'BUSY', 'SERVICE_UNAVAILABLE')
    ? (secondsLeft ?? error.details.retryAfterSeconds)
    : 0;
  return template.replace('{seconds}', seconds(wait));
}

/** The seconds a throttled attempt must wait, if the error says. */
export function retryAfter(error: unknown): number | undefined {
  return isErrorCode(error, 'RATE_LIMITED', 'BUSY', 'SERVICE_UNAVAILABLE')
    ? error.details.retryAfterSeconds
    : undefined;
}

/**
 * Takes a new access token at once, for a change of the session the current token does not say yet:
 * the first second factor enrolled makes the session two-factor (and ends an enrolment-only
 * session), which only the refresh's new token carries.
 */
export async function renewAccessToken(): Promise<void> {
  await api.refreshNow();
}
