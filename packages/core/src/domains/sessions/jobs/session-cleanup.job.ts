import type { Database } from '@tradesage/prisma';
import type { Config } from '../../../runtime/config.ts';
import type { Logger } from '../../../runtime/logger.ts';
import { startJob, type Job } from '../../../runtime/jobs.ts';
import type { Redis } from '../../../runtime/redis.ts';
import { deleteOneTimeTokensSpentBefore } from '../../credentials/one-time-token.repository.ts';
import { listTenantsWithSchema } from '../../tenants/tenant.repository.ts';
import { SessionRepository } from '../session.repository.ts';

/** What the cleanup job uses: every tenant schema, Redis (its lock and last run), a logger, its schedule. */
export interface SessionCleanupDeps {
  readonly db: Database;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly config: Pick<Config, 'sessionCleanup'>;
}

export const SESSION_CLEANUP_LOCK_KEY = 'jobs:session-cleanup:lock';
/** The last finished run (JSON of SessionCleanupReport), for /health or a metrics endpoint. */
export const SESSION_CLEANUP_LAST_RUN_KEY = 'jobs:session-cleanup:last-run';

export interface SessionCleanupReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly tenants: number;
  readonly failedTenants: number;
  readonly sessions: number;
  readonly refreshTokens: number;
  readonly oneTimeTokens: number;
}

/** Counters of this process since it started (runs it did, rows it deleted), and its last run. */
export interface SessionCleanupMetrics {
  runs: number;
  skipped: number;
  failures: number;
  sessions: number;
  refreshTokens: number;
  oneTimeTokens: number;
  lastRun: SessionCleanupReport | null;
}

export interface SessionCleanupScheduler {
  /** One run now, if this instance gets the lock; null when another run holds it. */
  runOnce(now?: Date): Promise<SessionCleanupReport | null>;
  metrics(): Readonly<SessionCleanupMetrics>;
  stop(): void;
}

/**
 * Deletes, in every tenant schema (control.tenants with status other than `purged`), what ended
 * more than `graceMs` before `now`: sessions expired or revoked (their refresh tokens go with
 * them), refresh tokens spent or expired, one-time tokens used or expired. One tenant failing
 * is logged and counted; the others are still cleaned.
 */
export async function cleanupSessions(
  deps: SessionCleanupDeps,
  now: Date,
  graceMs: number,
): Promise<SessionCleanupReport> {
  const started = Date.now();
  const cutoff = new Date(now.getTime() - graceMs);
  const tenants = await listTenantsWithSchema(deps.db.control);
  let sessions = 0;
  let refreshTokens = 0;
  let oneTimeTokens = 0;
  let failedTenants = 0;
  for (const tenant of tenants) {
    try {
      const db = deps.db.tenant(tenant.id);
      const repository = new SessionRepository(db, tenant.id);
      sessions += await repository.deleteEndedBefore(cutoff);
      refreshTokens += await repository.deleteRefreshTokensSpentBefore(cutoff);
      oneTimeTokens += await deleteOneTimeTokensSpentBefore(db, cutoff);
    } catch (error) {
      failedTenants++;
      deps.logger.error(
        { err: (error as Error).message, tenantId: tenant.id, slug: tenant.slug },
        'session cleanup: tenant failed',
      );
    }
  }
  return {
    startedAt: now.toISOString(),
    durationMs: Date.now() - started,
    tenants: tenants.length,
    failedTenants,
    sessions,
    refreshTokens,
    oneTimeTokens,
  };
}

/** Reads the last finished run (any instance) from Redis; null when none or Redis cannot answer. */
export async function lastSessionCleanup(deps: SessionCleanupDeps): Promise<SessionCleanupReport | null> {
  try {
    const value = await deps.redis.get(SESSION_CLEANUP_LAST_RUN_KEY);
    return value ? (JSON.parse(value) as SessionCleanupReport) : null;
  } catch {
    return null;
  }
}

export interface SessionCleanupOptions {
  readonly intervalMs?: number;
  readonly graceMs?: number;
  readonly firstRunDelayMs?: number;
  readonly lockTtlMs?: number;
  readonly lockKey?: string;
  /** Called with each finished run's report. */
  readonly onReport?: (report: SessionCleanupReport) => void;
}

/**
 * The cleanup as a job (one instance at a time, runtime/jobs.ts). Each run logs one structured
 * line (`session cleanup finished`, with counts and duration) and stores its report in Redis
 * (SESSION_CLEANUP_LAST_RUN_KEY).
 */
export function sessionCleanupJob(
  deps: SessionCleanupDeps,
  options: SessionCleanupOptions = {},
): Job<SessionCleanupReport> {
  const graceMs = options.graceMs ?? deps.config.sessionCleanup.graceMs;
  return {
    name: 'session-cleanup',
    lockKey: options.lockKey ?? SESSION_CLEANUP_LOCK_KEY,
    lockTtlMs: options.lockTtlMs ?? 30 * 60_000,
    intervalMs: options.intervalMs ?? deps.config.sessionCleanup.intervalMs,
    firstRunDelayMs: options.firstRunDelayMs ?? 60_000,
    async run(now) {
      const report = await cleanupSessions(deps, now, graceMs);
      options.onReport?.(report);
      deps.logger.info({ job: 'session-cleanup', ...report }, 'session cleanup finished');
      await deps.redis.set(SESSION_CLEANUP_LAST_RUN_KEY, JSON.stringify(report)).catch(() => undefined);
      return report;
    },
  };
}

/**
 * Starts the cleanup on its own, with this process's counters (`metrics()`): runs it did, rows it
 * deleted, its last run. The stack and the session subgraph start it through `sessionJobs`.
 */
export function startSessionCleanup(
  deps: SessionCleanupDeps,
  options: SessionCleanupOptions & { timers?: boolean } = {},
): SessionCleanupScheduler {
  const totals = { sessions: 0, refreshTokens: 0, oneTimeTokens: 0, lastRun: null as SessionCleanupReport | null };
  const job = startJob(
    deps,
    sessionCleanupJob(deps, {
      ...options,
      onReport(report) {
        totals.sessions += report.sessions;
        totals.refreshTokens += report.refreshTokens;
        totals.oneTimeTokens += report.oneTimeTokens;
        totals.lastRun = report;
        options.onReport?.(report);
      },
    }),
    options.timers === undefined ? {} : { timers: options.timers },
  );
  return {
    runOnce: job.runOnce,
    metrics: () => ({ ...job.metrics(), ...totals }),
    stop: job.stop,
  };
}
