import crypto from 'node:crypto';
import { tokenFromMail } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  ChangePasswordDocument,
  InviteUserDocument,
  LoginDocument,
  MeDocument,
  MyAccountDocument,
  PasswordRequirementsDocument,
  RequestEmailChangeDocument,
  RequestPasswordResetDocument,
  ResendVerificationEmailDocument,
  ResetPasswordDocument,
  SignUpDocument,
  VerifyEmailDocument,
} from '@tradesage/client';
import {
  addTestUser,
  APP_URL,
  codeOf,
  createTestTenant,
  randomPassword,
  requestEmailChange,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  uniqueEmail,
  uniqueSlug,
  useTestStack,
} from './support/fixtures.ts';

/**
 * Account flows through the gateway, with mail delivered by nodemailer to a real SMTP
 * server on loopback: each flow reads the message that arrived and follows its link.
 */

const [t] = useTestStack(startTestStackWithMail);

async function loginCode(tenant: string, email: string, password: string): Promise<unknown> {
  return codeOf(await t.request(LoginDocument, { input: { tenant, email, password } }));
}

/** No mail is on its way to `to`: a later marker mail to `marker` has arrived and nothing for `to` before it. */
async function expectNoMailTo(to: string, sendMarker: () => Promise<unknown>, marker: string): Promise<void> {
  await sendMarker();
  await t.mail.next(marker);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(t.mail.unread(to)).toEqual([]);
}

function db(tenantId: string) {
  return t.stack.runtime.db.tenant(tenantId);
}

describe('changePassword', () => {
  it('needs the current password, ends the other sessions but not this one, and emails a notice', async () => {
    const tenant = await createTestTenant(t, { prefix: 'chpw' });
    const user = await addTestUser(t, tenant);
    const here = await signIn(t, tenant.slug, user.email, user.password, 'browser-here');
    const elsewhere = await signIn(t, tenant.slug, user.email, user.password, 'browser-elsewhere');
    const newPassword = randomPassword();

    const wrong = await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: 'not-the-password-1', newPassword } },
      { token: here.token },
    );
    expect(codeOf(wrong)).toBe('INVALID_CURRENT_PASSWORD');

    const ok = await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: user.password, newPassword } },
      { token: here.token, headers: { 'user-agent': 'browser-here' } },
    );
    expect(ok.body).toEqual({ data: { changePassword: true } });

    expect((await t.request(MeDocument, {}, { token: here.token })).body.data?.me.id).toBe(user.id);
    expect(codeOf(await t.request(MeDocument, {}, { token: elsewhere.token }))).toBe('UNAUTHENTICATED');
    expect(await loginCode(tenant.slug, user.email, user.password)).toBe('INVALID_CREDENTIALS');
    await signIn(t, tenant.slug, user.email, newPassword);

    const notice = await t.mail.next(user.email, { subject: /password was changed/ });
    expect(notice.text).not.toMatch(/token=/);
    expect(notice.text).not.toContain(newPassword);

    const row = await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordChangedAt).not.toBeNull();
    const events = await db(tenant.id).auditEvent.findMany({
      where: { action: 'password.changed', actorId: user.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.result)).toEqual(['failure', 'success']);
    expect(events[1]).toMatchObject({ userAgent: 'browser-here', data: { sessionsEnded: 1 } });
    expect(events[1]?.requestId).toBeTruthy();
    expect(events[1]?.ip).toBeTruthy();
  });

  it("applies the tenant's password policy and changes nothing when it refuses", async () => {
    const tenant = await createTestTenant(t, { prefix: 'chpwpol' });
    const user = await addTestUser(t, tenant);
    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    const cases: Array<[string, string]> = [
      ['short-pw', 'PASSWORD_TOO_SHORT'],
      ['qwerty123456', 'PASSWORD_TOO_COMMON'],
      [`x-${user.email}-x`, 'PASSWORD_CONTAINS_IDENTITY'],
    ];
    for (const [newPassword, code] of cases) {
      const res = await t.request(
        ChangePasswordDocument,
        { input: { currentPassword: user.password, newPassword } },
        { token: accessToken },
      );
      expect(codeOf(res)).toBe(code);
      expect(res.body.errors?.[0]?.extensions?.['details']).toMatchObject({ field: 'newPassword' });
    }
    await signIn(t, tenant.slug, user.email, user.password);
  });

  it('is refused without a session, and throttles guesses of the current password', async () => {
    const tenant = await createTestTenant(t, { prefix: 'chpwrl' });
    const user = await addTestUser(t, tenant);
    const anonymous = await t.request(ChangePasswordDocument, {
      input: { currentPassword: user.password, newPassword: randomPassword() },
    });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');

    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    for (let i = 0; i < 5; i++) {
      const res = await t.request(
        ChangePasswordDocument,
        { input: { currentPassword: `guess-number-${i}`, newPassword: randomPassword() } },
        { token: accessToken },
      );
      expect(codeOf(res)).toBe('INVALID_CURRENT_PASSWORD');
    }
    const blocked = await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: user.password, newPassword: randomPassword() } },
      { token: accessToken },
    );
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.body.errors?.[0]?.extensions?.['details']).toMatchObject({
      retryAfterSeconds: expect.any(Number) as number,
    });
  });
});

