import crypto from 'node:crypto';
import {
  startHttpReceiver,
  startSmtpSink,
  tokenFromMail,
  type HttpReceiver,
  type SmtpSink,
} from '@tradesage/core/testing';
import type { Logger } from '@tradesage/core';
import type { ControlPrisma } from '@tradesage/prisma';
import { afterAll, beforeAll } from 'vitest';
import { CreateTenantDocument, LoginDocument, RequestEmailChangeDocument, type TenantPlan } from '@tradesage/client';
import {
  randomPassword,
  startTestStack,
  TEST_USER_AGENT,
  uniqueSlug,
  type GraphQLResponse,
  type TestStack,
} from './test-stack.ts';

/**
 * What every e2e test shares, so each file reads alike: a stack per file with the tenants its tests
 * share (useTestStack), more tenants and users with unique data made where a test needs them,
 * signing in, and the error parts of a response. Requests go through `t.request` with a typed
 * operation of the client SDK (packages/client/operations/*.graphql) (`npm run codegen` after editing them); `t.raw` only for
 * deliberately raw input and for requests straight at a subgraph (`_entities`, `_service`), which
 * are not part of the gateway's API.
 */

export {
  randomPassword,
  startTestStack,
  TEST_USER_AGENT,
  uniqueSlug,
  type GraphQLResponse,
  type RequestOptions,
  type TestStack,
} from './test-stack.ts';

/** Where mailed links point in stacks started with startTestStackWithMail. */
export const APP_URL = 'https://app.tradesage.test';

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  /** The access token of the session this sign-in opened. */
  readonly token: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Its first admin (`admin@<slug>.test`), signed in once. */
  readonly admin: SignedInUser;
}

/** A user added straight into a tenant's schema, not signed in. */
export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** Signs in through the gateway's `login`; throws when refused. `userAgent` is the session's device. */
export async function signIn(
  t: TestStack,
  tenant: string,
  email: string,
  password: string,
  userAgent = TEST_USER_AGENT,
): Promise<SignedInUser> {
  const res = await t.request(
    LoginDocument,
    { input: { tenant, email, password } },
    { headers: { 'user-agent': userAgent } },
  );
  const login = sessionOf(dataOf(res, `login of ${email}`).login);
  return {
    id: login.user.id,
    email,
    password,
    token: login.accessToken,
    refreshToken: login.refreshToken ?? '',
    sessionId: sessionIdOf(login.accessToken),
  };
}

const platformTokens = new WeakMap<TestStack, Promise<string>>();

/** An access token of the stack's platform administrator: signed in on first use, then reused by the file. */
export function platformAdminToken(t: TestStack): Promise<string> {
  let token = platformTokens.get(t);
  if (!token) {
    token = signIn(t, 'platform', t.platformAdmin.email, t.platformAdmin.password).then((admin) => admin.token);
    platformTokens.set(t, token);
  }
  return token;
}

export interface TestTenantOptions {
  /** Starts the unique slug (default `tenant`); the name is `Tenant <prefix>` unless `name` is given. */
  readonly prefix?: string;
  readonly name?: string;
  readonly plan?: TenantPlan;
  /** Tenant settings written straight into the registry after creation. */
  readonly settings?: ControlPrisma.InputJsonObject;
}

/** A new tenant with a unique slug, made through `createTenant` by the platform administrator; its admin signed in. */
export async function createTestTenant(t: TestStack, options: TestTenantOptions = {}): Promise<TestTenant> {
  const prefix = options.prefix ?? 'tenant';
  const slug = uniqueSlug(prefix);
  const email = `admin@${slug}.test`;
  const password = randomPassword();
  const res = await t.request(
    CreateTenantDocument,
    {
      input: {
        slug,
        name: options.name ?? `Tenant ${prefix}`,
        adminEmail: email,
        adminPassword: password,
        ...(options.plan ? { plan: options.plan } : {}),
      },
    },
    { token: await platformAdminToken(t) },
  );
  const created = dataOf(res, `createTenant ${slug}`).createTenant;
  if (options.settings)
    await t.stack.runtime.db.control.tenant.update({ where: { id: created.id }, data: { settings: options.settings } });
  return { id: created.id, slug: created.slug, name: created.name, admin: await signIn(t, slug, email, password) };
}

/**
 * The stack of this test file and the tenants its tests share: registers a beforeAll that starts
 * the stack with `start` (startTestStack, startTestStackWithMail or a closure over either), then
 * makes one new tenant per options, in order, and an afterAll that stops the stack. Returns
 * `[t, ...tenants]` at once, as objects that beforeAll fills in: read them in hooks and tests, not
 * at the top of the file. Hooks the file registers after this call run in between: its beforeAll
 * hooks once the stack and the tenants are there, its afterAll hooks before the stack stops.
 */
export function useTestStack<S extends TestStack, const O extends readonly TestTenantOptions[]>(
  start: () => Promise<S>,
  ...tenantOptions: O
): [S, ...{ -readonly [K in keyof O]: TestTenant }] {
  const t = {} as S;
  const tenants = tenantOptions.map(() => ({}) as TestTenant);
  let started: S | undefined;
  beforeAll(async () => {
    started = await start();
    Object.assign(t, started);
    for (const [i, tenant] of tenants.entries()) Object.assign(tenant, await createTestTenant(t, tenantOptions[i]));
  });
  afterAll(() => started?.stop());
  return [t, ...(tenants as { -readonly [K in keyof O]: TestTenant })];
}

