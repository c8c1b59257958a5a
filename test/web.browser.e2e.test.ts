/**
 * The web app (account pages and console) in headless Chromium, as people use it: a tenant admin
 * signs in and invites someone; the invitee follows the mailed link in a browser of their own, sets
 * a password and lands signed in; the admin ends the invitee's sessions and the invitee's next
 * request signs their browser out; a forgotten password is reset from the mailed link; a throttled
 * sign-in shows its countdown. Every screen is checked with axe-core (no serious or critical
 * violation), loads nothing from another origin and breaks no CSP rule; screenshots go to
 * test/.artifacts/ (gitignored).
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureFlagsDocument, RefreshDocument, SetTenantDomainDocument } from '@tradesage/client';
import { WEB_APP_CSP } from '@tradesage/gateway';
import { accessibilityViolations, launchChromium, type Browser } from './support/browser.ts';
import {
  addSignedInUser,
  addTestUser,
  createTestTenant,
  startTestStackWithMail,
  useTestStack,
  type TestTenant,
} from './support/fixtures.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));

const [t, tenant] = useTestStack(() => startTestStackWithMail(), { prefix: 'web' });
let origin: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  origin = new URL(t.gatewayUrl).origin;
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

/**
 * A person's own browser: a fresh profile; problems (page errors, CSP refusals) and foreign
 * requests kept. `customDomain` reaches the gateway too, as a tenant's domain would.
 */
