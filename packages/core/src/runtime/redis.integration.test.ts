import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createRedis, redisSettled, type Redis } from './redis.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent', name: 'redis-test' });
const opened: Redis[] = [];

afterEach(() => {
  for (const redis of opened.splice(0)) redis.disconnect();
});

describe('redisSettled', () => {
  it('a new connection can take commands as soon as it has settled (no "Stream isn\'t writeable")', async () => {
    for (let round = 0; round < 10; round++) {
      const { redis } = createRedis(REDIS_URL, logger, { keyPrefix: `test:settled:${round}:` });
      opened.push(redis);
      await redisSettled(redis, 2_000);
      expect(redis.status).toBe('ready');
      expect(await redis.set('k', 'v', 'PX', 1_000)).toBe('OK');
    }
  });

  it('does not wait for a Redis that cannot be reached', async () => {
    const { redis } = createRedis('redis://127.0.0.1:1', logger);
    opened.push(redis);
    const started = Date.now();
    await redisSettled(redis, 5_000);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(redis.status).not.toBe('ready');
  });

  it('returns at once for the in-process stand-in', async () => {
    const { redis } = createRedis(undefined, logger);
    await redisSettled(redis, 5_000);
    expect(await redis.set('k', 'v')).toBe('OK');
  });
});