describe('password reset', () => {
  it('mails a single-use link that sets the password, ends every session, lifts a permanent lock and verifies the address', async () => {
    const tenant = await createTestTenant(t, { prefix: 'reset' });
    const user = await addTestUser(t, tenant);
    const session = await signIn(t, tenant.slug, user.email, user.password);
    await db(tenant.id).user.update({
      where: { id: user.id },
      data: {
        lockedPermanently: true,
        lockoutLevel: 5,
        failedLoginCount: 3,
        lockedUntil: new Date(Date.now() + 3_600_000),
      },
    });

    const requested = await t.request(RequestPasswordResetDocument, {
      input: { tenant: tenant.slug, email: user.email.toUpperCase() },
    });
    expect(requested.body).toEqual({ data: { requestPasswordReset: true } });
    const mail = await t.mail.next(user.email, { subject: /Reset your TradeSage password/ });
    expect(mail.text).toContain(`${APP_URL}/reset-password?token=`);
    expect(mail.html).toContain(`href="${APP_URL}/reset-password?token=`);
    const token = tokenFromMail(mail);
    // The link names the tenant, whose password rules the page shows as the person types.
    expect(mail.text).toContain(`/reset-password?token=${encodeURIComponent(token)}&tenant=${tenant.slug}`);

    // Stored only as its SHA-256, valid 30 minutes.
    const stored = await db(tenant.id).oneTimeToken.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.hash).toBe(crypto.createHash('sha256').update(token).digest('base64url'));
    expect(stored[0]?.purpose).toBe('password_reset');
    const ttl = (stored[0]?.expiresAt.getTime() ?? 0) - (stored[0]?.createdAt.getTime() ?? 0);
    expect(Math.abs(ttl - 30 * 60_000)).toBeLessThan(5_000);

    // A refused password does not spend the token.
    expect(codeOf(await t.request(ResetPasswordDocument, { input: { token, newPassword: 'tooshort' } }))).toBe(
      'PASSWORD_TOO_SHORT',
    );
    const newPassword = randomPassword();
    expect((await t.request(ResetPasswordDocument, { input: { token, newPassword } })).body).toEqual({
      data: { resetPassword: true },
    });
    expect(codeOf(await t.request(ResetPasswordDocument, { input: { token, newPassword: randomPassword() } }))).toBe(
      'INVALID_TOKEN',
    );

    expect(codeOf(await t.request(MeDocument, {}, { token: session.token }))).toBe('UNAUTHENTICATED');
    const row = await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ lockedPermanently: false, lockoutLevel: 0, failedLoginCount: 0, lockedUntil: null });
    expect(row.emailVerifiedAt).not.toBeNull();
    const signedIn = await signIn(t, tenant.slug, user.email, newPassword);
    expect((await t.request(MyAccountDocument, {}, { token: signedIn.token })).body.data?.me.emailVerified).toBe(true);
    await t.mail.next(user.email, { subject: /password was reset/ });

    const actions = (
      await db(tenant.id).auditEvent.findMany({ where: { actorId: user.id }, orderBy: { id: 'asc' } })
    ).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'password.reset_requested:success',
        'account.unlocked:success',
        'password.reset:success',
      ]),
    );
  });

  it('answers true for unknown accounts and tenants, sending nothing', async () => {
    const tenant = await createTestTenant(t, { prefix: 'resetunk' });
    const nobody = uniqueEmail(tenant, 'nobody');
    const known = await addTestUser(t, tenant);
    const unknownAccount = await t.request(RequestPasswordResetDocument, {
      input: { tenant: tenant.slug, email: nobody },
    });
    const unknownTenant = await t.request(RequestPasswordResetDocument, {
      input: { tenant: uniqueSlug('no-such'), email: nobody },
    });
    const knownAccount = await t.request(RequestPasswordResetDocument, {
      input: { tenant: tenant.slug, email: known.email },
    });
    expect(unknownAccount.body).toEqual(knownAccount.body);
    expect(unknownTenant.body).toEqual(knownAccount.body);
    await expectNoMailTo(nobody, async () => undefined, known.email);
    expect(await db(tenant.id).oneTimeToken.count()).toBe(1);
  });

  it('takes as long for an unknown account as for a known one', async () => {
    const tenant = await createTestTenant(t, { prefix: 'resettime' });
    const known = await Promise.all([addTestUser(t, tenant), addTestUser(t, tenant), addTestUser(t, tenant)]);
    const time = async (email: string) => {
      const started = performance.now();
      const res = await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email } });
      expect(res.body.data?.requestPasswordReset).toBe(true);
      return performance.now() - started;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (const user of known) {
      knownTimes.push(await time(user.email));
      unknownTimes.push(await time(uniqueEmail(tenant, 'ghost')));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] ?? 0;
    // Both branches wait out the same floor, which hides the small difference in work.
    for (const ms of [...knownTimes, ...unknownTimes]) expect(ms).toBeGreaterThanOrEqual(245);
    expect(Math.abs(median(knownTimes) - median(unknownTimes))).toBeLessThan(150);
  });

  it('is rate-limited per address (existing or not) and per client', async () => {
    const tenant = await createTestTenant(t, { prefix: 'resetrl' });
    const nobody = `nobody@${tenant.slug}.test`;
    const codes: unknown[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        codeOf(await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: nobody } })),
      );
    expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED']);

    const other = await createTestTenant(t, { prefix: 'resetrlip' });
    const results = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        t.request(RequestPasswordResetDocument, {
          input: { tenant: other.slug, email: `someone-${i}@${other.slug}.test` },
        }),
      ),
    );
    expect(results.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(1);
    // Counters live in Redis under the tenant's hash tag.
    const keys = await t.stack.runtime.redis.keys(
      `${t.stack.runtime.config.redisKeyPrefix}rl:password-reset-ip:{t:${other.id}}:*`,
    );
    expect(keys.length).toBe(1);
  });

  it('refuses expired, forged, tampered and wrong-purpose tokens, and lets only one of two concurrent uses win', async () => {
    const tenant = await createTestTenant(t, { prefix: 'resettok' });
    const user = await addTestUser(t, tenant);
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const token = await tokenMailedTo(t, user.email, /Reset your/);
    const dot = token.lastIndexOf('.');
    const tampered = `${token.slice(0, dot)}.${crypto.randomBytes(32).toString('base64url')}`;
    const forged = `v1.${crypto.randomBytes(40).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`;
    for (const bad of [tampered, forged, 'x', 'a'.repeat(300)]) {
      expect(
        codeOf(await t.request(ResetPasswordDocument, { input: { token: bad, newPassword: randomPassword() } })),
      ).toBe('INVALID_TOKEN');
    }
    // A reset token is not an email verification token, nor the reverse.
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('INVALID_TOKEN');

    const [first, second] = await Promise.all([
      t.request(ResetPasswordDocument, { input: { token, newPassword: randomPassword() } }),
      t.request(ResetPasswordDocument, { input: { token, newPassword: randomPassword() } }),
    ]);
    expect(
      [first.body.data?.resetPassword ?? codeOf(first), second.body.data?.resetPassword ?? codeOf(second)].sort(),
    ).toEqual(['INVALID_TOKEN', true].sort());

    // 30 minutes: a token past its expiry is refused (the clock is moved, not waited for).
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const late = await tokenMailedTo(t, user.email, /Reset your/);
    await db(tenant.id).oneTimeToken.updateMany({
      where: { userId: user.id, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      codeOf(await t.request(ResetPasswordDocument, { input: { token: late, newPassword: randomPassword() } })),
    ).toBe('INVALID_TOKEN');
  });

  it('only the newest link works, and a password change kills pending links', async () => {
    const tenant = await createTestTenant(t, { prefix: 'resetnew' });
    const user = await addTestUser(t, tenant);
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const older = await tokenMailedTo(t, user.email, /Reset your/);
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const newer = await tokenMailedTo(t, user.email, /Reset your/);
    expect(
      codeOf(await t.request(ResetPasswordDocument, { input: { token: older, newPassword: randomPassword() } })),
    ).toBe('INVALID_TOKEN');

    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: user.password, newPassword: randomPassword() } },
      { token: accessToken },
    );
    expect(
      codeOf(await t.request(ResetPasswordDocument, { input: { token: newer, newPassword: randomPassword() } })),
    ).toBe('INVALID_TOKEN');
  });
});

