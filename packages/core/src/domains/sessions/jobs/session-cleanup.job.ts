import crypto from 'node:crypto';
import type { Database } from '@tradesage/prisma';
import type { Config } from '../../../runtime/config.ts';
import type { Logger } from '../../../runtime/logger.ts';
import type { Redis } from '../../../runtime/redis.ts';
import { deleteOneTimeTokensSpentBefore } from '../../credentials/one-time-token.repository.ts';
import { listTenantsWithSchema } from '../../tenants/tenant.repository.ts';
import { deleteRefreshTokensSpentBefore, deleteSessionsEndedBefore } from '../session.repository.ts';

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

// Deletes the lock only if it is still ours: an expired lock taken over by another instance stays.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

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
      sessions += await deleteSessionsEndedBefore(db, cutoff);
      refreshTokens += await deleteRefreshTokensSpentBefore(db, cutoff);
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

/**
 * Runs the cleanup periodically on every instance; a Redis lock (`SET key token NX PX ttl`,
 * released by compare-and-delete) lets one of them work at a time. Each run logs one structured
 * line (`session cleanup finished`, with counts and duration), stores it in Redis
 * (SESSION_CLEANUP_LAST_RUN_KEY) and adds to this process's counters (`metrics()`).
 */
export function startSessionCleanup(
  deps: SessionCleanupDeps,
  options: {
    intervalMs?: number;
    graceMs?: number;
    firstRunDelayMs?: number;
    lockTtlMs?: number;
    lockKey?: string;
    timers?: boolean;
  } = {},
): SessionCleanupScheduler {
  const intervalMs = options.intervalMs ?? deps.config.sessionCleanup.intervalMs;
  const graceMs = options.graceMs ?? deps.config.sessionCleanup.graceMs;
  const lockTtlMs = options.lockTtlMs ?? 30 * 60_000;
  const lockKey = options.lockKey ?? SESSION_CLEANUP_LOCK_KEY;
  const metrics: SessionCleanupMetrics = {
    runs: 0,
    skipped: 0,
    failures: 0,
    sessions: 0,
    refreshTokens: 0,
    oneTimeTokens: 0,
    lastRun: null,
  };
  let running = false;

  const runOnce = async (now = new Date()): Promise<SessionCleanupReport | null> => {
    if (running) {
      metrics.skipped++;
      return null;
    }
    running = true;
    const token = crypto.randomUUID();
    try {
      const acquired = await deps.redis.set(lockKey, token, 'PX', lockTtlMs, 'NX');
      if (acquired !== 'OK') {
        metrics.skipped++;
        return null;
      }
      try {
        const report = await cleanupSessions(deps, now, graceMs);
        metrics.runs++;
        metrics.sessions += report.sessions;
        metrics.refreshTokens += report.refreshTokens;
        metrics.oneTimeTokens += report.oneTimeTokens;
        metrics.lastRun = report;
        deps.logger.info({ job: 'session-cleanup', ...report }, 'session cleanup finished');
        await deps.redis.set(SESSION_CLEANUP_LAST_RUN_KEY, JSON.stringify(report)).catch(() => undefined);
        return report;
      } finally {
        await deps.redis.eval(RELEASE, 1, lockKey, token).catch((error: unknown) => {
          deps.logger.warn(
            { err: (error as Error).message },
            'session cleanup: could not release its lock; it expires by itself',
          );
        });
      }
    } catch (error) {
      metrics.failures++;
      throw error;
    } finally {
      running = false;
    }
  };

  const tick = () => {
    runOnce().catch((error: unknown) =>
      deps.logger.error({ err: (error as Error).message, job: 'session-cleanup' }, 'session cleanup failed'),
    );
  };
  const timers = options.timers ?? true;
  const first = timers ? setTimeout(tick, options.firstRunDelayMs ?? 60_000) : undefined;
  const every = timers ? setInterval(tick, intervalMs) : undefined;
  first?.unref();
  every?.unref();
  return {
    runOnce,
    metrics: () => ({ ...metrics }),
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
