import type { ControlPrismaClient } from '@tradesage/prisma';
import type { Logger } from './logger.ts';
import type { CacheTrust } from './redis-coherence.ts';
import type { Redis } from './redis.ts';

/** A Redis write that must not be lost: SET `key` `value` until `expiresAt`, or DEL (`value` null). */
export interface RedisWrite {
  readonly key: string;
  readonly value: string | null;
  /** When the key may expire; null: never. */
  readonly expiresAt: Date | null;
}

const DRAIN_BATCH = 500;

/**
 * Makes the writes in Redis, or, when Redis cannot take them, keeps them in control.redis_outbox
 * (whose insert tells every instance to stop trusting Redis until they are relayed) and stops
 * trusting Redis here at once. For a change already committed to Postgres that readers learn from
 * Redis (an API key revoked, a tenant's keys turned off). Throws only when Postgres cannot take
 * them either.
 */
export async function writeOrDefer(
  deps: { redis: Redis; db: { control: ControlPrismaClient }; logger: Logger; cache: CacheTrust },
  writes: readonly RedisWrite[],
  now = new Date(),
): Promise<void> {
  if (writes.length === 0) return;
  try {
    await applyWrites(deps.redis, writes, now);
    return;
  } catch (error) {
    deps.logger.warn(
      { err: (error as Error).message, writes: writes.length },
      'redis unreachable: changes deferred to the outbox',
    );
  }
  deps.cache.distrust('a change could not be written to redis');
  await deps.db.control.redisOutbox.createMany({
    data: writes.map((write) => ({ key: write.key, value: write.value, expiresAt: write.expiresAt })),
  });
}

/** Applies the outbox's writes, oldest first, and deletes them; throws while Redis cannot take them. */
export async function drainRedisOutbox(redis: Redis, control: ControlPrismaClient, logger: Logger): Promise<number> {
  let applied = 0;
  for (;;) {
    const rows = await control.redisOutbox.findMany({ orderBy: { id: 'asc' }, take: DRAIN_BATCH });
    if (rows.length === 0) return applied;
    await applyWrites(redis, rows, new Date());
    await control.redisOutbox.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    applied += rows.length;
    logger.info({ writes: rows.length }, 'redis outbox: deferred changes written');
    if (rows.length < DRAIN_BATCH) return applied;
  }
}

async function applyWrites(redis: Redis, writes: readonly RedisWrite[], now: Date): Promise<void> {
  const pipeline = redis.pipeline();
  for (const write of writes) {
    if (write.value === null) pipeline.del(write.key);
    else if (write.expiresAt === null) pipeline.set(write.key, write.value);
    else {
      // Already past its time: keep it a second anyway, so the write order still holds.
      const ms = Math.max(1_000, write.expiresAt.getTime() - now.getTime());
      pipeline.set(write.key, write.value, 'PX', ms);
    }
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (results.length !== writes.length || failed) throw failed?.[0] ?? new Error('incomplete pipeline reply');
}
