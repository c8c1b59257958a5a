import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import { AlertWebhook, type SecurityAlert } from './alert-webhook.ts';

const ALERT: SecurityAlert = {
  type: 'tradesage.security_event',
  kind: 'brute_force',
  severity: 'high',
  at: new Date(0).toISOString(),
  service: 'test',
  requestId: 'req-1',
  tenantId: null,
  userId: null,
  ip: '203.0.113.9',
  response: { action: 'address_blocked', seconds: 900 },
  details: { reason: 'address_failures' },
};

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return {
    logger: createLogger({ level: 'info', name: 'test', destination: { write: (line) => lines.push(line) } }),
    lines,
  };
}

describe('AlertWebhook', () => {
  it('POSTs the alert as JSON', async () => {
    const receiver = await startHttpReceiver();
    try {
      const webhook = new AlertWebhook(new Secret(`${receiver.url}/hook`), capturingLogger().logger);
      webhook.send(ALERT);
      await webhook.drain();
      const [request] = await receiver.waitFor('/hook');
      expect(request?.method).toBe('POST');
      expect(request?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request?.body ?? '')).toEqual(ALERT);
    } finally {
      await receiver.close();
    }
  });

  it('never throws when the webhook refuses, is unreachable or hangs; the failure is logged without the URL', async () => {
    const refusing = await startHttpReceiver({ status: 500 });
    // A port nothing listens on, and a server that accepts and never answers.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { logger, lines } = capturingLogger();
    try {
      for (const url of [`${refusing.url}/key-abc`, `http://127.0.0.1:${closedPort}/key-abc`]) {
        const webhook = new AlertWebhook(new Secret(url), logger);
        expect(() => webhook.send(ALERT)).not.toThrow();
        await webhook.drain();
      }
      expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
        'security alert refused by the webhook',
        'security alert not delivered',
      ]);
      expect(lines.join('')).not.toContain('key-abc');
    } finally {
      await refusing.close();
    }
  });

  it('sends nothing when no webhook is configured', async () => {
    const webhook = new AlertWebhook(undefined, capturingLogger().logger);
    expect(webhook.configured).toBe(false);
    webhook.send(ALERT);
    await webhook.drain();
  });
});
