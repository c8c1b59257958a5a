import crypto from 'node:crypto';
import pg from 'pg';

/** A database created for one bench run and dropped at the end, whatever happened. */
export interface ThrowawayDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

// Database names cannot be bound parameters; this one is built only from hex, and quoted anyway.
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `tradesage_bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quote(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop() {
      dropped ??= (async () => {
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        try {
          // FORCE: a run that failed half-way may still hold connections.
          await dropper.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      })();
      return dropped;
    },
  };
}
