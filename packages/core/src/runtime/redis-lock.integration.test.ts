import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { instanceRedisConnections } from './testing/instance-redis.ts';
import { tryRedisLock } from './redis-lock.ts';

const instances = instanceRedisConnections('redis-lock-test');
/** One instance's own Redis connection, as two processes would have. */
const instanceRedis = () => instances.connect();

afterAll(() => instances.closeAll());

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
