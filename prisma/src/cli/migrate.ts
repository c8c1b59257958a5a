import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateAllTenants, migrateControl, type TenantMigrationReport } from '../migrator.ts';

/**
 * `npm run db:migrate [-- --concurrency N] [DATABASE_URL]`: migrates the control schema, then
 * every tenant schema, prints one line per tenant and exits 1 if any tenant failed.
 * The database URL comes from the argument, else DATABASE_URL, else the local default.
 */
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function formatTable(reports: readonly TenantMigrationReport[]): string {
  const header = ['STATUS', 'SLUG', 'SCHEMA', 'APPLIED', 'ERROR'];
  const rows = reports.map((report) => [
    report.status,
    report.slug,
    report.schema,
    report.applied.length > 0 ? report.applied.join(',') : '-',
    report.error ?? '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { concurrency: { type: 'string', default: '4' } },
    allowPositionals: true,
  });
  const concurrency = Number.parseInt(values.concurrency, 10);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    console.error('--concurrency must be a positive integer');
    return 2;
  }
  const connectionString = positionals[0] ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  // One connection per tenant in flight plus one spare for listing tenants.
  const pool = new pg.Pool({ connectionString, max: concurrency + 1 });
  pool.on('error', (error) => console.error(`idle connection error: ${error.message}`));
  try {
    const control = await migrateControl(pool);
    console.log(control.length > 0 ? `control: applied ${control.join(', ')}` : 'control: up to date');
    const reports = await migrateAllTenants(pool, { concurrency });
    const failed = reports.filter((report) => report.status === 'failed').length;
    const migrated = reports.filter((report) => report.status === 'migrated').length;
    if (reports.length > 0) console.log(formatTable(reports));
    console.log(
      `tenants: ${reports.length}, migrated ${migrated}, up to date ${reports.length - migrated - failed}, failed ${failed}`,
    );
    return failed > 0 ? 1 : 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
