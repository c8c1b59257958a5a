import crypto from 'node:crypto';
import {
  CACHE_EPOCH_KEY,
  type CacheTrust,
  cachedAccessValue,
  createLogger,
  SealingCipher,
  SessionStateStore,
  type Redis,
  type Runtime,
  apiCallCounterKey,
} from '@tradesage/core';
import { inMemoryAccessTokens } from '@tradesage/core/testing';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { createGatewayContext } from './context.ts';

/**
 * A Redis stand-in for pipelines: records every command and every round trip (`exec`), and
 * `exec` answers what the test says. Any command sent outside a pipeline is counted too.
 */
function fakeRedis(exec: (commands: string[][]) => Promise<unknown>) {
  const roundTrips: string[][][] = [];
  const single: string[] = [];
  const pipeline = () => {
    const commands: string[][] = [];
    const chain: Record<string, unknown> = {};
    for (const name of ['get', 'set', 'getset', 'expire', 'incr', 'mget']) {
      chain[name] = (...args: unknown[]) => {
        commands.push([name, ...args.map(String)]);
        return chain;
      };
    }
    chain['exec'] = () => {
      roundTrips.push(commands);
      return exec(commands);
    };
    return chain;
  };
  const redis = new Proxy({ pipeline } as Record<string, unknown>, {
    get: (target, name: string) =>
      target[name] ?? ((...args: unknown[]) => (single.push(name), Promise.resolve(args.length ? null : null))),
  });
  return { redis, roundTrips, single };
}

/** Every command answered as a warm cache would: the session is cached active, the caller's permissions too. */
const cacheCipher = new SealingCipher([crypto.randomBytes(32)]);
/** Redis is trusted under this cache epoch, and its marker says so. */
const EPOCH = '7';
const trust: CacheTrust = {
  epoch: EPOCH,
  accept: (marker) => (marker === EPOCH ? EPOCH : null),
  distrust: () => undefined,
};
const hotCopy = (key: string) =>
  key === CACHE_EPOCH_KEY
    ? EPOCH
    : cacheCipher.seal(
        key,
        JSON.stringify({
          state: 'active',
          epoch: EPOCH,
          userId: null,
          expiresAt: null,
          ip: null,
          userAgent: null,
          lastActiveAt: null,
        }),
      );
const cachedPermissions = (entryKey: string) => [
  cachedAccessValue(
    cacheCipher,
    entryKey,
    entryKey.split(':').at(-1) ?? '',
    { roles: ['trader'], permissions: ['trades:read'] },
    { cacheEpoch: EPOCH, epoch: null, generation: null },
  ),
  null,
  null,
];
const warm = async (commands: string[][]) =>
  commands.map(([name, key]) => [
    null,
    name === 'get'
      ? hotCopy(key as string)
      : name === 'mget'
        ? cachedPermissions(key as string)
        : name === 'set'
          ? 'OK'
          : name === 'incr'
            ? 1
            : null,
  ]);

/** Real token issuing and verification on an in-memory key; the real SessionStateStore over the fake Redis. */
function setup(redis: unknown) {
  const { verifier, token } = inMemoryAccessTokens();
  const logger = createLogger({ level: 'silent', name: 'test' });
  const runtime = {
    logger,
    verifier,
    redis,
    sessionState: new SessionStateStore(redis as Redis, async () => 'active', logger, 300, trust, cacheCipher),
    cache: trust,
    cacheCipher,
    db: {
      control: { tenant: { findUnique: async () => null } },
      tenant: () => ({
        session: { updateMany: async () => ({ count: 1 }), findUnique: async () => null },
        $queryRawUnsafe: async () => [],
      }),
    },
    platformTenantId: async () => null,
  } as unknown as Runtime;
  const tenantId = crypto.randomUUID();
  return { runtime, token: token(tenantId), tenantId };
}

const request = (headers: Record<string, string>): Request => ({ headers, ip: '198.51.100.4' }) as unknown as Request;
const today = (): string => new Date().toISOString().slice(0, 10);

describe('createGatewayContext asks Redis once per request', () => {
  it("checks the session, takes the lastActiveAt gate and counts the tenant's call in ONE round trip", async () => {
    const { redis, roundTrips, single } = fakeRedis(warm);
    const { runtime, token, tenantId } = setup(redis);
    const context = await createGatewayContext(
      runtime,
      request({ authorization: `Bearer ${token}`, 'user-agent': 'ua' }),
      'req-1',
    );
    expect(context.viewer?.tenantId).toBe(tenantId);
    expect(roundTrips).toHaveLength(1);
    expect(single).toEqual([]);
    const names = roundTrips[0]?.map(([name]) => name);
    expect(names).toEqual(['get', 'set', 'getset', 'expire', 'incr', 'expire', 'mget', 'get']);
    expect(context.viewer?.permissions).toEqual(new Set(['trades:read']));
    expect(roundTrips[0]?.find(([name]) => name === 'set')).toEqual(expect.arrayContaining(['NX', 'EX', '60']));
    expect(roundTrips[0]?.find(([name]) => name === 'incr')?.[1]).toBe(apiCallCounterKey(tenantId, today()));
  });

  it('asks Redis nothing for an anonymous request', async () => {
    const { redis, roundTrips, single } = fakeRedis(warm);
    const { runtime } = setup(redis);
    const context = await createGatewayContext(runtime, request({}), 'req-2');
    expect(context.viewer).toBeNull();
    expect(roundTrips).toEqual([]);
    expect(single).toEqual([]);
  });

  it('never fails the request when Redis fails: Postgres answers the state, nothing is counted', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { redis } = fakeRedis(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
      const { runtime, token, tenantId } = setup(redis);
      const context = await createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-4');
      expect(context.viewer?.tenantId).toBe(tenantId);
      const broken = setup({
        pipeline: () => {
          throw new Error('Connection is closed.');
        },
      });
      expect(
        (await createGatewayContext(broken.runtime, request({ authorization: `Bearer ${broken.token}` }), 'req-5'))
          .viewer,
      ).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
