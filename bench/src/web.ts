/**
 * (l) web: the console as a person meets it, and the user list it pages through.
 *
 * - First load of the sign-in page and of the console's user list (production build, served by
 *   the stack's gateway on loopback), in headless Chromium on a fresh profile: JavaScript
 *   transferred (compressed bytes on the wire, from the Resource Timing entries) and the time from
 *   navigation until the screen can be used (the sign-in button enabled; the first page of users
 *   shown). Goal: under 250 KB of compressed JavaScript for the first screen.
 * - A tenant of 10,000 users paged through by the console's own query (`ConsoleUsers`, 25 a page,
 *   with addresses) from first page to last, sequentially: time per page at the gateway, which
 *   includes the user subgraph's (so it bounds it). Goal: at most 50 ms per page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConsoleUsersDocument, LoginDocument } from '@tradesage/client';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
import { chromium } from 'playwright-core';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import type { StackBenchOptions } from './sessions.ts';
import { percentile } from './stats.ts';

export const WEB_SETTINGS = {
  webUsers: 10_000,
  webPageSize: 25,
  webJsGoalKb: 250,
  webPageGoalMs: 50,
} as const;

const CHROMIUM = '/usr/bin/chromium';

export async function runWebBench(
  options: StackBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, log } = options;
  const { runtime } = stack;
  const slug = benchSlug('web');
  const password = benchPassword();
  const adminEmail = `admin@${slug}.example`;
  const tenant = await provisionTenantWithUsers(runtime, {
    slug,
    name: 'web bench tenant',
    users: [{ email: adminEmail, password, role: 'admin' }],
  });
  await liftTenantRateLimits(runtime, tenant.id);
  const db = runtime.db.tenant(tenant.id);
  const { passwordHash } = await db.user.findFirstOrThrow({ select: { passwordHash: true } });
  for (let made = 1; made < WEB_SETTINGS.webUsers; made += 1000) {
    const batch = Array.from({ length: Math.min(1000, WEB_SETTINGS.webUsers - made) }, (_, i) => ({
      id: crypto.randomUUID(),
      email: `user-${made + i}@${slug}.example`,
      firstName: `First${made + i}`,
      lastName: `Last${made + i}`,
      passwordHash,
    }));
    await db.user.createMany({ data: batch });
    await db.userRole.createMany({ data: batch.map((user) => ({ userId: user.id, role: 'viewer' })) });
  }
  log(`tenant ${slug}: ${WEB_SETTINGS.webUsers} users`);

  // Paging through every user, as the console's Next button does.
  const token = await login(stack.gatewayUrl, slug, adminEmail, password);
  const pageMs: number[] = [];
  let after: string | null = null;
  let seen = 0;
  do {
    const started = performance.now();
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: ConsoleUsersDocument.toString(),
        variables: { first: WEB_SETTINGS.webPageSize, after, withEmail: true },
      }),
    });
    const body = (await response.json()) as {
      data?: { users: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } };
      errors?: unknown;
    };
    pageMs.push(performance.now() - started);
    if (!body.data || body.errors) throw new Error(`user page failed: ${JSON.stringify(body.errors)}`);
    seen += body.data.users.edges.length;
    after = body.data.users.pageInfo.hasNextPage ? (body.data.users.pageInfo.endCursor ?? null) : null;
  } while (after);
  if (seen !== WEB_SETTINGS.webUsers) throw new Error(`paged ${seen} users of ${WEB_SETTINGS.webUsers}`);
  const paging = {
    pages: pageMs.length,
    p50: percentile(pageMs, 50),
    p95: percentile(pageMs, 95),
    max: Math.max(...pageMs),
  };
  log(
    `paged ${seen} users in ${paging.pages} pages: p50 ${paging.p50.toFixed(1)} ms, p95 ${paging.p95.toFixed(1)} ms, max ${paging.max.toFixed(1)} ms`,
  );

  const origin = new URL(stack.gatewayUrl).origin;
  const browser = await firstLoads(origin, slug, adminEmail, password);
  log(
    `first load of /login: ${(browser.signIn.jsBytes / 1024).toFixed(1)} KB of JavaScript, usable after ${browser.signIn.usableMs.toFixed(0)} ms; ` +
      `console user list: ${(browser.users.jsBytes / 1024).toFixed(1)} KB, shown after ${browser.users.usableMs.toFixed(0)} ms`,
  );

  const goal = WEB_SETTINGS;
  const rows: Row[] = [
    {
      figure: `web: JavaScript transferred for the first screen (/login, compressed; goal < ${goal.webJsGoalKb} KB)`,
      value: browser.signIn.jsBytes / 1024,
      unit: 'KB',
      baselineLabel: 'goal',
      baseline: goal.webJsGoalKb,
      ratio: browser.signIn.jsBytes / 1024 / goal.webJsGoalKb,
    },
    {
      figure: 'web: /login usable after (fresh profile)',
      value: browser.signIn.usableMs,
      unit: 'ms',
      baselineLabel: '',
      baseline: null,
      ratio: null,
    },
    {
      figure: 'web: console user list opened after sign-in, JavaScript transferred (files cached for good)',
      value: browser.users.jsBytes / 1024,
      unit: 'KB',
      baselineLabel: '',
      baseline: null,
      ratio: null,
    },
    {
      figure: 'web: console user list shown after',
      value: browser.users.usableMs,
      unit: 'ms',
      baselineLabel: '',
      baseline: null,
      ratio: null,
    },
    {
      figure: `web: a page of ${goal.webPageSize} of ${goal.webUsers} users at the gateway, p95 (goal <= ${goal.webPageGoalMs} ms)`,
      value: paging.p95,
      unit: 'ms',
      baselineLabel: 'goal',
      baseline: goal.webPageGoalMs,
      ratio: paging.p95 / goal.webPageGoalMs,
    },
    {
      figure: `web: a page of users, p50 / max`,
      value: paging.p50,
      unit: 'ms',
      baselineLabel: 'max',
      baseline: paging.max,
      ratio: null,
    },
  ];
  return { rows, details: { paging, browser } };
}

async function login(url: string, tenant: string, email: string, password: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LoginDocument.toString(), variables: { input: { tenant, email, password } } }),
  });
  const body = (await response.json()) as { data?: { login: { accessToken: string } } };
  if (!body.data) throw new Error(`bench sign-in failed: ${JSON.stringify(body)}`);
  return body.data.login.accessToken;
}

interface Load {
  /** Compressed bytes of the scripts fetched (Resource Timing transferSize). */
  readonly jsBytes: number;
  /** From the navigation's start to the screen being usable. */
  readonly usableMs: number;
}

/** Headless Chromium, fresh profile: the sign-in page, then (signed in) the console's user list. */
async function firstLoads(origin: string, slug: string, email: string, password: string) {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    const scriptsSince = (mark: number) =>
      page.evaluate((since) => {
        const entries = performance.getEntriesByType('resource') as unknown as Array<{
          startTime: number;
          initiatorType: string;
          name: string;
          transferSize: number;
        }>;
        return entries
          .filter((e) => e.startTime >= since && (e.initiatorType === 'script' || /\.js($|\?)/.test(e.name)))
          .reduce((sum, e) => sum + e.transferSize, 0);
      }, mark);
    await page.goto(`${origin}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const signIn: Load = {
      usableMs: await page.evaluate(() => performance.now()),
      jsBytes: await scriptsSince(0),
    };
    await page.getByLabel('Organisation').fill(slug);
    await page.getByLabel('Email address or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`);
    // A full load of the console's user list (as a bookmark would open it), the cache now warm.
    await page.goto(`${origin}/console/users`);
    await page.locator('tbody tr').first().waitFor();
    const users: Load = { usableMs: await page.evaluate(() => performance.now()), jsBytes: await scriptsSince(0) };
    return { signIn, users };
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  }
}
