import type { Logger } from './logger.ts';
import type { Redis } from './redis.ts';
import { tryRedisLock } from './redis-lock.ts';

/**
 * A periodic background job of a domain (session cleanup, tenant purge). Every instance runs the
 * timers; a Redis lock (`tryRedisLock`: `SET key token NX PX ttl`, released by compare-and-delete)
 * lets one of them work at a time. A domain exports a function that lists its jobs; the stack and
 * a subgraph started alone start such a list with `startJobs`.
 */
export interface Job<R = unknown> {
  /** Short kebab-case name, logged with every failure (`job` field). */
  readonly name: string;
  /** The Redis lock shared by every instance. */
  readonly lockKey: string;
  /** Outlives the longest run (the work is done in bounded batches). */
  readonly lockTtlMs: number;
  readonly intervalMs: number;
  readonly firstRunDelayMs: number;
  /** One run, under the lock. */
  run(now: Date): Promise<R>;
}

/** Counters of this process since the job started. */
export interface JobMetrics {
  /** Runs this instance did to the end. */
  runs: number;
  /** Ticks that found a run going on (here, or elsewhere: the lock was taken). */
  skipped: number;
  /** Runs that threw (logged). */
  failures: number;
}

export interface RunningJob<R = unknown> {
  /** One run now, if this instance gets the lock; null when a run is already going on here or elsewhere. */
  runOnce(now?: Date): Promise<R | null>;
  metrics(): Readonly<JobMetrics>;
  stop(): void;
}

/** Starts one job's timers (`timers: false`: only `runOnce`, for tests). */
export function startJob<R>(
  deps: { readonly redis: Redis; readonly logger: Logger },
  job: Job<R>,
  options: { timers?: boolean } = {},
): RunningJob<R> {
  let running = false;
  const metrics: JobMetrics = { runs: 0, skipped: 0, failures: 0 };

  const runOnce = async (now = new Date()): Promise<R | null> => {
    if (running) {
      metrics.skipped++;
      return null;
    }
    running = true;
    try {
      const lock = await tryRedisLock(deps.redis, job.lockKey, { ttlMs: job.lockTtlMs });
      if (!lock) {
        metrics.skipped++;
        return null;
      }
      try {
        const result = await job.run(now);
        metrics.runs++;
        return result;
      } finally {
        await lock.release().catch((error: unknown) => {
          deps.logger.warn(
            { err: (error as Error).message, job: job.name },
            `${job.name}: could not release its lock; it expires by itself`,
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
      deps.logger.error({ err: (error as Error).message, job: job.name }, `${job.name} failed`),
    );
  };
  const timers = options.timers ?? true;
  const first = timers ? setTimeout(tick, job.firstRunDelayMs) : undefined;
  const every = timers ? setInterval(tick, job.intervalMs) : undefined;
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

/** Starts every job of the list; `stop` stops them all. */
export function startJobs(
  deps: { readonly redis: Redis; readonly logger: Logger },
  jobs: readonly Job[],
): { stop(): void } {
  const running = jobs.map((job) => startJob(deps, job));
  return {
    stop() {
      for (const job of running) job.stop();
    },
  };
}
