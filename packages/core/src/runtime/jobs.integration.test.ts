import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startJob, type Job } from './jobs.ts';
import { createLogger } from './logger.ts';
import { instanceRedisConnections } from './testing/instance-redis.ts';

const logger = createLogger({ level: 'silent', name: 'jobs-test' });
const instances = instanceRedisConnections('jobs-test');
/** One instance's own Redis connection, as two processes would have. */
const instanceRedis = () => instances.connect();

afterAll(() => instances.closeAll());

/** A job whose runs wait until the test opens their gate, so "during a run" is a state, not a race. */
function gatedJob(lockKey: string) {
  const gates: Array<() => void> = [];
  let started = 0;
  const job: Job<number> = {
    name: 'gated-test-job',
    lockKey,
    lockTtlMs: 60_000,
    intervalMs: 60_000,
    firstRunDelayMs: 60_000,
    run: () =>
      new Promise<number>((resolve) => {
        started++;
        gates.push(() => resolve(started));
      }),
  };
  return { job, gates, startedCount: () => started };
}

describe('jobs: one instance at a time', () => {
  it('while one instance runs, the other skips; once it has finished, the other runs', async () => {
    const lockKey = `test:job-lock:${crypto.randomUUID()}`;
    const gated = gatedJob(lockKey);
    const a = startJob({ redis: await instanceRedis(), logger }, gated.job, { timers: false });
    const b = startJob({ redis: await instanceRedis(), logger }, gated.job, { timers: false });

    const first = a.runOnce();
    await expect.poll(() => gated.startedCount()).toBe(1);
    // a holds the lock for as long as its run lasts.
    expect(await b.runOnce()).toBeNull();
    expect(await a.runOnce()).toBeNull();
    expect(a.metrics().skipped + b.metrics().skipped).toBe(2);

    gated.gates.shift()?.();
    expect(await first).toBe(1);
    // Released at the end of the run: the other instance goes ahead.
    const second = b.runOnce();
    await expect.poll(() => gated.startedCount()).toBe(2);
    gated.gates.shift()?.();
    expect(await second).toBe(2);
    expect([a.metrics().runs, b.metrics().runs]).toEqual([1, 1]);
    a.stop();
    b.stop();
  });
});
