import crypto from 'node:crypto';
import { tenantKey } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, MyIdDocument } from '@tradesage/client';
import {
  addSignedInUser,
  codeOf,
  detailsOf,
  startTestStack,
  useHttpReceiver,
  useTestStack,
} from './support/fixtures.ts';

/**
 * Security events with an automated answer: brute force from one address (the login throttle's
 * block) and unusual API volume from one user are audited with a severity, answered (address
 * blocked, user throttled), counted and sent to the alert webhook — a loopback receiver here.
 */

const VOLUME_PER_MINUTE = 5;
const BLOCK_SECONDS = 120;
const webhook = useHttpReceiver();

const [t, tenant] = useTestStack(
  () =>
    startTestStack({
      env: {
        SECURITY_ALERT_WEBHOOK_URL: `${webhook.url}/alerts`,
        UNUSUAL_API_VOLUME_PER_MINUTE: String(VOLUME_PER_MINUTE),
        UNUSUAL_API_VOLUME_BLOCK_SECONDS: String(BLOCK_SECONDS),
      },
    }),
  { prefix: 'secevents' },
);

function alerts(kind: string): Array<Record<string, unknown>> {
  return webhook.requests
    .filter((request) => request.path === '/alerts')
    .map((request) => JSON.parse(request.body) as Record<string, unknown>)
    .filter((alert) => alert['kind'] === kind);
}

async function securityEventsCounted(kind: string, severity: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', t.gatewayUrl))).text();
  const line = text
    .split('\n')
    .find((each) => each.startsWith(`tradesage_security_events_total{kind="${kind}",severity="${severity}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

describe('brute force from one address', () => {
  it('blocks the address, audits login.throttled with severity high, and alerts without the password', async () => {
    const ip = `203.0.113.${crypto.randomInt(1, 255)}`;
    // 29 failures already (set directly rather than waiting out the progressive delays); the 30th blocks.
    await t.stack.runtime.redis.set(`rl:login-ip-failures:${tenantKey(tenant.id, ip)}`, '29', 'EX', 900);
    const password = `guess-${crypto.randomBytes(8).toString('hex')}`;
    const attempt = () =>
      t.request(
        LoginDocument,
        { input: { tenant: tenant.slug, email: tenant.admin.email, password } },
        // Straight to the auth subgraph, where the address is the first X-Forwarded-For entry.
        { url: t.stack.subgraphUrls.auth, viaGatewayCredential: true, headers: { 'x-forwarded-for': ip } },
      );
    expect(codeOf(await attempt())).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await attempt())).toBe('RATE_LIMITED');

    const [event] = await t.stack.runtime.db
      .tenant(tenant.id)
      .auditEvent.findMany({ where: { action: 'login.throttled', ip } });
    expect(event).toMatchObject({
      result: 'refused',
      data: { severity: 'high', reason: 'address_failures', blockedSeconds: 900 },
    });

    await webhook.waitFor('/alerts');
    const [alert] = alerts('brute_force');
    expect(alert).toMatchObject({
      type: 'tradesage.security_event',
      kind: 'brute_force',
      severity: 'high',
      tenantId: tenant.id,
      ip,
      requestId: event?.requestId,
      response: { action: 'address_blocked', seconds: 900 },
      details: { reason: 'address_failures' },
    });
    const sent = webhook.requests.map((request) => request.body).join('\n');
    expect(sent).not.toContain(password);
    expect(sent).not.toContain(tenant.admin.email);
    expect(await securityEventsCounted('brute_force', 'high')).toBe(1);
  });
});

describe('unusual API volume from one user', () => {
  it('throttles the user once over the limit (429, Retry-After), audits api.throttled with severity medium and alerts', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer', 'busy');
    const bystander = await addSignedInUser(t, tenant, 'viewer', 'calm');
    for (let i = 0; i < VOLUME_PER_MINUTE; i++)
      expect((await t.request(MyIdDocument, {}, { token: user.token })).body.errors).toBeUndefined();

    const refused = await t.request(MeDocument, {}, { token: user.token });
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(detailsOf(refused)).toEqual({ retryAfterSeconds: BLOCK_SECONDS });
    expect(refused.headers.get('retry-after')).toBe(String(BLOCK_SECONDS));
    // Still refused while the block lasts; another user of the tenant is not.
    expect(codeOf(await t.request(MyIdDocument, {}, { token: user.token }))).toBe('RATE_LIMITED');
    expect((await t.request(MyIdDocument, {}, { token: bystander.token })).body.errors).toBeUndefined();

    const events = await t.stack.runtime.db
      .tenant(tenant.id)
      .auditEvent.findMany({ where: { action: 'api.throttled', targetId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      result: 'refused',
      actorId: user.id,
      targetType: 'user',
      data: { severity: 'medium', blockedSeconds: BLOCK_SECONDS, limitPerMinute: VOLUME_PER_MINUTE },
    });

    await webhook.waitFor('/alerts', 2);
    const [alert] = alerts('unusual_api_volume');
    expect(alert).toMatchObject({
      severity: 'medium',
      tenantId: tenant.id,
      userId: user.id,
      response: { action: 'user_throttled', seconds: BLOCK_SECONDS },
    });
    expect(JSON.stringify(alert)).not.toContain(user.token.split('.')[2] ?? '');
    expect(await securityEventsCounted('unusual_api_volume', 'medium')).toBe(1);
  });
});
