/**
 * API keys in the web app, in headless Chromium: a person makes a personal key on the account's
 * API keys page and sees its secret once (it then answers the API as them); after a reload only
 * its display form is left; a rotation (confirmed with the second factor set up meanwhile: step-up)
 * shows the new secret once and, without overlap, the old one is refused at once; a revoked key is
 * refused (401). An admin makes a service account and a key
 * for it in the console, sees the key's use per day, and deleting the account revokes its key.
 * Every screen is checked with axe-core (no serious or critical violation), loads nothing from
 * another origin and breaks no CSP rule; screenshots go to test/.artifacts/.
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { totpCode } from '@tradesage/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfirmTotpEnrolmentDocument, StartTotpEnrolmentDocument } from '@tradesage/client';
import { accessibilityViolations, launchChromium, type Browser } from './support/browser.ts';
import { addTestUser, dataOf, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));
const KEY = /^tsk_test_[0-9A-Za-z]{36}$/;

const [t, tenant] = useTestStack(() => startTestStack(), { prefix: 'webkeys' });
let origin: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  origin = new URL(t.gatewayUrl).origin;
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

/** A person's own browser: problems (page errors, CSP refusals) and foreign requests kept; confirms accepted. */
async function personsBrowser() {
  const browser = await launchChromium();
  browsers.push(browser);
  const { context } = browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const problems: string[] = [];
  const foreign: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      foreign.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('dialog', (dialog) => void dialog.accept());
  return { page, problems, foreign };
}

/** Checks the screen (accessibility) and keeps its screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}api-keys-${name}.png`, fullPage: true });
}

async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Organisation').fill(tenant.slug);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/account`);
}

/** The secret the page shows once, after it appears. */
async function shownSecret(page: Page): Promise<string> {
  const field = page.getByLabel('Secret of the key');
  await field.waitFor();
  return field.inputValue();
}

/** The HTTP status and `me.id` of `{ me { id } }` sent with the key. */
async function meWith(secret: string): Promise<{ status: number; id: unknown }> {
  const res = await t.raw<{ me: { id: string } | null }>('{ me { id } }', {}, { token: secret });
  return { status: res.status, id: res.body.data?.me?.id };
}

