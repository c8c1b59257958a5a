/**
 * (e) Tenants at scale, on a throwaway database of its own with its own
 * runtime (no HTTP stack: the figures are the data layer's and the tenant service's):
 *
 *   - provisioning one tenant with 1000 tenants already present: p50/p95 of `provisionTenant`
 *     (schema only) and `provisionTenantWithUsers` (1 admin), against the goal p50 < 100 ms;
 *   - migrating the 1000 tenant schemas for one new column and one index with `migrateAllTenants`
 *     (concurrency = the pool max), against the goal < 60 s;
 *   - the most Postgres connections open during each phase (sampled every 100 ms), against the
 *     pool max.
 */
import { performance } from 'node:perf_hooks';
import { createRuntime, type Config } from '@tradesage/core';
import { migrateAllTenants, migrateControl } from '@tradesage/prisma';
import { tempTenantMigrations, createTestDatabase } from '@tradesage/prisma/testing';
import pg from 'pg';
import { fillTenants, measureProvisioning, tenantCount, type ProvisioningSamples } from './provisioning.ts';
import type { Row } from './report.ts';
import { percentile, ratio } from './stats.ts';

export const TENANTS_SETTINGS = {
  tenantsPresent: 1000,
  tenantsFillParallelism: 8,
  tenantsProvisionSamples: 30,
  tenantsSampleIntervalMs: 100,
  provisionGoalP50Ms: 100,
  migrateGoalSeconds: 60,
} as const;

const BENCH_MIGRATION = {
  '9001_bench_column.sql':
    'ALTER TABLE __SCHEMA__.users ADD COLUMN bench_note text;\nCREATE INDEX users_bench_note_idx ON __SCHEMA__.users (bench_note);\n',
};

export interface TenantsBenchOptions {
  readonly adminUrl: string;
  /** The runtime's configuration for a database URL (quiet logs, BCRYPT_COST 10, ...). */
  readonly config: (databaseUrl: string) => Config;
  /** run.ts's undo list: every resource is registered there, so Ctrl-C and failures clean up. */
  readonly undo: Array<{ what: string; run: () => Promise<unknown> }>;
  readonly log: (line: string) => void;
}

export interface ConnectionPeak {
  readonly max: number;
  readonly samples: number;
}

/**
 * Counts this database's backends every `intervalMs` on a connection of its own (not the pool's),
 * which it leaves out of the count. A tick is skipped while the previous query is still running.
 */
async function sampleConnections(
  connectionString: string,
  intervalMs: number,
): Promise<{ stop(): Promise<ConnectionPeak> }> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined); // DROP DATABASE ... WITH (FORCE) may end it first
  await client.connect();
  let max = 0;
  let samples = 0;
  let failure: unknown;
  let inFlight: Promise<void> | undefined;
  const tick = (): void => {
    if (inFlight) return;
    inFlight = client
      .query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
      .then(({ rows }) => {
        max = Math.max(max, rows[0]?.n ?? 0);
        samples++;
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      tick(); // one last look at the end of the phase
      await inFlight;
      await client.end().catch(() => undefined);
      if (failure !== undefined) throw new Error('sampling pg_stat_activity failed', { cause: failure });
      return { max, samples };
    },
  };
}

