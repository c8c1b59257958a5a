import crypto from 'node:crypto';
import { CreateTenantDocument, LoginDocument } from '../__generated__/graphql.ts';
import { randomPassword, uniqueSlug, type GraphQLResponse, type TestStack } from './test-stack.ts';

/** What the users e2e tests (test/users-*.e2e.test.ts) share: tenants, signed-in users, error shapes. */

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  readonly admin: SignedInUser;
}

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
  readonly refreshToken: string;
}

export async function signIn(
  t: TestStack,
  tenant: string,
  email: string,
  password: string,
  userAgent = 'vitest-users',
): Promise<SignedInUser> {
  const res = await t.request(
    LoginDocument,
    { input: { tenant, email, password } },
    { headers: { 'user-agent': userAgent } },
  );
  const login = res.body.data?.login;
  if (!login) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  return { id: login.user.id, email, password, token: login.accessToken, refreshToken: login.refreshToken ?? '' };
}

export async function platformToken(t: TestStack): Promise<string> {
  return (await signIn(t, 'platform', t.platformAdmin.email, t.platformAdmin.password)).token;
}

/** A new tenant (through createTenant, as a platform administrator) with its admin signed in. */
export async function createTenant(t: TestStack, platform: string, prefix: string): Promise<TestTenant> {
  const slug = uniqueSlug(prefix);
  const email = `admin@${slug}.test`;
  const password = randomPassword();
  const res = await t.request(
    CreateTenantDocument,
    { input: { slug, name: `Tenant ${prefix}`, adminEmail: email, adminPassword: password } },
    { token: platform },
  );
  const id = res.body.data?.createTenant.id;
  if (!id) throw new Error(`createTenant failed: ${JSON.stringify(res.body.errors)}`);
  return { id, slug, admin: await signIn(t, slug, email, password) };
}

/** A user with `role` added straight into the tenant's schema, then signed in through the gateway. */
export async function addSignedInUser(
  t: TestStack,
  tenant: TestTenant,
  role: string,
  localPart = role,
): Promise<SignedInUser> {
  const email = `${localPart}-${crypto.randomBytes(4).toString('hex')}@${tenant.slug}.test`;
  const password = randomPassword();
  await t.addUser(tenant.id, { email, password, role });
  return signIn(t, tenant.slug, email, password);
}

interface ErrorShape {
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: Record<string, unknown>;
}

export function errorsOf(res: GraphQLResponse<unknown>): ErrorShape[] {
  return (res.body.errors ?? []).map((error) => ({
    ...(error.path ? { path: error.path } : {}),
    ...(error.extensions ? { extensions: { ...error.extensions } } : {}),
  }));
}

export function codeOf(res: GraphQLResponse<unknown>): unknown {
  return errorsOf(res)[0]?.extensions?.['code'];
}

export function detailsOf(res: GraphQLResponse<unknown>): Record<string, unknown> | undefined {
  return errorsOf(res)[0]?.extensions?.['details'] as Record<string, unknown> | undefined;
}

/** Waits until `probe` returns something other than undefined (writes the gateway makes in the background). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