describe('API keys in the web app', () => {
  it('the gateway serves both pages', async () => {
    for (const route of ['/account/api-keys', '/console/api-keys'])
      expect((await fetch(`${origin}${route}`)).status, route).toBe(200);
  });

  it('a person makes a personal key, sees its secret once, rotates it and revokes it', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const { page, problems, foreign } = await personsBrowser();
    await signInThroughPage(page, user.email, user.password);
    // Not a manager: no console screen for keys.
    expect(await page.getByRole('link', { name: 'Service accounts' }).count()).toBe(0);

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(`${origin}/account/api-keys`);
    await expect.poll(() => page.getByText('No key yet.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'New API key' }).click();
    const form = page.getByRole('form', { name: 'New API key' });
    // Only permissions the person holds are offered.
    expect(await form.getByRole('checkbox', { name: 'users:read', exact: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => form.getByText('Give the key a name.').isVisible()).toBe(true);
    await expect.poll(() => form.getByText('Choose at least one permission.').isVisible()).toBe(true);
    await form.getByLabel('Name').fill('Reporting script');
    await form.getByRole('checkbox', { name: 'users:read:self' }).check();
    await form.getByLabel('Expires').selectOption({ label: 'In 7 days' });
    await form.getByLabel('Allowed addresses (optional)').fill('not-an-address');
    await screen(page, 'new');
    await form.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => form.getByText('"not-an-address" is not an address or CIDR block').isVisible()).toBe(true);
    await form.getByLabel('Allowed addresses (optional)').fill('');
    await form.getByLabel('Requests per minute at most (optional)').fill('120');
    await form.getByRole('button', { name: 'Create key' }).click();

    const secret = await shownSecret(page);
    expect(secret).toMatch(KEY);
    await expect.poll(() => page.getByText('you will not see it again').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await expect.poll(() => page.getByText('Copied.').isVisible()).toBe(true);
    const clipboard = () =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText();
    expect(await page.evaluate(clipboard)).toBe(secret);
    await screen(page, 'secret');
    expect(await meWith(secret)).toEqual({ status: 200, id: user.id });

    // Once only: after a reload the page holds the display form, never the secret.
    const display = `tsk_test_…${secret.slice(-4)}`;
    await page.reload();
    await expect.poll(() => page.getByText(display).isVisible()).toBe(true);
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole('row').filter({ hasText: 'Reporting script' });
    expect(await row.textContent()).toMatch(/users:read:self.*active/);
    await screen(page, 'list');

    // A second factor set up elsewhere: this password-only session must now confirm it with the
    // factor (step-up) to rotate, over the rotate dialog.
    const elsewhere = await signIn(t, tenant.slug, user.email, user.password);
    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, {}, { token: elsewhere.token }),
    ).startTotpEnrolment;
    const enrolledAt = new Date();
    dataOf(
      await t.request(
        ConfirmTotpEnrolmentDocument,
        { input: { factorId: started.factorId, code: totpCode(started.secret, enrolledAt) } },
        { token: elsewhere.token },
      ),
    );

    // Rotation without overlap: the new secret shown once works, the old one is refused at once.
    await row.getByRole('button', { name: 'Rotate' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate Reporting script' });
    await rotate.getByLabel('The old secret').selectOption('NONE');
    await screen(page, 'rotate');
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.getByLabel('Code from your authenticator app').waitFor();
    await screen(page, 'step-up');
    const step = (at: Date) => Math.floor(at.getTime() / 30_000);
    const now = new Date();
    await stepUp
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(started.secret, now, step(now) > step(enrolledAt) ? 0 : 1));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    const rotated = await shownSecret(page);
    expect(await rotate.count()).toBe(0);
    expect(rotated).toMatch(KEY);
    expect(rotated).not.toBe(secret);
    expect(await meWith(rotated)).toEqual({ status: 200, id: user.id });
    expect((await meWith(secret)).status).toBe(401);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByLabel('Secret of the key').count()).toBe(0);

    // Revoked: refused from the next request on.
    const active = page.getByRole('row').filter({ hasText: `tsk_test_…${rotated.slice(-4)}` });
    await active.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.getByText('The key is revoked').isVisible()).toBe(true);
    await expect.poll(() => active.textContent()).toContain('revoked');
    expect((await meWith(rotated)).status).toBe(401);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('an admin makes a service account and a key for it in the console, sees its use, then deletes it', async () => {
    const { page, problems, foreign } = await personsBrowser();
    await signInThroughPage(page, tenant.admin.email, tenant.admin.password);
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await page.waitForURL(`${origin}/console/api-keys`);
    await expect.poll(() => page.getByText('No service account yet.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New service account' }).click();
    const accountForm = page.getByRole('form', { name: 'New service account' });
    // Roles beyond the admin's own permissions are not offered.
    expect(await accountForm.getByRole('checkbox', { name: 'platform_admin' }).count()).toBe(0);
    await accountForm.getByLabel('Name').fill('Billing sync');
    await accountForm.getByLabel('Description (optional)').fill('Nightly export to billing');
    await accountForm.getByRole('checkbox', { name: 'api_user' }).check();
    await screen(page, 'console-new-account');
    await accountForm.getByRole('button', { name: 'Create service account' }).click();
    const accountRow = page.getByRole('row').filter({ hasText: 'Billing sync' });
    await expect.poll(() => accountRow.textContent()).toContain('api_user');

    await accountRow.getByRole('button', { name: 'New key' }).click();
    const keyForm = page.getByRole('form', { name: 'New key for Billing sync' });
    // Only what the account's roles grant: api_user holds users:read, not trades:write.
    expect(await keyForm.getByRole('checkbox', { name: /^trades:write/ }).count()).toBe(0);
    await keyForm.getByLabel('Name').fill('Billing production');
    await keyForm.getByRole('checkbox', { name: /^users:read(?!:)/ }).check();
    await keyForm.getByLabel('Expires').selectOption({ label: 'On a date…' });
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    await keyForm.getByLabel('Expiry date').fill(inTenDays.toISOString().slice(0, 10));
    await screen(page, 'console-new-key');
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const secret = await shownSecret(page);
    expect(secret).toMatch(KEY);
    await screen(page, 'console-secret');
    expect((await meWith(secret)).status).toBe(200);

    // Every key of the tenant, with its owner; its use per day.
    const keyRow = page.getByRole('row').filter({ hasText: 'Billing production' });
    await expect.poll(() => keyRow.textContent()).toContain('Billing sync (service account)');
    await keyRow.getByRole('button', { name: 'Usage' }).click();
    const usage = page.getByRole('dialog');
    await expect.poll(() => usage.textContent()).toContain('1 request in the last 30 days');
    await screen(page, 'console-usage');
    await usage.getByRole('button', { name: 'Close' }).click();

    // Deleting the account revokes its key (and the key goes with the account).
    await accountRow.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('No service account yet.').isVisible()).toBe(true);
    await expect.poll(() => keyRow.count()).toBe(0);
    expect((await meWith(secret)).status).toBe(401);
    await screen(page, 'console');

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
