import { type Config } from '@tradesage/core';
import { createDatabase, type Database } from '@tradesage/prisma';

/** Runs a tenant:* command's `main`: its answer is the exit code; a failure prints its message and exits 1. */
export async function runTenantCommand(command: string, main: () => Promise<number>): Promise<void> {
  process.exitCode = await main().catch((error: unknown) => {
    console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
}

/**
 * Gives `work` the database DATABASE_URL names (a pool of two: one command works on one tenant)
 * and its connection string, and closes the pool after. Without DATABASE_URL: says what it should
 * point at (`pointAt`) and exits 2, a usage error.
 */
export async function withTenantDatabase(
  config: Config,
  pointAt: string,
  work: (db: Database, connectionString: string) => Promise<number>,
): Promise<number> {
  if (!config.databaseUrl) {
    console.error(`DATABASE_URL is not set: point it at ${pointAt}`);
    return 2;
  }
  const connectionString = config.databaseUrl.reveal();
  const db = createDatabase({
    connectionString,
    maxConnections: 2,
    // The same bounded waits as the services (DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS).
    connectTimeoutMillis: config.dependencies.postgres.connectTimeoutMs,
    queryTimeoutMillis: config.dependencies.postgres.queryTimeoutMs,
  });
  try {
    return await work(db, connectionString);
  } finally {
    await db.close();
  }
}
