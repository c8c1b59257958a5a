import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument } from '@tradesage/client';
import { launchChromium, type Browser } from './support/browser.ts';
import { sessionOf, startTestStack, useTestStack } from './support/fixtures.ts';

/**
 * A web frontend on its own origin calls the API from a real browser: Chromium enforces CORS, so
 * this shows what a listed origin can do and that an unlisted one gets nothing to read.
 */

/** A page server on its own port: another origin than the gateway's. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>frontend</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let listed: { server: Server; origin: string };
let unlisted: { server: Server; origin: string };
let browser: Browser | undefined;

beforeAll(async () => {
  listed = await pageServer();
  unlisted = await pageServer();
});

const [t] = useTestStack(() => startTestStack({ env: { CORS_ORIGINS: listed.origin } }));

afterAll(async () => {
  await browser?.close();
  for (const page of [listed, unlisted]) page?.server.close();
});

/** Runs `fetch` in a page of `origin` against the gateway, as a frontend's code would. */
async function fetchFrom(
  origin: string,
  token: string,
): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  browser ??= await launchChromium();
  const page = await browser.context.newPage();
  try {
    await page.goto(origin);
    return await page.evaluate(
      async ({ url, token }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: '{ me { email } }' }),
          });
          return { ok: true as const, body: (await response.json()) as unknown };
        } catch (error) {
          return { ok: false as const, error: String(error) };
        }
      },
      { url: t.gatewayUrl, token },
    );
  } finally {
    await page.close();
  }
}

describe('CORS in Chromium', () => {
  it('lets a page of a listed origin call the API with a bearer token and credentials', async () => {
    const { email, password } = t.platformAdmin;
    const login = await t.request(LoginDocument, { input: { tenant: 'platform', email, password } });
    const token = sessionOf(login.body.data?.login).accessToken ?? '';
    expect(await fetchFrom(listed.origin, token)).toEqual({ ok: true, body: { data: { me: { email } } } });
  });

  it('gives a page of any other origin nothing to read', async () => {
    const { email, password } = t.platformAdmin;
    const login = await t.request(LoginDocument, { input: { tenant: 'platform', email, password } });
    const outcome = await fetchFrom(unlisted.origin, sessionOf(login.body.data?.login).accessToken ?? '');
    expect(outcome).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  });
});
