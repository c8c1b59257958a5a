import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tenantKey } from '@tradesage/core';
import { findPgTools, quoteIdent, readBackupManifest, tenantSchemaName } from '@tradesage/prisma';
import { purgeExpiredTenants } from '@tradesage/subgraph-tenant';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelTenantDocument } from '@tradesage/client';
import {
  addSignedInUser,
  auditActions,
  codeOf,
  createTestTenant,
  dataOf,
  detailsOf,
  platformAdminToken,
  startTestStack,
  useTestStack,
  type GraphQLResponse,
  type TestStack,
  type TestTenant,
} from './support/fixtures.ts';

/**
 * Tenant backups through the gateway (platform administrators only): `backupTenant` writes the
 * file `npm run tenant:backup` writes, `tenantBackups` lists a tenant's files by their headers.
 * The operations are sent as raw text: the client SDK's operations belong to the clients.
 */

interface TenantBackup {
  readonly fileName: string;
  readonly kind: 'MANUAL' | 'RETENTION_EXPORT';
  readonly createdAt: string;
  readonly sizeBytes: number;
  readonly migrationCount: number;
}

const FIELDS = 'fileName kind createdAt sizeBytes migrationCount';
const BACKUP = `mutation Backup($tenantId: ID!) { backupTenant(tenantId: $tenantId) { ${FIELDS} } }`;
const LIST = `query Backups($tenantId: ID!) { tenantBackups(tenantId: $tenantId) { ${FIELDS} } }`;

function backupTenant(t: TestStack, tenantId: string, token: string) {
  return t.raw<{ backupTenant: TenantBackup }>(BACKUP, { tenantId }, { token });
}

function tenantBackups(t: TestStack, tenantId: string, token: string) {
  return t.raw<{ tenantBackups: TenantBackup[] }>(LIST, { tenantId }, { token });
}

