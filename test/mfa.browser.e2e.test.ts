/**
 * Second factors in the web app, in headless Chromium with DevTools' virtual authenticator (a
 * platform authenticator holding discoverable credentials, verifying its user): a passkey added
 * on the security page answers the second step and signs in without a password; an authenticator
 * app set up through the page (its key read off the page, codes computed as the app would) is asked
 * for at the next sign-in, its recovery codes shown once; a remembered browser skips the second
 * step but not a step-up; a tenant requiring a factor keeps a new session on the security page;
 * codes by text message are turned on through the page (the code read from the SMS outbox) and
 * answer the next sign-in; the console edits the MFA policy and resets a user's factors. Pages are served at
 * `http://localhost:<port>`, the relying party's origin (APP_URL): WebAuthn refuses an IP address
 * as the relying party. Every screen checked is free of serious axe-core violations; no page
 * breaks a CSP rule or loads anything from another origin; screenshots go to test/.artifacts/.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { totpCode } from '@tradesage/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  launchChromium,
  startLocalhostRelay,
  type Browser,
  type LocalhostRelay,
} from './support/browser.ts';
import {
  ConfirmTotpEnrolmentDocument,
  MyMfaDocument,
  StartTotpEnrolmentDocument,
  TenantSettingsDocument,
} from '@tradesage/client';
import {
  addSignedInUser,
  addTestUser,
  createTestTenant,
  dataOf,
  errorsOf,
  startTestStack,
  useTestStack,
} from './support/fixtures.ts';

const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));

let relay: LocalhostRelay | undefined;
const [t, tenant] = useTestStack(
  async () => {
    relay = await startLocalhostRelay();
    const stack = await startTestStack({ env: { APP_URL: relay.origin } });
    relay.relayTo(stack.gatewayUrl);
    return stack;
  },
  { prefix: 'webmfa' },
);
let origin: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  origin = relay?.origin ?? '';
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await relay?.close();
});

/**
 * A person's own browser at the relay's origin, with a virtual authenticator attached to its page:
 * problems (page errors, console errors but HTTP refusals, CSP refusals) and foreign requests kept.
 */
async function personsBrowser() {
  const browser = await launchChromium();
  browsers.push(browser);
  const { context } = browser;
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
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  return { page, problems, foreign, credentials };
}

/** Checks the screen (accessibility) and keeps its screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}mfa-${name}.png`, fullPage: true });
}

async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Organisation').fill(tenant.slug);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function openSecurityPage(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Security' }).click();
  await page.waitForURL(`${origin}/account/security`);
  await page.getByRole('heading', { name: 'Security', exact: true }).waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
  await page.waitForURL(/\/login/);
}

/** The codes texted to `phone` so far, oldest first: the stack's SMS outbox holds one `*.sms.json` per text. */
async function codesTextedTo(phone: string): Promise<string[]> {
  const dir = t.stack.runtime.config.sms.outboxDir;
  const names = (await fs.readdir(dir).catch(() => [])).filter((name) => name.endsWith('.sms.json')).sort();
  const codes: string[] = [];
  for (const name of names) {
    const text = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { to: string; body: string };
    if (text.to === phone) codes.push(/\b(\d{6})\b/.exec(text.body)?.[1] ?? '');
  }
  return codes;
}

/** The code of the `nth` text to `phone` (1 for the first), once it has arrived. */
async function textedCode(phone: string, nth: number): Promise<string> {
  await expect.poll(async () => (await codesTextedTo(phone)).length).toBeGreaterThanOrEqual(nth);
  return (await codesTextedTo(phone))[nth - 1] ?? '';
}

/** The "this device" row of the account page's session list. */
function currentSession(page: Page) {
  return page.getByRole('row').filter({ hasText: 'this device' });
}

