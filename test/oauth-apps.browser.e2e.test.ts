/**
 * OAuth applications in the web app, in headless Chromium. An admin registers a confidential
 * application on the console's Applications screen (a redirect URI the provider refuses is shown at
 * its field), sees its secret once (it then authenticates at the tenant's token endpoint), finds it
 * in the list, rotates the secret (confirmed with the second factor set up meanwhile: step-up; the
 * old secret is refused at once), registers a service client acting as a service account (its
 * secret gets that account's tokens) and a public one (no secret, nothing to rotate), changes the
 * first, and deletes it (its secret authenticates no more). A person who signed in to an
 * application (driven without a browser, as the account pages would) finds it under Connected apps
 * and removes its access: the list empties and the application's access token is refused by the
 * gateway. Every screen is checked with axe-core (no serious or critical violation), loads nothing
 * from another origin and breaks no CSP rule; screenshots go to test/.artifacts/. The pages are
 * served at a loopback relay's origin, APP_URL, the issuer's.
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmTotpEnrolmentDocument,
  CreateServiceAccountDocument,
  MeDocument,
  StartTotpEnrolmentDocument,
} from '@tradesage/client';
import { totpCode } from '@tradesage/core/testing';
import {
  accessibilityViolations,
  launchChromium,
  startLocalhostRelay,
  type Browser,
  type LocalhostRelay,
} from './support/browser.ts';
import { addTestUser, codeOf, dataOf, signIn, startTestStack, useTestStack } from './support/fixtures.ts';
import { authorizationRequest, authorizeWithSession, CookieJar, registerClient, relyingParty } from './support/oidc.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));
const REDIRECT = 'http://127.0.0.1:9/callback';
const CLIENT_ID = /^tsc_[0-9A-Za-z]{20}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

let relay: LocalhostRelay | undefined;
const [t, tenant] = useTestStack(
  async () => {
    relay = await startLocalhostRelay();
    const stack = await startTestStack({ env: { APP_URL: relay.origin } });
    relay.relayTo(stack.gatewayUrl);
    return stack;
  },
  { prefix: 'webapps' },
);
let origin: string;
let issuer: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  origin = relay?.origin ?? '';
  issuer = `${origin}/t/${tenant.slug}`;
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await relay?.close();
});

/** A person's own browser: problems (page errors, CSP refusals) and foreign requests kept. */
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
  return { page, problems, foreign };
}

/** Checks the screen (accessibility) and keeps its screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}oauth-apps-${name}.png`, fullPage: true });
}

async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Organisation').fill(tenant.slug);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/account`);
}

/** The secret dialog's client id and secret, once it is shown. */
async function shownSecret(page: Page, name: string): Promise<{ clientId: string; secret: string }> {
  const dialog = page.getByRole('dialog', { name: `Copy the secret of “${name}” now` });
  await dialog.getByLabel('Client secret').waitFor();
  return {
    clientId: await dialog.getByLabel('Client ID').inputValue(),
    secret: await dialog.getByLabel('Client secret').inputValue(),
  };
}

/**
 * What the token endpoint says to a made-up code sent with this client's credentials:
 * `invalid_grant` when the client authenticated (only the code is wrong), `invalid_client` when not.
 */
async function tokenEndpointVerdict(clientId: string, secret: string): Promise<unknown> {
  const res = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'nothing',
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
    }),
  });
  return ((await res.json()) as { error?: unknown }).error;
}

/** The text of what describes a field (its hint and error), as assistive technology reads it. */
async function descriptionOf(page: Page, field: ReturnType<Page['getByLabel']>): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const parts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return parts.join(' ');
}

const clipboard = () =>
  (
    globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
  ).navigator.clipboard.readText();

