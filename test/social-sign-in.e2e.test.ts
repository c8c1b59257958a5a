import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteSignInDocument,
  CompleteSocialSignInDocument,
  ConfirmSocialLinkDocument,
  ConfirmTotpEnrolmentDocument,
  LoginDocument,
  CreateSocialConnectionDocument,
  DeleteSocialConnectionDocument,
  MeDocument,
  MyIdentitiesDocument,
  SocialConnectionsDocument,
  SocialProvidersDocument,
  StartSocialLinkDocument,
  StartTotpEnrolmentDocument,
  UnlinkIdentityDocument,
} from '@tradesage/client';
import { SocialRepository, socialSecretAad, type SocialProvider } from '@tradesage/core';
import { startLocalhostRelay, type LocalhostRelay } from './support/browser.ts';
import { codeOf, createTestTenant, dataOf, sessionOf, signIn, type TestTenant } from './support/fixtures.ts';
import { totpCode } from '@tradesage/core/testing';
import { CookieJar, follow, visit } from './support/oidc.ts';
import { ENTRA_TENANT_ID, SocialUpstreams, type UpstreamAccount } from './support/social-upstreams.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let relay: LocalhostRelay;
let upstreams: SocialUpstreams;
let t: TestStack;

beforeAll(async () => {
  relay = await startLocalhostRelay();
  upstreams = await SocialUpstreams.start();
  t = await startTestStack({ env: { APP_URL: relay.origin, SOCIAL_PROVIDER_ENDPOINTS: upstreams.endpoints() } });
  relay.relayTo(t.gatewayUrl);
});

afterAll(async () => {
  await t?.stop();
  await upstreams?.close();
  await relay?.close();
});

interface Connection {
  readonly allowedDomains?: readonly string[];
  readonly autoRegister?: boolean;
  readonly defaultRole?: string;
  readonly enabled?: boolean;
}

/** A tenant with a connection to each upstream (written straight into its schema; the API's own management is tested apart). */
async function socialTenant(
  connection: Connection = {},
  settings?: Parameters<typeof createTestTenant>[1] extends infer O
    ? O extends { settings?: infer S }
      ? S
      : never
    : never,
): Promise<TestTenant> {
  const tenant = await createTestTenant(t, { prefix: 'social', ...(settings ? { settings } : {}) });
  const clientId = `client-${crypto.randomBytes(6).toString('hex')}`;
  const secret = crypto.randomBytes(24).toString('base64url');
  upstreams.registerClient(
    clientId,
    secret,
    (provider) => `${relay.origin}/t/${tenant.slug}/social/${provider}/callback`,
  );
  const repository = new SocialRepository(t.stack.runtime.db.tenant(tenant.id));
  for (const provider of ['google', 'microsoft', 'linkedin', 'github'] as const)
    await repository.createConnection({
      provider,
      clientId,
      clientSecretSealed: t.stack.runtime.mfaSecrets.seal(socialSecretAad(tenant.id, provider), secret),
      allowedDomains: connection.allowedDomains ?? [],
      autoRegister: connection.autoRegister ?? false,
      defaultRole: connection.defaultRole ?? 'viewer',
      enabled: connection.enabled ?? true,
      microsoftTenant: provider === 'microsoft' ? ENTRA_TENANT_ID : null,
    });
  return tenant;
}

interface Flow {
  /** The callback URL the upstream sent the browser to. */
  readonly callback: URL;
  /** The gateway's answer to it. */
  readonly answer: Response;
  /** Where the gateway sent the browser (on this origin), when it redirected. */
  readonly location: URL | null;
  readonly jar: CookieJar;
}

/** A browser's social sign-in: the gateway's start, the upstream (signed in as `account`), the callback. */
async function socialFlow(
  tenant: TestTenant,
  provider: SocialProvider,
  account: UpstreamAccount,
  options: { jar?: CookieJar; start?: string } = {},
): Promise<Flow> {
  const jar = options.jar ?? new CookieJar();
  const start = await visit(
    jar,
    options.start ?? `${relay.origin}/t/${tenant.slug}/social/${provider}/start?return=%2Faccount%2Fsecurity`,
  );
  expect(start.status, await start.clone().text()).toBe(303);
  upstreams.signInAs(account);
  const { url: callback } = await follow(jar, start.headers.get('location') ?? '', upstreams.origin);
  expect(callback.origin).toBe(relay.origin);
  const answer = await visit(jar, callback);
  const location = answer.headers.get('location');
  return { callback, answer, location: location ? new URL(location, relay.origin) : null, jar };
}

