import { chmod, chown, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './embedded-postgres.ts';

// The no-install path of `npm start` (machines without a PostgreSQL install). Never skipped:
// if the bundled server cannot run here, this test must say so.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let parent: string;
let running: RunningEmbeddedPostgres | undefined;

beforeAll(async () => {
  // Under /tmp: every directory above the cluster must be traversable by the OS user `postgres`.
  parent = await mkdtemp(path.join(tmpdir(), 'tradesage-embedded-pg-'));
  await chmod(parent, 0o755);
});

afterAll(async () => {
  await running?.stop();
  await rm(parent, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

it('initialises once, keeps data across a stop and a restart, and stops cleanly', { timeout: 120_000 }, async () => {
  // The data folder may already exist private (0700), made by whatever wrote a secret into it
  // first (signing keys, the mail outbox): the server user must still reach its cluster.
  const dataFolder = path.join(parent, 'data');
  await mkdir(dataFolder, { mode: 0o700 });
  const dataDir = path.join(dataFolder, 'cluster');
  const port = await freePort();

  running = await startEmbeddedPostgres({ dataDir, port });
  // Root runs the server as `postgres`: the folder is opened for traversal only, never listing.
  if (process.getuid?.() === 0) expect((await stat(dataFolder)).mode & 0o777).toBe(0o711);
  const first = running.connectionString;
  expect(first).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/tradesage`);
  const [version] = await query<{ server_version_num: string }>(first, 'SHOW server_version_num');
  expect(Number(version?.server_version_num)).toBeGreaterThanOrEqual(180_000);
  await query(first, 'CREATE TABLE kept (note text)');
  await query(first, `INSERT INTO kept VALUES ('survives restarts')`);
  await running.stop();
  running = undefined;
  await expect(query(first, 'SELECT 1')).rejects.toThrow();

  running = await startEmbeddedPostgres({ dataDir, port });
  expect(await query(running.connectionString, 'SELECT note FROM kept')).toEqual([{ note: 'survives restarts' }]);
  await running.stop();
  running = undefined;
});

// Only root hands the cluster to another OS user; other users run Postgres as themselves.
it.runIf(process.getuid?.() === 0)(
  'opens a private folder of its own further up for traversal only (a `mktemp -d` checkout)',
  { timeout: 120_000 },
  async () => {
    const checkout = await mkdtemp(path.join(tmpdir(), 'tradesage-embedded-pg-checkout-'));
    try {
      expect((await stat(checkout)).mode & 0o777).toBe(0o700);
      const started = await startEmbeddedPostgres({
        dataDir: path.join(checkout, 'data', 'cluster'),
        port: await freePort(),
      });
      await started.stop();
      expect((await stat(checkout)).mode & 0o777).toBe(0o711);
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  },
);

it.runIf(process.getuid?.() === 0)(
  "explains that the server user cannot reach another owner's private folder",
  async () => {
    const hidden = await mkdtemp(path.join(tmpdir(), 'tradesage-embedded-pg-private-'));
    try {
      // A folder of another owner is theirs to open: it is left private and the error says why.
      await chown(hidden, 65534, 65534);
      await expect(
        startEmbeddedPostgres({ dataDir: path.join(hidden, 'data', 'cluster'), port: await freePort() }),
      ).rejects.toThrow(/cannot reach/);
      expect((await stat(hidden)).mode & 0o777).toBe(0o700);
    } finally {
      await rm(hidden, { recursive: true, force: true });
    }
  },
);

it('explains why it cannot start on a port that is taken', { timeout: 120_000 }, async () => {
  const blocker = createServer();
  const port = await new Promise<number>((resolve) =>
    blocker.listen(0, '127.0.0.1', () => {
      const address = blocker.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
  try {
    await expect(startEmbeddedPostgres({ dataDir: path.join(parent, 'blocked'), port })).rejects.toThrow(
      /did not start[\s\S]*(could not|Address already in use)/,
    );
  } finally {
    blocker.close();
  }
});