/** A stack whose DATA_DIR (backups and exports) is a folder of its own, removed with it. */
async function startStackWithDataDir(env: Readonly<Record<string, string>> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-backups-'));
  const t = await startTestStack({ env: { DATA_DIR: dataDir, ...env } });
  return {
    ...t,
    dataDir,
    async stop() {
      try {
        await t.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function filesIn(folder: string): Promise<string[]> {
  return (await readdir(folder).catch(() => [])).sort();
}

async function tenantMigrationCount(t: TestStack, tenantId: string): Promise<number> {
  const { rows } = await t.stack.runtime.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${quoteIdent(tenantSchemaName(tenantId))}._migrations`,
  );
  return rows[0]?.n ?? 0;
}

function backupOf(res: GraphQLResponse<{ backupTenant: TenantBackup }>): TenantBackup {
  return dataOf(res, 'backupTenant').backupTenant;
}

describe('tenant backups on a server with pg_dump', () => {
  const [t, a, b] = useTestStack(startStackWithDataDir, { prefix: 'bka' }, { prefix: 'bkb' });

  it('a platform administrator backs a tenant up and lists it, newest first, with its own files only', async () => {
    const token = await platformAdminToken(t);
    const before = Date.now();
    const first = backupOf(await backupTenant(t, a.id, token));
    const second = backupOf(await backupTenant(t, a.id, token));
    const ofB = backupOf(await backupTenant(t, b.id, token));

    const slugAt = new RegExp(`^${a.slug}-\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.\\d{3}Z\\.tsbackup$`);
    expect(first.fileName).toMatch(slugAt);
    expect(first).toMatchObject({ kind: 'MANUAL', migrationCount: await tenantMigrationCount(t, a.id) });
    expect(first.migrationCount).toBeGreaterThan(0);
    expect(first.sizeBytes).toBeGreaterThan(0);
    expect(Date.parse(first.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(second.createdAt)).toBeGreaterThanOrEqual(Date.parse(first.createdAt));

    // The file the CLI would have written: DATA_DIR/backups, owner-only, that tenant's header, that size.
    const file = path.join(t.dataDir, 'backups', first.fileName);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(file)).size).toBe(first.sizeBytes);
    expect((await readBackupManifest(file)).manifest.tenant).toMatchObject({ id: a.id, slug: a.slug });

    // Files that must not be listed for A: not a backup, named like one of A's but B's inside,
    // a file being written, and another extension.
    const backups = path.join(t.dataDir, 'backups');
    await writeFile(path.join(backups, `${a.slug}-junk.tsbackup`), 'not a backup\n{}\n', { mode: 0o600 });
    await copyFile(path.join(backups, ofB.fileName), path.join(backups, `${a.slug}-renamed.tsbackup`));
    await copyFile(file, path.join(backups, `${first.fileName}.1234abcd.partial`));
    await writeFile(path.join(backups, 'notes.txt'), a.id);

    const listed = await tenantBackups(t, a.id, token);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data?.tenantBackups).toEqual([second, first]);
    // Where the files live on the server is never part of an answer.
    expect(JSON.stringify(listed.body)).not.toContain(t.dataDir);
    expect(JSON.stringify(listed.body)).not.toContain(ofB.fileName);

    const listedB = dataOf(await tenantBackups(t, b.id, token), 'tenantBackups B').tenantBackups;
    expect(listedB.map((backup) => backup.fileName).sort()).toEqual(
      [ofB.fileName, `${a.slug}-renamed.tsbackup`].sort(),
    );

    // Audited in the tenant's own log and in the platform's, as lifecycle actions are.
    expect(await auditActions(t, a.id, a.id)).toEqual(['tenant.created', 'tenant.backed_up', 'tenant.backed_up']);
    expect(await auditActions(t, t.stack.platformTenantId, a.id)).toEqual(expect.arrayContaining(['tenant.backed_up']));
    const [audited] = await t.stack.runtime.db
      .tenant(a.id)
      .auditEvent.findMany({ where: { action: 'tenant.backed_up' }, orderBy: { id: 'asc' } });
    expect(audited?.data).toMatchObject({
      fileName: first.fileName,
      sizeBytes: first.sizeBytes,
      migrationCount: first.migrationCount,
      actorTenantId: t.stack.platformTenantId,
    });
  });

  it('lists what npm run tenant:backup wrote, in the same folder under the same name', async () => {
    const tenant = await createTestTenant(t, { prefix: 'bkcli' });
    const root = path.resolve(import.meta.dirname, '..');
    await promisify(execFile)(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/tenant-backup.ts', tenant.slug],
      {
        cwd: root,
        env: {
          ...process.env,
          DATA_DIR: t.dataDir,
          DATABASE_URL: t.stack.runtime.config.databaseUrl?.reveal() ?? '',
          LOG_LEVEL: 'silent',
        },
      },
    );
    const listed = dataOf(await tenantBackups(t, tenant.id, await platformAdminToken(t)), 'list').tenantBackups;
    expect(listed).toEqual([
      expect.objectContaining({ kind: 'MANUAL', fileName: expect.stringMatching(`^${tenant.slug}-`) }),
    ]);
  });

  it('lists the export of a purged tenant, which has nothing left to back up', async () => {
    const token = await platformAdminToken(t);
    const tenant = await createTestTenant(t, { prefix: 'bkpurge' });
    dataOf(await t.request(CancelTenantDocument, { id: tenant.id }, { token }), 'cancelTenant');
    // The retention job, with its clock moved past the retention period, writes to TENANT_EXPORT_DIR.
    const reports = await purgeExpiredTenants(t.stack.runtime, new Date(Date.now() + 31 * 86_400_000));
    expect(reports.find((report) => report.tenantId === tenant.id)).toMatchObject({ outcome: 'purged' });

    const listed = dataOf(await tenantBackups(t, tenant.id, token), 'list').tenantBackups;
    expect(listed).toEqual([
      expect.objectContaining({
        kind: 'RETENTION_EXPORT',
        fileName: expect.stringMatching(`^${tenant.slug}-${tenant.id}-.*\\.tsbackup$`),
      }),
    ]);
    expect(listed[0]?.sizeBytes).toBeGreaterThan(0);

    const refused = await backupTenant(t, tenant.id, token);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    expect(detailsOf(refused)).toEqual({ reason: 'purged' });
    expect(refused.body.data ?? null).toBeNull();
  });

  it('is FORBIDDEN to a tenant admin (even for their own tenant) and to everyone else of a tenant', async () => {
    const viewer = await addSignedInUser(t, a, 'viewer');
    const backups = path.join(t.dataDir, 'backups');
    const filesBefore = await filesIn(backups);
    for (const [who, token] of [
      ['tenant admin', a.admin.token],
      ['viewer', viewer.token],
    ] as const) {
      for (const tenantId of [a.id, b.id]) {
        const made = await backupTenant(t, tenantId, token);
        expect(codeOf(made), `${who} backupTenant`).toBe('FORBIDDEN');
        expect(made.body.data ?? null).toBeNull();
        const listed = await tenantBackups(t, tenantId, token);
        expect(codeOf(listed), `${who} tenantBackups`).toBe('FORBIDDEN');
        expect(listed.body.data ?? null).toBeNull();
      }
    }
    expect(await filesIn(backups)).toEqual(filesBefore);
  });

  it('answers NOT_FOUND for a tenant that does not exist', async () => {
    const token = await platformAdminToken(t);
    const unknown = crypto.randomUUID();
    expect(codeOf(await backupTenant(t, unknown, token))).toBe('NOT_FOUND');
    expect(codeOf(await tenantBackups(t, unknown, token))).toBe('NOT_FOUND');
  });

  it('refuses a second backup while another instance is writing one (BACKUP_IN_PROGRESS), then goes ahead', async () => {
    const token = await platformAdminToken(t);
    const tenant: TestTenant = await createTestTenant(t, { prefix: 'bklock' });
    // What another tenant-subgraph instance holds while its pg_dump runs.
    const key = tenantKey(tenant.id, 'backup', 'lock');
    await t.stack.runtime.redis.set(key, 'another-instance', 'PX', 60_000);
    try {
      const refused = await backupTenant(t, tenant.id, token);
      expect(codeOf(refused)).toBe('BACKUP_IN_PROGRESS');
      expect(dataOf(await tenantBackups(t, tenant.id, token), 'list').tenantBackups).toEqual([]);
      // Someone else's lock is left alone.
      expect(await t.stack.runtime.redis.get(key)).toBe('another-instance');
    } finally {
      await t.stack.runtime.redis.del(key);
    }
    backupOf(await backupTenant(t, tenant.id, token));
    // Released once written.
    expect(await t.stack.runtime.redis.exists(key)).toBe(0);
  });
});

describe('tenant backups on a server whose PG_BIN_DIR has no pg_dump', () => {
  let binDir = '';
  let gateDir = '';
  const [t, a] = useTestStack(
    async () => {
      binDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-pgbin-'));
      gateDir = await mkdtemp(path.join(os.tmpdir(), 'tradesage-pggate-'));
      return startStackWithDataDir({ PG_BIN_DIR: binDir });
    },
    { prefix: 'bknobin' },
  );

  afterAll(async () => {
    await rm(binDir, { recursive: true, force: true });
    await rm(gateDir, { recursive: true, force: true });
  });

  it('answers BACKUP_UNAVAILABLE, naming no folder, and leaves nothing behind', async () => {
    const res = await backupTenant(t, a.id, await platformAdminToken(t));
    expect(codeOf(res)).toBe('BACKUP_UNAVAILABLE');
    expect(res.body.data ?? null).toBeNull();
    const message = res.body.errors?.[0]?.message ?? '';
    expect(message).toMatch(/pg_dump/);
    expect(message).not.toContain(binDir);
    expect(message).not.toMatch(/\/|version \d/);
    expect(await filesIn(path.join(t.dataDir, 'backups'))).toEqual([]);
  });

  it('refuses a second backup of the tenant while the first is being written (same instance), then both paths work', async () => {
    const token = await platformAdminToken(t);
    // Install the real tools, pg_dump behind a gate: it waits, once started, until the test opens it.
    const real = await findPgTools(t.stack.runtime.db.pool);
    await symlink(real.pgRestore, path.join(binDir, 'pg_restore'));
    await symlink(real.psql, path.join(binDir, 'psql'));
    const gatedDump = path.join(binDir, 'pg_dump');
    await writeFile(
      gatedDump,
      [
        '#!/bin/sh',
        `if [ "$1" = "--version" ]; then exec "${real.pgDump}" --version; fi`,
        `touch "${gateDir}/started"`,
        `while [ ! -e "${gateDir}/open" ]; do sleep 0.05; done`,
        `exec "${real.pgDump}" "$@"`,
        '',
      ].join('\n'),
    );
    await chmod(gatedDump, 0o755);

    const first = backupTenant(t, a.id, token);
    await expect
      .poll(() =>
        stat(path.join(gateDir, 'started')).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    const second = await backupTenant(t, a.id, token);
    expect(codeOf(second)).toBe('BACKUP_IN_PROGRESS');
    await mkdir(path.join(gateDir, 'open'));
    const made = backupOf(await first);
    expect(made).toMatchObject({ kind: 'MANUAL' });
    expect(dataOf(await tenantBackups(t, a.id, token), 'list').tenantBackups).toEqual([made]);
    // Free again once written.
    backupOf(await backupTenant(t, a.id, token));
  });
});
