import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS, useCors } from './useCors.ts';
import { sandboxPage, useSecurityHeaders } from './useSecurityHeaders.ts';

/** The two edge plugins a browser meets, on a bare express app served over real HTTP. */
async function serve(options: { origins: string[]; hsts: boolean; sandbox?: boolean }) {
  const app = express();
  app.use(useSecurityHeaders({ hsts: options.hsts }));
  app.use(useCors(options.origins));
  if (options.sandbox) app.get('/graphql', sandboxPage);
  app.all('/graphql', (_req, res) => {
    res.json({ data: { ok: true } });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

const APP = 'https://app.acme.test';
let listed: Awaited<ReturnType<typeof serve>>;
let production: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  listed = await serve({ origins: [APP], hsts: false });
  production = await serve({ origins: [], hsts: true });
});

afterAll(async () => {
  await listed.close();
  await production.close();
});

const accessControl = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

const preflight = (base: string, origin: string) =>
  fetch(`${base}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-csrf-token',
    },
  });

describe('CORS', () => {
  it('answers the preflight of a listed origin with that origin, credentials and the headers our clients send', async () => {
    const response = await preflight(listed.base, APP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')?.split(',')).toEqual([...CORS_ALLOWED_HEADERS]);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('echoes a listed origin on the request itself, never *', async () => {
    const response = await fetch(`${listed.base}/graphql`, { method: 'POST', headers: { origin: APP } });
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it.each(['https://evil.test', 'https://app.acme.test.evil.test', 'http://app.acme.test', 'null'])(
    'gives %s no Access-Control header at all',
    async (origin) => {
      expect(accessControl(await preflight(listed.base, origin))).toEqual([]);
      expect(accessControl(await fetch(`${listed.base}/graphql`, { method: 'POST', headers: { origin } }))).toEqual([]);
    },
  );

  it('allows no origin when none is listed (the default)', async () => {
    expect(accessControl(await preflight(production.base, APP))).toEqual([]);
  });
});

describe('security headers', () => {
  it('set a CSP that loads nothing, deny framing, sniffing, referrers and caching', async () => {
    const response = await fetch(`${listed.base}/graphql`, { method: 'POST' });
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('add HSTS when asked (production)', async () => {
    const response = await fetch(`${production.base}/graphql`, { method: 'POST' });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it("lift the CSP only for Sandbox's HTML page, not for the API answers on the same path", async () => {
    const sandbox = await serve({ origins: [], hsts: false, sandbox: true });
    try {
      const page = await fetch(`${sandbox.base}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-security-policy')).toBeNull();
      const answer = await fetch(`${sandbox.base}/graphql?query=%7B__typename%7D`, {
        headers: { accept: 'application/json' },
      });
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
      const post = await fetch(`${sandbox.base}/graphql`, { method: 'POST', headers: { accept: 'text/html' } });
      expect(post.headers.get('content-security-policy')).toContain("default-src 'none'");
    } finally {
      await sandbox.close();
    }
  });
});
