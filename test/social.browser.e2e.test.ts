/**
 * Social sign-in through the account pages and the console, in headless Chromium, against local
 * upstreams playing Google (an oidc-provider instance) and GitHub (test/support/social-upstreams.ts):
 * a new person signs in from the sign-in page's "Continue with Google" and lands signed in on
 * /account, their only way to sign in refused when they try to unlink it; a person whose address
 * has an account is told so, signs in with their password, and finds Google under Linked accounts,
 * unlinks it and links it again from there; a refusal of the callback is shown in words; an
 * application's sign-in (/account/authorize) that goes through Google comes back to it; an admin
 * connects GitHub in the console's settings and the sign-in page offers it. The pages are served
 * at the relay's origin (APP_URL); each screen checked is free of serious axe-core violations, and
 * no page breaks a CSP rule or loads anything from an origin but the pages' and the upstreams'.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocialRepository, socialSecretAad } from '@tradesage/core';
import { accessibilityViolations, launchChromium, type Browser } from './support/browser.ts';
import { addTestUser, createTestTenant, useTestStack, type TestTenant } from './support/fixtures.ts';
import { authorizationRequest, registerClient, relyingParty, startRelayedTestStack } from './support/oidc.ts';
import { SocialUpstreams, type UpstreamAccount } from './support/social-upstreams.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));

let upstreams: SocialUpstreams | undefined;
const [t, tenant] = useTestStack(
  async () => {
    upstreams = await SocialUpstreams.start();
    return startRelayedTestStack({ env: { SOCIAL_PROVIDER_ENDPOINTS: upstreams.endpoints() } });
  },
  { prefix: 'websocial', name: 'Acme Social' },
);
let origin: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  origin = t.origin;
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await connect(tenant, ['google'], { autoRegister: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await upstreams?.close();
});

function upstream(): SocialUpstreams {
  if (!upstreams) throw new Error('upstreams not started');
  return upstreams;
}

/** Registers the tenant's application at the upstreams and connects `providers` to it (straight into its schema). */
async function connect(
  to: TestTenant,
  providers: ReadonlyArray<'google' | 'github'>,
  options: { autoRegister: boolean },
): Promise<void> {
  const clientId = `client-${crypto.randomBytes(6).toString('hex')}`;
  const secret = crypto.randomBytes(24).toString('base64url');
  upstream().registerClient(clientId, secret, (provider) => `${origin}/t/${to.slug}/social/${provider}/callback`);
  const repository = new SocialRepository(t.stack.runtime.db.tenant(to.id));
  for (const provider of providers)
    await repository.createConnection({
      provider,
      clientId,
      clientSecretSealed: t.stack.runtime.mfaSecrets.seal(socialSecretAad(to.id, provider), secret),
      allowedDomains: [],
      autoRegister: options.autoRegister,
      defaultRole: 'viewer',
      enabled: true,
      microsoftTenant: null,
    });
}

function account(overrides: Partial<UpstreamAccount> = {}): UpstreamAccount {
  const sub = String(crypto.randomInt(1, 2 ** 40));
  return { sub, email: `person-${sub}@social.example.test`, emailVerified: true, ...overrides };
}

/**
 * A person's browser: problems (page errors, console errors but HTTP refusals, CSP refusals) and
 * requests to origins other than the pages' and the upstreams' kept (and refused).
 */
async function personsBrowser() {
  const browser = await launchChromium();
  browsers.push(browser);
  const { context } = browser;
  const problems: string[] = [];
  const foreign: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.origin !== upstream().origin,
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
  await page.screenshot({ path: `${ARTIFACTS}social-${name}.png`, fullPage: true });
}

/** The sign-in page of the tenant, its providers' buttons shown. */
async function signInPage(page: Page, slug: string, provider = 'Google'): Promise<void> {
  await page.goto(`${origin}/login?tenant=${slug}`);
  await expect.poll(() => page.getByRole('link', { name: `Continue with ${provider}` }).isVisible()).toBe(true);
}

async function identitiesOf(to: TestTenant, email: string) {
  const user = await t.stack.runtime.db.tenant(to.id).user.findUnique({
    where: { email },
    include: { identities: true },
  });
  return user?.identities ?? [];
}