describe('email verification and change', () => {
  it('changes the address only when the link sent to the new one is used, and tells the old one', async () => {
    const tenant = await createTestTenant(t, { prefix: 'emchg' });
    const user = await addTestUser(t, tenant);
    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    const newEmail = uniqueEmail(tenant, 'moved');

    const wrong = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail, currentPassword: 'wrong-password-1' } },
      { token: accessToken },
    );
    expect(codeOf(wrong)).toBe('INVALID_CURRENT_PASSWORD');
    const bad = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail: 'not an address', currentPassword: user.password } },
      { token: accessToken },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');

    const ok = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail: newEmail.toUpperCase(), currentPassword: user.password } },
      { token: accessToken },
    );
    expect(ok.body).toEqual({ data: { requestEmailChange: true } });
    const notice = await t.mail.next(user.email, { subject: /being changed/ });
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toMatch(/token=/);
    const token = await tokenMailedTo(t, newEmail, /Confirm your email/);

    // Not yet changed.
    expect((await t.request(MyAccountDocument, {}, { token: accessToken })).body.data?.me.email).toBe(user.email);
    expect((await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } })).pendingEmail).toBe(newEmail);

    expect((await t.request(VerifyEmailDocument, { input: { token } })).body).toEqual({ data: { verifyEmail: true } });
    expect((await t.request(MyAccountDocument, {}, { token: accessToken })).body.data?.me).toMatchObject({
      email: newEmail,
      emailVerified: true,
    });
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('INVALID_TOKEN');
    await signIn(t, tenant.slug, newEmail, user.password);
    expect(await loginCode(tenant.slug, user.email, user.password)).toBe('INVALID_CREDENTIALS');
    expect((await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } })).pendingEmail).toBeNull();
  });

  it('does not tell the caller that the new address belongs to another account', async () => {
    const tenant = await createTestTenant(t, { prefix: 'emtaken' });
    const user = await addTestUser(t, tenant);
    const other = await addTestUser(t, tenant);
    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    const res = await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail: other.email, currentPassword: user.password } },
      { token: accessToken },
    );
    expect(res.body).toEqual({ data: { requestEmailChange: true } });
    const notice = await t.mail.next(other.email, { subject: /tried to use your address/ });
    expect(notice.text).not.toMatch(/token=/);
    expect((await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } })).pendingEmail).toBeNull();
  });

  it('answers EMAIL_TAKEN when another account took the address before the link was used', async () => {
    const tenant = await createTestTenant(t, { prefix: 'emrace' });
    const user = await addTestUser(t, tenant);
    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    const wanted = uniqueEmail(tenant, 'wanted');
    const token = await requestEmailChange(t, { token: accessToken, password: user.password }, wanted);
    await t.addUser(tenant.id, { email: wanted, password: randomPassword(), role: 'viewer' });

    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('EMAIL_TAKEN');
    const row = await db(tenant.id).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ email: user.email, pendingEmail: null });
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token } }))).toBe('INVALID_TOKEN');
  });

  it('resends a verification link to an unverified address, and refuses when there is nothing to verify', async () => {
    const tenant = await createTestTenant(t, { prefix: 'emresend' });
    const user = await addTestUser(t, tenant);
    const { token: accessToken } = await signIn(t, tenant.slug, user.email, user.password);
    expect((await t.request(MyAccountDocument, {}, { token: accessToken })).body.data?.me.emailVerified).toBe(false);

    expect((await t.request(ResendVerificationEmailDocument, {}, { token: accessToken })).body).toEqual({
      data: { resendVerificationEmail: true },
    });
    const first = await tokenMailedTo(t, user.email, /Confirm your email/);
    await t.request(ResendVerificationEmailDocument, {}, { token: accessToken });
    const second = await tokenMailedTo(t, user.email, /Confirm your email/);
    expect(codeOf(await t.request(VerifyEmailDocument, { input: { token: first } }))).toBe('INVALID_TOKEN');
    expect((await t.request(VerifyEmailDocument, { input: { token: second } })).body.data?.verifyEmail).toBe(true);
    expect((await t.request(MyAccountDocument, {}, { token: accessToken })).body.data?.me.emailVerified).toBe(true);

    expect(codeOf(await t.request(ResendVerificationEmailDocument, {}, { token: accessToken }))).toBe(
      'EMAIL_ALREADY_VERIFIED',
    );
    expect(codeOf(await t.request(ResendVerificationEmailDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('passwordRequirements', () => {
  const DEFAULTS = {
    minLength: 12,
    maxBytes: 72,
    requireUppercase: false,
    requireLowercase: false,
    requireDigit: false,
    requireSymbol: false,
  };

  it("answers an active tenant's policy to anyone, and the defaults for a tenant that does not exist or is not active", async () => {
    const strict = await createTestTenant(t, {
      prefix: 'policy',
      settings: { passwordPolicy: { minLength: 20, requireDigit: true, requireSymbol: true } },
    });
    const ask = async (tenant: string) =>
      (await t.request(PasswordRequirementsDocument, { tenant })).body.data?.passwordRequirements;
    expect(await ask(strict.slug)).toEqual({ ...DEFAULTS, minLength: 20, requireDigit: true, requireSymbol: true });
    expect(await ask(`no-such-${uniqueSlug('x')}`)).toEqual(DEFAULTS);

    await t.stack.runtime.db.control.tenant.update({ where: { id: strict.id }, data: { status: 'suspended' } });
    expect(await ask(strict.slug)).toEqual(DEFAULTS);
  });
});

describe('sign-up', () => {
  it('is refused unless the tenant allows self-service sign-up', async () => {
    const tenant = await createTestTenant(t, { prefix: 'inviteonly' });
    const res = await t.request(SignUpDocument, {
      input: {
        tenant: tenant.slug,
        email: `new@${tenant.slug}.test`,
        password: randomPassword(),
        firstName: 'New',
        lastName: 'User',
      },
    });
    expect(codeOf(res)).toBe('SIGNUP_NOT_ALLOWED');
    expect(
      codeOf(
        await t.request(SignUpDocument, {
          input: {
            tenant: uniqueSlug('nope'),
            email: 'a@b.test',
            password: randomPassword(),
            firstName: 'A',
            lastName: 'B',
          },
        }),
      ),
    ).toBe('SIGNUP_NOT_ALLOWED');
  });

  it('creates a viewer with an unverified address who can sign in, and verifies it by the mailed link', async () => {
    const tenant = await createTestTenant(t, { prefix: 'selfserve', settings: { signup: { mode: 'self_service' } } });
    const email = uniqueEmail(tenant, 'ada');
    const pw = randomPassword();
    const res = await t.request(SignUpDocument, {
      input: { tenant: tenant.slug, email, password: pw, firstName: 'Ada', lastName: 'Lovelace' },
    });
    expect(res.body).toEqual({ data: { signUp: true } });
    const token = await tokenMailedTo(t, email, /Confirm your email/);

    const session = await signIn(t, tenant.slug, email, pw);
    expect((await t.request(MyAccountDocument, {}, { token: session.token })).body.data?.me).toMatchObject({
      email,
      roles: ['viewer'],
      status: 'ACTIVE',
      emailVerified: false,
    });
    expect((await t.request(VerifyEmailDocument, { input: { token } })).body.data?.verifyEmail).toBe(true);
    expect((await t.request(MyAccountDocument, {}, { token: session.token })).body.data?.me.emailVerified).toBe(true);
    const me = await db(tenant.id).user.findUniqueOrThrow({ where: { email } });
    expect(me).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('answers an already registered address exactly as a new one, and emails its owner instead', async () => {
    const tenant = await createTestTenant(t, { prefix: 'selfdup', settings: { signup: { mode: 'self_service' } } });
    const owner = await addTestUser(t, tenant);
    const fresh = uniqueEmail(tenant, 'fresh');
    const duplicate = await t.request(SignUpDocument, {
      input: { tenant: tenant.slug, email: owner.email, password: randomPassword(), firstName: 'Eve', lastName: 'X' },
    });
    const created = await t.request(SignUpDocument, {
      input: { tenant: tenant.slug, email: fresh, password: randomPassword(), firstName: 'New', lastName: 'Y' },
    });
    expect(duplicate.status).toBe(created.status);
    expect(duplicate.body).toEqual(created.body);

    const notice = await t.mail.next(owner.email, { subject: /already have a TradeSage account/ });
    expect(notice.text).not.toMatch(/token=/);
    await t.mail.next(fresh, { subject: /Confirm your email/ });
    // The owner's password is untouched.
    await signIn(t, tenant.slug, owner.email, owner.password);
  });

  it('keeps to the allowed email domains and the password policy', async () => {
    const tenant = await createTestTenant(t, {
      prefix: 'selfdom',
      settings: {
        signup: { mode: 'self_service', allowedEmailDomains: ['corp.example'] },
      },
    });
    const elsewhere = await t.request(SignUpDocument, {
      input: {
        tenant: tenant.slug,
        email: 'x@gmail.example',
        password: randomPassword(),
        firstName: 'X',
        lastName: 'Y',
      },
    });
    expect(codeOf(elsewhere)).toBe('EMAIL_DOMAIN_NOT_ALLOWED');
    const weak = await t.request(SignUpDocument, {
      input: { tenant: tenant.slug, email: 'x@corp.example', password: 'qwerty123456', firstName: 'X', lastName: 'Y' },
    });
    expect(codeOf(weak)).toBe('PASSWORD_TOO_COMMON');
    const badName = await t.request(SignUpDocument, {
      input: {
        tenant: tenant.slug,
        email: 'x@corp.example',
        password: randomPassword(),
        firstName: '<script>',
        lastName: 'Y',
      },
    });
    expect(codeOf(badName)).toBe('BAD_USER_INPUT');
    expect(await db(tenant.id).user.count({ where: { email: 'x@corp.example' } })).toBe(0);
  });
});

describe('invitations', () => {
  it('an admin invites; the invitee sets a password through the link and is signed in, verified and active', async () => {
    const tenant = await createTestTenant(t, { prefix: 'invite' });
    const email = uniqueEmail(tenant, 'invitee');
    const invited = await t.request(
      InviteUserDocument,
      { input: { email, role: 'trader', firstName: 'Grace', lastName: 'Hopper' } },
      { token: tenant.admin.token },
    );
    expect(invited.body.errors).toBeUndefined();
    expect(invited.body.data?.inviteUser).toMatchObject({
      email,
      status: 'INVITED',
      roles: ['trader'],
      emailVerified: false,
    });

    const mail = await t.mail.next(email, { subject: /invited to Tenant invite/ });
    expect(mail.text).toContain(`${APP_URL}/accept-invitation?token=`);
    const token = tokenFromMail(mail);
    expect(mail.text).toContain(`/accept-invitation?token=${encodeURIComponent(token)}&tenant=${tenant.slug}`);
    // No password yet: cannot sign in.
    expect(await loginCode(tenant.slug, email, 'anything-at-all-1')).toBe('INVALID_CREDENTIALS');

    expect(codeOf(await t.request(AcceptInvitationDocument, { input: { token, password: 'short' } }))).toBe(
      'PASSWORD_TOO_SHORT',
    );
    const pw = randomPassword();
    const accepted = await t.request(AcceptInvitationDocument, { input: { token, password: pw } });
    expect(accepted.body.errors).toBeUndefined();
    const payload = accepted.body.data?.acceptInvitation;
    expect(payload?.user).toMatchObject({ email, emailVerified: true });
    expect((await t.request(MyAccountDocument, {}, { token: payload?.accessToken ?? '' })).body.data?.me).toMatchObject(
      {
        email,
        roles: ['trader'],
        status: 'ACTIVE',
        emailVerified: true,
      },
    );
    expect(codeOf(await t.request(AcceptInvitationDocument, { input: { token, password: randomPassword() } }))).toBe(
      'INVALID_TOKEN',
    );
    await signIn(t, tenant.slug, email, pw);
  });

  it('needs users:write, never grants platform_admin or a role above the inviter, and refuses taken addresses', async () => {
    const tenant = await createTestTenant(t, { prefix: 'invperm' });
    const viewer = await addTestUser(t, tenant, 'viewer');
    const { token: accessToken } = await signIn(t, tenant.slug, viewer.email, viewer.password);
    const byViewer = await t.request(
      InviteUserDocument,
      { input: { email: `x@${tenant.slug}.test`, role: 'viewer' } },
      { token: accessToken },
    );
    expect(codeOf(byViewer)).toBe('FORBIDDEN');
    for (const role of ['platform_admin', 'superuser']) {
      const res = await t.request(
        InviteUserDocument,
        { input: { email: `y@${tenant.slug}.test`, role } },
        { token: tenant.admin.token },
      );
      expect(codeOf(res)).toBe('ROLE_NOT_ALLOWED');
    }
    const taken = await t.request(
      InviteUserDocument,
      { input: { email: viewer.email, role: 'viewer' } },
      { token: tenant.admin.token },
    );
    expect(codeOf(taken)).toBe('EMAIL_TAKEN');
    expect(
      await db(tenant.id).user.count({ where: { email: { in: [`x@${tenant.slug}.test`, `y@${tenant.slug}.test`] } } }),
    ).toBe(0);
  });

  it('inviting again replaces the link and the role', async () => {
    const tenant = await createTestTenant(t, { prefix: 'reinvite' });
    const email = uniqueEmail(tenant, 'again');
    await t.request(InviteUserDocument, { input: { email, role: 'viewer' } }, { token: tenant.admin.token });
    const first = await tokenMailedTo(t, email, /invited/);
    const again = await t.request(
      InviteUserDocument,
      { input: { email, role: 'admin' } },
      { token: tenant.admin.token },
    );
    expect(again.body.data?.inviteUser).toMatchObject({ roles: ['admin'], status: 'INVITED' });
    const second = await tokenMailedTo(t, email, /invited/);
    expect(
      codeOf(await t.request(AcceptInvitationDocument, { input: { token: first, password: randomPassword() } })),
    ).toBe('INVALID_TOKEN');
    const accepted = await t.request(AcceptInvitationDocument, {
      input: { token: second, password: randomPassword() },
    });
    expect(accepted.body.errors).toBeUndefined();
  });
});

describe('audit of the account flows', () => {
  it('records ip, user agent, request id and result for every event and never a password or token', async () => {
    const tenant = await createTestTenant(t, { prefix: 'audit', settings: { signup: { mode: 'self_service' } } });
    const used: string[] = [];
    const keep = <T extends string>(value: T): T => {
      used.push(value);
      return value;
    };
    const agent = { 'user-agent': 'audit-agent' };

    const email = uniqueEmail(tenant, 'audited');
    const first = keep(randomPassword());
    await t.request(
      SignUpDocument,
      { input: { tenant: tenant.slug, email, password: first, firstName: 'Au', lastName: 'Dit' } },
      { headers: agent },
    );
    const verification = keep(await tokenMailedTo(t, email, /Confirm your email/));
    await t.request(VerifyEmailDocument, { input: { token: verification } }, { headers: agent });

    const session = await signIn(t, tenant.slug, email, first);
    keep(session.token);
    const second = keep(randomPassword());
    await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: keep('a-wrong-current-password'), newPassword: second } },
      { token: session.token, headers: agent },
    );
    await t.request(
      ChangePasswordDocument,
      { input: { currentPassword: first, newPassword: second } },
      { token: session.token, headers: agent },
    );

    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email } }, { headers: agent });
    const reset = keep(await tokenMailedTo(t, email, /Reset your/));
    const third = keep(randomPassword());
    await t.request(ResetPasswordDocument, { input: { token: reset, newPassword: third } }, { headers: agent });
    await t.request(
      ResetPasswordDocument,
      { input: { token: reset, newPassword: keep(randomPassword()) } },
      { headers: agent },
    );

    const again = await signIn(t, tenant.slug, email, third);
    const moved = uniqueEmail(tenant, 'moved');
    await t.request(
      RequestEmailChangeDocument,
      { input: { newEmail: moved, currentPassword: third } },
      { token: again.token, headers: agent },
    );
    await t.request(
      VerifyEmailDocument,
      { input: { token: keep(await tokenMailedTo(t, moved, /Confirm your email/)) } },
      { headers: agent },
    );

    const invitee = uniqueEmail(tenant, 'invitee');
    await t.request(
      InviteUserDocument,
      { input: { email: invitee, role: 'viewer' } },
      { token: tenant.admin.token, headers: agent },
    );
    const invitation = keep(await tokenMailedTo(t, invitee, /invited/));
    const accepted = await t.request(
      AcceptInvitationDocument,
      { input: { token: invitation, password: keep(randomPassword()) } },
      { headers: agent },
    );
    keep(accepted.body.data?.acceptInvitation.accessToken ?? 'missing-access-token');
    keep(accepted.body.data?.acceptInvitation.refreshToken ?? 'missing-refresh-token');

    const actions = [
      'user.signed_up',
      'email.verification_sent',
      'email.verified',
      'password.changed',
      'password.reset_requested',
      'password.reset',
      'email.change_requested',
      'user.invited',
      'invitation.accepted',
    ];
    const events = await db(tenant.id).auditEvent.findMany({
      where: { action: { in: actions } },
      orderBy: { id: 'asc' },
    });
    expect([...new Set(events.map((e) => e.action))].sort()).toEqual([...actions].sort());
    expect(events.filter((e) => e.result !== 'success').map((e) => `${e.action}:${e.result}`)).toEqual([
      'password.changed:failure',
      'password.reset:failure',
    ]);
    for (const event of events) {
      expect(event.requestId).toBeTruthy();
      expect(event.ip).toBeTruthy();
      expect(event.userAgent).toBe('audit-agent');
      const text = JSON.stringify(event, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
      for (const value of used) expect(text).not.toContain(value);
      // Not even the random half of a token.
      for (const value of used) expect(text).not.toContain(value.slice(value.lastIndexOf('.') + 1));
    }
  });
});
