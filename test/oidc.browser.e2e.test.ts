/**
 * Signing in to an application (OpenID Connect) through the account pages, in headless Chromium:
 * a relying party built with openid-client sends the browser to the tenant's authorization
 * endpoint (code flow with PKCE); the provider hands it to /account/authorize, where the person
 * signs in with the page's own form and is sent back to the application's redirect URI (a loopback
 * server of this file that records what it receives). The application then redeems the code,
 * calls the API with the access token, refreshes, revokes, and logs the person out through the
 * end-session endpoint. A person already signed in goes straight through with no form; a
 * third-party application asks consent (Deny gives it access_denied); an application that wants a
 * recent sign-in gets the step-up dialog first, one that wants a second factor gets the sign-in's
 * second step (or, for a person without one, says so); a person signed in to another organisation
 * is told so; an ended interaction says so; `?next=` of another origin is not followed. The pages are served at the relay's origin (APP_URL, the
 * issuer's); each screen checked is free of serious axe-core violations, no page breaks a CSP rule
 * or loads anything from an origin other than the pages' and the application's.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { totpCode } from '@tradesage/core/testing';
import * as oidc from 'openid-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ConfirmTotpEnrolmentDocument, StartTotpEnrolmentDocument } from '@tradesage/client';
import {
  accessibilityViolations,
  launchChromium,
  startLocalhostRelay,
  type Browser,
  type LocalhostRelay,
} from './support/browser.ts';
import { addTestUser, dataOf, signIn, startTestStack, useTestStack, type TestUser } from './support/fixtures.ts';
import { authorizationRequest, registerClient, relyingParty, type RegisteredClient } from './support/oidc.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));

let relay: LocalhostRelay | undefined;
const [t, tenant, otherTenant] = useTestStack(
  async () => {
    relay = await startLocalhostRelay();
    const stack = await startTestStack({ env: { APP_URL: relay.origin } });
    relay.relayTo(stack.gatewayUrl);
    return stack;
  },
  { prefix: 'weboidc', name: 'Acme Trading' },
  { prefix: 'weboidcx', name: 'Other Org' },
);
let origin: string;
let issuer: string;
let app: RelyingPartyServer;
const browsers: Browser[] = [];

/** The application's side: a loopback server whose every request is kept (its callback and logout pages). */
interface RelyingPartyServer {
  readonly origin: string;
  readonly callback: string;
  readonly loggedOut: string;
  /**
   * The request to `path` carrying `state` (full URL), once it has arrived. Told apart by state, a
   * request is never taken by another authorization's wait.
   */
  next(path: string, state: string): Promise<URL>;
  close(): Promise<void>;
}

async function startRelyingPartyServer(): Promise<RelyingPartyServer> {
  const received: URL[] = [];
  const waiting: Array<{ path: string; state: string; resolve(url: URL): void }> = [];
  const matches = (url: URL, path: string, state: string) =>
    url.pathname === path && url.searchParams.get('state') === state;
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const waiter = waiting.findIndex((w) => matches(url, w.path, w.state));
    if (waiter >= 0) waiting.splice(waiter, 1)[0]?.resolve(url);
    else received.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Relying party</title><p>Back at the application.</p></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: base,
    callback: `${base}/callback`,
    loggedOut: `${base}/logged-out`,
    next(path, state) {
      const kept = received.findIndex((url) => matches(url, path, state));
      if (kept >= 0) return Promise.resolve(received.splice(kept, 1)[0] as URL);
      const arrival = new Promise<URL>((resolve, reject) => {
        const waiter = {
          path,
          state,
          resolve: (url: URL) => {
            clearTimeout(timer);
            resolve(url);
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`nothing reached the application at ${path}`));
        }, 40_000);
        waiting.push(waiter);
      });
      // Awaited by the test, or not when it failed before: no unhandled rejection either way.
      arrival.catch(() => undefined);
      return arrival;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  origin = relay?.origin ?? '';
  issuer = `${origin}/t/${tenant.slug}`;
  app = await startRelyingPartyServer();
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await app?.close();
  await relay?.close();
});

/**
 * A person's browser: problems (page errors, console errors but HTTP refusals, CSP refusals) and
 * requests to origins other than the pages' and the application's kept (and refused).
 */
