import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '@tradesage/core/testing';
import { addSignedInUser, codeOf, detailsOf, startTestStack, useTestStack } from './support/fixtures.ts';

// The rate limits' policy with Redis down: each gateway process counts in its own memory with the
// same budgets (looser by the number of processes, never unlimited), and goes back to the shared
// count in Redis once it returns. The stack runs on a redis-server of this file's own, so stopping
// it does not disturb the machine's shared Redis.
const BUDGET = 20;

let redis: PrivateRedis;

// Registered before useTestStack's hooks, so it runs once the stack has stopped.
afterAll(async () => {
  await redis?.dispose();
});

const [t, tenant] = useTestStack(
  async () => {
    redis = await PrivateRedis.start();
    return startTestStack({
      env: {
        REDIS_URL: redis.url,
        RATE_LIMIT_ADDRESS_PER_MINUTE: String(BUDGET),
        RATE_LIMIT_USER_PER_MINUTE: String(BUDGET),
        TRUST_PROXY: 'loopback',
      },
    });
  },
  { prefix: 'rldown' },
);

const newAddress = () => `203.0.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;
const ping = (headers: Record<string, string>, token?: string) =>
  t.raw('{ __typename }', {}, { headers, ...(token ? { token } : {}) });

/** How many pings are answered before the first 429, and that 429; fails past `atMost` answers. */
async function answeredBeforeRefusal(send: () => ReturnType<typeof ping>, atMost: number) {
  for (let answered = 0; answered <= atMost; answered++) {
    const res = await send();
    if (res.status === 429) return { answered, refused: res };
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toMatch(/^"(address|user)";r=\d+;t=\d+/);
  }
  throw new Error(`more than ${atMost} requests answered: no limit`);
}

describe('Redis stopped', () => {
  it('keeps every budget in the memory of each process: never unlimited, and back to Redis once it returns', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    expect((await ping({}, user.token)).status).toBe(200);

    await redis.kill();
    const ip = newAddress();
    const anonymous = await answeredBeforeRefusal(() => ping({ 'x-forwarded-for': ip }), BUDGET);
    expect(anonymous.answered).toBe(BUDGET);
    expect(anonymous.refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(codeOf(anonymous.refused)).toBe('RATE_LIMITED');
    // The session check falls back to Postgres; the user's budget is counted in memory from zero.
    const signedIn = await answeredBeforeRefusal(() => ping({}, user.token), BUDGET);
    expect(signedIn.answered).toBe(BUDGET);
    expect(detailsOf(signedIn.refused)).toMatchObject({
      scope: 'user',
      limit: BUDGET,
    });

    // Back, empty (a restart without persistence): the count is Redis's again, shared and fresh.
    await redis.start();
    // Connected is not enough: the limits count in Redis again once Redis's breaker has closed
    // (its probe, REDIS_BREAKER_RESET_MS after it opened); until then they stay in memory.
    const deadline = Date.now() + 15_000;
    while (t.stack.runtime.redis.status !== 'ready' || t.stack.runtime.dependencies.redis.state !== 'closed') {
      if (Date.now() > deadline) throw new Error('the stack did not reconnect to redis');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const again = newAddress();
    expect((await ping({ 'x-forwarded-for': again })).status).toBe(200);
    const direct = redis.client(t.stack.runtime.config.redisKeyPrefix);
    try {
      expect(await direct.get(`rl:edge-address:{a:${again}}`)).toBe('1');
    } finally {
      direct.disconnect();
    }
  });
});
