import { describe, expect, it } from 'vitest';
import {
  MyAccountDocument,
  RequestEmailChangeDocument,
  UpdateProfileDocument,
  UserActivityDocument,
  VerifyEmailDocument,
} from '@tradesage/client';
import {
  addSignedInUser,
  codeOf,
  detailsOf,
  requestEmailChange,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  uniqueEmail,
  useTestStack,
} from './support/fixtures.ts';

/** Through the gateway: profile fields and the email change, with mail on a real SMTP server. */

const [t, tenant] = useTestStack(startTestStackWithMail, { prefix: 'profile' });

function userRow(id: string) {
  return t.stack.runtime.db.tenant(tenant.id).user.findUniqueOrThrow({ where: { id } });
}

describe('updateMyProfile', () => {
  it('sets every profile field, normalised, and a partial update leaves the others alone', async () => {
    const user = await addSignedInUser(t, tenant, 'trader');
    const full = await t.request(
      UpdateProfileDocument,
      {
        input: {
          firstName: ' Zoë ',
          lastName: 'O’Brien',
          displayName: 'Zoë OB',
          locale: 'en-gb',
          timezone: 'europe/paris',
          avatarUrl: 'HTTPS://Images.Example.COM/zoe.png',
        },
      },
      { token: user.token },
    );
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data?.updateMyProfile).toMatchObject({
      firstName: 'Zoë',
      lastName: 'O’Brien',
      displayName: 'Zoë OB',
      locale: 'en-GB',
      timezone: 'Europe/Paris',
      avatarUrl: 'https://images.example.com/zoe.png',
      status: 'ACTIVE',
      deletedAt: null,
    });

    const partial = await t.request(
      UpdateProfileDocument,
      { input: { timezone: 'America/New_York' } },
      { token: user.token },
    );
    expect(partial.body.data?.updateMyProfile).toMatchObject({
      firstName: 'Zoë',
      displayName: 'Zoë OB',
      locale: 'en-GB',
      timezone: 'America/New_York',
    });

    // null (or an empty string) clears; first and last names become empty, the others null.
    const cleared = await t.request(
      UpdateProfileDocument,
      { input: { displayName: null, avatarUrl: '', lastName: null } },
      { token: user.token },
    );
    expect(cleared.body.data?.updateMyProfile).toMatchObject({
      lastName: '',
      displayName: null,
      avatarUrl: null,
      locale: 'en-GB',
    });

    const me = await t.request(MyAccountDocument, {}, { token: user.token });
    expect(me.body.data?.me).toMatchObject({
      id: user.id,
      email: user.email,
      timezone: 'America/New_York',
      avatarUrl: null,
    });
  });

  it.each([
    ['avatarUrl', 'http://169.254.169.254/latest/meta-data/', 'host_not_public'],
    ['avatarUrl', 'http://[::1]/a.png', 'host_not_public'],
    ['avatarUrl', 'http://localhost/a.png', 'host_not_public'],
    ['avatarUrl', 'javascript:alert(1)', 'scheme_not_allowed'],
    ['avatarUrl', 'https://user:pass@images.example.com/a.png', 'credentials_not_allowed'],
    ['locale', 'en_US', 'invalid_locale'],
    ['timezone', '+02:00', 'invalid_timezone'],
    ['displayName', 'x'.repeat(101), 'too_long'],
  ])('refuses a bad %s (%s) with BAD_USER_INPUT naming the field, writing nothing', async (field, value, reason) => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    const before = await userRow(user.id);
    // A valid change in the same input must not be written either.
    const res = await t.request(
      UpdateProfileDocument,
      { input: { firstName: 'Changed', [field]: value } },
      { token: user.token },
    );
    expect(res.body.data).toBeNull();
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(detailsOf(res)).toMatchObject({ field, reason });
    expect(await userRow(user.id)).toEqual(before);
  });

  it('reports every refused field at once', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    const res = await t.request(
      UpdateProfileDocument,
      { input: { locale: 'zz-!!', timezone: 'Nowhere/Land', avatarUrl: 'ftp://x.example.com/a' } },
      { token: user.token },
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(detailsOf(res)?.['fields']).toEqual([
      expect.objectContaining({ field: 'locale', reason: 'invalid_locale' }),
      expect.objectContaining({ field: 'timezone', reason: 'invalid_timezone' }),
      expect.objectContaining({ field: 'avatarUrl', reason: 'scheme_not_allowed' }),
    ]);
  });

  it('audits which fields changed (never their values) and records the activity', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    await t.request(
      UpdateProfileDocument,
      { input: { displayName: 'Secret Name', locale: 'de' } },
      { token: user.token },
    );
    const db = t.stack.runtime.db.tenant(tenant.id);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.profile_updated', actorId: user.id } });
    expect(audit.data).toEqual({ fields: 'displayName,locale' });
    expect(JSON.stringify({ ...audit, id: audit.id.toString() })).not.toContain('Secret Name');
    const activity = await t.request(UserActivityDocument, { userId: user.id }, { token: user.token });
    // The day's API entry appears too (written in the background by the gateway): not counted here.
    const kinds = activity.body.data?.userActivity.edges.map((edge) => edge.node.kind).filter((kind) => kind !== 'API');
    expect(kinds).toEqual(['PROFILE_UPDATED', 'LOGIN']);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.request(UpdateProfileDocument, { input: { firstName: 'Anon' } });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

describe('changing the email address', () => {
  it('needs the current password, verifies the new address, tells the old one when done, and is single-use', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    const newEmail = uniqueEmail(tenant, 'moved');

    const wrong = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail, currentPassword: 'not-the-password-1' } },
      { token: user.token },
    );
    expect(codeOf(wrong)).toBe('INVALID_CURRENT_PASSWORD');
    expect(detailsOf(wrong)).toMatchObject({ field: 'currentPassword' });

    const ok = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail, currentPassword: user.password } },
      { token: user.token },
    );
    expect(ok.body).toEqual({ data: { requestEmailChange: true } });
    const requested = await t.mail.next(user.email, { subject: /being changed/ });
    expect(requested.text).toContain(newEmail);
    const token = await tokenMailedTo(t, newEmail, /Confirm your email/);

    expect((await t.request(VerifyEmailDocument, { input: { token } })).body).toEqual({ data: { verifyEmail: true } });
    const done = await t.mail.next(user.email, { subject: /address was changed/ });
    expect(done.text).toContain(newEmail);
    expect(done.text).not.toMatch(/token=/);
    expect((await t.request(MyAccountDocument, {}, { token: user.token })).body.data?.me.email).toBe(newEmail);
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('INVALID_TOKEN');

    const activity = await t.request(UserActivityDocument, { userId: user.id }, { token: user.token });
    expect(activity.body.data?.userActivity.edges[0]?.node.kind).toBe('EMAIL_CHANGED');
    const audit = await t.stack.runtime.db.tenant(tenant.id).auditEvent.findMany({
      where: { targetId: user.id, action: { in: ['email.change_requested', 'email.verified'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((event) => [event.action, event.result])).toEqual([
      ['email.change_requested', 'failure'],
      ['email.change_requested', 'success'],
      ['email.verified', 'success'],
    ]);
    await signIn(t, tenant.slug, newEmail, user.password);
  });

  it('keeps addresses unique in the tenant: the link fails with EMAIL_TAKEN if the address was taken meanwhile', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    const wanted = uniqueEmail(tenant, 'wanted');
    const token = await requestEmailChange(t, user, wanted);
    await t.addUser(tenant.id, { email: wanted, password: user.password, role: 'viewer' });
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('EMAIL_TAKEN');
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('refuses further current-password guesses after 5 wrong ones (RATE_LIMITED)', async () => {
    const user = await addSignedInUser(t, tenant, 'viewer');
    const newEmail = uniqueEmail(tenant, 'guess');
    for (let i = 0; i < 5; i++) {
      const res = await t.request(
        RequestEmailChangeDocument,
        { input: { newEmail, currentPassword: `wrong-guess-${i}-xx` } },
        { token: user.token },
      );
      expect(codeOf(res)).toBe('INVALID_CURRENT_PASSWORD');
    }
    const refused = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail, currentPassword: user.password } },
      { token: user.token },
    );
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect((await userRow(user.id)).pendingEmail).toBeNull();
  });
});