describe('social sign-in on the account pages', () => {
  it('signs a new person in with Google from the sign-in page, and refuses to unlink their only way to sign in', async () => {
    const { page, problems, foreign } = await personsBrowser();
    await signInPage(page, tenant.slug);
    await screen(page, 'sign-in');
    const link = page.getByRole('link', { name: 'Continue with Google' });
    expect(await link.getAttribute('href')).toBe(
      `/t/${tenant.slug}/social/google/start?return=${encodeURIComponent('/account')}`,
    );
    // Only the providers the tenant enabled.
    expect(await page.getByRole('link', { name: 'Continue with GitHub' }).count()).toBe(0);

    const person = account({ givenName: 'Grace', familyName: 'Hopper' });
    upstream().signInAs(person);
    await link.click();
    await page.waitForURL(`${origin}/account`);
    await expect.poll(() => page.getByRole('heading', { name: 'My account' }).isVisible()).toBe(true);
    await expect
      .poll(() =>
        page
          .getByText(person.email ?? '', { exact: false })
          .first()
          .isVisible(),
      )
      .toBe(true);
    // The session says how it was signed in (the whole page's text when it does not).
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: 'Your sessions' })
          .innerText({ timeout: 1000 })
          .catch(() => page.locator('body').innerText()),
      )
      .toContain('Social sign-in');

    await page.getByRole('link', { name: 'Security' }).click();
    const linked = page.getByRole('table', { name: 'Your linked accounts' });
    await expect.poll(() => linked.getByRole('cell', { name: person.email ?? '' }).isVisible()).toBe(true);
    expect(await linked.getByRole('cell', { name: 'Google', exact: true }).count()).toBe(1);
    await screen(page, 'security');

    page.once('dialog', (dialog) => void dialog.accept());
    await linked.getByRole('button', { name: 'Unlink Google' }).click();
    await expect.poll(() => page.getByText('it is your only way to sign in').isVisible()).toBe(true);
    expect(await identitiesOf(tenant, person.email ?? '')).toHaveLength(1);
    expect(await linked.getByRole('cell', { name: person.email ?? '' }).isVisible()).toBe(true);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('links Google to an existing account once its password signs in, then unlinks it and links it again from Security', async () => {
    const user = await addTestUser(t, tenant, 'viewer', 'linker');
    const person = account({ email: user.email });
    const { page, problems, foreign } = await personsBrowser();
    await signInPage(page, tenant.slug);
    upstream().signInAs(person);
    await page.getByRole('link', { name: 'Continue with Google' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('socialLink'));
    await expect.poll(() => page.getByText('An account with this email address exists already').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('to link your Google account').isVisible()).toBe(true);
    // No identity is linked by the address alone.
    expect(await identitiesOf(tenant, user.email)).toHaveLength(0);
    await screen(page, 'link-explained');
    // The proof is a sign-in after the pending link was made, and a session's auth_time counts whole
    // seconds: a person takes longer than that to type a password, this test does not.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await page.getByLabel('Email address or username').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/account/security');
    await expect.poll(() => page.getByText('Your Google account is linked').isVisible()).toBe(true);
    const linked = page.getByRole('table', { name: 'Your linked accounts' });
    await expect.poll(() => linked.getByRole('cell', { name: user.email }).isVisible()).toBe(true);
    expect((await identitiesOf(tenant, user.email)).map((identity) => identity.provider)).toEqual(['google']);

    // The account has a password: Google may go.
    page.once('dialog', (dialog) => void dialog.accept());
    await linked.getByRole('button', { name: 'Unlink Google' }).click();
    await expect.poll(() => page.getByText('Unlinked: it no longer signs you in.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('You have no linked account.').isVisible()).toBe(true);
    expect(await identitiesOf(tenant, user.email)).toHaveLength(0);

    // Linked again from the security page: startSocialLink, the provider, and back.
    upstream().signInAs(person);
    await page.getByRole('button', { name: 'Link a Google account' }).click();
    await page.waitForURL((url) => url.pathname === '/account/security' && url.searchParams.has('socialLinked'));
    await expect.poll(() => page.getByText('Your Google account is linked').isVisible()).toBe(true);
    await expect.poll(() => linked.getByRole('cell', { name: user.email }).isVisible()).toBe(true);
    expect(await identitiesOf(tenant, user.email)).toHaveLength(1);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('says in words why the provider’s sign-in was refused', async () => {
    const { page, problems } = await personsBrowser();
    await signInPage(page, tenant.slug);
    upstream().signInAs(account({ emailVerified: false }));
    await page.getByRole('link', { name: 'Continue with Google' }).click();
    await page.waitForURL((url) => url.searchParams.get('socialError') === 'SOCIAL_EMAIL_NOT_VERIFIED');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'did not confirm your email address' }).isVisible())
      .toBe(true);
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await screen(page, 'refused');
    expect(problems).toEqual([]);
  });

  it('comes back to an application’s sign-in (/account/authorize) after Google', async () => {
    const client = await registerClient(t.stack.runtime, tenant.id, {
      name: 'Social App',
      firstParty: true,
      redirectUris: ['http://127.0.0.1:9/callback'],
    });
    const config = await relyingParty(`${origin}/t/${tenant.slug}`, client);
    const request = await authorizationRequest(config, 'http://127.0.0.1:9/callback');
    const { page } = await personsBrowser();
    await page.goto(request.url.href);
    await page.waitForURL((url) => url.pathname === '/account/authorize');
    const link = page.getByRole('link', { name: 'Continue with Google' });
    await expect.poll(() => link.isVisible()).toBe(true);
    const back = new URL(page.url());
    expect(new URL(`${origin}${await link.getAttribute('href')}`).searchParams.get('return')).toBe(
      `${back.pathname}${back.search}`,
    );
    const person = account();
    upstream().signInAs(person);
    // The application's callback is refused by the browser route (another origin): its request is what counts.
    const reached = page.waitForRequest((req) => req.url().startsWith('http://127.0.0.1:9/callback'));
    await link.click();
    const callback = new URL((await reached).url());
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });
});

describe('social sign-in in the console', () => {
  it('connects GitHub in the settings (secret write-only), and the sign-in page offers it', async () => {
    const other = await createTestTenant(t, { prefix: 'websocialc' });
    const { page, problems, foreign } = await personsBrowser();
    await page.goto(`${origin}/login`);
    await page.getByLabel('Organisation').fill(other.slug);
    await page.getByLabel('Email address or username').fill(other.admin.email);
    await page.getByLabel('Password').fill(other.admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${origin}/account`);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Social sign-in' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No provider is connected.').isVisible()).toBe(true);

    const clientId = `client-${crypto.randomBytes(6).toString('hex')}`;
    const secret = crypto.randomBytes(24).toString('base64url');
    upstream().registerClient(clientId, secret, (provider) => `${origin}/t/${other.slug}/social/${provider}/callback`);
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub' });
    await dialog.getByLabel('Client id').fill(clientId);
    await dialog.getByRole('button', { name: 'Connect GitHub' }).click();
    // The secret is required to connect.
    await expect.poll(() => dialog.getByLabel('Client secret').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Client secret').fill(secret);
    await dialog.getByLabel('Create accounts on sign-in').check();
    await screen(page, 'console-connect');
    await dialog.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect.poll(() => page.getByText('GitHub is connected.').isVisible()).toBe(true);
    const list = page.getByRole('list', { name: 'Connected providers' });
    await expect.poll(() => list.getByText(`Client id ${clientId}`).isVisible()).toBe(true);
    expect(await page.getByText(secret).count()).toBe(0);
    await screen(page, 'console-settings');

    // Edited without a new secret: the one kept stays (GitHub still signs in below).
    await list.getByRole('button', { name: 'Edit GitHub' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the GitHub connection' });
    expect(await edit.getByLabel('Client secret').inputValue()).toBe('');
    await edit.getByLabel('Allowed email domains (comma-separated; empty: any)').fill('social.example.test');
    await edit.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => page.getByText('GitHub connection saved.').isVisible()).toBe(true);
    await expect
      .poll(() => list.getByText('Addresses of social.example.test', { exact: false }).isVisible())
      .toBe(true);

    const visitor = await personsBrowser();
    await signInPage(visitor.page, other.slug, 'GitHub');
    expect(await visitor.page.getByRole('link', { name: 'Continue with Google' }).count()).toBe(0);
    upstream().signInAs(account());
    await visitor.page.getByRole('link', { name: 'Continue with GitHub' }).click();
    await visitor.page.waitForURL(`${origin}/account`);
    await expect.poll(() => visitor.page.getByRole('heading', { name: 'My account' }).isVisible()).toBe(true);

    page.once('dialog', (confirm) => void confirm.accept());
    await list.getByRole('button', { name: 'Remove GitHub' }).click();
    await expect.poll(() => page.getByText('GitHub no longer signs anyone in.').isVisible()).toBe(true);
    expect(await t.stack.runtime.db.tenant(other.id).socialConnection.count()).toBe(0);

    expect([...problems, ...visitor.problems]).toEqual([]);
    expect([...foreign, ...visitor.foreign]).toEqual([]);
  });
});
