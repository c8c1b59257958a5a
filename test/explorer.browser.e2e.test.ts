import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument } from '@tradesage/client';
import { launchChromium, type Browser } from './support/browser.ts';
import { sessionOf, startTestStack, useTestStack } from './support/fixtures.ts';

/** Kept for a person to look at after the run (gitignored). */
const SCREENSHOT = fileURLToPath(new URL('./.artifacts/explorer.png', import.meta.url));

const [t] = useTestStack(() => startTestStack({ env: { EXPLORER: 'true' } }));
let origin: string;
let browser: Browser | undefined;

beforeAll(async () => {
  origin = new URL(t.gatewayUrl).origin;
});

afterAll(() => browser?.close());

/** Replaces the whole text of a Monaco editor, as a person pasting into it would. */
async function paste(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  // Monaco closes each bracket as it is typed: drop what it added after the text.
  await page.keyboard.press('ControlOrMeta+Shift+End');
  await page.keyboard.press('Delete');
}

describe('the explorer in headless Chromium', () => {
  it('runs a query with a pasted bearer token and loads nothing from another origin', async () => {
    const { email, password } = t.platformAdmin;
    const login = await t.request(LoginDocument, { input: { tenant: 'platform', email, password } });
    const token = sessionOf(login.body.data?.login).accessToken;
    if (!token) throw new Error(`login failed: ${JSON.stringify(login.body.errors)}`);

    // Launched here, not in beforeAll: without Chromium this test fails with the reason (not skipped).
    browser = await launchChromium();
    const { context } = browser;
    const page = await context.newPage();
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // CSP refusals and failed loads are reported here.
      if (message.type() === 'error') problems.push(message.text());
    });
    // Counted above and refused here, so that even a failing run never leaves this machine.
    await context.route(
      (url) => url.origin !== origin,
      (route) => route.abort(),
    );

    try {
      await page.goto(`${origin}/explorer`);

      // The schema came by introspection: the documentation explorer lists the root types.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('Mutation').first().waitFor();

      const operation = page.getByRole('region', { name: 'Operation Editor' }).locator('.monaco-editor');
      await operation.waitFor();
      await paste(page, operation, '{ me { email } }');
      const headers = page
        .getByRole('region', { name: 'Headers' })
        .locator('.graphiql-editor:not(.hidden) .monaco-editor');
      await paste(page, headers, JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2));

      const sent = page.waitForRequest(
        (request) => request.url() === t.gatewayUrl && /\bme\b/.test(request.postData() ?? ''),
      );
      await page.getByRole('button', { name: /^Execute query/ }).click();
      expect((await sent).headers()['authorization']).toBe(`Bearer ${token}`);

      const result = page.getByRole('region', { name: 'Result Window' });
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain(email.toLowerCase());
    } finally {
      // Also when a step failed: the picture shows where the page stood.
      await fs.mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    }

    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