async function personsBrowser() {
  const browser = await launchChromium();
  browsers.push(browser);
  const { context } = browser;
  const problems: string[] = [];
  const foreign: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.origin !== app.origin,
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
  // What the page showed when its test failed, and where it was.
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: `${ARTIFACTS}oidc-failed-${name}.png`, fullPage: true }).catch(() => undefined);
    console.error(`${task.name}: the page was at ${page.url()}; problems: ${JSON.stringify(problems)}`);
  });
  return { page, problems, foreign };
}

/** Checks the screen (accessibility) and keeps its screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}oidc-${name}.png`, fullPage: true });
}

async function signInOnAccountPages(page: Page, tenantSlug: string, user: TestUser): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Organisation').fill(tenantSlug);
  await page.getByLabel('Email address or username').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${origin}/account`);
}

/** The ids of a page of the tenant's users, read with `token` (users:read; no personal data asked). */
async function userIdsWith(token: string): Promise<string[]> {
  const res = await t.raw<{ users: { edges: Array<{ node: { id: string } }> } }>(
    '{ users(first: 50) { edges { node { id } } } }',
    {},
    { token },
  );
  return dataOf(res, 'users').users.edges.map((edge) => edge.node.id);
}

/** An application of the tenant, sending people back to this file's server. */
function registerApp(input: { name: string; firstParty?: boolean; scopes?: string[] }): Promise<RegisteredClient> {
  return registerClient(t.stack.runtime, tenant.id, {
    name: input.name,
    firstParty: input.firstParty ?? true,
    redirectUris: [app.callback],
    postLogoutRedirectUris: [app.loggedOut],
    ...(input.scopes ? { scopes: input.scopes } : {}),
  });
}

/** Starts an authorization in the browser: openid-client's request, and its configuration. */
async function startAuthorization(page: Page, client: RegisteredClient, params: Record<string, string> = {}) {
  const config = await relyingParty(issuer, client);
  const request = await authorizationRequest(config, app.callback, params);
  // Once the application has the request and the browser shows its page (the next navigation
  // would otherwise interrupt this one).
  const callback = app.next('/callback', request.state).then(async (url) => {
    await page.waitForURL((shown) => shown.origin === app.origin && shown.searchParams.get('state') === request.state);
    return url;
  });
  callback.catch(() => undefined);
  await page.goto(request.url.href);
  return { config, request, callback };
}

