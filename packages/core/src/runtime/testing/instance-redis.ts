import { createLogger } from '../logger.ts';
import { createRedis, redisSettled, type Redis } from '../redis.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * Redis connections of several "instances" in one test file, as separate processes would each
 * have their own: `connect()` opens one and waits until it is ready, `closeAll()` (in afterAll)
 * disconnects every one opened.
 */
export function instanceRedisConnections(name: string): { connect(): Promise<Redis>; closeAll(): void } {
  const logger = createLogger({ level: 'silent', name });
  const connections: Redis[] = [];
  return {
    async connect() {
      const { redis } = createRedis(REDIS_URL, logger);
      connections.push(redis);
      await redisSettled(redis, 2_000);
      return redis;
    },
    closeAll() {
      for (const redis of connections) redis.disconnect();
    },
  };
}