async function personsBrowser(options: { customDomain?: string } = {}) {
  const { customDomain } = options;
  const browser = await launchChromium(
    customDomain ? { hostResolverRules: `MAP ${customDomain} ${new URL(origin).hostname}` } : {},
  );
  browsers.push(browser);
  const { context } = browser;
  const problems: string[] = [];
  const foreign: string[] = [];
  const own = new Set([origin, ...(customDomain ? [`http://${customDomain}:${new URL(origin).port}`] : [])]);
  await context.route(
    (url) => !own.has(url.origin),
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
  return { context, page, problems, foreign };
}

/** Checks the screen (accessibility) and keeps its screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}web-${name}.png`, fullPage: true });
}

async function signInThroughPage(page: Page, slug: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Organisation').fill(slug);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the web app as the gateway serves it', () => {
  it('answers its pages under a CSP without inline scripts, caches its hashed files for good, and leads / to it', async () => {
    for (const route of ['/login', '/accept-invitation', '/account', '/console/users']) {
      const page = await fetch(`${origin}${route}?token=x`);
      expect(page.status, route).toBe(200);
      expect(page.headers.get('content-security-policy'), route).toBe(WEB_APP_CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '';
      const asset = await fetch(`${origin}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-encoding')).toBe('gzip');
    }
    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/account');
    expect((await fetch(`${origin}/no-such-page`)).status).toBe(404);
  });
});

describe('the web app in headless Chromium', () => {
  it('admin invites, the invitee accepts and lands signed in, then is signed out when the admin ends their sessions', async () => {
    const admin = await personsBrowser();
    await signInThroughPage(admin.page, tenant.slug, tenant.admin.email, tenant.admin.password);
    await admin.page.waitForURL(`${origin}/account`);
    await expect.poll(() => admin.page.getByRole('heading', { name: 'My account' }).isVisible()).toBe(true);
    await expect
      .poll(() => admin.page.getByRole('heading', { name: 'Where you are signed in' }).isVisible())
      .toBe(true);
    await screen(admin.page, 'account');

    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.waitForURL(`${origin}/console/users`);
    await expect.poll(() => admin.page.getByRole('link', { name: tenant.admin.email }).isVisible()).toBe(true);
    await screen(admin.page, 'console-users');

    // A longer minimum password length, set in the console, applies to the invitee below.
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page.getByLabel('Minimum length').fill('24');
    await screen(admin.page, 'console-settings');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.page.getByText('Settings saved.').isVisible()).toBe(true);
    await admin.page.getByLabel('Minimum length').fill('3');
    await admin.page.getByLabel('Longest lifetime of an API key, in days (1 to 366)').fill('400');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.page.getByLabel('Minimum length').getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() =>
        admin.page.getByLabel('Longest lifetime of an API key, in days (1 to 366)').getAttribute('aria-invalid'),
      )
      .toBe('true');
    await admin.page.getByRole('link', { name: 'Users' }).click();

    const inviteeEmail = `invitee-${Date.now()}@${tenant.slug}.test`;
    await admin.page.getByRole('button', { name: 'Invite a user' }).click();
    await admin.page.getByRole('dialog').getByLabel('Email address').fill(inviteeEmail);
    await admin.page.getByRole('dialog').getByLabel('Role').selectOption('trader');
    await screen(admin.page, 'console-invite');
    await admin.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => admin.page.getByText(`Invitation sent to ${inviteeEmail}.`).isVisible()).toBe(true);

    const mail = await t.mail.next(inviteeEmail, { subject: /You are invited/ });
    const link = new URL(/https?:\/\/\S+accept-invitation\?token=[^\s"'<>]+/.exec(mail.text)?.[0] ?? 'http://missing/');
    expect(link.pathname).toBe('/accept-invitation');

    const invitee = await personsBrowser();
    await invitee.page.goto(`${origin}${link.pathname}${link.search}`);
    await screen(invitee.page, 'accept-invitation');
    const tooShort = 'Twenty-chars-long-ok';
    await invitee.page.getByLabel('Password', { exact: true }).fill(tooShort);
    await invitee.page.getByLabel('Password again').fill(tooShort);
    await invitee.page.getByRole('button', { name: 'Create my account' }).click();
    await expect
      .poll(() => invitee.page.getByRole('list', { name: 'Password rules not met' }).textContent())
      .toContain('Long enough');
    const password = `Invitee-${Date.now()}-passphrase`;
    await invitee.page.getByLabel('Password', { exact: true }).fill(password);
    await invitee.page.getByLabel('Password again').fill(password);
    await invitee.page.getByRole('button', { name: 'Create my account' }).click();
    await invitee.page.waitForURL(`${origin}/account`);
    await expect.poll(() => invitee.page.getByText(inviteeEmail).first().isVisible()).toBe(true);
    // A trader is not offered the console.
    expect(await invitee.page.getByRole('link', { name: 'Users' }).count()).toBe(0);

    // The invitee's browser holds its refresh token only in the HttpOnly cookie.
    const cookies = await invitee.page.context().cookies(origin);
    expect(cookies.find((c) => c.name === '__Host-tradesage_rt')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    expect(
      await invitee.page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    ).not.toContain('tradesage_rt');

    // The admin makes a custom role that adds users:read to trader and gives it to the invitee;
    // the invitee's next page load offers the user list.
    await admin.page.getByRole('link', { name: 'Roles' }).click();
    await admin.page.getByRole('button', { name: 'New role' }).click();
    const roleForm = admin.page.getByRole('form', { name: 'New role' });
    await roleForm.getByLabel('Name').fill('desk-lead');
    await roleForm.getByLabel('Inherits from').selectOption('trader');
    await roleForm.getByLabel('Description').fill('Traders who look after their desk');
    await roleForm.getByRole('checkbox', { name: /^users:read(?!:)/ }).check();
    await screen(admin.page, 'console-roles');
    await roleForm.getByRole('button', { name: 'Create role' }).click();
    await expect.poll(() => admin.page.getByRole('cell', { name: /^desk-lead/ }).isVisible()).toBe(true);
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('link', { name: inviteeEmail }).click();
    await admin.page.getByRole('checkbox', { name: 'desk-lead (custom)' }).check();
    await admin.page.getByRole('checkbox', { name: 'trader', exact: true }).uncheck();
    await admin.page.getByRole('button', { name: 'Save roles' }).click();
    await expect.poll(() => admin.page.getByText('Roles saved').isVisible()).toBe(true);
    await screen(admin.page, 'console-user');
    await invitee.page.reload();
    await expect.poll(() => invitee.page.getByRole('link', { name: 'Users' }).isVisible()).toBe(true);

    // The audit log shows the invitation and its acceptance.
    await admin.page.getByRole('link', { name: 'Audit log' }).click();
    await admin.page.getByLabel('Action').fill('invitation.accepted');
    await admin.page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => admin.page.getByRole('cell', { name: 'invitation.accepted' }).count()).toBe(1);
    await screen(admin.page, 'console-audit');

    // The admin ends the invitee's sessions; the invitee's next request signs the browser out.
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('link', { name: inviteeEmail }).click();
    await admin.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => admin.page.getByText(/Ended 1 sessions/).isVisible()).toBe(true);
    await invitee.page.getByRole('button', { name: 'Save profile' }).click();
    await invitee.page.waitForURL(/\/login/);
    await expect.poll(() => invitee.page.getByText('Your session has ended').isVisible()).toBe(true);

    expect(admin.problems).toEqual([]);
    expect(invitee.problems).toEqual([]);
    expect([...admin.foreign, ...invitee.foreign]).toEqual([]);
  });

  it('a forgotten password is reset from the mailed link, and the new one signs in', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const person = await personsBrowser();
    await person.page.goto(`${origin}/forgot-password?tenant=${tenant.slug}`);
    await screen(person.page, 'forgot-password');
    await person.page.getByLabel('Email address').fill(user.email);
    await person.page.getByRole('button', { name: 'Send the link' }).click();
    await expect
      .poll(() => person.page.getByText(/a link to choose a new password is on its way/).isVisible())
      .toBe(true);

    const mail = await t.mail.next(user.email, { subject: /Reset your/ });
    const link = new URL(/https?:\/\/\S+reset-password\?token=[^\s"'<>]+/.exec(mail.text)?.[0] ?? 'http://missing/');
    expect(link.searchParams.get('tenant')).toBe(tenant.slug);
    await person.page.goto(`${origin}${link.pathname}${link.search}`);
    // The tenant the link names: its rules are checked as the person types.
    await person.page.getByLabel('New password', { exact: true }).fill('short');
    const rules = person.page.getByRole('list', { name: 'Password rules', exact: true });
    await expect.poll(() => rules.textContent()).toMatch(/At least \d+ characters \(not met yet\)/);
    await screen(person.page, 'reset-password');
    // A weak password is refused rule by rule.
    await person.page.getByLabel('New password again').fill('short');
    await person.page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => person.page.getByRole('list', { name: 'Password rules not met' }).isVisible()).toBe(true);
    const password = `Reset-${Date.now()}-passphrase`;
    await person.page.getByLabel('New password', { exact: true }).fill(password);
    await person.page.getByLabel('New password again').fill(password);
    await person.page.getByRole('button', { name: 'Change password' }).click();
    await person.page.getByRole('link', { name: 'Sign in with your new password' }).click();
    await person.page.getByLabel('Email address or username').fill(user.email);
    await person.page.getByLabel('Password').fill(password);
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.waitForURL(`${origin}/account`);
    expect(person.problems).toEqual([]);
  });

  it('a throttled sign-in says how long to wait, and counts down', async () => {
    const throttled: TestTenant = await createTestTenant(t, {
      prefix: 'webrl',
      settings: { rateLimits: { loginAttemptsPerMinute: 1 } },
    });
    const person = await personsBrowser();
    await person.page.goto(`${origin}/login?tenant=${throttled.slug}`);
    await screen(person.page, 'sign-in');
    for (let attempt = 0; attempt < 3; attempt++) {
      await person.page.getByLabel('Email address or username').fill('someone@webrl.test');
      await person.page.getByLabel('Password').fill('not-the-password');
      const button = person.page.getByRole('button', { name: /Sign in|Wait/ });
      if (await button.isDisabled()) break;
      await button.click();
      await person.page.getByRole('alert').waitFor();
    }
    const alert = person.page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/Too many attempts\. Try again in \d+ seconds?\./);
    const first = Number(/(\d+) second/.exec((await alert.textContent()) ?? '')?.[1]);
    await person.page.waitForTimeout(2_100);
    const later = Number(/(\d+) second/.exec((await alert.textContent()) ?? '')?.[1]);
    expect(later).toBeLessThan(first);
    expect(await person.page.getByRole('button', { name: /Wait \d+ s/ }).isDisabled()).toBe(true);
    await screen(person.page, 'sign-in-throttled');
  });

  it('a setting changed in the console applies at the next sign-up; the new address is verified from its link', async () => {
    const admin = await personsBrowser();
    await signInThroughPage(admin.page, tenant.slug, tenant.admin.email, tenant.admin.password);
    await admin.page.waitForURL(`${origin}/account`);
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page.getByLabel('Who may create an account').selectOption('SELF_SERVICE');
    await admin.page.getByLabel('Minimum length').fill('22');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.page.getByText('Settings saved.').isVisible()).toBe(true);

    const visitor = await personsBrowser();
    await visitor.page.goto(`${origin}/sign-up?tenant=${tenant.slug}`);
    await screen(visitor.page, 'sign-up');
    const email = `visitor-${Date.now()}@${tenant.slug}.test`;
    await visitor.page.getByLabel('First name').fill('Vera');
    await visitor.page.getByLabel('Last name').fill('Visitor');
    await visitor.page.getByLabel('Email address').fill(email);
    const rules = visitor.page.getByRole('list', { name: 'Password rules', exact: true });
    await visitor.page.getByLabel('Password', { exact: true }).fill('only-16-chars-ok');
    await expect.poll(() => rules.textContent()).toContain('At least 22 characters (not met yet)');
    await visitor.page.getByLabel('Password', { exact: true }).fill('only-16-chars-ok-but-longer');
    await expect.poll(() => rules.textContent()).toContain('At least 22 characters (met)');
    await visitor.page.getByLabel('Password', { exact: true }).fill('only-16-chars-ok');
    await visitor.page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => visitor.page.getByRole('list', { name: 'Password rules not met' }).textContent())
      .toContain('Long enough');
    await visitor.page.getByLabel('Password', { exact: true }).fill(`Visitor-${Date.now()}-passphrase`);
    await visitor.page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => visitor.page.getByText(/Check your inbox/).isVisible()).toBe(true);

    const mail = await t.mail.next(email, { subject: /Confirm your email/ });
    const link = new URL(/https?:\/\/\S+verify-email\?token=[^\s"'<>]+/.exec(mail.text)?.[0] ?? 'http://missing/');
    await visitor.page.goto(`${origin}${link.pathname}${link.search}`);
    await expect.poll(() => visitor.page.getByText('Your email address is verified.').isVisible()).toBe(true);
    await screen(visitor.page, 'verify-email');
    expect(visitor.problems).toEqual([]);
  });

  it('a platform admin creates a tenant, and suspends another whose signed-in user is then signed out', async () => {
    const victim = await createTestTenant(t, { prefix: 'websusp' });
    const member = await personsBrowser();
    await signInThroughPage(member.page, victim.slug, victim.admin.email, victim.admin.password);
    await member.page.waitForURL(`${origin}/account`);

    const platform = await personsBrowser();
    await signInThroughPage(platform.page, 'platform', t.platformAdmin.email, t.platformAdmin.password);
    await platform.page.waitForURL(`${origin}/account`);
    await platform.page.getByRole('link', { name: 'Tenants' }).click();
    await platform.page.getByRole('button', { name: 'New tenant' }).click();
    const slug = `webnew-${Date.now().toString(36)}`;
    const dialog = platform.page.getByRole('dialog');
    await dialog.getByLabel('Slug').fill(slug);
    await dialog.getByLabel('Name').fill('Made in the console');
    await dialog.getByLabel("First administrator's email (invited)").fill(`first@${slug}.test`);
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await platform.page.getByLabel('Search by slug or name').fill(slug);
    await expect.poll(() => platform.page.getByText('Made in the console').isVisible()).toBe(true);
    await platform.page.getByRole('button', { name: 'Made in the console' }).click();
    await expect.poll(() => platform.page.getByText(/Schema present; migrations current/).isVisible()).toBe(true);
    // A backup made from the console is listed with the tenant's other backup files.
    await expect.poll(() => platform.page.getByText('No backup yet.').isVisible()).toBe(true);
    await platform.page.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => platform.page.getByText(new RegExp(`Backed up to ${slug}-`)).isVisible()).toBe(true);
    const backups = platform.page.getByRole('table', { name: new RegExp(`Backup files of ${slug}`) });
    await expect.poll(() => backups.getByRole('row').count()).toBe(2);
    expect(await backups.getByRole('row').nth(1).textContent()).toMatch(/on demand/);
    await screen(platform.page, 'console-tenant-detail');

    await platform.page.getByLabel('Search by slug or name').fill(victim.slug);
    await platform.page.getByRole('button', { name: `Suspend ${victim.slug}` }).click();
    await platform.page
      .getByRole('dialog')
      .getByLabel(/Reason/)
      .fill('Unpaid invoices');
    await screen(platform.page, 'console-tenant-suspend');
    await platform.page.getByRole('dialog').getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => platform.page.getByText('Unpaid invoices').isVisible()).toBe(true);
    await screen(platform.page, 'console-tenants');

    await member.page.getByRole('button', { name: 'Save profile' }).click();
    await member.page.waitForURL(/\/login/);
    expect(platform.problems).toEqual([]);
  });

  it('shows usage with its charts', async () => {
    const person = await personsBrowser();
    await signInThroughPage(person.page, tenant.slug, tenant.admin.email, tenant.admin.password);
    await person.page.waitForURL(`${origin}/account`);
    await person.page.getByRole('link', { name: 'Usage' }).click();
    await expect
      .poll(() =>
        person.page
          .getByRole('region', { name: /Daily active users/ })
          .locator('svg')
          .count(),
      )
      .toBeGreaterThan(0);
    await screen(person.page, 'console-usage');
    expect(person.problems).toEqual([]);
  });

  it('two tabs whose access token expired refresh once between them (Web Locks, BroadcastChannel)', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const person = await personsBrowser();
    // The pages' clock, moved forward below past the access token's 15 minutes.
    await person.context.clock.install();
    await signInThroughPage(person.page, tenant.slug, user.email, user.password);
    await person.page.waitForURL(`${origin}/account`);
    const second = await person.context.newPage();
    await second.goto(`${origin}/account`);
    await second.getByRole('heading', { name: 'My account' }).waitFor();

    const refreshId = (RefreshDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const refreshes: string[] = [];
    person.context.on('request', (request) => {
      if (request.postData()?.includes(refreshId))
        refreshes.push(request.frame().page() === second ? 'second' : 'first');
    });
    await person.context.clock.fastForward('16:00');
    await Promise.all([
      person.page.getByRole('button', { name: 'Save profile' }).click(),
      second.getByRole('button', { name: 'Save profile' }).click(),
    ]);
    await expect.poll(() => person.page.getByText('Saved.').isVisible()).toBe(true);
    await expect.poll(() => second.getByText('Saved.').isVisible()).toBe(true);
    expect(refreshes).toHaveLength(1);
    expect(person.problems).toEqual([]);
  });

  it("a percentage flag's preview says who gets it exactly as the API decides for each user", async () => {
    const flagged = await createTestTenant(t, { prefix: 'webflag' });
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await addSignedInUser(t, flagged, 'trader', `member${i}`));
    const admin = await personsBrowser();
    await signInThroughPage(admin.page, flagged.slug, flagged.admin.email, flagged.admin.password);
    await admin.page.waitForURL(`${origin}/account`);
    await admin.page.getByRole('link', { name: 'Flags' }).click();
    await admin.page.getByRole('button', { name: 'New flag' }).click();
    const form = admin.page.getByRole('form', { name: 'New flag' });
    await form.getByLabel('Key').fill('new-blotter');
    await form.getByLabel('Kind').selectOption('PERCENTAGE');
    await form.getByLabel('Share of users (%)').fill('50');
    await form.getByRole('button', { name: 'Create flag' }).click();
    await admin.page.getByRole('button', { name: 'Who gets it (new-blotter)' }).click();
    const preview = admin.page.getByRole('region', { name: /Who gets/ });
    await expect.poll(() => preview.getByRole('listitem').count()).toBe(7);
    await screen(admin.page, 'console-flags');
    for (const member of members) {
      const flags = await t.request(FeatureFlagsDocument, {}, { token: member.token });
      const on = flags.body.data?.featureFlags.find((flag) => flag.key === 'new-blotter')?.on;
      const item = preview.getByRole('listitem').filter({ hasText: member.email });
      expect(await item.textContent(), member.email).toMatch(on ? / on$/ : / off$/);
    }
    expect(admin.problems).toEqual([]);
  });

  it("the console's sessions screen lists the tenant's open sessions, and ending one signs its browser out", async () => {
    const listed = await createTestTenant(t, { prefix: 'websess' });
    const member = await addTestUser(t, listed, 'trader', 'member');
    const memberBrowser = await personsBrowser();
    await signInThroughPage(memberBrowser.page, listed.slug, member.email, member.password);
    await memberBrowser.page.waitForURL(`${origin}/account`);

    const admin = await personsBrowser();
    await signInThroughPage(admin.page, listed.slug, listed.admin.email, listed.admin.password);
    await admin.page.waitForURL(`${origin}/account`);
    await admin.page.getByRole('link', { name: 'Sessions' }).click();
    await admin.page.waitForURL(`${origin}/console/sessions`);
    const row = admin.page.getByRole('row').filter({ hasText: member.email });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/desktop · Chrome( Headless)? on Linux/);
    await expect.poll(() => admin.page.getByLabel('Active sessions').textContent()).toMatch(/^3 active/);
    await screen(admin.page, 'console-sessions');

    admin.page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /^End the session of/ }).click();
    await expect.poll(() => admin.page.getByText('The session is ended').isVisible()).toBe(true);
    await expect.poll(() => row.count()).toBe(0);
    await memberBrowser.page.getByRole('button', { name: 'Save profile' }).click();
    await memberBrowser.page.waitForURL(/\/login/);
    expect(admin.problems).toEqual([]);
  });

  it("served at a tenant's custom domain, the sign-in page signs in to that tenant without asking which", async () => {
    const branded = await createTestTenant(t, { prefix: 'webdom', name: 'Branded Trading' });
    const domain = `trading.${branded.slug}.example.com`;
    const set = await t.request(SetTenantDomainDocument, { id: branded.id, domain }, { token: branded.admin.token });
    expect(set.body.errors).toBeUndefined();
    const person = await personsBrowser({ customDomain: domain });
    const at = `http://${domain}:${new URL(origin).port}`;
    await person.page.goto(`${at}/login`);
    await expect
      .poll(() => person.page.getByRole('heading', { name: 'Sign in to Branded Trading' }).isVisible())
      .toBe(true);
    expect(await person.page.getByLabel('Organisation').count()).toBe(0);
    await screen(person.page, 'sign-in-custom-domain');
    await person.page.getByLabel('Email address or username').fill(branded.admin.email);
    await person.page.getByLabel('Password').fill(branded.admin.password);
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.waitForURL(`${at}/account`);
    await expect.poll(() => person.page.getByText(`· ${branded.slug}`).isVisible()).toBe(true);
    // Plain HTTP on a name other than localhost is not a secure context: Chromium ignores our
    // Cross-Origin-Opener-Policy header there and says so (a real custom domain is served over HTTPS).
    expect(
      person.problems.filter((problem) => !/Cross-Origin-Opener-Policy header has been ignored/.test(problem)),
    ).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it('keyboard only: sign in with Tab and Enter', async () => {
    const user = await addTestUser(t, tenant, 'trader');
    const person = await personsBrowser();
    await person.page.goto(`${origin}/login?tenant=${tenant.slug}`);
    await person.page.getByLabel('Organisation').focus();
    await person.page.keyboard.press('Tab');
    await person.page.keyboard.type(user.email);
    await person.page.keyboard.press('Tab');
    await person.page.keyboard.type(user.password);
    await person.page.keyboard.press('Enter');
    await person.page.waitForURL(`${origin}/account`);
  });
});
