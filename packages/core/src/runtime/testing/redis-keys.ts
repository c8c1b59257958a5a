import type { Redis } from 'ioredis';

/**
 * Deletes every key that starts with `prefix` and returns how many there were: a flush of one
 * test's own key space that leaves the keys of other tests sharing the Redis alone. `redis` is a
 * plain client (no keyPrefix of its own); `prefix` holds no glob characters.
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
