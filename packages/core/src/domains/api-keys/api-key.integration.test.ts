import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../runtime/request-context.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { forgetApiKeyGrants, publishApiKeyState } from './api-key-access.ts';
import { newApiKey } from './api-key-format.ts';
import { ApiKeyRepository } from './api-key.repository.ts';
import { notifyExpiringApiKeys } from './jobs/api-key-expiry.job.ts';

// API keys against real Postgres and Redis: the lookup, the Postgres fallback with Redis down,
// and the expiry notices.

// Nothing listens on port 1: every Redis command fails, as with Redis down.
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

let stack: TestRuntimes;
let runtime: Runtime;
let tenantId: string;
let ownerId: string;

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_api_keys');
  runtime = await stack.runtime();
  ({ tenantId, userId: ownerId } = await provisionTestTenant(runtime, 'keys', 'owner@keys.test'));
  await runtime.db.tenant(tenantId).userRole.create({ data: { userId: ownerId, role: 'viewer' } });
});

afterAll(async () => {
  await stack?.close();
});

async function keyFor(expiresInMs: number, scopes: string[] = ['users:read:self']) {
  const key = newApiKey('test');
  const row = await new ApiKeyRepository(runtime.db.control, runtime.db.tenant(tenantId), tenantId).create({
    ownerId,
    name: `k-${crypto.randomBytes(3).toString('hex')}`,
    hash: key.hash,
    environment: key.environment,
    lastFour: key.lastFour,
    scopes,
    allowedCidrs: [],
    rateLimitPerMinute: null,
    expiresAt: new Date(Date.now() + expiresInMs),
    createdById: ownerId,
    rotatedFrom: null,
  });
  return { ...row, secret: key.secret };
}

const headersOf = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('a key as a credential', () => {
  it('gives the owner’s id, the key’s id and scopes within the owner’s permissions; never a recent sign-in', async () => {
    const key = await keyFor(86_400_000, ['users:read:self', 'sessions:read:self']);
    const viewer = await authenticate(runtime, headersOf(key.secret));
    expect(viewer).toMatchObject({ userId: ownerId, tenantId, apiKeyId: key.id, sessionId: key.id });
    expect([...(viewer?.permissions ?? [])].sort()).toEqual(['sessions:read:self', 'users:read:self']);
    expect(viewer?.auth.time.getTime()).toBe(0);
  });

  it('with Redis down, reads the key’s row in Postgres on every request: a revocation still applies at once', async () => {
    const down = await stack.runtime({ REDIS_URL: DEAD_REDIS_URL }, 'redis-down');
    const key = await keyFor(86_400_000);
    expect((await authenticate(down, headersOf(key.secret)))?.userId).toBe(ownerId);
    // Revoked in Postgres only (Redis cannot take the published state): the warm process still refuses it.
    await new ApiKeyRepository(down.db.control, down.db.tenant(tenantId), tenantId).revoke(key.id, 'test', new Date());
    await expect(authenticate(down, headersOf(key.secret))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a key revoked through another instance on this instance’s next request, its cache warm', async () => {
    const other = await stack.runtime({}, 'other-instance');
    const key = await keyFor(86_400_000);
    expect((await authenticate(other, headersOf(key.secret)))?.apiKeyId).toBe(key.id);
    await new ApiKeyRepository(runtime.db.control, runtime.db.tenant(tenantId), tenantId).revoke(
      key.id,
      'test',
      new Date(),
    );
    await publishApiKeyState(runtime, tenantId, key.id, { revoked: true, until: key.expiresAt });
    await expect(authenticate(other, headersOf(key.secret))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('applies a published expiry to a key this process already knows', async () => {
    const key = await keyFor(86_400_000);
    expect((await authenticate(runtime, headersOf(key.secret)))?.apiKeyId).toBe(key.id);
    await publishApiKeyState(runtime, tenantId, key.id, { revoked: false, expiresAt: new Date(Date.now() - 1000) });
    await expect(authenticate(runtime, headersOf(key.secret))).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });
    forgetApiKeyGrants(runtime);
  });
});

describe('expiry notices', () => {
  it('tell the owner once, within 7 days of the expiry; never for a revoked key or a later expiry', async () => {
    const dispatch = vi.spyOn(runtime.mailer, 'dispatch').mockImplementation(() => undefined);
    try {
      const soon = await keyFor(3 * 86_400_000);
      const later = await keyFor(30 * 86_400_000);
      const revoked = await keyFor(2 * 86_400_000);
      await new ApiKeyRepository(runtime.db.control, runtime.db.tenant(tenantId), tenantId).revoke(
        revoked.id,
        'test',
        new Date(),
      );
      await notifyExpiringApiKeys(runtime, new Date());
      const mailed = dispatch.mock.calls.map(([message]) => message);
      expect(mailed.filter((message) => message.text.includes(soon.name))).toHaveLength(1);
      expect(mailed.every((message) => message.to === 'owner@keys.test')).toBe(true);
      expect(mailed.some((message) => message.text.includes(later.name) || message.text.includes(revoked.name))).toBe(
        false,
      );
      expect(mailed.some((message) => message.text.includes(soon.secret))).toBe(false);
      dispatch.mockClear();
      await notifyExpiringApiKeys(runtime, new Date());
      expect(dispatch.mock.calls.filter(([message]) => message.text.includes(soon.name))).toHaveLength(0);
      const audited = await runtime.db
        .tenant(tenantId)
        .auditEvent.findMany({ where: { action: 'api_key.expiry_notified', targetId: soon.id } });
      expect(audited).toHaveLength(1);
    } finally {
      dispatch.mockRestore();
    }
  });
});
