import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { DataLayerError } from './errors.ts';
import { loadMigrations, migrateTenantSchema, TENANT_MIGRATIONS_DIR } from './migrator.ts';
import { isUuid, quoteIdent, tenantSchemaName } from './tenant-schema-name.ts';
import { validateTenantSlug } from './tenant-slug.ts';
import { withTransaction } from './transaction.ts';

/**
 * Backup and restore of ONE tenant: its schema through pg_dump/pg_restore
 * limited to that schema, and its registry row, in one file:
 *
 *   TRADESAGE-TENANT-BACKUP 1\n
 *   <manifest: one line of JSON — the registry row, the schema, its applied migrations>\n
 *   <pg_dump custom-format archive of the schema>
 *
 * A restore runs in ONE transaction (psql --single-transaction): the schema being replaced is
 * renamed aside, the archive recreates the schema, the old one is dropped and the registry row
 * written, so a failure anywhere leaves the tenant exactly as it was. Restoring into a new tenant
 * renames the recreated schema to the new tenant's (the name always comes from tenantSchemaName).
 * Every session in the restored data is ended: a backup must not bring a revoked session back.
 */

const MAGIC = 'TRADESAGE-TENANT-BACKUP 1';
const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface TenantBackupManifest {
  readonly format: 'tradesage-tenant-backup';
  readonly version: 1;
  readonly createdAt: string;
  readonly schema: string;
  readonly serverVersion: string;
  /** Tenant migrations applied to the schema when it was dumped. */
  readonly migrations: readonly string[];
  readonly tenant: {
    readonly id: string;
    readonly slug: string;
    readonly name: string;
    readonly domain: string | null;
    readonly status: string;
    readonly plan: string;
    readonly settings: unknown;
    readonly createdAt: string;
  };
}

export interface PgTools {
  readonly pgDump: string;
  readonly pgRestore: string;
  readonly psql: string;
}

export interface PgToolOptions {
  /** Folder holding pg_dump, pg_restore and psql, and then the only one looked in; found automatically when absent. */
  readonly binDir?: string;
}

export class TenantBackupError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'TenantBackupError';
  }
}

/** No pg_dump, pg_restore and psql this server can use: its major version's client tools are missing. */
export class PgToolsUnavailableError extends TenantBackupError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'PgToolsUnavailableError';
  }
}

/** What every backup file's name ends with; `.partial` files being written do not. */
export const BACKUP_FILE_SUFFIX = '.tsbackup';

/**
 * The name of a backup made on demand (`npm run tenant:backup`, `backupTenant`):
 * `<tenant>-<time>.tsbackup`, the time in UTC without colons (file names on every system).
 */
export function backupFileName(tenant: string, at: Date): string {
  return `${tenant}-${at.toISOString().replaceAll(':', '')}${BACKUP_FILE_SUFFIX}`;
}

