import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createRedis, redisSettled, type Redis } from './redis.ts';
import { tryRedisLock } from './redis-lock.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent', name: 'redis-lock-test' });
const connections: Redis[] = [];

/** One instance's own Redis connection, as two processes would have. */
async function instanceRedis(): Promise<Redis> {
  const redis = createRedis(REDIS_URL, logger);
  connections.push(redis);
  await redisSettled(redis, 2_000);
  return redis;
}

afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tryRedisLock', () => {
  it('has one holder at a time across connections; released, the next one gets it', async () => {
    const key = `test:lock:${crypto.randomUUID()}`;
    const [a, b] = [await instanceRedis(), await instanceRedis()];
    const held = await tryRedisLock(a, key, { ttlMs: 10_000 });
    expect(held).not.toBeNull();
    expect(await tryRedisLock(b, key, { ttlMs: 10_000 })).toBeNull();
    await held?.release();
    const next = await tryRedisLock(b, key, { ttlMs: 10_000 });
    expect(next).not.toBeNull();
    await next?.release();
    expect(await a.exists(key)).toBe(0);
  });

  it('never releases a lock another holder took after it expired', async () => {
    const key = `test:lock:${crypto.randomUUID()}`;
    const [a, b] = [await instanceRedis(), await instanceRedis()];
    const expired = await tryRedisLock(a, key, { ttlMs: 100 });
    await sleep(250);
    const current = await tryRedisLock(b, key, { ttlMs: 10_000 });
    expect(current).not.toBeNull();
    await expired?.release();
    expect(await tryRedisLock(a, key, { ttlMs: 10_000 })).toBeNull();
    await current?.release();
  });

  it('kept alive, outlives its TTL while held, and expires after its holder stops', async () => {
    const key = `test:lock:${crypto.randomUUID()}`;
    const [a, b] = [await instanceRedis(), await instanceRedis()];
    const kept = await tryRedisLock(a, key, { ttlMs: 300, keepAlive: true });
    await sleep(900);
    expect(await tryRedisLock(b, key, { ttlMs: 300 })).toBeNull();
    await kept?.release();
    expect(await a.exists(key)).toBe(0);

    // Without keep-alive, the same TTL runs out.
    await tryRedisLock(a, key, { ttlMs: 300 });
    await sleep(600);
    const after = await tryRedisLock(b, key, { ttlMs: 300 });
    expect(after).not.toBeNull();
    await after?.release();
  });
});
