import crypto from 'node:crypto';
import { AccessTokenIssuer, AccessTokenVerifier, createLogger, signingKeyFromPem, TenantClaimCipher, type Runtime } from '@tradesage/core';
import { apiCallCounterKey } from '@tradesage/core/tenant-usage';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { createGatewayContext } from './context.ts';

/** A Redis stand-in for MULTI/INCR/EXPIRE/EXEC: records the keys, and `exec` does what the test says. */
function fakeRedis(exec: () => Promise<unknown>) {
  const incremented: string[] = [];
  const chain = {
    incr: (key: string) => {
      incremented.push(key);
      return chain;
    },
    expire: () => chain,
    exec,
  };
  return { redis: { multi: () => chain }, incremented };
}

/** Real token issuing and verification on an in-memory key; the session is always active. */
function setup(redis: unknown) {
  const pem = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const key = signingKeyFromPem(pem);
  const cipher = new TenantClaimCipher(crypto.randomBytes(32));
  const settings = { issuer: 'https://issuer.test', audience: 'api.test', accessTtlSeconds: 300 };
  const publicKey = crypto.createPublicKey(key.privateKey);
  const verifier = new AccessTokenVerifier({ get: async (kid) => (kid === key.kid ? publicKey : undefined) }, cipher, settings);
  const runtime = {
    logger: createLogger({ level: 'silent', name: 'test' }),
    verifier,
    redis,
    sessionState: { isActive: async () => true },
    platformTenantId: async () => null,
  } as unknown as Runtime;
  const tenantId = crypto.randomUUID();
  const token = new AccessTokenIssuer(key, cipher, settings).issue({ userId: crypto.randomUUID(), tenantId, sessionId: crypto.randomUUID(), roles: ['trader'] }).token;
  return { runtime, token, tenantId };
}

const request = (headers: Record<string, string>): Request => ({ headers, ip: '198.51.100.4' }) as unknown as Request;
const today = (): string => new Date().toISOString().slice(0, 10);

describe('createGatewayContext counts API calls per tenant', () => {
  it("counts one call on the signed-in viewer's tenant for today", async () => {
    const { redis, incremented } = fakeRedis(async () => []);
    const { runtime, token, tenantId } = setup(redis);
    await createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-1');
    expect(incremented).toEqual([apiCallCounterKey(tenantId, today())]);
  });

  it('counts nothing for an anonymous request', async () => {
    const { redis, incremented } = fakeRedis(async () => []);
    const { runtime } = setup(redis);
    const context = await createGatewayContext(runtime, request({}), 'req-2');
    expect(context.viewer).toBeNull();
    expect(incremented).toEqual([]);
  });

  it('does not wait for Redis: the context is ready while the count is still pending', async () => {
    const { redis, incremented } = fakeRedis(() => new Promise(() => undefined));
    const { runtime, token, tenantId } = setup(redis);
    const context = await createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-3');
    expect(context.viewer?.tenantId).toBe(tenantId);
    expect(incremented).toHaveLength(1);
  });

  it('never fails the request when Redis fails', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { redis } = fakeRedis(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
      const { runtime, token, tenantId } = setup(redis);
      const context = await createGatewayContext(runtime, request({ authorization: `Bearer ${token}` }), 'req-4');
      expect(context.viewer?.tenantId).toBe(tenantId);
      const broken = setup({
        multi: () => {
          throw new Error('Connection is closed.');
        },
      });
      expect((await createGatewayContext(broken.runtime, request({ authorization: `Bearer ${broken.token}` }), 'req-5')).viewer).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
