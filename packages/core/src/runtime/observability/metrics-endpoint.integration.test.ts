import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config.ts';
import { Metrics } from './metrics.ts';
import { metricsEndpoint } from './metrics-endpoint.ts';

const TOKEN = 'a-metrics-token-of-at-least-32-characters';
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(config: Parameters<typeof metricsEndpoint>[0]): Promise<string> {
  const app = express();
  app.get('/metrics', metricsEndpoint(config, new Metrics()));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe('GET /metrics', () => {
  it('with METRICS_TOKEN, answers only its bearer', async () => {
    const url = await serve({ env: 'production', metricsToken: new Secret(TOKEN) });
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    expect(await allowed.text()).toContain('# TYPE tradesage_http_request_duration_seconds histogram');
  });

  it('without a token, is off in production and open elsewhere', async () => {
    expect((await fetch(await serve({ env: 'production', metricsToken: undefined }))).status).toBe(404);
    const open = await fetch(await serve({ env: 'development', metricsToken: undefined }));
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toContain('text/plain');
  });
});
