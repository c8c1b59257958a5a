import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { RateCounter, rateLimitedError, TenantCounter } from './rate-limit.ts';
import { failFastRedis } from './testing/fail-fast-redis.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent', name: 'test' });
const redis = new Redis(REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
const made: string[] = [];

afterAll(async () => {
  // Only the keys this file made (never FLUSH: Redis is shared).
  if (made.length > 0) await redis.del(...made);
  redis.disconnect();
});

function counter(points: number, durationSeconds = 60, client: Redis = redis): TenantCounter {
  return new TenantCounter(
    { name: `test-${crypto.randomBytes(4).toString('hex')}`, points, durationSeconds },
    client,
    logger,
  );
}

describe('TenantCounter on Redis', () => {
  it('keeps its counts in Redis under the tenant hash tag', async () => {
    const c = counter(5);
    const tenantId = crypto.randomUUID();
    await c.hit(tenantId, '198.51.100.4');
    const key = `rl:${c.rule.name}:{t:${tenantId}}:198.51.100.4`;
    made.push(key);
    expect(await redis.get(key)).toBe('1');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('counts concurrent hits from many clients atomically', async () => {
    const c = counter(1000);
    const other = new Redis(REDIS_URL);
    try {
      const c2 = new TenantCounter(c.rule, other, logger);
      const tenantId = crypto.randomUUID();
      made.push(`rl:${c.rule.name}:{t:${tenantId}}:x`);
      await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? c : c2).hit(tenantId, 'x')));
      expect((await c.peek(tenantId, 'x')).count).toBe(50);
    } finally {
      other.disconnect();
    }
  });

  it('reports exceeded past the limit, blocks, and keeps tenants apart', async () => {
    const c = counter(3, 600);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    made.push(`rl:${c.rule.name}:{t:${a}}:ip`, `rl:${c.rule.name}:{t:${b}}:ip`);
    for (let i = 0; i < 3; i++) expect((await c.hit(a, 'ip')).exceeded).toBe(false);
    expect((await c.hit(a, 'ip')).exceeded).toBe(true);
    expect((await c.peek(b, 'ip')).exceeded).toBe(false);
    await c.block(b, 'ip', 120);
    const blocked = await c.peek(b, 'ip');
    expect(blocked.exceeded).toBe(true);
    expect(blocked.msBeforeReset).toBeGreaterThan(110_000);
    await c.reset(b, 'ip');
    expect((await c.peek(b, 'ip')).count).toBe(0);
  });

  it('judges one count against a limit given per call, and takes hits back', async () => {
    const c = counter(1000);
    const tenantId = crypto.randomUUID();
    made.push(`rl:${c.rule.name}:{t:${tenantId}}:all`);
    // Weighted hits: 3 + 2 against a limit of 5 fit; one more does not. The same count judged
    // against a larger limit (a tenant that raised its setting) is within it.
    expect(await c.hit(tenantId, 'all', 3, 5)).toMatchObject({ count: 3, limit: 5, exceeded: false, first: true });
    expect(await c.hit(tenantId, 'all', 2, 5)).toMatchObject({ count: 5, exceeded: false });
    expect(await c.hit(tenantId, 'all', 1, 5)).toMatchObject({ count: 6, exceeded: true });
    expect(await c.hit(tenantId, 'all', 1, 60)).toMatchObject({ count: 7, limit: 60, exceeded: false });
    await c.refund(tenantId, 'all', 2);
    expect((await c.peek(tenantId, 'all')).count).toBe(5);
  });

  it('keys a RateCounter by any key the caller makes', async () => {
    const c = new RateCounter(
      { name: `test-${crypto.randomBytes(4).toString('hex')}`, points: 2, durationSeconds: 60 },
      redis,
      logger,
    );
    const key = `{a:198.51.100.${crypto.randomInt(1, 255)}}`;
    made.push(`rl:${c.rule.name}:${key}`);
    await c.hit(key);
    expect(await redis.get(`rl:${c.rule.name}:${key}`)).toBe('1');
    expect((await c.hit(key, 2)).exceeded).toBe(true);
    expect(rateLimitedError(1_200, 'Too many requests', { scope: 'address' }).details).toEqual({
      retryAfterSeconds: 2,
      scope: 'address',
    });
  });

  it('falls back to an in-memory insurance counter when Redis is unreachable (never off)', async () => {
    // Nothing listens on port 1: every command fails at once (no offline queue).
    const down = failFastRedis('redis://127.0.0.1:1');
    try {
      const c = counter(2, 60, down);
      const tenantId = crypto.randomUUID();
      await c.hit(tenantId, 'ip');
      await c.hit(tenantId, 'ip');
      expect((await c.hit(tenantId, 'ip')).exceeded).toBe(true);
      expect((await c.peek(tenantId, 'ip')).exceeded).toBe(true);
    } finally {
      down.disconnect();
    }
  });
});
