import crypto from 'node:crypto';
import { AlertWebhook, createLogger, loadConfig, type Caller, type Runtime } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { UnusualVolumeDetector } from './unusual-volume.ts';

/** A runtime with in-memory counters (no REDIS_URL) whose audit writes are collected. */
function runtimeWith(env: Record<string, string>): { runtime: Runtime; audited: unknown[] } {
  const audited: unknown[] = [];
  const logger = createLogger({ level: 'silent', name: 'test' });
  const runtime = {
    name: 'test',
    config: loadConfig(env),
    logger,
    alerts: new AlertWebhook(undefined, logger),
    db: { tenant: () => ({ auditEvent: { create: async (row: unknown) => audited.push(row) } }) },
  } as unknown as Runtime;
  return { runtime, audited };
}

function caller(): Caller {
  return {
    requestId: crypto.randomUUID(),
    ip: '198.51.100.3',
    userAgent: 'test',
    viewer: {
      userId: crypto.randomUUID(),
      tenantId: crypto.randomUUID(),
      sessionId: crypto.randomUUID(),
      tokenId: crypto.randomUUID(),
      apiKeyId: null,
      roles: ['viewer'],
      permissions: new Set(),
      isPlatformAdmin: false,
      auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
      expiresAt: new Date(Date.now() + 60_000),
    },
  };
}

describe('UnusualVolumeDetector', () => {
  it('refuses a user past UNUSUAL_API_VOLUME_PER_MINUTE for UNUSUAL_API_VOLUME_BLOCK_SECONDS, reporting the crossing once', async () => {
    const { runtime, audited } = runtimeWith({
      UNUSUAL_API_VOLUME_PER_MINUTE: '3',
      UNUSUAL_API_VOLUME_BLOCK_SECONDS: '42',
    });
    const detector = new UnusualVolumeDetector(runtime);
    const busy = caller();
    for (let i = 0; i < 3; i++) expect(await detector.observe(busy)).toBe(0);
    expect(await detector.observe(busy)).toBe(42_000);
    const again = await detector.observe(busy);
    expect(again).toBeGreaterThan(40_000);
    expect(again).toBeLessThanOrEqual(42_000);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ data: { action: 'api.throttled', data: { severity: 'medium' } } });
    // Another user, and anonymous callers, are not counted against it.
    expect(await detector.observe(caller())).toBe(0);
    expect(await detector.observe({ ...busy, viewer: null })).toBe(0);
  });

  it('never refuses with UNUSUAL_API_VOLUME_PER_MINUTE=0', async () => {
    const { runtime, audited } = runtimeWith({ UNUSUAL_API_VOLUME_PER_MINUTE: '0' });
    const detector = new UnusualVolumeDetector(runtime);
    const busy = caller();
    for (let i = 0; i < 50; i++) expect(await detector.observe(busy)).toBe(0);
    expect(audited).toHaveLength(0);
  });
});
