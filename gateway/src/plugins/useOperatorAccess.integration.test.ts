import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@tradesage/core';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { useOperatorAccess } from './useOperatorAccess.ts';

const TOKEN = 'operator-token-of-at-least-32-characters';
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An app whose `GET /ops` is behind the guard; the token is read as OPERATOR_TOKEN is. */
async function guarded(
  operatorToken: string | undefined,
  production: boolean,
): Promise<(headers?: Record<string, string>) => Promise<Response>> {
  const token = loadConfig(operatorToken ? { OPERATOR_TOKEN: operatorToken } : {}).operatorToken;
  const app = express();
  app.get('/ops', useOperatorAccess({ token, production }), (_req, res) => {
    res.json({ secret: 'operator view' });
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return (headers = {}) => fetch(`http://127.0.0.1:${port}/ops`, { headers });
}

/** Lets through `Bearer TOKEN` and refuses anything else with 401. */
async function expectOnlyTheBearer(get: (headers?: Record<string, string>) => Promise<Response>) {
  expect((await get({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`]) {
    const response = await get(authorization ? { authorization } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="operator"');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Operator token required', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(text).not.toContain('operator view');
  }
}

describe('useOperatorAccess', () => {
  it('with OPERATOR_TOKEN, lets through only its bearer', async () => {
    for (const production of [true, false]) await expectOnlyTheBearer(await guarded(TOKEN, production));
  });

  it('without OPERATOR_TOKEN, is open outside production and does not exist in production', async () => {
    expect((await (await guarded(undefined, false))()).status).toBe(200);
    const closed = await (await guarded(undefined, true))({ authorization: `Bearer ${TOKEN}` });
    expect(closed.status).toBe(404);
    expect(await closed.text()).not.toContain('operator view');
  });
});