describe('signing in to an application through the account pages', () => {
  it('the gateway serves the page', async () => {
    expect((await fetch(`${origin}/account/authorize?tenant=${tenant.slug}&uid=x`)).status).toBe(200);
  });

  it('signs in on the page, then the application redeems the code, calls the API, refreshes, revokes and logs out', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Acme Reports' });
    const { page, problems, foreign } = await personsBrowser();
    const { config, request, callback } = await startAuthorization(page, client, {
      scope: 'openid profile email offline_access users:read',
      prompt: 'consent',
    });

    await page.waitForURL((url) => url.pathname === '/account/authorize');
    const url = new URL(page.url());
    expect(url.searchParams.get('tenant')).toBe(tenant.slug);
    await page.getByRole('heading', { name: 'Sign in to Acme Reports' }).waitFor();
    await expect.poll(() => page.getByText('Acme Reports uses your Acme Trading account.').isVisible()).toBe(true);
    // The organisation is the application's: not asked.
    expect(await page.getByLabel('Organisation').count()).toBe(0);
    await screen(page, 'sign-in');
    await page.getByLabel('Email address or username').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const back = await callback;
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(back.searchParams.get('iss')).toBe(issuer);
    const tokens = await oidc.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.sub).toBe(user.id);
    expect(claims?.['email']).toBe(user.email);
    expect(claims?.['amr']).toEqual(['pwd']);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope?.split(' ')).toContain('users:read');

    // The access token is the API's (RFC 9068): the user's permission, within the granted scope.
    expect(await userIdsWith(tokens.access_token)).toContain(user.id);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(await userIdsWith(refreshed.access_token)).toContain(user.id);

    await oidc.tokenRevocation(config, refreshed.refresh_token ?? '', { token_type_hint: 'refresh_token' });
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    // RP-initiated logout: the provider asks, then sends the browser to the registered address.
    const logoutState = oidc.randomState();
    const loggedOut = app.next('/logged-out', logoutState);
    await page.goto(
      oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: app.loggedOut,
        state: logoutState,
      }).href,
    );
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    expect((await loggedOut).searchParams.get('state')).toBe(logoutState);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('a person already signed in on the account pages goes straight back to the application, no form', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Acme Dashboard' });
    const { page, problems, foreign } = await personsBrowser();
    await signInOnAccountPages(page, tenant.slug, user);
    const pagesSeen: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) pagesSeen.push(new URL(frame.url()).pathname);
    });

    const { config, request, callback } = await startAuthorization(page, client);
    const back = await callback;
    // Nothing was filled in or clicked: the page handed its session over by itself.
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(pagesSeen).toContain('/account/authorize');
    const tokens = await oidc.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()?.sub).toBe(user.id);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('a third-party application asks consent: Deny gives it access_denied, Allow signs in and is remembered', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Partner Analytics', firstParty: false });
    const { page, problems, foreign } = await personsBrowser();
    await signInOnAccountPages(page, tenant.slug, user);
    const scope = { scope: 'openid profile email users:read' };

    const denied = await startAuthorization(page, client, scope);
    const consent = page.getByRole('heading', { name: 'Allow Partner Analytics to use your account?' });
    await consent.waitFor();
    await expect.poll(() => page.getByText(`You are signed in as ${user.email}`).isVisible()).toBe(true);
    const asked = page.getByRole('list', { name: 'What Partner Analytics asks for' });
    await expect.poll(() => asked.getByRole('listitem').count()).toBe(4);
    await expect
      .poll(() => asked.textContent())
      .toContain('See the people in your organisation: their profiles, roles and activity');
    await expect.poll(() => asked.textContent()).toContain('See your email address');
    // The heading takes the focus: a screen reader starts at the question.
    await expect
      .poll(() => page.locator('h1:focus').textContent())
      .toBe('Allow Partner Analytics to use your account?');
    await screen(page, 'consent');
    await page.getByRole('button', { name: 'Deny' }).click();
    const refused = await denied.callback;
    expect(refused.searchParams.get('error')).toBe('access_denied');
    expect(refused.searchParams.get('code')).toBeNull();
    expect(refused.searchParams.get('state')).toBe(denied.request.state);

    const allowed = await startAuthorization(page, client, scope);
    await consent.waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    const back = await allowed.callback;
    const tokens = await oidc.authorizationCodeGrant(allowed.config, back, {
      pkceCodeVerifier: allowed.request.verifier,
      expectedState: allowed.request.state,
      expectedNonce: allowed.request.nonce,
    });
    expect(tokens.claims()?.sub).toBe(user.id);

    // Consent given once: the next sign-in asks nothing.
    const remembered = await startAuthorization(page, client, scope);
    expect((await remembered.callback).searchParams.get('code')).toBeTruthy();
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('cancelling on the sign-in form sends the application access_denied', async () => {
    const client = await registerApp({ name: 'Acme Cancel' });
    const { page } = await personsBrowser();
    const { request, callback } = await startAuthorization(page, client);
    await page.getByRole('button', { name: 'Cancel and go back to Acme Cancel' }).click();
    const back = await callback;
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(request.state);
  });

  it('an application that wants a recent sign-in gets the step-up dialog first', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Acme Treasury' });
    const { page, problems } = await personsBrowser();
    await signInOnAccountPages(page, tenant.slug, user);
    // The sign-in is older than max_age by then; the step-up's is not, by the time the page retries
    // (max_age leaves room for a slow machine between the two).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const beforeStepUp = Math.floor(Date.now() / 1000);
    const { config, request, callback } = await startAuthorization(page, client, { max_age: '4' });
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Your password').waitFor();
    await expect.poll(() => dialog.textContent()).toContain('Acme Treasury asks you to confirm it is you.');
    await screen(page, 'step-up');
    await dialog.getByLabel('Your password').fill(user.password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const back = await callback;
    const tokens = await oidc.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
      maxAge: 4,
    });
    expect(Number(tokens.claims()?.auth_time)).toBeGreaterThanOrEqual(beforeStepUp);
    expect(problems).toEqual([]);
  });

  it('prompt=login and max_age=0 ask a person already signed in to confirm it is them again', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Acme Ledger' });
    const { page, problems } = await personsBrowser();
    await signInOnAccountPages(page, tenant.slug, user);
    for (const params of [{ prompt: 'login' }, { max_age: '0' }] as Array<Record<string, string>>) {
      // The provider knows when an authorization started to the second: a sign-in (or step-up)
      // within the same second counts as made after it.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const before = Math.floor(Date.now() / 1000);
      const { config, request, callback } = await startAuthorization(page, client, params);
      const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
      await dialog.getByLabel('Your password').fill(user.password);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      const tokens = await oidc.authorizationCodeGrant(config, await callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      expect(Number(tokens.claims()?.auth_time), JSON.stringify(params)).toBeGreaterThanOrEqual(before);
    }
    expect(problems).toEqual([]);
  });

  it('an application that wants a second factor: the sign-in form asks for it; a person without one is told so', async () => {
    const user = await addTestUser(t, tenant, 'admin');
    const signedIn = await signIn(t, tenant.slug, user.email, user.password);
    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, {}, { token: signedIn.token }),
    ).startTotpEnrolment;
    const enrolledAt = new Date();
    dataOf(
      await t.request(
        ConfirmTotpEnrolmentDocument,
        { input: { factorId: started.factorId, code: totpCode(started.secret, enrolledAt) } },
        { token: signedIn.token },
      ),
    );
    const client = await registerApp({ name: 'Acme Vault' });
    const { page, problems } = await personsBrowser();
    const { config, request, callback } = await startAuthorization(page, client, { acr_values: 'aal2' });
    await page.getByRole('heading', { name: 'Sign in to Acme Vault' }).waitFor();
    await page.getByLabel('Email address or username').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The sign-in's own second step, on the same page.
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor();
    await screen(page, 'second-factor');
    const step = (at: Date) => Math.floor(at.getTime() / 30_000);
    const now = new Date();
    // The enrolment spent this step's code: the next one (accepted within the drift window) unless time moved on.
    await code.fill(totpCode(started.secret, now, step(now) > step(enrolledAt) ? 0 : 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    const tokens = await oidc.authorizationCodeGrant(config, await callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()?.['acr']).toBe('aal2');

    // Someone with no second factor, signed in with a password: told to set one up, not sent back.
    const plain = await addTestUser(t, tenant, 'admin');
    const other = await personsBrowser();
    await signInOnAccountPages(other.page, tenant.slug, plain);
    await startAuthorization(other.page, client, { acr_values: 'aal2' });
    await other.page.getByRole('heading', { name: 'Acme Vault needs a second factor' }).waitFor();
    expect(await other.page.getByRole('link', { name: 'security page' }).getAttribute('href')).toBe(
      '/account/security',
    );
    await screen(other.page, 'no-second-factor');
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('a person signed in to another organisation is told so, and may switch', async () => {
    const outsider = await addTestUser(t, otherTenant, 'admin');
    const user = await addTestUser(t, tenant, 'admin');
    const client = await registerApp({ name: 'Acme Portal' });
    const { page, problems } = await personsBrowser();
    await signInOnAccountPages(page, otherTenant.slug, outsider);
    const { callback } = await startAuthorization(page, client);
    await expect
      .poll(() =>
        page
          .getByText('You are signed in to Other Org, but Acme Portal signs you in with your Acme Trading account.')
          .isVisible(),
      )
      .toBe(true);
    await screen(page, 'other-organisation');
    await page.getByRole('button', { name: 'Sign out and sign in to Acme Trading' }).click();
    await page.getByLabel('Email address or username').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await callback).searchParams.get('code')).toBeTruthy();
    expect(problems).toEqual([]);
  });

  it('after signing in, a return path (?next=) of another origin is not followed', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const { page, foreign } = await personsBrowser();
    const elsewhere = `//${new URL(app.origin).host}/stolen`;
    await page.goto(`${origin}/login?tenant=${tenant.slug}&next=${encodeURIComponent(elsewhere)}`);
    await page.getByLabel('Email address or username').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${origin}/account`);
    expect(foreign).toEqual([]);
  });

  it('an interaction that has ended (or never was) says so', async () => {
    const { page, problems } = await personsBrowser();
    await page.goto(`${origin}/account/authorize?tenant=${tenant.slug}&uid=no-such-interaction`);
    await page.getByRole('heading', { name: 'This sign-in has ended' }).waitFor();
    await screen(page, 'ended');
    await page.goto(`${origin}/account/authorize`);
    await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor();
    expect(problems).toEqual([]);
  });
});
