import type { CreateDatabaseOptions } from '@tradesage/prisma';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.ts';
import type { DependencyBreaker } from './dependency-breaker.ts';

type ConnectionGuard = NonNullable<CreateDatabaseOptions['guard']>;

/**
 * The Postgres breaker as the guard of the process's pool (createDatabase's `guard`): a
 * connection is refused at once while the breaker is not closed; otherwise the attempt to get one
 * is counted by the breaker (which counts only connection failures: `isDatabaseUnavailable` is
 * its `isFailure`). A refusal or a connection failure reaches the caller as a
 * DatabaseUnavailableError carrying the breaker's reset interval, which findAppError makes
 * SERVICE_UNAVAILABLE with that wait; Prisma hands it on unchanged. `breaker` is read when asked,
 * so the breaker may be made after the pool (its probe uses the database's own connection).
 */
export function postgresGuard(breaker: () => DependencyBreaker, resetMs: number): ConnectionGuard {
  const retryAfterSeconds = resetMs / 1000;
  return {
    get available() {
      return breaker().available;
    },
    observe: (attempt) =>
      breaker()
        .observe(attempt)
        .catch((error: unknown) => {
          throw isDatabaseUnavailable(error)
            ? new DatabaseUnavailableError(retryAfterSeconds, { cause: error })
            : error;
        }),
    refusal: () => new DatabaseUnavailableError(retryAfterSeconds, { cause: breaker().refusal() }),
  };
}