describe('OAuth applications in the web app', () => {
  it('the gateway serves both pages', async () => {
    for (const route of ['/console/applications', '/account/apps'])
      expect((await fetch(`${origin}${route}`)).status, route).toBe(200);
  });

  it('an admin registers an application, sees its secret once, rotates it, changes it and deletes it', async () => {
    const admin = await addTestUser(t, tenant, 'admin');
    const account = dataOf(
      await t.request(
        CreateServiceAccountDocument,
        { input: { name: 'Reporting bot', roles: ['api_user'] } },
        { token: tenant.admin.token },
      ),
    ).createServiceAccount;
    const { page, problems, foreign } = await personsBrowser();
    await signInThroughPage(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL(`${origin}/console/applications`);

    // The provider's addresses, copyable.
    expect(await page.getByLabel('Issuer').inputValue()).toBe(issuer);
    expect(await page.getByLabel('Discovery URL').inputValue()).toBe(`${issuer}/.well-known/openid-configuration`);
    await page.getByRole('button', { name: 'Copy Discovery URL' }).click();
    await expect.poll(() => page.getByText('Copied.').isVisible()).toBe(true);
    expect(await page.evaluate(clipboard)).toBe(`${issuer}/.well-known/openid-configuration`);
    await expect.poll(() => page.getByText('No application yet.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New application' }).click();
    const form = page.getByRole('form', { name: 'New application' });
    await form.getByRole('button', { name: 'Register application' }).click();
    await expect.poll(() => form.getByText('Give it a name.').isVisible()).toBe(true);
    await form.getByLabel('Name').fill('Portfolio site');
    expect(await form.getByRole('radio', { name: /^Confidential/ }).isChecked()).toBe(true);
    // A SERVICE client is offered no user scope and picks a service account; back to confidential.
    await form.getByRole('radio', { name: /^Service/ }).check();
    expect(await form.getByLabel('Service account', { exact: true }).count()).toBe(1);
    expect(await form.getByRole('checkbox', { name: 'openid' }).count()).toBe(0);
    await form.getByRole('radio', { name: /^Confidential/ }).check();
    expect(await form.getByRole('checkbox', { name: 'openid' }).isChecked()).toBe(true);
    await form.getByRole('checkbox', { name: 'profile' }).check();
    await form.getByRole('checkbox', { name: 'users:read', exact: true }).check();
    await form.getByRole('checkbox', { name: /^First-party/ }).check();
    // Plain http off loopback: the provider refuses it, and says so at the field.
    const redirects = form.getByLabel('Redirect URIs', { exact: true });
    await redirects.fill('http://example.com/cb');
    await form.getByRole('button', { name: 'Register application' }).click();
    await expect.poll(() => redirects.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, redirects)).toMatch(/http:\/\/example\.com\/cb: http only on a loopback host/);
    expect(await form.getByRole('alert').count()).toBe(0);
    await screen(page, 'new');
    await redirects.fill(`${REDIRECT}\nhttps://portfolio.example/callback`);
    await form.getByLabel('Post-logout redirect URIs (optional)').fill('https://portfolio.example/');
    await form.getByRole('button', { name: 'Register application' }).click();

    const created = await shownSecret(page, 'Portfolio site');
    expect(created.clientId).toMatch(CLIENT_ID);
    expect(created.secret).toMatch(SECRET);
    const secretDialog = page.getByRole('dialog');
    expect(await secretDialog.getByText('you will not see it again').isVisible()).toBe(true);
    await secretDialog.getByRole('button', { name: 'Copy Client secret' }).click();
    await expect.poll(() => secretDialog.getByText('Copied.').isVisible()).toBe(true);
    expect(await page.evaluate(clipboard)).toBe(created.secret);
    await screen(page, 'secret');
    // Escape does not lose the secret: only "I have stored it" closes the dialog.
    await page.keyboard.press('Escape');
    expect(await secretDialog.getByRole('button', { name: 'I have stored it' }).isVisible()).toBe(true);
    expect(await tokenEndpointVerdict(created.clientId, created.secret)).toBe('invalid_grant');
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => secretDialog.count()).toBe(0);

    const row = page.getByRole('row').filter({ hasText: 'Portfolio site' });
    await expect.poll(() => row.textContent()).toContain(created.clientId);
    const text = (await row.textContent()) ?? '';
    for (const shown of ['confidential', 'client_secret_basic', 'Yes', REDIRECT, 'openid profile users:read'])
      expect(text).toContain(shown);
    expect(text).toContain(`secret …${created.secret.slice(-4)}`);
    // Once only: after a reload the page holds its last four characters, never the secret.
    await page.reload();
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await page.content()).not.toContain(created.secret);
    await screen(page, 'list');

    // A second factor set up elsewhere: this password-only session confirms it with the factor
    // (step-up) to rotate the secret.
    const elsewhere = await signIn(t, tenant.slug, admin.email, admin.password);
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
    await row.getByRole('button', { name: 'Rotate secret' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the secret of Portfolio site' });
    await screen(page, 'rotate');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.getByLabel('Code from your authenticator app').waitFor();
    const step = (at: Date) => Math.floor(at.getTime() / 30_000);
    const now = new Date();
    await stepUp
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(started.secret, now, step(now) > step(enrolledAt) ? 0 : 1));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    const rotated = await shownSecret(page, 'Portfolio site');
    expect(await rotate.count()).toBe(0);
    expect(rotated.clientId).toBe(created.clientId);
    expect(rotated.secret).toMatch(SECRET);
    expect(rotated.secret).not.toBe(created.secret);
    expect(await tokenEndpointVerdict(created.clientId, created.secret)).toBe('invalid_client');
    expect(await tokenEndpointVerdict(created.clientId, rotated.secret)).toBe('invalid_grant');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => row.textContent()).toContain(`secret …${rotated.secret.slice(-4)}`);

    // A SERVICE client, acting as the service account picked: its secret gets tokens of that account.
    await page.getByRole('button', { name: 'New application' }).click();
    const service = page.getByRole('form', { name: 'New application' });
    await service.getByLabel('Name').fill('Nightly export');
    await service.getByRole('radio', { name: /^Service/ }).check();
    expect(await service.getByLabel('Redirect URIs', { exact: true }).count()).toBe(0);
    await service.getByLabel('Service account', { exact: true }).selectOption({ label: 'Reporting bot' });
    await service.getByRole('checkbox', { name: 'users:read', exact: true }).check();
    await screen(page, 'new-service');
    await service.getByRole('button', { name: 'Register application' }).click();
    const serviceSecret = await shownSecret(page, 'Nightly export');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const grant = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${serviceSecret.clientId}:${serviceSecret.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'users:read',
        resource: `${origin}/graphql`,
      }),
    });
    const { access_token: serviceToken } = (await grant.json()) as { access_token: string };
    expect(dataOf(await t.request(MeDocument, {}, { token: serviceToken })).me?.id).toBe(account.id);
    const serviceRow = page.getByRole('row').filter({ hasText: 'Nightly export' });
    await expect.poll(() => serviceRow.textContent()).toContain('as Reporting bot');

    // A PUBLIC client has no secret: nothing to show, nothing to rotate.
    await page.getByRole('button', { name: 'New application' }).click();
    const publicForm = page.getByRole('form', { name: 'New application' });
    await publicForm.getByLabel('Name').fill('Mobile app');
    await publicForm.getByRole('radio', { name: /^Public/ }).check();
    await publicForm.getByLabel('Redirect URIs', { exact: true }).fill('com.example.mobile:/callback');
    await publicForm.getByRole('button', { name: 'Register application' }).click();
    await expect.poll(() => page.getByText('Mobile app is saved.').isVisible()).toBe(true);
    const publicRow = page.getByRole('row').filter({ hasText: 'Mobile app' });
    expect(await publicRow.textContent()).toContain('none');
    expect(await publicRow.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);

    // Changed: third-party now, one redirect URI fewer.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit Portfolio site' });
    await edit.getByRole('checkbox', { name: /^First-party/ }).uncheck();
    await edit.getByLabel('Redirect URIs', { exact: true }).fill(REDIRECT);
    await screen(page, 'edit');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Portfolio site is saved.').isVisible()).toBe(true);
    await expect.poll(() => row.textContent()).not.toContain('https://portfolio.example/callback');
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('No');

    // Deleted, after a confirmation: its secret authenticates no more.
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Portfolio site?' });
    await screen(page, 'delete');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete application' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await page.getByText('Portfolio site is deleted').isVisible()).toBe(true);
    expect(await tokenEndpointVerdict(created.clientId, rotated.secret)).toBe('invalid_client');

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('a person sees an application they signed in to under Connected apps and removes its access', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const { page, problems, foreign } = await personsBrowser();
    await signInThroughPage(page, user.email, user.password);
    // Not a manager: no Applications screen.
    expect(await page.getByRole('link', { name: 'Applications' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Connected apps' }).click();
    await page.waitForURL(`${origin}/account/apps`);
    await expect.poll(() => page.getByText('No application has access to your account.').isVisible()).toBe(true);

    // The person signs in to a third-party application and consents (as /account/authorize does).
    const client = await registerClient(t.stack.runtime, tenant.id, {
      name: 'Trade journal',
      firstParty: false,
      redirectUris: [REDIRECT],
    });
    const session = await signIn(t, tenant.slug, user.email, user.password);
    const config = await relyingParty(issuer, client);
    const request = await authorizationRequest(config, REDIRECT, {
      scope: 'openid profile offline_access users:read',
      prompt: 'consent',
    });
    const { callback, steps } = await authorizeWithSession(new CookieJar(), origin, request, session.token);
    expect(steps).toEqual(['consent']);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(dataOf(await t.request(MeDocument, {}, { token: tokens.access_token })).me?.id).toBe(user.id);

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'Trade journal' });
    await expect.poll(() => row.isVisible()).toBe(true);
    const cells = row.getByRole('cell');
    expect(await cells.nth(1).textContent()).toMatch(/\bopenid\b.*\busers:read\b/);
    expect(await cells.nth(2).textContent()).toBe('1');
    expect(await cells.nth(3).textContent()).not.toBe('—');
    await screen(page, 'connected');

    await row.getByRole('button', { name: 'Remove access of Trade journal' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Trade journal’s access?' });
    await screen(page, 'remove');
    await confirm.getByRole('button', { name: 'Remove access' }).click();
    await expect
      .poll(() => page.getByText('Trade journal no longer has access to your account.').isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText('No application has access to your account.').isVisible()).toBe(true);
    expect(await row.count()).toBe(0);
    await screen(page, 'removed');

    // The application's access token is refused by the gateway from now on; the person's session stands.
    const refused = await t.request(MeDocument, {}, { token: tokens.access_token });
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(dataOf(await t.request(MeDocument, {}, { token: session.token })).me?.id).toBe(user.id);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
