import { startJob, type Job, type Runtime } from '@tradesage/core';
import { PURGE_FIRST_RUN_DELAY_MS } from '../config.ts';
import { purgeExpiredTenants, type PurgeReport } from '../services/tenant-purge.service.ts';

export const PURGE_LOCK_KEY = 'jobs:purge-tenants:lock';

export interface PurgeJobOptions {
  readonly intervalMs?: number;
  readonly firstRunDelayMs?: number;
  readonly lockTtlMs?: number;
  readonly lockKey?: string;
}

/**
 * The retention job: purges the cancelled tenants whose `purge_after` has passed, on one
 * instance at a time (Redis lock, core's runtime/jobs.ts). The lock outlives the longest run
 * (batches are bounded).
 */
export function purgeJob(runtime: Runtime, options: PurgeJobOptions = {}): Job<PurgeReport[]> {
  return {
    name: 'purge-tenants',
    lockKey: options.lockKey ?? PURGE_LOCK_KEY,
    lockTtlMs: options.lockTtlMs ?? 30 * 60_000,
    intervalMs: options.intervalMs ?? runtime.config.tenants.purgeIntervalMs,
    firstRunDelayMs: options.firstRunDelayMs ?? PURGE_FIRST_RUN_DELAY_MS,
    async run(now) {
      const reports = await purgeExpiredTenants(runtime, now);
      if (reports.length > 0) runtime.logger.info({ reports }, 'purge job finished');
      return reports;
    },
  };
}

/** The tenant domain's background jobs, for `startJobs` (the stack, or the tenant subgraph started alone). */
export function tenantJobs(runtime: Runtime): Job[] {
  return [purgeJob(runtime)];
}

export interface PurgeScheduler {
  /** One run now, if this instance gets the lock. Resolves to false when another instance holds it. */
  runOnce(now?: Date): Promise<boolean>;
  stop(): void;
}

/** Starts the retention job on its own (tests, operations); the stack starts it through `tenantJobs`. */
export function startPurgeScheduler(runtime: Runtime, options: PurgeJobOptions = {}): PurgeScheduler {
  const job = startJob(runtime, purgeJob(runtime, options));
  return {
    runOnce: async (now) => (await job.runOnce(now)) !== null,
    stop: job.stop,
  };
}