describe('second factors in headless Chromium', () => {
  it('adds a passkey on the security page; it then answers the second step, and signs in alone (passwordless)', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const person = await personsBrowser();
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.waitForURL(`${origin}/account`);
    await openSecurityPage(person.page);
    await expect.poll(() => person.page.getByText('You have no second factor yet.').isVisible()).toBe(true);
    await screen(person.page, 'security-empty');

    // Right after a password sign-in, adding the first factor needs no step-up.
    await person.page.getByLabel('Name of the passkey').fill('Work laptop');
    await person.page.getByRole('button', { name: 'Add a passkey' }).click();
    const codes = person.page.getByRole('list', { name: 'Recovery codes' });
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    await expect
      .poll(() => person.page.getByRole('list', { name: 'Your second factors' }).textContent())
      .toContain('Work laptop');
    const [credential, ...others] = await person.credentials();
    expect(others).toEqual([]);
    expect(credential).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    await screen(person.page, 'security-passkey-added');
    await person.page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => codes.count()).toBe(0);

    // As a second factor: the password, then the passkey.
    await signOut(person.page);
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await person.page.getByRole('button', { name: 'Use a passkey' }).click();
    await person.page.waitForURL(`${origin}/account`);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Password + passkey');
    await openSecurityPage(person.page);

    // Alone (passwordless).
    await signOut(person.page);
    // The organisation is remembered from the last sign-in; the passkey needs nothing else. Signed
    // in, the person is back where they signed out.
    await expect.poll(() => person.page.getByLabel('Organisation').inputValue()).toBe(tenant.slug);
    await screen(person.page, 'sign-in');
    await person.page.getByRole('button', { name: 'Continue with a passkey' }).click();
    await person.page.waitForURL(`${origin}/account/security`);
    await expect
      .poll(() => person.page.getByRole('list', { name: 'Your second factors' }).textContent())
      .toContain('Work laptop');
    await person.page.getByRole('link', { name: 'My account' }).click();
    await expect.poll(() => person.page.getByText(user.email).first().isVisible()).toBe(true);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Passkey');
    expect((await person.credentials())[0]?.signCount).toBeGreaterThan(credential?.signCount ?? 0);

    expect(person.problems).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it('sets up an authenticator app through the page, shows its recovery codes once, and asks for it at the next sign-in', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const person = await personsBrowser();
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.waitForURL(`${origin}/account`);
    await openSecurityPage(person.page);

    const app = person.page.getByRole('region', { name: 'Authenticator app' });
    await app.getByLabel('Name of the app').fill('Phone');
    await app.getByRole('button', { name: 'Set up authenticator app' }).click();
    // The QR code is a data: URL image, which the pages' CSP allows (`img-src 'self' data:`).
    const qr = app.getByRole('img', { name: /QR code/ });
    await expect
      .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = ((await app.locator('code').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screen(person.page, 'security-totp-setup');

    const enrolledAt = new Date();
    await app.getByLabel('Code from the app').fill(totpCode(secret, enrolledAt));
    await app.getByRole('button', { name: 'Activate' }).click();
    const codes = person.page.getByRole('list', { name: 'Recovery codes' });
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    const shown = await codes.getByRole('listitem').allTextContents();
    expect(new Set(shown).size).toBe(10);
    await screen(person.page, 'security-recovery-codes');
    await person.page.getByRole('button', { name: 'I have saved them' }).click();
    await expect
      .poll(() => person.page.getByRole('list', { name: 'Your second factors' }).textContent())
      .toContain('Phone');
    // Shown once: back on the page, only how many are left.
    await person.page.getByRole('link', { name: 'My account' }).click();
    await openSecurityPage(person.page);
    await expect.poll(() => person.page.getByText('10 of 10 left.').isVisible()).toBe(true);
    expect(await codes.count()).toBe(0);
    for (const code of shown) expect(await person.page.content()).not.toContain(code);

    await signOut(person.page);
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await screen(person.page, 'sign-in-second-step');
    // The enrolment used its step's code: the next step's, unless the clock has moved on already.
    const step = (at: Date) => Math.floor(at.getTime() / 30_000);
    const now = new Date();
    await person.page
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(secret, now, step(now) > step(enrolledAt) ? 0 : 1));
    await person.page.getByRole('button', { name: 'Verify' }).click();
    await person.page.waitForURL(`${origin}/account`);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Password + one-time code');

    expect(person.problems).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it('a remembered browser skips the second factor at sign-in, a sensitive change still asks for it (step-up), and the browser can be forgotten', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const person = await personsBrowser();
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.waitForURL(`${origin}/account`);
    await openSecurityPage(person.page);
    const app = person.page.getByRole('region', { name: 'Authenticator app' });
    await app.getByRole('button', { name: 'Set up authenticator app' }).click();
    const secret = ((await app.locator('code').textContent()) ?? '').replace(/\s/g, '');
    const enrolledAt = new Date();
    await app.getByLabel('Code from the app').fill(totpCode(secret, enrolledAt));
    await app.getByRole('button', { name: 'Activate' }).click();
    const codes = person.page.getByRole('list', { name: 'Recovery codes' });
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    const [recoveryCode = '', ...firstSet] = await codes.getByRole('listitem').allTextContents();
    await person.page.getByRole('button', { name: 'I have saved them' }).click();

    // A recovery code answers the challenge, and "Remember this device" keeps this browser.
    await signOut(person.page);
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.getByRole('button', { name: 'Use a recovery code' }).click();
    await person.page.getByLabel('Recovery code').fill(recoveryCode);
    await person.page.getByLabel('Remember this device').check();
    await person.page.getByRole('button', { name: 'Verify' }).click();
    await person.page.waitForURL(`${origin}/account`);

    await signOut(person.page);
    await signInWithPassword(person.page, user.email, user.password);
    await person.page.waitForURL(`${origin}/account`);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Password (trusted device)');
    await openSecurityPage(person.page);
    const devices = person.page.getByRole('table', { name: 'Your trusted devices' });
    await expect.poll(() => devices.getByRole('row').count()).toBe(2);
    await expect.poll(() => person.page.getByText('9 of 10 left.').isVisible()).toBe(true);

    // A trusted device never stands in for a step-up: new recovery codes ask for the app's code.
    person.page.once('dialog', (dialog) => void dialog.accept());
    await person.page.getByRole('button', { name: 'Make new recovery codes' }).click();
    const stepUp = person.page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.getByLabel('Code from your authenticator app').waitFor();
    await screen(person.page, 'step-up');
    const step = (at: Date) => Math.floor(at.getTime() / 30_000);
    const now = new Date();
    await stepUp
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(secret, now, step(now) > step(enrolledAt) ? 0 : 1));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => stepUp.count()).toBe(0);
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    const secondSet = await codes.getByRole('listitem').allTextContents();
    expect(secondSet.filter((code) => [recoveryCode, ...firstSet].includes(code))).toEqual([]);
    await person.page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => person.page.getByText('10 of 10 left.').isVisible()).toBe(true);

    await devices.getByRole('button', { name: /^Forget/ }).click();
    await expect.poll(() => devices.count()).toBe(0);
    expect(person.problems).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it('a tenant that requires a second factor keeps a new sign-in on the security page until it enrols one', async () => {
    const strict = await createTestTenant(t, { prefix: 'webmfareq', settings: { mfa: { mode: 'required' } } });
    const user = await addTestUser(t, strict, 'viewer');
    const person = await personsBrowser();
    await person.page.goto(`${origin}/login?tenant=${strict.slug}`);
    await person.page.getByLabel('Email address or username').fill(user.email);
    await person.page.getByLabel('Password').fill(user.password);
    await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await person.page.waitForURL(`${origin}/account/security`);
    await expect
      .poll(() => person.page.getByRole('alert').textContent())
      .toMatch(/requires a second factor: set up an authenticator app or a passkey by .+ Until you do/);
    expect(await person.page.getByRole('link', { name: 'My account' }).count()).toBe(0);
    await screen(person.page, 'security-enrolment-only');
    // Another page, loaded afresh, resumes the session and comes back here.
    await person.page.goto(`${origin}/account`);
    await person.page.waitForURL(`${origin}/account/security`);

    const app = person.page.getByRole('region', { name: 'Authenticator app' });
    await app.getByRole('button', { name: 'Set up authenticator app' }).click();
    const secret = ((await app.locator('code').textContent()) ?? '').replace(/\s/g, '');
    await app.getByLabel('Code from the app').fill(totpCode(secret));
    await app.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => person.page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(1);
    await person.page.getByRole('button', { name: 'I have saved them' }).click();
    // Enrolled, the session is a whole one: the account page and its sessions answer.
    await person.page.getByRole('link', { name: 'My account' }).click();
    await person.page.waitForURL(`${origin}/account`);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Password + one-time code');
    expect(person.problems).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it('turns on codes by text message on the security page; a code by text message then answers the second step', async () => {
    const texting = await createTestTenant(t, {
      prefix: 'webmfasms',
      settings: { mfa: { allowedFactors: ['totp', 'sms', 'recovery_code'] } },
    });
    const user = await addTestUser(t, texting, 'viewer');
    // A UK mobile number of this run (libphonenumber refuses the drama range 07700 900xxx).
    const phone = `+4474${String(Date.now() % 1e8).padStart(8, '0')}`;
    const person = await personsBrowser();
    const signInToTexting = async () => {
      await person.page.goto(`${origin}/login?tenant=${texting.slug}`);
      await person.page.getByLabel('Email address or username').fill(user.email);
      await person.page.getByLabel('Password').fill(user.password);
      await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    await signInToTexting();
    await person.page.waitForURL(`${origin}/account`);
    await openSecurityPage(person.page);

    const sms = person.page.getByRole('region', { name: 'Codes by text message' });
    expect(await sms.textContent()).toContain('weaker');
    // A number without its country code is refused at the field.
    await sms.getByLabel('Mobile number').fill('07400 123456');
    await sms.getByRole('button', { name: 'Send a code' }).click();
    await expect.poll(() => sms.getByLabel('Mobile number').getAttribute('aria-invalid')).toBe('true');
    await sms.getByLabel('Mobile number').fill(phone);
    await screen(person.page, 'security-sms-number');
    await sms.getByRole('button', { name: 'Send a code' }).click();
    await sms.getByLabel('Code from the text message').waitFor();
    const sentTo = (await sms.getByRole('status').textContent()) ?? '';
    expect(sentTo).toMatch(/^Sent to \+4474\*+\d\d\./);
    expect(sentTo).not.toContain(phone.slice(5, 11));
    expect(await sms.getByRole('button', { name: /^Send a new code \(in \d+ s\)$/ }).isDisabled()).toBe(true);
    await screen(person.page, 'security-sms-code');
    await sms.getByLabel('Code from the text message').fill(await textedCode(phone, 1));
    await sms.getByRole('button', { name: 'Confirm' }).click();
    // The first factor brings the recovery codes.
    const codes = person.page.getByRole('list', { name: 'Recovery codes' });
    await expect.poll(() => codes.getByRole('listitem').count()).toBe(10);
    await person.page.getByRole('button', { name: 'I have saved them' }).click();
    const factors = person.page.getByRole('list', { name: 'Your second factors' });
    await expect.poll(() => factors.textContent()).toMatch(/Phone \+4474\*+\d\d · Code by SMS\s*weaker/);
    await expect.poll(() => sms.getByRole('button', { name: 'Change number' }).isVisible()).toBe(true);
    // The tenant does not allow codes by email, nor passkeys: the page does not offer them.
    expect(await person.page.getByRole('region', { name: 'Codes by email' }).count()).toBe(0);
    expect(await person.page.getByRole('button', { name: 'Add a passkey' }).count()).toBe(0);
    await screen(person.page, 'security-sms-on');

    await signOut(person.page);
    await signInToTexting();
    await person.page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await person.page.getByRole('button', { name: 'Send a code by text message' }).click();
    await person.page.getByLabel('Code from the text message').waitFor();
    expect(await person.page.getByRole('status').textContent()).toMatch(/^Sent to \+4474\*+\d\d\./);
    expect(
      await person.page.getByRole('button', { name: /^Send a new code by text message \(in \d+ s\)$/ }).isDisabled(),
    ).toBe(true);
    await screen(person.page, 'sign-in-sms-code');
    await person.page.getByLabel('Code from the text message').fill(await textedCode(phone, 2));
    await person.page.getByRole('button', { name: 'Verify' }).click();
    await person.page.waitForURL(`${origin}/account`);
    await expect.poll(() => currentSession(person.page).textContent()).toContain('Password + SMS code');

    expect(person.problems).toEqual([]);
    expect(person.foreign).toEqual([]);
  });

  it("the console edits the tenant's MFA policy, and resets a user's second factors", async () => {
    const managed = await createTestTenant(t, { prefix: 'webmfaadm' });
    const member = await addSignedInUser(t, managed, 'viewer', 'member');
    const started = dataOf(await t.request(StartTotpEnrolmentDocument, {}, { token: member.token })).startTotpEnrolment;
    dataOf(
      await t.request(
        ConfirmTotpEnrolmentDocument,
        { input: { factorId: started.factorId, code: totpCode(started.secret) } },
        { token: member.token },
      ),
    );

    const admin = await personsBrowser();
    await admin.page.goto(`${origin}/login?tenant=${managed.slug}`);
    await admin.page.getByLabel('Email address or username').fill(managed.admin.email);
    await admin.page.getByLabel('Password').fill(managed.admin.password);
    await admin.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.page.waitForURL(`${origin}/account`);

    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page.getByLabel('Second factor', { exact: true }).selectOption('OPTIONAL');
    await admin.page.getByLabel('Also required of these roles (comma-separated)').fill('admin');
    await admin.page.getByRole('checkbox', { name: /Code by SMS/ }).check();
    expect(await admin.page.locator('label', { hasText: 'Code by SMS' }).textContent()).toContain('weaker');
    await admin.page.getByLabel(/Days “Remember this device”/).fill('0');
    await screen(admin.page, 'console-settings-mfa');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.page.getByText('Settings saved.').isVisible()).toBe(true);
    const saved = dataOf(await t.request(TenantSettingsDocument, {}, { token: managed.admin.token }));
    expect(saved.tenantSettings.mfa).toMatchObject({
      mode: 'OPTIONAL',
      requiredForRoles: ['admin'],
      allowedFactors: ['TOTP', 'PASSKEY', 'RECOVERY_CODE', 'SMS'],
      trustedDeviceDays: 0,
    });

    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('link', { name: member.email }).click();
    admin.page.once('dialog', (dialog) => void dialog.accept());
    await admin.page.getByRole('button', { name: 'Reset MFA' }).click();
    await expect.poll(() => admin.page.getByText(/second factors are removed/).isVisible()).toBe(true);
    await screen(admin.page, 'console-user-mfa-reset');
    // Their factors are gone, and so are their sessions.
    expect(await t.stack.runtime.db.tenant(managed.id).mfaFactor.count({ where: { userId: member.id } })).toBe(0);
    expect(errorsOf(await t.request(MyMfaDocument, {}, { token: member.token }))[0]?.extensions?.['code']).toBe(
      'UNAUTHENTICATED',
    );
    expect(admin.problems).toEqual([]);
    expect(admin.foreign).toEqual([]);
  });
});