interface RegistryRow {
  id: string;
  slug: string;
  name: string;
  domain: string | null;
  status: string;
  plan: string;
  settings: unknown;
  created_at: Date;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function serverVersion(pool: pg.Pool): Promise<{ major: number; text: string }> {
  const { rows } = await pool.query<{ num: string; text: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text`,
  );
  const row = rows[0];
  if (!row) throw new TenantBackupError('could not read the server version');
  return { major: Math.floor(Number(row.num) / 10_000), text: row.text };
}

/**
 * pg_dump refuses a server newer than itself. Debian installs each client version in
 * /usr/lib/postgresql/<major>/bin and puts a wrapper on PATH; the matching (or a newer) version
 * is preferred over whatever PATH has. A folder given as `binDir` is the only one looked in: a
 * pg_dump found elsewhere instead would hide the mistake. Throws PgToolsUnavailableError when no
 * usable tools are found.
 */
export async function findPgTools(pool: pg.Pool, options: PgToolOptions = {}): Promise<PgTools> {
  const { major } = await serverVersion(pool);
  if (options.binDir) {
    const tools = toolsIn(options.binDir);
    if (!(await allExecutable(tools))) {
      throw new PgToolsUnavailableError(`${options.binDir} does not hold pg_dump, pg_restore and psql`);
    }
    const clientMajor = await pgDumpMajor(tools.pgDump).catch((error: unknown) => {
      throw new PgToolsUnavailableError(`pg_dump in ${options.binDir} does not run`, { cause: error });
    });
    if (!(clientMajor >= major)) {
      throw new PgToolsUnavailableError(
        `pg_dump in ${options.binDir} is version ${clientMajor}, older than the server (${major})`,
      );
    }
    return tools;
  }
  const dirs = [`/usr/lib/postgresql/${major}/bin`];
  try {
    const installed = (await readdir('/usr/lib/postgresql'))
      .map(Number)
      .filter((version) => Number.isInteger(version) && version > major)
      .sort((a, b) => a - b);
    dirs.push(...installed.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const dir of dirs) {
    const tools = toolsIn(dir);
    if (await allExecutable(tools)) return tools;
  }
  const fromPath = { pgDump: 'pg_dump', pgRestore: 'pg_restore', psql: 'psql' };
  const clientMajor = await pgDumpMajor(fromPath.pgDump).catch((error: unknown) => {
    throw new PgToolsUnavailableError(`no pg_dump found for PostgreSQL ${major} (install postgresql-client-${major})`, {
      cause: error,
    });
  });
  if (!(clientMajor >= major)) {
    throw new PgToolsUnavailableError(
      `pg_dump on PATH is version ${clientMajor}, older than the server (${major}); install postgresql-client-${major}`,
    );
  }
  return fromPath;
}

function toolsIn(dir: string): PgTools {
  return { pgDump: path.join(dir, 'pg_dump'), pgRestore: path.join(dir, 'pg_restore'), psql: path.join(dir, 'psql') };
}

async function allExecutable(tools: PgTools): Promise<boolean> {
  return (
    (await isExecutable(tools.pgDump)) && (await isExecutable(tools.pgRestore)) && (await isExecutable(tools.psql))
  );
}

/** The major version `pg_dump --version` reports (NaN when it prints none). */
async function pgDumpMajor(pgDump: string): Promise<number> {
  const version = await run(pgDump, ['--version'], {});
  return Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
}

/** libpq settings for the tools: the URL on the command line without its password, which goes in the environment. */
function connectionFor(connectionString: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(connectionString);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    url: url.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGAPPNAME: 'tradesage-tenant-backup' },
  };
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: Readable;
  stdout?: Writable;
}

/** Runs a tool; resolves with its stdout (unless piped), rejects with its stderr on a non-zero exit. */
function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (options.stdout) child.stdout.pipe(options.stdout, { end: false });
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64_000) stderr += chunk.toString('utf8');
    });
    if (!options.stdin) {
      child.stdin.end();
    } else {
      options.stdin.pipe(child.stdin);
      // The child may exit before reading everything (an error); that is reported by its exit code.
      child.stdin.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') reject(error);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new TenantBackupError(
            `${path.basename(command)} exited with ${String(code)}: ${stderr.trim().slice(0, 4000)}`,
          ),
        );
    });
  });
}

async function findRegistryRow(pool: pg.Pool, slugOrId: string): Promise<RegistryRow> {
  const byId = isUuid(slugOrId);
  const { rows } = await pool.query<RegistryRow>(
    `SELECT id::text AS id, slug, name, domain, status, plan, settings, created_at FROM control.tenants WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [byId ? slugOrId.toLowerCase() : slugOrId],
  );
  const row = rows[0];
  if (!row) throw new DataLayerError('NOT_FOUND', `no tenant ${JSON.stringify(slugOrId)}`);
  return row;
}

async function schemaExists(client: pg.Pool | pg.PoolClient, schema: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}

export interface BackupTenantOptions extends PgToolOptions {
  readonly tools?: PgTools;
}

/**
 * Writes the backup of one tenant (by slug or id) to `file`, atomically (a `.partial` file renamed
 * when complete), readable by its owner only: it holds password hashes.
 */
export async function backupTenantSchema(
  pool: pg.Pool,
  connectionString: string,
  slugOrId: string,
  file: string,
  options: BackupTenantOptions = {},
): Promise<TenantBackupManifest> {
  const tenant = await findRegistryRow(pool, slugOrId);
  const schema = tenantSchemaName(tenant.id);
  if (tenant.status === 'purged' || !(await schemaExists(pool, schema))) {
    throw new DataLayerError(
      'BAD_USER_INPUT',
      `tenant ${tenant.slug} has no schema to back up (status ${tenant.status})`,
    );
  }
  const tools = options.tools ?? (await findPgTools(pool, options));
  const { rows: applied } = await pool.query<{ name: string }>(
    `SELECT name FROM ${quoteIdent(schema)}._migrations ORDER BY name`,
  );
  const manifest: TenantBackupManifest = {
    format: 'tradesage-tenant-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    schema,
    serverVersion: (await serverVersion(pool)).text,
    migrations: applied.map((row) => row.name),
    tenant: {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      domain: tenant.domain,
      status: tenant.status,
      plan: tenant.plan,
      settings: tenant.settings,
      createdAt: tenant.created_at.toISOString(),
    },
  };
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.${randomUUID().slice(0, 8)}.partial`;
  const out = createWriteStream(partial, { mode: 0o600, flags: 'wx' });
  try {
    out.write(`${MAGIC}\n${JSON.stringify(manifest)}\n`);
    const { url, env } = connectionFor(connectionString);
    // The pattern is quoted so it matches this one schema name exactly.
    await run(
      tools.pgDump,
      [
        '--format=custom',
        `--schema="${schema}"`,
        '--no-owner',
        '--no-privileges',
        '--lock-wait-timeout=30000',
        `--dbname=${url}`,
      ],
      { env, stdout: out },
    );
    out.end();
    await once(out, 'finish');
    await rename(partial, target);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return manifest;
}

/** Reads the header of a backup file; throws when it is not one. */
export async function readBackupManifest(
  file: string,
): Promise<{ manifest: TenantBackupManifest; archiveOffset: number }> {
  const handle = await open(file, 'r');
  try {
    // Read in steps: a manifest is a few kilobytes, and listing a folder of backups reads every header.
    const limit = MAX_MANIFEST_BYTES + MAGIC.length + 2;
    let head = Buffer.alloc(0);
    let second = -1;
    for (let step = 64 * 1024; second < 0 && head.length < limit; step *= 4) {
      const chunk = Buffer.alloc(Math.min(step, limit - head.length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, head.length);
      if (bytesRead === 0) break;
      head = Buffer.concat([head, chunk.subarray(0, bytesRead)]);
      const first = head.indexOf(0x0a);
      second = first < 0 ? -1 : head.indexOf(0x0a, first + 1);
    }
    const first = head.indexOf(0x0a);
    if (first < 0 || second < 0 || head.subarray(0, first).toString('utf8') !== MAGIC) {
      throw new DataLayerError('BAD_USER_INPUT', `${file} is not a TradeSage tenant backup`);
    }
    const manifest = parseManifest(head.subarray(first + 1, second).toString('utf8'));
    if (!manifest) throw new DataLayerError('BAD_USER_INPUT', `${file} has a manifest this version cannot read`);
    return { manifest, archiveOffset: second + 1 };
  } finally {
    await handle.close();
  }
}

/** The manifest, when it is one of this version: the fields a restore or a listing relies on are checked. */
function parseManifest(text: string): TenantBackupManifest | undefined {
  let manifest: TenantBackupManifest;
  try {
    manifest = JSON.parse(text) as TenantBackupManifest;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const valid =
    typeof manifest === 'object' &&
    manifest !== null &&
    manifest.format === 'tradesage-tenant-backup' &&
    manifest.version === 1 &&
    typeof manifest.createdAt === 'string' &&
    !Number.isNaN(Date.parse(manifest.createdAt)) &&
    Array.isArray(manifest.migrations) &&
    manifest.migrations.every((name) => typeof name === 'string') &&
    typeof manifest.tenant === 'object' &&
    manifest.tenant !== null &&
    typeof manifest.tenant.id === 'string' &&
    isUuid(manifest.tenant.id) &&
    manifest.schema === tenantSchemaName(manifest.tenant.id);
  return valid ? manifest : undefined;
}

export interface RestoreTenantOptions extends PgToolOptions {
  readonly tools?: PgTools;
  /** Restore as a new tenant with this slug (new id, new schema) instead of into the original. */
  readonly intoSlug?: string;
  /** Tenant migrations to check and apply after the restore; tests point this elsewhere. */
  readonly migrationsDir?: string;
}

export interface RestoredTenant {
  readonly tenantId: string;
  readonly slug: string;
  readonly schema: string;
  readonly mode: 'replaced' | 'recreated' | 'copied';
  /** Migrations applied after the restore because the backup was older than the code. */
  readonly migrated: readonly string[];
  /**
   * Sessions whose cached state must be marked revoked (Redis): every session open in the schema
   * replaced and every one the restore ended. Postgres already says revoked for all of them.
   */
  readonly endedSessionIds: readonly string[];
}

/** A SQL string literal. Only used after `SET standard_conforming_strings = on`. */
function literal(value: string): string {
  if (value.includes('\0')) throw new TenantBackupError('text with a NUL byte cannot be restored');
  return `'${value.replaceAll("'", "''")}'`;
}

function nullableLiteral(value: string | null): string {
  return value === null ? 'NULL' : literal(value);
}

/**
 * Restores a backup file: into its own tenant (replacing its schema, or recreating it after a
 * purge or on another database), or with `intoSlug` into a new tenant. All or nothing.
 */
export async function restoreTenantBackup(
  pool: pg.Pool,
  connectionString: string,
  file: string,
  options: RestoreTenantOptions = {},
): Promise<RestoredTenant> {
  const { manifest, archiveOffset } = await readBackupManifest(file);
  const shipped = await loadMigrations(options.migrationsDir ?? TENANT_MIGRATIONS_DIR);
  const unknown = manifest.migrations.filter((name) => !shipped.some((migration) => migration.name === name));
  if (unknown.length > 0) {
    throw new DataLayerError(
      'BAD_USER_INPUT',
      `the backup has migrations this code does not know (${unknown.join(', ')}); restore it with a newer version`,
    );
  }
  const tools = options.tools ?? (await findPgTools(pool, options));
  const source = manifest.schema;
  const sourceExists = await schemaExists(pool, source);
  const intoNew = options.intoSlug !== undefined;
  const tenantId = intoNew ? randomUUID() : manifest.tenant.id;
  const target = tenantSchemaName(tenantId);
  const aside = `${source}_restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const endedAt = new Date();

  let slug = manifest.tenant.slug;
  let mode: RestoredTenant['mode'];
  let existing: RegistryRow | undefined;
  const post: string[] = [];
  if (intoNew) {
    slug = validateTenantSlug(options.intoSlug ?? '');
    const { rowCount } = await pool.query('SELECT 1 FROM control.tenants WHERE slug = $1', [slug]);
    if (rowCount !== 0) throw new DataLayerError('SLUG_TAKEN', 'this tenant slug is already taken');
    mode = 'copied';
    post.push(`ALTER SCHEMA ${quoteIdent(source)} RENAME TO ${quoteIdent(target)};`);
    if (sourceExists) post.push(`ALTER SCHEMA ${quoteIdent(aside)} RENAME TO ${quoteIdent(source)};`);
    // A copy is a new tenant: no custom domain (domains are unique), active, same plan and settings.
    post.push(
      `INSERT INTO control.tenants (id, slug, name, domain, status, plan, settings) VALUES (${literal(tenantId)}, ${literal(slug)}, ${literal(manifest.tenant.name)}, NULL, 'active', ${literal(manifest.tenant.plan)}, ${literal(JSON.stringify(manifest.tenant.settings ?? {}))}::jsonb);`,
    );
  } else {
    existing = (
      await pool.query<RegistryRow>(
        'SELECT id::text AS id, slug, name, domain, status, plan, settings, created_at FROM control.tenants WHERE id = $1',
        [tenantId],
      )
    ).rows[0];
    mode = sourceExists ? 'replaced' : 'recreated';
    if (sourceExists) post.push(`DROP SCHEMA ${quoteIdent(aside)} CASCADE;`);
    if (existing) {
      // A restore brings a cancelled or purged tenant back; a suspended or pending one stays so.
      post.push(
        `UPDATE control.tenants SET status = CASE WHEN status IN ('cancelled', 'purged') THEN 'active' ELSE status END, cancelled_at = NULL, purge_after = NULL, purged_at = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = ${literal(tenantId)};`,
      );
      slug = existing.slug;
    } else {
      post.push(
        `INSERT INTO control.tenants (id, slug, name, domain, status, plan, settings, created_at) VALUES (${literal(tenantId)}, ${literal(manifest.tenant.slug)}, ${literal(manifest.tenant.name)}, ${nullableLiteral(manifest.tenant.domain)}, 'active', ${literal(manifest.tenant.plan)}, ${literal(JSON.stringify(manifest.tenant.settings ?? {}))}::jsonb, ${literal(manifest.tenant.createdAt)}::timestamptz);`,
      );
    }
  }
  post.push(
    `UPDATE ${quoteIdent(target)}.sessions SET revoked_at = ${literal(endedAt.toISOString())}::timestamptz, revoked_reason = 'tenant_restored', version = version + 1 WHERE revoked_at IS NULL;`,
  );

  const openBefore = !intoNew && sourceExists ? await openSessionIds(pool, source) : [];
  const pre = ['SET standard_conforming_strings = on;', `SET lock_timeout = '30s';`];
  if (sourceExists) pre.push(`ALTER SCHEMA ${quoteIdent(source)} RENAME TO ${quoteIdent(aside)};`);

  const { url, env } = connectionFor(connectionString);
  const archive = createReadStream(file, { start: archiveOffset });
  const restore = spawn(tools.pgRestore, ['--no-owner', '--no-privileges', '--file=-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let restoreError = '';
  restore.stderr.on('data', (chunk: Buffer) => (restoreError += chunk.toString('utf8')));
  archive.pipe(restore.stdin);
  const restoreExit = once(restore, 'close');
  try {
    await run(
      tools.psql,
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        `--dbname=${url}`,
        '-c',
        pre.join('\n'),
        '-f',
        '-',
        '-c',
        post.join('\n'),
      ],
      { env, stdin: restore.stdout },
    );
  } catch (error) {
    restore.kill();
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('tenants_slug_key'))
      throw new DataLayerError('SLUG_TAKEN', 'this tenant slug is already taken', { cause: error });
    if (message.includes('tenants_domain_key')) {
      throw new DataLayerError(
        'BAD_USER_INPUT',
        "the backup's domain now belongs to another tenant; restore it into a new tenant",
        { cause: error },
      );
    }
    throw error;
  }
  const [code] = (await restoreExit) as [number | null];
  if (code !== 0)
    throw new TenantBackupError(`pg_restore exited with ${String(code)}: ${restoreError.trim().slice(0, 4000)}`);

  // The backup may predate migrations this code ships: bring the schema up to date.
  const migrated = await withTransaction(pool, (client) =>
    migrateTenantSchema(client, target, { migrations: shipped }),
  );
  const endedNow = (
    await pool.query<{ id: string }>(
      `SELECT id::text AS id FROM ${quoteIdent(target)}.sessions WHERE revoked_reason = 'tenant_restored' AND revoked_at = $1`,
      [endedAt],
    )
  ).rows.map((row) => row.id);
  return {
    tenantId,
    slug,
    schema: target,
    mode,
    migrated,
    endedSessionIds: [...new Set([...openBefore, ...endedNow])],
  };
}

async function openSessionIds(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text AS id FROM ${quoteIdent(schema)}.sessions WHERE revoked_at IS NULL`,
  );
  return rows.map((row) => row.id);
}