export async function runTenantsBench(
  options: TenantsBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { undo, log } = options;
  const fmt = (n: number): string => n.toFixed(1);
  const stepsBefore = undo.length;

  const database = await createTestDatabase('tradesage_bench', options.adminUrl);
  undo.push({ what: `drop database ${database.name}`, run: () => database.drop() });
  const config = options.config(database.connectionString);
  const runtime = await createRuntime(config, { name: 'bench-tenants' });
  undo.push({ what: 'close the tenants runtime', run: () => runtime.close() });
  const pool = runtime.db.pool;
  await migrateControl(pool);
  log(`database ${database.name}; pool max ${config.dbPoolMax}`);

  const target = TENANTS_SETTINGS.tenantsPresent;
  let started = performance.now();
  const created = await fillTenants(pool, target, TENANTS_SETTINGS.tenantsFillParallelism);
  const fillSeconds = (performance.now() - started) / 1000;
  const present = await tenantCount(pool);
  log(
    `filled to ${present} tenants (${created} schema-only tenants created in ${fmt(fillSeconds)} s, ${TENANTS_SETTINGS.tenantsFillParallelism} at a time)`,
  );

  // Provisioning, one at a time, each new tenant dropped again so every sample sees `present`.
  let sampler = await sampleConnections(database.connectionString, TENANTS_SETTINGS.tenantsSampleIntervalMs);
  started = performance.now();
  const [samples] = (await measureProvisioning([runtime], TENANTS_SETTINGS.tenantsProvisionSamples)) as [
    ProvisioningSamples,
  ];
  const provisionSeconds = (performance.now() - started) / 1000;
  const provisionPeak = await sampler.stop();
  log(
    `${present} tenants exist: provisionTenant p50 ${fmt(percentile(samples.dataLayer, 50))} ms p95 ${fmt(percentile(samples.dataLayer, 95))} ms; ` +
      `provisionTenantWithUsers p50 ${fmt(percentile(samples.service, 50))} ms p95 ${fmt(percentile(samples.service, 95))} ms ` +
      `(${samples.dataLayer.length} samples each, ${fmt(provisionSeconds)} s); max ${provisionPeak.max} connections`,
  );

  // Migration of every tenant schema: shipped migrations + one column and one index.
  const migrations = await tempTenantMigrations(BENCH_MIGRATION);
  undo.push({ what: 'remove the bench migrations folder', run: () => migrations.remove() });
  const concurrency = config.dbPoolMax;
  sampler = await sampleConnections(database.connectionString, TENANTS_SETTINGS.tenantsSampleIntervalMs);
  started = performance.now();
  const reports = await migrateAllTenants(pool, { migrationsDir: migrations.dir, concurrency });
  const migrateSeconds = (performance.now() - started) / 1000;
  const migratePeak = await sampler.stop();
  const failed = reports.filter(
    (report) => report.status !== 'migrated' || report.applied.join() !== '9001_bench_column.sql',
  );
  log(
    `migrated ${reports.length} tenant schemas in ${fmt(migrateSeconds)} s (concurrency ${concurrency}); max ${migratePeak.max} connections`,
  );
  if (failed.length > 0) {
    throw new Error(
      `migrateAllTenants: ${failed.length} of ${reports.length} tenants not migrated as expected, e.g. ${JSON.stringify(failed.slice(0, 3))}`,
    );
  }
  const { rows: indexed } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'users_bench_note_idx'",
  );
  if (indexed[0]?.n !== reports.length)
    throw new Error(`expected ${reports.length} users_bench_note_idx indexes, found ${indexed[0]?.n}`);

  while (undo.length > stepsBefore) await undo.pop()?.run();

  const goal = TENANTS_SETTINGS.provisionGoalP50Ms;
  const provisionRows = (kind: string, values: readonly number[]): Row[] => [
    {
      figure: `${kind} p50, ${present} tenants exist`,
      value: percentile(values, 50),
      unit: 'ms',
      baselineLabel: 'goal: p50 under',
      baseline: goal,
      ratio: ratio(percentile(values, 50), goal),
    },
    {
      figure: `${kind} p95, ${present} tenants exist`,
      value: percentile(values, 95),
      unit: 'ms',
      baselineLabel: '',
      baseline: null,
      ratio: null,
    },
  ];
  const poolRow = (figure: string, peak: ConnectionPeak): Row => ({
    figure,
    value: peak.max,
    unit: 'connections',
    baselineLabel: 'configured pool max',
    baseline: config.dbPoolMax,
    ratio: ratio(peak.max, config.dbPoolMax),
  });
  const rows: Row[] = [
    ...provisionRows('provisionTenant (schema only)', samples.dataLayer),
    ...provisionRows('provisionTenantWithUsers (1 admin)', samples.service),
    {
      figure: `migrate ${reports.length} tenant schemas (+1 column, +1 index)`,
      value: migrateSeconds,
      unit: 's',
      baselineLabel: 'goal: under',
      baseline: TENANTS_SETTINGS.migrateGoalSeconds,
      ratio: ratio(migrateSeconds, TENANTS_SETTINGS.migrateGoalSeconds),
    },
    poolRow(`max PG connections, provisioning (${present} tenants)`, provisionPeak),
    poolRow(`max PG connections, migrating ${reports.length} tenants`, migratePeak),
  ];
  return {
    rows,
    details: {
      tenantsPresent: present,
      fill: { created, seconds: fillSeconds, parallelism: TENANTS_SETTINGS.tenantsFillParallelism },
      provisioning: { samples, seconds: provisionSeconds, connections: provisionPeak },
      migration: { tenants: reports.length, concurrency, seconds: migrateSeconds, connections: migratePeak },
      poolMax: config.dbPoolMax,
    },
  };
}
