import { tokenFromMail } from '@tradesage/core/testing';
import { resetTenantSignUpThrottle } from '@tradesage/subgraph-tenant';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  CreateTenantDocument,
  LoginDocument,
  MyAccountDocument,
  SignUpTenantDocument,
} from '@tradesage/client';
import {
  APP_URL,
  auditActions,
  codeOf,
  platformAdminToken,
  randomPassword,
  signIn,
  startTestStackWithMail,
  uniqueSlug,
  useTestStack,
} from './support/fixtures.ts';

/**
 * The first admin of a tenant created without a password receives an invitation
 * email (real SMTP on loopback) and signs in through it; self-service sign-up of a new tenant
 * (TENANT_SELF_SIGNUP=true here; refused by default, see tenants.e2e.test.ts) does the same.
 */
const [t] = useTestStack(() => startTestStackWithMail({ env: { TENANT_SELF_SIGNUP: 'true' } }));

/** The invitation in `to`'s mailbox, accepted with a new password: the admin is signed in, active and verified. */
async function acceptInvitationMail(to: string, tenantName: string): Promise<string> {
  const mail = await t.mail.next(to, { subject: new RegExp(`invited to ${tenantName}`) });
  expect(mail.text).toContain(`${APP_URL}/accept-invitation?token=`);
  const token = tokenFromMail(mail);
  const password = randomPassword();
  const accepted = await t.request(AcceptInvitationDocument, { input: { token, password } });
  expect(accepted.body.errors).toBeUndefined();
  const me = await t.request(MyAccountDocument, {}, { token: accepted.body.data?.acceptInvitation.accessToken ?? '' });
  expect(me.body.data?.me).toMatchObject({ email: to, roles: ['admin'], status: 'ACTIVE', emailVerified: true });
  expect(codeOf(await t.request(AcceptInvitationDocument, { input: { token, password: randomPassword() } }))).toBe(
    'INVALID_TOKEN',
  );
  return password;
}

beforeAll(async () => {
  // Sign-ups through the gateway all come from loopback: start each run with a fresh allowance.
  await resetTenantSignUpThrottle(t.stack.runtime, '127.0.0.1');
});

describe('createTenant without adminPassword', () => {
  it('emails the invited admin, who accepts the invitation and is signed in', async () => {
    const slug = uniqueSlug('invmail');
    const adminEmail = `boss@${slug}.example.com`;
    const res = await t.request(
      CreateTenantDocument,
      { input: { slug, name: `Invited ${slug}`, adminEmail } },
      { token: await platformAdminToken(t) },
    );
    expect(res.body.errors).toBeUndefined();
    const password = await acceptInvitationMail(adminEmail, `Invited ${slug}`);
    await signIn(t, slug, adminEmail, password);
  });

  it('sends nothing when a password is given', async () => {
    const slug = uniqueSlug('pwmail');
    const adminEmail = `boss@${slug}.example.com`;
    const res = await t.request(
      CreateTenantDocument,
      { input: { slug, name: 'With password', adminEmail, adminPassword: randomPassword() } },
      { token: await platformAdminToken(t) },
    );
    expect(res.body.errors).toBeUndefined();
    // A later invitation to someone else has arrived; nothing was sent to this admin before it.
    const marker = uniqueSlug('marker');
    await t.request(
      CreateTenantDocument,
      { input: { slug: marker, name: 'Marker', adminEmail: `m@${marker}.example.com` } },
      { token: await platformAdminToken(t) },
    );
    await t.mail.next(`m@${marker}.example.com`);
    expect(t.mail.unread(adminEmail)).toEqual([]);
  });
});

describe('signUpTenant (TENANT_SELF_SIGNUP=true)', () => {
  it('creates an active FREE tenant whose admin is invited by email, audited in the platform log', async () => {
    const slug = uniqueSlug('selfup');
    const adminEmail = `owner@${slug}.example.com`;
    const res = await t.request(SignUpTenantDocument, {
      input: { slug, name: `Self ${slug}`, adminEmail: `Owner@${slug}.example.com` },
    });
    expect(res.body).toEqual({ data: { signUpTenant: true } });
    const tenant = await t.stack.runtime.db.control.tenant.findUniqueOrThrow({ where: { slug } });
    expect(tenant).toMatchObject({ status: 'active', plan: 'free' });
    // Nobody can sign in before the invitation is accepted.
    expect(
      codeOf(
        await t.request(LoginDocument, { input: { tenant: slug, email: adminEmail, password: randomPassword() } }),
      ),
    ).toBe('INVALID_CREDENTIALS');
    const password = await acceptInvitationMail(adminEmail, `Self ${slug}`);
    await signIn(t, slug, adminEmail, password);
    expect(await auditActions(t, t.stack.platformTenantId, tenant.id)).toEqual(['tenant.signed_up']);
    expect(await auditActions(t, tenant.id, tenant.id)).toEqual(['tenant.signed_up']);
  });

  it('keeps the slug error codes and leaves nothing behind', async () => {
    const before = await t.stack.runtime.db.control.tenant.count();
    const bad = await t.request(SignUpTenantDocument, {
      input: { slug: 'Not A Slug!', name: 'Bad', adminEmail: 'a@bad-slug.example.com' },
    });
    expect(codeOf(bad)).toBe('INVALID_SLUG');
    const reserved = await t.request(SignUpTenantDocument, {
      input: { slug: 'platform', name: 'Mine', adminEmail: 'a@reserved.example.com' },
    });
    expect(['RESERVED_SLUG', 'SLUG_TAKEN']).toContain(codeOf(reserved));
    const badEmail = await t.request(SignUpTenantDocument, {
      input: { slug: uniqueSlug('bademail'), name: 'Bad', adminEmail: 'not-an-email' },
    });
    expect(codeOf(badEmail)).toBe('BAD_USER_INPUT');
    expect(await t.stack.runtime.db.control.tenant.count()).toBe(before);
  });

  it('is rate-limited per client address', async () => {
    // Straight to the tenant subgraph with a client address of this run's own.
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    await resetTenantSignUpThrottle(t.stack.runtime, ip);
    const send = () =>
      t.request(
        SignUpTenantDocument,
        { input: { slug: 'Not A Slug!', name: 'Bad', adminEmail: 'a@example.com' } },
        { url: t.stack.subgraphUrls.tenant, viaGatewayCredential: true, headers: { 'x-forwarded-for': ip } },
      );
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i += 1) codes.push(codeOf(await send()));
    expect(codes).toEqual([
      'INVALID_SLUG',
      'INVALID_SLUG',
      'INVALID_SLUG',
      'INVALID_SLUG',
      'INVALID_SLUG',
      'RATE_LIMITED',
    ]);
    await resetTenantSignUpThrottle(t.stack.runtime, ip);
  });
});
