import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../tenant-schema-name.ts';

/**
 * A fresh, uniquely named database for one integration test file, dropped afterwards, so test
 * files never share state and can run in parallel. The server comes from TEST_DATABASE_URL (tests
 * only; library code takes connection strings as parameters), else the local default.
 */
export interface TestDatabase {
  name: string;
  connectionString: string;
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(
  prefix = 'tradesage_test',
  adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL,
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    connectionString: url.toString(),
    // Idempotent: cleanup paths (afterAll, signal handlers, finally) may all call it.
    drop: () => {
      dropped ??= (async () => {
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        try {
          // FORCE: a run that failed half-way may still hold connections.
          await dropper.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      })();
      return dropped;
    },
  };
}
