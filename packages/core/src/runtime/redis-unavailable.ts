/**
 * Whether one error (not its causes: callers walk those) says "Redis cannot be used right now":
 * Redis's breaker refused without trying (DependencyUnavailableError for redis, known by its
 * shape: this file is below errors.ts), or ioredis gave up on a command (its deadline, a
 * connection that is down or closed, its retries spent). A reply error (`WRONGTYPE`, a script's
 * error) is none of these: Redis answered.
 *
 * Most of the product never meets these: session, permission and API-key checks read Postgres and
 * rate limits count in memory when Redis cannot be used. What lives in Redis alone (a passkey
 * ceremony's challenge, an enrolment code, a social sign-in's state) fails with one, and the
 * client is told SERVICE_UNAVAILABLE with when to retry, never an internal error.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'DependencyUnavailableError') return (error as { dependency?: unknown }).dependency === 'redis';
  if (name === 'MaxRetriesPerRequestError') return true;
  return typeof message === 'string' && IOREDIS_MESSAGES.has(message);
}

/** ioredis's errors of a command that never got an answer (built/Command.js, built/Redis.js, built/utils). */
const IOREDIS_MESSAGES: ReadonlySet<string> = new Set([
  'Command timed out',
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed.',
]);