/**
 * A loopback HTTP server for the test file that keeps what it receives (an OTLP collector, an alert
 * webhook). Call it before useTestStack: it starts first (read `url` in the stack's start) and
 * closes after the stack has stopped.
 */
export function useHttpReceiver(): HttpReceiver {
  const receiver = {} as HttpReceiver;
  let started: HttpReceiver | undefined;
  beforeAll(async () => {
    started = await startHttpReceiver();
    Object.assign(receiver, started);
  });
  afterAll(() => started?.close());
  return receiver;
}

/** What a user is added to: a TestTenant, or any tenant known by id and slug. */
export type TenantRef = Pick<TestTenant, 'id' | 'slug'>;

/** An address in the tenant's test domain no other call returns: `<localPart>-<random>@<slug>.test`. */
export function uniqueEmail(tenant: Pick<TestTenant, 'slug'>, localPart: string): string {
  return `${localPart.replaceAll('_', '-')}-${crypto.randomBytes(4).toString('hex')}@${tenant.slug}.test`;
}

/** A user with `role` added straight into the tenant's schema; `localPart` starts its unique email. */
export async function addTestUser(
  t: TestStack,
  tenant: TenantRef,
  role = 'viewer',
  localPart = role,
): Promise<TestUser> {
  const email = uniqueEmail(tenant, localPart);
  const password = randomPassword();
  const id = await t.addUser(tenant.id, { email, password, role });
  return { id, email, password };
}

/** addTestUser (same arguments), then signed in through the gateway. */
export async function addSignedInUser(...args: Parameters<typeof addTestUser>): Promise<SignedInUser> {
  const [t, tenant] = args;
  const user = await addTestUser(...args);
  return signIn(t, tenant.slug, user.email, user.password);
}

/** The data of a response a setup step needs; throws with the errors when there are any. */
/** The session a sign-in started; fails the test when the sign-in answered an MFA challenge instead. */
export function sessionOf<T extends { __typename: string }>(
  login: T | null | undefined,
): Extract<T, { __typename: 'AuthPayload' }> {
  if (login?.__typename !== 'AuthPayload') throw new Error(`expected a session, got ${login?.__typename ?? 'nothing'}`);
  return login as Extract<T, { __typename: 'AuthPayload' }>;
}

export function dataOf<T>(res: GraphQLResponse<T>, what = 'request'): T {
  if (!res.body.data || res.body.errors) throw new Error(`${what} failed: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

interface ErrorShape {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: Record<string, unknown>;
}

/** The errors of a response: message, path and extensions of each. */
export function errorsOf(res: GraphQLResponse<unknown>): ErrorShape[] {
  return (res.body.errors ?? []).map((error) => ({
    message: error.message,
    ...(error.path ? { path: error.path } : {}),
    ...(error.extensions ? { extensions: { ...error.extensions } } : {}),
  }));
}

/** `extensions.code` of the first error, undefined when there is none. */
export function codeOf(res: GraphQLResponse<unknown>): unknown {
  return errorsOf(res)[0]?.extensions?.['code'];
}

/** `extensions.details` of the first error. */
export function detailsOf(res: GraphQLResponse<unknown>): Record<string, unknown> | undefined {
  return errorsOf(res)[0]?.extensions?.['details'] as Record<string, unknown> | undefined;
}

/** The session id (`sid` claim) of an access token. */
export function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sid?: unknown;
  };
  if (typeof payload.sid !== 'string') throw new Error('access token without sid');
  return payload.sid;
}

/** The audit actions of a tenant, oldest first; only those about `targetId` when given. */
export async function auditActions(t: TestStack, tenantId: string, targetId?: string): Promise<string[]> {
  const rows = await t.stack.runtime.db
    .tenant(tenantId)
    .auditEvent.findMany({ where: targetId ? { targetId } : {}, orderBy: { id: 'asc' } });
  return rows.map((row) => row.action);
}

/** Waits until `probe` returns something other than undefined (writes the stack makes in the background). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface MailTestStack extends TestStack {
  /** The SMTP server on loopback the stack sends its mail to. */
  readonly mail: SmtpSink;
}

/** A stack that mails through a real SMTP server on loopback, with links to APP_URL; `stop` closes both. */
export async function startTestStackWithMail(
  options: { env?: Readonly<Record<string, string>>; logger?: Logger } = {},
): Promise<MailTestStack> {
  const mail = await startSmtpSink();
  const env = { SMTP_URL: mail.url, APP_URL, ...options.env };
  const t = await startTestStack({ env, ...(options.logger ? { logger: options.logger } : {}) }).catch(
    async (error) => {
      await mail.close();
      throw error;
    },
  );
  return {
    ...t,
    mail,
    async stop() {
      try {
        await t.stop();
      } finally {
        await mail.close();
      }
    },
  };
}

/** Asks for the signed-in user's address to become `newEmail`; returns the confirmation token mailed there. */
export async function requestEmailChange(
  t: MailTestStack,
  user: { readonly token: string; readonly password: string },
  newEmail: string,
): Promise<string> {
  await t.request(
    RequestEmailChangeDocument,
    { input: { newEmail, currentPassword: user.password } },
    { token: user.token },
  );
  return tokenMailedTo(t, newEmail, /Confirm your email/);
}

/** The single-use token linked in the next mail to `to` whose subject matches. */
export async function tokenMailedTo(t: MailTestStack, to: string, subject: RegExp): Promise<string> {
  return tokenFromMail(await t.mail.next(to, { subject }));
}
