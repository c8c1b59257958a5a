import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../runtime/request-context.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { createTestRuntimes, provisionTestTenant, type TestRuntimes } from '../../runtime/testing/test-runtime.ts';
import { forgetTenantSettings } from './session-activity.service.ts';

let stack: TestRuntimes;
let runtime: Runtime;
let tenantId: string;
let userId: string;

async function newSession(
  data: { ip?: string; userAgent?: string; lastActiveAt?: Date } = {},
): Promise<{ id: string; token: string }> {
  const id = crypto.randomUUID();
  await runtime.db
    .tenant(tenantId)
    .session.create({ data: { id, userId, expiresAt: new Date(Date.now() + 3_600_000), ...data } });
  const token = (await runtime.issuer()).issue({
    userId,
    tenantId,
    sessionId: id,
    roles: ['viewer'],
    auth: { time: new Date(), methods: ['pwd'], enrolmentOnly: false },
  }).token;
  return { id, token };
}

const edge = (token: string, ip: string, userAgent = 'agent/1') =>
  authenticate(
    runtime,
    { authorization: `Bearer ${token}` },
    { edge: { ip, userAgent, requestId: crypto.randomUUID() } },
  );

async function auditCount(action: string, sessionId: string): Promise<number> {
  return runtime.db.tenant(tenantId).auditEvent.count({ where: { action, targetId: sessionId } });
}

async function setIpBinding(policy: 'off' | 'subnet' | 'exact'): Promise<void> {
  await runtime.db.control.tenant.update({
    where: { id: tenantId },
    data: { settings: { sessions: { ipBinding: policy } } },
  });
  forgetTenantSettings(runtime, tenantId);
}

/** Fire-and-forget writes land shortly after the request. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

beforeAll(async () => {
  stack = await createTestRuntimes('tradesage_core_activity');
  runtime = await stack.runtime();
  ({ tenantId, userId } = await provisionTestTenant(runtime, 'activity'));
});

afterAll(async () => {
  await stack?.close();
});

describe('lastActiveAt', () => {
  it('is written at most once a minute per session, however many requests', async () => {
    const old = new Date(Date.now() - 3_600_000);
    const { id, token } = await newSession({ lastActiveAt: old });
    await edge(token, '203.0.113.5');
    await settle();
    const first = (await runtime.db.tenant(tenantId).session.findUniqueOrThrow({ where: { id } })).lastActiveAt;
    expect(first.getTime()).toBeGreaterThan(old.getTime());
    const update = vi.spyOn(runtime.db.tenant(tenantId).session, 'updateMany');
    for (let i = 0; i < 5; i++) await edge(token, '203.0.113.5');
    await settle();
    expect(update).not.toHaveBeenCalled();
    update.mockRestore();
    expect((await runtime.db.tenant(tenantId).session.findUniqueOrThrow({ where: { id } })).lastActiveAt).toEqual(
      first,
    );
  });

  it('costs the warm request one Redis round trip: a single pipeline, no other command', async () => {
    const { token } = await newSession();
    await edge(token, '203.0.113.5');
    await settle();
    const pipeline = vi.spyOn(runtime.redis, 'pipeline');
    const singles = ['get', 'set', 'incr', 'expire', 'getset', 'multi', 'eval'].map((name) =>
      vi.spyOn(runtime.redis, name as 'get'),
    );
    await edge(token, '203.0.113.5');
    await settle();
    expect(pipeline).toHaveBeenCalledTimes(1);
    for (const spy of singles) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('user agent changes', () => {
  it('are recorded once per change, not per request', async () => {
    const { id, token } = await newSession({ userAgent: 'agent/1' });
    await edge(token, '203.0.113.5', 'agent/1');
    await edge(token, '203.0.113.5', 'agent/1');
    await settle();
    expect(await auditCount('session.user_agent_changed', id)).toBe(0);
    await edge(token, '203.0.113.5', 'agent/2');
    await edge(token, '203.0.113.5', 'agent/2');
    await edge(token, '203.0.113.5', 'agent/2');
    await settle();
    expect(await auditCount('session.user_agent_changed', id)).toBe(1);
    await edge(token, '203.0.113.5', 'agent/3');
    await settle();
    expect(await auditCount('session.user_agent_changed', id)).toBe(2);
  });

  it('compares with the creation user agent when Redis has no record (first request after a flush)', async () => {
    const { id, token } = await newSession({ userAgent: 'agent/1' });
    await edge(token, '203.0.113.5', 'agent/9');
    await settle();
    expect(await auditCount('session.user_agent_changed', id)).toBe(1);
  });
});

describe('IP binding', () => {
  it('off: any address', async () => {
    await setIpBinding('off');
    const { token } = await newSession({ ip: '203.0.113.5' });
    await expect(edge(token, '198.51.100.1')).resolves.toMatchObject({ tenantId });
  });

  it('subnet: same /24 passes, another is refused and recorded (once a minute per address)', async () => {
    await setIpBinding('subnet');
    const { id, token } = await newSession({ ip: '203.0.113.5' });
    await expect(edge(token, '203.0.113.200')).resolves.toMatchObject({ tenantId });
    await expect(edge(token, '203.0.114.5')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(edge(token, '203.0.114.5')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await settle();
    expect(await auditCount('session.ip_refused', id)).toBe(1);
  });

  it('subnet: same /64 for IPv6', async () => {
    await setIpBinding('subnet');
    const { token } = await newSession({ ip: '2001:db8:1:2::10' });
    await expect(edge(token, '2001:db8:1:2:ffff::1')).resolves.toMatchObject({ tenantId });
    await expect(edge(token, '2001:db8:1:3::10')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('exact: only the creation address', async () => {
    await setIpBinding('exact');
    const { token } = await newSession({ ip: '203.0.113.5' });
    await expect(edge(token, '::ffff:203.0.113.5')).resolves.toMatchObject({ tenantId });
    await expect(edge(token, '203.0.113.6')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await setIpBinding('off');
  });
});