function account(overrides: Partial<UpstreamAccount> = {}): UpstreamAccount {
  const sub = String(crypto.randomInt(1, 2 ** 40));
  return { sub, email: `person-${sub}@example.test`, emailVerified: true, ...overrides };
}

async function rows(tenant: TestTenant): Promise<{ users: number; identities: number; sessions: number }> {
  const db = t.stack.runtime.db.tenant(tenant.id);
  const [users, identities, sessions] = await Promise.all([
    db.user.count(),
    db.userIdentity.count(),
    db.session.count(),
  ]);
  return { users, identities, sessions };
}

async function auditActions(tenant: TestTenant, prefix: string): Promise<Array<{ action: string; reason: unknown }>> {
  const events = await t.stack.runtime.db.tenant(tenant.id).auditEvent.findMany({
    where: { action: { startsWith: prefix } },
    orderBy: { at: 'asc' },
  });
  return events.map((event) => ({ action: event.action, reason: (event.data as Record<string, unknown>)['reason'] }));
}

describe('the start route', () => {
  it('sends the browser upstream with PKCE S256, state and nonce, bound to it by an HttpOnly __Host- cookie', async () => {
    const tenant = await socialTenant();
    const start = await fetch(`${relay.origin}/t/${tenant.slug}/social/google/start`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const url = new URL(start.headers.get('location') ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${upstreams.issuerOf('google')}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${relay.origin}/t/${tenant.slug}/social/google/callback`);
    const cookie = start.headers.getSetCookie().find((header) => header.startsWith('__Host-tradesage_social='));
    expect(cookie).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    // GitHub: PKCE and state, no nonce (no ID token).
    const github = new URL(
      (await fetch(`${relay.origin}/t/${tenant.slug}/social/github/start`, { redirect: 'manual' })).headers.get(
        'location',
      ) ?? '',
    );
    expect(github.pathname).toBe('/github/login/oauth/authorize');
    expect(github.searchParams.get('code_challenge_method')).toBe('S256');
    expect(github.searchParams.get('nonce')).toBeNull();
  });

  it('refuses an unknown tenant, a provider not enabled, and a return path to another origin with stable codes', async () => {
    const tenant = await socialTenant({ enabled: false });
    const codeOf = async (path: string) => {
      const res = await fetch(`${relay.origin}${path}`, { redirect: 'manual' });
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      return [res.status, body.errors[0]?.extensions.code];
    };
    expect(await codeOf('/t/no-such-tenant-here/social/google/start')).toEqual([404, 'NOT_FOUND']);
    expect(await codeOf(`/t/${tenant.slug}/social/google/start`)).toEqual([404, 'SOCIAL_PROVIDER_NOT_ENABLED']);
    expect(await codeOf(`/t/${tenant.slug}/social/facebook/start`)).toEqual([404, 'SOCIAL_PROVIDER_NOT_ENABLED']);
    const enabled = await socialTenant();
    for (const bad of ['https://evil.test/', '//evil.test/x', '/\\evil.test'])
      expect(await codeOf(`/t/${enabled.slug}/social/google/start?return=${encodeURIComponent(bad)}`)).toEqual([
        400,
        'BAD_USER_INPUT',
      ]);
  });
});

describe('unknown identities', () => {
  it('registers a user with the default role, address verified and no password, when the connection allows it', async () => {
    const tenant = await socialTenant({ autoRegister: true, defaultRole: 'trader' });
    const person = account({ givenName: 'Ada', familyName: 'Lovelace' });
    const flow = await socialFlow(tenant, 'google', person);
    expect(flow.location?.pathname).toBe('/login');
    expect(flow.location?.searchParams.get('social')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow.location?.searchParams.get('return')).toBe('/account/security');
    const db = t.stack.runtime.db.tenant(tenant.id);
    const user = await db.user.findUnique({
      where: { email: person.email ?? '' },
      include: { roles: true, identities: true },
    });
    expect(user?.passwordHash).toBeNull();
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user?.firstName).toBe('Ada');
    expect(user?.roles.map((role) => role.role)).toEqual(['trader']);
    expect(user?.identities.map(({ issuer, subject }) => ({ issuer, subject }))).toEqual([
      { issuer: upstreams.issuerOf('google'), subject: person.sub },
    ]);
    expect((await auditActions(tenant, 'social.')).map((event) => event.action)).toEqual([
      'social.registered',
      'social.signed_in',
    ]);
  });

  it('refuses an unknown identity when registration is off, writing no user', async () => {
    const tenant = await socialTenant({ autoRegister: false });
    const before = await rows(tenant);
    const flow = await socialFlow(tenant, 'linkedin', account());
    expect(flow.location?.searchParams.get('socialError')).toBe('SIGNUP_NOT_ALLOWED');
    expect(await rows(tenant)).toEqual(before);
    expect(await auditActions(tenant, 'social.')).toEqual([{ action: 'social.refused', reason: 'registration_off' }]);
  });

  it('lets in only verified addresses of the allowed domains', async () => {
    const tenant = await socialTenant({ autoRegister: true, allowedDomains: ['acme.test'] });
    const before = await rows(tenant);
    const elsewhere = await socialFlow(tenant, 'google', account({ email: `x${crypto.randomInt(1e9)}@other.test` }));
    expect(elsewhere.location?.searchParams.get('socialError')).toBe('EMAIL_DOMAIN_NOT_ALLOWED');
    const unverified = await socialFlow(tenant, 'google', account({ email: 'u@acme.test', emailVerified: false }));
    expect(unverified.location?.searchParams.get('socialError')).toBe('SOCIAL_EMAIL_NOT_VERIFIED');
    expect(await rows(tenant)).toEqual(before);
    const inside = await socialFlow(tenant, 'google', account({ email: `in${crypto.randomInt(1e9)}@acme.test` }));
    expect(inside.location?.searchParams.get('social')).toBeTruthy();
    expect((await rows(tenant)).users).toBe(before.users + 1);
  });

  it('refuses an unverified address even where any domain and registration are allowed', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const before = await rows(tenant);
    const flow = await socialFlow(tenant, 'microsoft', account({ emailVerified: false }));
    expect(flow.location?.searchParams.get('socialError')).toBe('SOCIAL_EMAIL_NOT_VERIFIED');
    expect(await rows(tenant)).toEqual(before);
  });

  it('GitHub: counts only the primary verified address', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const before = await rows(tenant);
    const notPrimary = account({
      githubEmails: [
        { email: 'secondary@example.test', primary: false, verified: true },
        { email: 'primary@example.test', primary: true, verified: false },
      ],
    });
    const refused = await socialFlow(tenant, 'github', notPrimary);
    expect(refused.location?.searchParams.get('socialError')).toBe('SOCIAL_EMAIL_NOT_VERIFIED');
    expect(await rows(tenant)).toEqual(before);
    const good = account();
    const flow = await socialFlow(tenant, 'github', good);
    expect(flow.location?.searchParams.get('social')).toBeTruthy();
    const identity = await t.stack.runtime.db
      .tenant(tenant.id)
      .userIdentity.findFirst({ where: { provider: 'github' } });
    expect(identity).toMatchObject({ issuer: upstreams.issuerOf('github'), subject: good.sub, email: good.email });
  });

  it('Entra ID: the account is the directory and object id, never the pairwise sub', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const person = account();
    const flow = await socialFlow(tenant, 'microsoft', person);
    expect(flow.location?.searchParams.get('social')).toBeTruthy();
    const identity = await t.stack.runtime.db
      .tenant(tenant.id)
      .userIdentity.findFirst({ where: { provider: 'microsoft' } });
    expect(identity).toMatchObject({
      issuer: upstreams.issuerOf('microsoft'),
      subject: `${ENTRA_TENANT_ID}:${person.sub}`,
    });
  });
});

describe('an existing account with the same address', () => {
  it('is not signed in or linked by the provider alone: a pending link, nothing written', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const email = `owner-${crypto.randomInt(1e9)}@example.test`;
    await t.addUser(tenant.id, { email, password: 'Correct-Horse-9', role: 'viewer' });
    const before = await rows(tenant);
    const flow = await socialFlow(tenant, 'google', account({ email }));
    expect(flow.location?.pathname).toBe('/login');
    expect(flow.location?.searchParams.get('social')).toBeNull();
    expect(flow.location?.searchParams.get('socialLink')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await rows(tenant)).toEqual(before);
    expect((await auditActions(tenant, 'social.')).map((event) => event.action)).toEqual(['social.link_pending']);
  });
});

describe('a hostile or broken upstream', () => {
  async function refusedWithNothingWritten(tenant: TestTenant, run: () => Promise<Flow>, code: string): Promise<Flow> {
    const before = await rows(tenant);
    const flow = await run();
    expect(flow.location?.searchParams.get('socialError') ?? (await flow.answer.clone().text())).toBe(code);
    expect(await rows(tenant)).toEqual(before);
    return flow;
  }

  it('refuses an ID token from another issuer', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    await refusedWithNothingWritten(
      tenant,
      () => {
        upstreams.tamperNext({ kind: 'claims', claims: { iss: 'https://accounts.google.com' } });
        return socialFlow(tenant, 'google', account());
      },
      'SOCIAL_UPSTREAM_REFUSED',
    );
  });

  it('refuses an authorization response naming another issuer (RFC 9207)', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const before = await rows(tenant);
    const jar = new CookieJar();
    const start = await visit(jar, `${relay.origin}/t/${tenant.slug}/social/linkedin/start`);
    upstreams.signInAs(account());
    const { url: callback } = await follow(jar, start.headers.get('location') ?? '', upstreams.origin);
    expect(callback.searchParams.get('iss')).toBe(upstreams.issuerOf('linkedin'));
    callback.searchParams.set('iss', upstreams.issuerOf('google'));
    const answer = await visit(jar, callback);
    expect(new URL(answer.headers.get('location') ?? '', relay.origin).searchParams.get('socialError')).toBe(
      'SOCIAL_UPSTREAM_REFUSED',
    );
    expect(await rows(tenant)).toEqual(before);
  });

  it('refuses an ID token signed with a key the upstream never published', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    await refusedWithNothingWritten(
      tenant,
      () => {
        upstreams.tamperNext({ kind: 'foreign_key' });
        return socialFlow(tenant, 'google', account());
      },
      'SOCIAL_UPSTREAM_REFUSED',
    );
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    await refusedWithNothingWritten(
      tenant,
      () => {
        upstreams.tamperNext({ kind: 'claims', claims: { nonce: 'another-sign-in' } });
        return socialFlow(tenant, 'microsoft', account());
      },
      'SOCIAL_UPSTREAM_REFUSED',
    );
    const refusals = await auditActions(tenant, 'social.refused');
    expect(refusals).toEqual([{ action: 'social.refused', reason: 'oauth_jwt_claim_comparison_failed' }]);
  });

  it('refuses a replayed state, and a callback in another browser than the one that started', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const flow = await socialFlow(tenant, 'google', account());
    expect(flow.location?.searchParams.get('social')).toBeTruthy();
    const after = await rows(tenant);
    const replay = await visit(flow.jar, flow.callback);
    expect(replay.status).toBe(400);
    expect(
      ((await replay.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
    ).toBe('SOCIAL_STATE_INVALID');
    // Another browser (no binding cookie) with a fresh, unspent state.
    const jar = new CookieJar();
    const start = await visit(jar, `${relay.origin}/t/${tenant.slug}/social/google/start`);
    upstreams.signInAs(account());
    const { url: callback } = await follow(jar, start.headers.get('location') ?? '', upstreams.origin);
    const elsewhere = await visit(new CookieJar(), callback);
    expect(elsewhere.status).toBe(400);
    expect(await rows(tenant)).toEqual(after);
    const refusals = await auditActions(tenant, 'social.refused');
    expect(refusals.map((event) => event.reason)).toEqual(['unknown_state', 'browser_mismatch']);
  });
});

/** The account page's half: redeems the ticket of a flow that signed in. */
function complete(flow: Flow) {
  return t.request(CompleteSocialSignInDocument, {
    input: { ticket: flow.location?.searchParams.get('social') ?? 'none' },
  });
}

describe('finishing a sign-in on the account pages', () => {
  it('signs in a linked identity through the sign-in gate: amr fed, the ticket once only', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const person = account();
    const first = await socialFlow(tenant, 'linkedin', person);
    const registered = dataOf(await complete(first)).completeSocialSignIn;
    if (registered.__typename !== 'AuthPayload') throw new Error('expected a session');
    expect(registered.authenticationMethods).toEqual(['fed']);
    // The same upstream account again: the same user, no new one.
    const again = await socialFlow(tenant, 'linkedin', person);
    const payload = dataOf(await complete(again)).completeSocialSignIn;
    if (payload.__typename !== 'AuthPayload') throw new Error('expected a session');
    const me = dataOf(await t.request(MeDocument, {}, { token: payload.accessToken })).me;
    expect(me?.email).toBe(person.email);
    expect(me?.id).toBe(registered.user.id);
    expect(codeOf(await complete(again))).toBe('INVALID_CREDENTIALS');
    const identity = await t.stack.runtime.db.tenant(tenant.id).userIdentity.findFirst({ where: { userId: me?.id } });
    expect(identity?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("applies the tenant's MFA policy: a user who must enrol gets an enrolment-only session", async () => {
    const tenant = await socialTenant({ autoRegister: true }, { mfa: { mode: 'required' } });
    const payload = dataOf(await complete(await socialFlow(tenant, 'google', account()))).completeSocialSignIn;
    if (payload.__typename !== 'AuthPayload') throw new Error('expected a session');
    expect(payload.mfaEnrolmentRequiredBy).toBeTruthy();
  });

  it('refuses a disabled user', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const person = account();
    const flow = await socialFlow(tenant, 'google', account({ ...person }));
    await t.stack.runtime.db
      .tenant(tenant.id)
      .user.update({ where: { email: person.email ?? '' }, data: { status: 'disabled' } });
    expect(codeOf(await complete(flow))).toBe('INVALID_CREDENTIALS');
  });
});

describe('linking and unlinking', () => {
  it('links an existing account only after its own password sign-in, then signs it in', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const email = `owner-${crypto.randomInt(1e9)}@example.test`;
    const password = 'Correct-Horse-9';
    const userId = await t.addUser(tenant.id, { email, password, role: 'viewer' });
    const stale = await signIn(t, tenant.slug, email, password);
    const person = account({ email });
    const flow = await socialFlow(tenant, 'google', person);
    const token = flow.location?.searchParams.get('socialLink') ?? '';
    // A session from before the social sign-in proves nothing about who came back from the provider.
    expect(codeOf(await t.request(ConfirmSocialLinkDocument, { token }, { token: stale.token }))).toBe(
      'SOCIAL_LINK_PROOF_REQUIRED',
    );
    // Another user, however freshly signed in, cannot take it.
    expect(codeOf(await t.request(ConfirmSocialLinkDocument, { token }, { token: tenant.admin.token }))).toBe(
      'INVALID_TOKEN',
    );
    expect(await t.stack.runtime.db.tenant(tenant.id).userIdentity.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await signIn(t, tenant.slug, email, password);
    const linked = dataOf(
      await t.request(ConfirmSocialLinkDocument, { token }, { token: fresh.token }),
    ).confirmSocialLink;
    expect(linked).toMatchObject({ provider: 'GOOGLE', email });
    expect(codeOf(await t.request(ConfirmSocialLinkDocument, { token }, { token: fresh.token }))).toBe('INVALID_TOKEN');
    const payload = dataOf(await complete(await socialFlow(tenant, 'google', person))).completeSocialSignIn;
    if (payload.__typename !== 'AuthPayload') throw new Error('expected a session');
    expect(payload.user.id).toBe(userId);
  });

  it('with a second factor enrolled, links only from a sign-in that used it (a remembered device is not enough)', async () => {
    const tenant = await socialTenant({}, { mfa: { trustedDeviceDays: 30 } });
    const email = `mfa-owner-${crypto.randomInt(1e9)}@example.test`;
    const password = 'Correct-Horse-9';
    await t.addUser(tenant.id, { email, password, role: 'viewer' });
    const first = await signIn(t, tenant.slug, email, password);
    const started = dataOf(await t.request(StartTotpEnrolmentDocument, {}, { token: first.token })).startTotpEnrolment;
    const leftInStep = 30_000 - (Date.now() % 30_000);
    if (leftInStep < 5_000) await new Promise((resolve) => setTimeout(resolve, leftInStep + 50));
    const recoveryCodes =
      dataOf(
        await t.request(
          ConfirmTotpEnrolmentDocument,
          { input: { factorId: started.factorId, code: totpCode(started.secret, new Date(), -1) } },
          { token: first.token },
        ),
      ).confirmTotpEnrolment.recoveryCodes ?? [];
    const challengeOf = async (extra: Record<string, string> = {}) => {
      const answer = dataOf(
        await t.request(LoginDocument, { input: { tenant: tenant.slug, email, password, ...extra } }),
      ).login;
      if (answer.__typename !== 'MfaChallenge') throw new Error('expected a second-factor challenge');
      return answer.challengeToken;
    };
    // Remember this device (the second factor answered once), before the provider comes back.
    const remembered = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: await challengeOf(), totpCode: totpCode(started.secret), rememberDevice: true },
      }),
    ).completeSignIn.trustedDeviceToken;
    const flow = await socialFlow(tenant, 'google', account({ email }));
    const token = flow.location?.searchParams.get('socialLink') ?? '';
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Password and a remembered device: no second factor in this sign-in.
    const byDevice = sessionOf(
      dataOf(
        await t.request(LoginDocument, {
          input: { tenant: tenant.slug, email, password, trustedDeviceToken: remembered ?? '' },
        }),
      ).login,
    );
    expect(byDevice.authenticationMethods).toEqual(['device', 'pwd']);
    expect(codeOf(await t.request(ConfirmSocialLinkDocument, { token }, { token: byDevice.accessToken }))).toBe(
      'SOCIAL_LINK_PROOF_REQUIRED',
    );
    expect(await t.stack.runtime.db.tenant(tenant.id).userIdentity.count()).toBe(0);
    // The same person with the second factor (a recovery code here): linked.
    const full = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: await challengeOf(), recoveryCode: recoveryCodes[0] ?? '' },
      }),
    ).completeSignIn;
    expect(full.authenticationMethods).toContain('mfa');
    expect(
      dataOf(await t.request(ConfirmSocialLinkDocument, { token }, { token: full.accessToken })).confirmSocialLink,
    ).toMatchObject({
      provider: 'GOOGLE',
      email,
    });
  });

  it('links a provider to the signed-in user, unlinks it, and never unlinks the last way to sign in', async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const start = dataOf(
      await t.request(StartSocialLinkDocument, { provider: 'GITHUB' }, { token: tenant.admin.token }),
    ).startSocialLink;
    expect(start.url.startsWith(`${relay.origin}/t/${tenant.slug}/social/github/start?intent=`)).toBe(true);
    const person = account({ email: `other-${crypto.randomInt(1e9)}@example.test` });
    const flow = await socialFlow(tenant, 'github', person, { start: start.url });
    expect(flow.location?.pathname).toBe('/account/security');
    expect(flow.location?.searchParams.get('socialLinked')).toBe('github');
    const mine = dataOf(await t.request(MyIdentitiesDocument, {}, { token: tenant.admin.token })).myIdentities;
    expect(mine.map((identity) => identity.provider)).toEqual(['GITHUB']);
    // The intent was spent.
    expect((await fetch(start.url, { redirect: 'manual' })).status).toBe(400);
    // The same GitHub account now signs in the admin.
    const payload = dataOf(await complete(await socialFlow(tenant, 'github', person))).completeSocialSignIn;
    if (payload.__typename !== 'AuthPayload') throw new Error('expected a session');
    expect(payload.user.id).toBe(tenant.admin.id);
    // The admin has a password: the identity may go.
    const id = mine[0]?.id ?? '';
    expect(dataOf(await t.request(UnlinkIdentityDocument, { id }, { token: tenant.admin.token })).unlinkIdentity).toBe(
      true,
    );
    expect(codeOf(await t.request(UnlinkIdentityDocument, { id }, { token: tenant.admin.token }))).toBe('NOT_FOUND');

    // A registered user (no password) with one identity: that one stays.
    const registered = dataOf(await complete(await socialFlow(tenant, 'google', account()))).completeSocialSignIn;
    if (registered.__typename !== 'AuthPayload') throw new Error('expected a session');
    const [only] = dataOf(await t.request(MyIdentitiesDocument, {}, { token: registered.accessToken })).myIdentities;
    expect(
      codeOf(await t.request(UnlinkIdentityDocument, { id: only?.id ?? '' }, { token: registered.accessToken })),
    ).toBe('SOCIAL_LAST_SIGN_IN_METHOD');
    expect(await t.stack.runtime.db.tenant(tenant.id).userIdentity.count({ where: { id: only?.id ?? '' } })).toBe(1);
    // Another user's identity is not found for this caller.
    expect(codeOf(await t.request(UnlinkIdentityDocument, { id: only?.id ?? '' }, { token: tenant.admin.token }))).toBe(
      'NOT_FOUND',
    );
  });

  it("refuses to link an upstream account that is someone else's", async () => {
    const tenant = await socialTenant({ autoRegister: true });
    const person = account();
    await complete(await socialFlow(tenant, 'google', person));
    const start = dataOf(
      await t.request(StartSocialLinkDocument, { provider: 'GOOGLE' }, { token: tenant.admin.token }),
    ).startSocialLink;
    const flow = await socialFlow(tenant, 'google', person, { start: start.url });
    expect(flow.location?.searchParams.get('socialError')).toBe('SOCIAL_IDENTITY_TAKEN');
    expect(dataOf(await t.request(MyIdentitiesDocument, {}, { token: tenant.admin.token })).myIdentities).toEqual([]);
  });
});

describe('connections through the API', () => {
  it('lets an admin connect a provider (secret write-only) and the sign-in page list enabled ones only', async () => {
    const tenant = await createTestTenant(t, { prefix: 'socialapi' });
    const created = await t.request(
      CreateSocialConnectionDocument,
      {
        input: {
          provider: 'MICROSOFT',
          clientId: 'app-1',
          clientSecret: 'very-secret-value',
          microsoftTenant: 'organizations',
          allowedDomains: ['Acme.test'],
        },
      },
      { token: tenant.admin.token },
    );
    expect(dataOf(created).createSocialConnection).toMatchObject({
      provider: 'MICROSOFT',
      allowedDomains: ['acme.test'],
      autoRegister: false,
      defaultRole: 'viewer',
    });
    expect(JSON.stringify(created.body)).not.toContain('very-secret-value');
    const stored = await t.stack.runtime.db
      .tenant(tenant.id)
      .socialConnection.findUnique({ where: { provider: 'microsoft' } });
    expect(stored?.clientSecretSealed).not.toContain('very-secret-value');
    await t.request(
      CreateSocialConnectionDocument,
      { input: { provider: 'GITHUB', clientId: 'gh', clientSecret: 's', enabled: false } },
      { token: tenant.admin.token },
    );
    expect(dataOf(await t.request(SocialProvidersDocument, { tenant: tenant.slug })).socialProviders).toEqual([
      'MICROSOFT',
    ]);
    expect(dataOf(await t.request(SocialProvidersDocument, { tenant: 'no-such-tenant-x' })).socialProviders).toEqual(
      [],
    );
    const again = await t.request(
      CreateSocialConnectionDocument,
      { input: { provider: 'MICROSOFT', clientId: 'x', clientSecret: 'y', microsoftTenant: 'organizations' } },
      { token: tenant.admin.token },
    );
    expect(codeOf(again)).toBe('CONFLICT');
    const badRole = await t.request(
      CreateSocialConnectionDocument,
      { input: { provider: 'GOOGLE', clientId: 'x', clientSecret: 'y', defaultRole: 'platform_admin' } },
      { token: tenant.admin.token },
    );
    expect(codeOf(badRole)).toBe('ROLE_NOT_ALLOWED');
    expect(
      dataOf(await t.request(SocialConnectionsDocument, {}, { token: tenant.admin.token })).socialConnections,
    ).toHaveLength(2);
    expect(
      dataOf(await t.request(DeleteSocialConnectionDocument, { provider: 'GITHUB' }, { token: tenant.admin.token }))
        .deleteSocialConnection,
    ).toBe(true);
  });

  it('refuses connection management without tenant:settings:write', async () => {
    const tenant = await createTestTenant(t, { prefix: 'socialapi' });
    const email = `viewer-${crypto.randomInt(1e9)}@x.test`;
    await t.addUser(tenant.id, { email, password: 'Correct-Horse-9', role: 'viewer' });
    const viewer = await signIn(t, tenant.slug, email, 'Correct-Horse-9');
    expect(codeOf(await t.request(SocialConnectionsDocument, {}, { token: viewer.token }))).toBe('FORBIDDEN');
    const create = await t.request(
      CreateSocialConnectionDocument,
      { input: { provider: 'GOOGLE', clientId: 'x', clientSecret: 'y' } },
      { token: viewer.token },
    );
    expect(codeOf(create)).toBe('FORBIDDEN');
  });
});
