import crypto from 'node:crypto';
import type { Runtime } from '@tradesage/core';
import { PURGE_FIRST_RUN_DELAY_MS } from '../config.ts';
import { purgeExpiredTenants } from './tenant-purge.service.ts';

export const PURGE_LOCK_KEY = 'jobs:purge-tenants:lock';

// Deletes the lock only if it is still ours: an expired lock taken over by another instance stays.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface PurgeScheduler {
  /** One run now, if this instance gets the lock. Resolves to false when another instance holds it. */
  runOnce(now?: Date): Promise<boolean>;
  stop(): void;
}

/**
 * Runs the purge job periodically on every tenant-subgraph instance; a Redis lock
 * (`SET key token NX PX ttl`) lets exactly one of them work at a time. The lock outlives the
 * longest run (batches are bounded) and is released by compare-and-delete.
 */
export function startPurgeScheduler(
  runtime: Runtime,
  options: { intervalMs?: number; firstRunDelayMs?: number; lockTtlMs?: number; lockKey?: string } = {},
): PurgeScheduler {
  const intervalMs = options.intervalMs ?? runtime.config.tenants.purgeIntervalMs;
  const lockTtlMs = options.lockTtlMs ?? 30 * 60_000;
  const lockKey = options.lockKey ?? PURGE_LOCK_KEY;
  let running = false;

  const runOnce = async (now = new Date()): Promise<boolean> => {
    if (running) return false;
    running = true;
    const token = crypto.randomUUID();
    try {
      const acquired = await runtime.redis.set(lockKey, token, 'PX', lockTtlMs, 'NX');
      if (acquired !== 'OK') return false;
      try {
        const reports = await purgeExpiredTenants(runtime, now);
        if (reports.length > 0) runtime.logger.info({ reports }, 'purge job finished');
      } finally {
        await runtime.redis.eval(RELEASE, 1, lockKey, token).catch((error: unknown) => {
          runtime.logger.warn(
            { err: (error as Error).message },
            'purge job: could not release its lock; it expires by itself',
          );
        });
      }
      return true;
    } finally {
      running = false;
    }
  };

  const tick = () => {
    runOnce().catch((error: unknown) => runtime.logger.error({ err: (error as Error).message }, 'purge job failed'));
  };
  const first = setTimeout(tick, options.firstRunDelayMs ?? PURGE_FIRST_RUN_DELAY_MS);
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return {
    runOnce,
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
