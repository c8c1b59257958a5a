import { totpCode } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import {
  CompleteSignInDocument,
  CompleteStepUpDocument,
  ConfirmTotpEnrolmentDocument,
  LoginDocument,
  MeDocument,
  MyMfaDocument,
  MySessionsDocument,
  RefreshDocument,
  RegenerateRecoveryCodesDocument,
  RemoveMfaFactorDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  ResetUserMfaDocument,
  StartStepUpDocument,
  StartTotpEnrolmentDocument,
  UpdateTenantSettingsDocument,
  type LoginMutation,
} from '@tradesage/client';
import {
  addTestUser,
  auditActions,
  codeOf,
  createTestTenant,
  dataOf,
  detailsOf,
  randomPassword,
  sessionOf,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  useTestStack,
  type SignedInUser,
  type TestTenant,
  type TestUser,
} from './support/fixtures.ts';

const [t, tenant, other] = useTestStack(startTestStackWithMail, { prefix: 'mfa' }, { prefix: 'mfaother' });

type Challenge = Extract<LoginMutation['login'], { __typename: 'MfaChallenge' }>;

function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** The next security notice to `to` whose text matches (earlier notices, e.g. of the enrolment, are skipped). */
async function noticeTo(to: string, text: RegExp): Promise<string> {
  for (;;) {
    const mail = await t.mail.next(to, { subject: /Security change/ });
    if (text.test(mail.text)) return mail.text;
  }
}

async function login(tenantSlug: string, user: TestUser, extra: { trustedDeviceToken?: string } = {}) {
  return t.request(LoginDocument, {
    input: { tenant: tenantSlug, email: user.email, password: user.password, ...extra },
  });
}

async function challengeFor(tenantSlug: string, user: TestUser): Promise<Challenge> {
  const answer = dataOf(await login(tenantSlug, user)).login;
  if (answer.__typename !== 'MfaChallenge') throw new Error('expected an MFA challenge');
  return answer;
}

/** A user with an active authenticator app (enrolled with the code of the previous step); its secret and recovery codes. */
async function userWithTotp(
  where: TestTenant = tenant,
  enrolStep = -1,
): Promise<TestUser & { secret: string; recoveryCodes: string[]; session: SignedInUser; factorId: string }> {
  const user = await addTestUser(t, where, 'viewer');
  const session = await signIn(t, where.slug, user.email, user.password);
  const started = dataOf(await t.request(StartTotpEnrolmentDocument, {}, { token: session.token })).startTotpEnrolment;
  // A code of the step before is accepted (window 1) only until the next step starts: not this close to it.
  const leftInStep = 30_000 - (Date.now() % 30_000);
  if (leftInStep < 5_000) await new Promise((resolve) => setTimeout(resolve, leftInStep + 50));
  const confirmed = dataOf(
    await t.request(
      ConfirmTotpEnrolmentDocument,
      { input: { factorId: started.factorId, code: totpCode(started.secret, new Date(), enrolStep) } },
      { token: session.token },
    ),
  ).confirmTotpEnrolment;
  return {
    ...user,
    secret: started.secret,
    recoveryCodes: confirmed.recoveryCodes ?? [],
    session,
    factorId: started.factorId,
  };
}

describe('enrolling an authenticator app', () => {
  it('shows a QR code and the otpauth URI, and activates only with a correct code', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const session = await signIn(t, tenant.slug, user.email, user.password);
    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, { input: { name: 'Phone' } }, { token: session.token }),
    ).startTotpEnrolment;
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);
    expect(started.otpauthUri).toContain(encodeURIComponent(user.email));
    expect(started.qrCodePng).toMatch(/^data:image\/png;base64,/);
    expect(started.qrCodeSvg).toMatch(/^<svg/);
    // The secret is sealed at rest, never stored in clear.
    const row = await t.stack.runtime.db
      .tenant(tenant.id)
      .mfaFactor.findUniqueOrThrow({ where: { id: started.factorId } });
    expect(row.secret).not.toContain(started.secret);
    expect(row.status).toBe('pending');

    const wrong = await t.request(
      ConfirmTotpEnrolmentDocument,
      { input: { factorId: started.factorId, code: totpCode(started.secret, new Date(), 5) } },
      { token: session.token },
    );
    expect(codeOf(wrong)).toBe('MFA_CODE_INVALID');
    // Pending factors do not count: the next sign-in still starts a session at once.
    expect(dataOf(await login(tenant.slug, user)).login.__typename).toBe('AuthPayload');

    const confirmed = dataOf(
      await t.request(
        ConfirmTotpEnrolmentDocument,
        { input: { factorId: started.factorId, code: totpCode(started.secret) } },
        { token: session.token },
      ),
    ).confirmTotpEnrolment;
    expect(confirmed.factor).toMatchObject({ kind: 'TOTP', name: 'Phone', weaker: false });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const mfa = dataOf(await t.request(MyMfaDocument, {}, { token: session.token })).me?.mfa;
    expect(mfa).toMatchObject({ recoveryCodesRemaining: 10, required: false });
    expect(mfa?.factors.map((factor) => factor.kind)).toEqual(['TOTP']);
    // Recovery codes are stored only as keyed digests.
    const stored = await t.stack.runtime.db.tenant(tenant.id).recoveryCode.findMany({ where: { userId: user.id } });
    for (const code of confirmed.recoveryCodes ?? [])
      expect(stored.some((entry) => entry.hash.includes(code.replace('-', '')))).toBe(false);
    expect(await auditActions(t, tenant.id, started.factorId)).toEqual(
      expect.arrayContaining(['mfa.factor_enrolment_started', 'mfa.factor_enrolled']),
    );
  });
});

describe('signing in with a second factor', () => {
  it('answers a challenge instead of tokens, and completes with a TOTP code into an aal2 session', async () => {
    const user = await userWithTotp();
    const challenge = await challengeFor(tenant.slug, user);
    expect(challenge).toMatchObject({ factors: ['TOTP', 'RECOVERY_CODE'], passkeyOptions: null });
    expect(JSON.stringify(challenge)).not.toMatch(/eyJ/);
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret) },
      }),
    ).completeSignIn;
    expect(done.authenticationMethods).toEqual(['mfa', 'otp', 'pwd']);
    const claims = claimsOf(done.accessToken);
    expect(claims).toMatchObject({ amr: ['mfa', 'otp', 'pwd'], acr: 'aal2' });
    expect(Math.abs((claims['auth_time'] as number) - Date.now() / 1000)).toBeLessThan(30);
    // The session shows how it was authenticated.
    const sessions = dataOf(await t.request(MySessionsDocument, {}, { token: done.accessToken })).mySessions;
    expect(sessions.find((session) => session.current)?.authenticationMethods).toEqual(['mfa', 'otp', 'pwd']);
    // A challenge is spent once completed.
    const again = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret, new Date(), 1) },
    });
    expect(codeOf(again)).toBe('MFA_CHALLENGE_EXPIRED');
  });

  it('refuses a TOTP code accepted before, and of two simultaneous submissions of one code accepts exactly one', async () => {
    const user = await userWithTotp();
    const now = totpCode(user.secret);
    const first = await challengeFor(tenant.slug, user);
    expect(
      codeOf(
        await t.request(CompleteSignInDocument, { input: { challengeToken: first.challengeToken, totpCode: now } }),
      ),
    ).toBeUndefined();
    const replay = await challengeFor(tenant.slug, user);
    const replayed = await t.request(CompleteSignInDocument, {
      input: { challengeToken: replay.challengeToken, totpCode: now },
    });
    expect(codeOf(replayed)).toBe('MFA_CODE_REUSED');

    const next = totpCode(user.secret, new Date(), 1);
    const [a, b] = await Promise.all([challengeFor(tenant.slug, user), challengeFor(tenant.slug, user)]);
    const results = await Promise.all(
      [a, b].map((challenge) =>
        t.request(CompleteSignInDocument, { input: { challengeToken: challenge.challengeToken, totpCode: next } }),
      ),
    );
    expect(results.map((result) => codeOf(result) ?? 'OK').sort()).toEqual(['MFA_CODE_REUSED', 'OK']);
    expect(await auditActions(t, tenant.id)).toContain('mfa.code_reused');
  });

  it('binds an answer to its own challenge: another user’s valid code or another tenant’s token does nothing', async () => {
    const [alice, bob] = await Promise.all([userWithTotp(), userWithTotp()]);
    const challenge = await challengeFor(tenant.slug, alice);
    const bobsCode = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(bob.secret, new Date(), 1) },
    });
    expect(codeOf(bobsCode)).toBe('MFA_CODE_INVALID');
    expect(detailsOf(bobsCode)).toEqual({ attemptsLeft: 4 });
    const forged = await t.request(CompleteSignInDocument, {
      input: { challengeToken: `${challenge.challengeToken.split('.')[0]}.${'A'.repeat(43)}`, totpCode: '123456' },
    });
    expect(codeOf(forged)).toBe('MFA_CHALLENGE_EXPIRED');
    const elsewhere = await userWithTotp(other);
    const foreign = await challengeFor(other.slug, elsewhere);
    const crossed = await t.request(CompleteSignInDocument, {
      input: { challengeToken: foreign.challengeToken, totpCode: totpCode(alice.secret, new Date(), 1) },
    });
    expect(codeOf(crossed)).toBe('MFA_CODE_INVALID');
  });

  it('ends the challenge after five wrong answers, audited, and a right answer then no longer works', async () => {
    const user = await userWithTotp();
    const challenge = await challengeFor(tenant.slug, user);
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const wrong = await t.request(CompleteSignInDocument, {
        input: {
          challengeToken: challenge.challengeToken,
          totpCode: String((Number(totpCode(user.secret)) + 1) % 1e6).padStart(6, '0'),
        },
      });
      codes.push(codeOf(wrong));
    }
    expect(codes).toEqual([
      'MFA_CODE_INVALID',
      'MFA_CODE_INVALID',
      'MFA_CODE_INVALID',
      'MFA_CODE_INVALID',
      'MFA_CHALLENGE_EXPIRED',
    ]);
    const late = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret, new Date(), 1) },
    });
    expect(codeOf(late)).toBe('MFA_CHALLENGE_EXPIRED');
    expect(await auditActions(t, tenant.id)).toEqual(
      expect.arrayContaining(['mfa.challenge_failed', 'mfa.challenge_ended']),
    );
    // The factor's consecutive failures are counted across challenges (the backoff they lead to is
    // timed on an injected clock in challenge.service.integration.test.ts).
    const factor = await t.stack.runtime.db
      .tenant(tenant.id)
      .mfaFactor.findUniqueOrThrow({ where: { id: user.factorId } });
    expect(factor.failedAttempts).toBe(5);
  });

  it('accepts each recovery code once, tells the owner by email, and counts what is left', async () => {
    const user = await userWithTotp();
    const [code] = user.recoveryCodes;
    const challenge = await challengeFor(tenant.slug, user);
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, recoveryCode: (code ?? '').toUpperCase() },
      }),
    ).completeSignIn;
    expect(done.authenticationMethods).toContain('mfa');
    expect(await noticeTo(user.email, /recovery code/)).toContain('9 of them are left');
    const again = await t.request(CompleteSignInDocument, {
      input: { challengeToken: (await challengeFor(tenant.slug, user)).challengeToken, recoveryCode: code },
    });
    expect(codeOf(again)).toBe('MFA_CODE_INVALID');
    expect(
      dataOf(await t.request(MyMfaDocument, {}, { token: done.accessToken })).me?.mfa?.recoveryCodesRemaining,
    ).toBe(9);
    // A new set voids the old one.
    const fresh = dataOf(await t.request(RegenerateRecoveryCodesDocument, {}, { token: done.accessToken }))
      .regenerateRecoveryCodes.codes;
    expect(fresh).toHaveLength(10);
    const old = await t.request(CompleteSignInDocument, {
      input: {
        challengeToken: (await challengeFor(tenant.slug, user)).challengeToken,
        recoveryCode: user.recoveryCodes[1],
      },
    });
    expect(codeOf(old)).toBe('MFA_CODE_INVALID');
  });

  it('remembers a device when asked: its token skips the second factor, never satisfies step-up, and a password change forgets it', async () => {
    const user = await userWithTotp();
    const challenge = await challengeFor(tenant.slug, user);
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret), rememberDevice: true },
      }),
    ).completeSignIn;
    const device = done.trustedDeviceToken ?? '';
    expect(device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const skipped = sessionOf(dataOf(await login(tenant.slug, user, { trustedDeviceToken: device })).login);
    expect(skipped.authenticationMethods).toEqual(['device', 'pwd']);
    expect(claimsOf(skipped.accessToken)['acr']).toBe('aal1');
    // A trusted device is no second factor for step-up.
    const sensitive = await t.request(RegenerateRecoveryCodesDocument, {}, { token: skipped.accessToken });
    expect(codeOf(sensitive)).toBe('STEP_UP_REQUIRED');
    expect(detailsOf(sensitive)).toMatchObject({ secondFactor: true });
    // Another user's sign-in with this token is still challenged.
    const someoneElse = await userWithTotp();
    expect(dataOf(await login(tenant.slug, someoneElse, { trustedDeviceToken: device })).login.__typename).toBe(
      'MfaChallenge',
    );
    // A password reset forgets the device (and never skips the second factor).
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const resetToken = await tokenMailedTo(t, user.email, /Reset your/);
    const newPassword = randomPassword();
    expect(
      codeOf(await t.request(ResetPasswordDocument, { input: { token: resetToken, newPassword } })),
    ).toBeUndefined();
    const afterReset = await login(tenant.slug, { ...user, password: newPassword }, { trustedDeviceToken: device });
    expect(dataOf(afterReset).login.__typename).toBe('MfaChallenge');
  });

  it('asks a password-only session that is refreshed after the user enrolled a factor to sign in again', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const [enrolling, older] = [
      await signIn(t, tenant.slug, user.email, user.password),
      await signIn(t, tenant.slug, user.email, user.password),
    ];
    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, {}, { token: enrolling.token }),
    ).startTotpEnrolment;
    await t.request(
      ConfirmTotpEnrolmentDocument,
      { input: { factorId: started.factorId, code: totpCode(started.secret) } },
      { token: enrolling.token },
    );
    // The session the factor was enrolled in counts as two-factor from now on.
    const upgraded = dataOf(
      await t.request(RefreshDocument, { input: { refreshToken: enrolling.refreshToken } }),
    ).refresh;
    expect(upgraded.authenticationMethods).toEqual(['mfa', 'otp', 'pwd']);
    const refused = await t.request(RefreshDocument, { input: { refreshToken: older.refreshToken } });
    expect(codeOf(refused)).toBe('MFA_REQUIRED');
    expect(codeOf(await t.request(MeDocument, {}, { token: older.token }))).toBe('UNAUTHENTICATED');
  });
});

describe('the tenant policy', () => {
  it('REQUIRED: a user without a factor gets an enrolment-only session until they enrol, then everything', async () => {
    const strict = await createTestTenant(t, {
      prefix: 'mfareq',
      settings: { mfa: { mode: 'required', enrolmentGraceDays: 2 } },
    });
    const user = await addTestUser(t, strict, 'viewer');
    const first = sessionOf(dataOf(await login(strict.slug, user)).login);
    const enrolBy = new Date(first.mfaEnrolmentRequiredBy ?? 0).getTime();
    expect(Math.abs(enrolBy - (Date.now() + 2 * 86_400_000))).toBeLessThan(60_000);
    expect(claimsOf(first.accessToken)['enrolment_only']).toBe(true);
    expect(codeOf(await t.request(MeDocument, {}, { token: first.accessToken }))).toBeUndefined();
    const blocked = await t.request(MySessionsDocument, {}, { token: first.accessToken });
    expect(codeOf(blocked)).toBe('MFA_ENROLMENT_REQUIRED');

    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, {}, { token: first.accessToken }),
    ).startTotpEnrolment;
    await t.request(
      ConfirmTotpEnrolmentDocument,
      { input: { factorId: started.factorId, code: totpCode(started.secret) } },
      { token: first.accessToken },
    );
    const refreshed = dataOf(await t.request(RefreshDocument, { input: { refreshToken: first.refreshToken } })).refresh;
    expect(refreshed.mfaEnrolmentRequiredBy).toBeNull();
    expect(codeOf(await t.request(MySessionsDocument, {}, { token: refreshed.accessToken }))).toBeUndefined();
  });

  it('REQUIRED: past the grace period the user cannot sign in; an admin reset (step-up, audited) gives them a new one', async () => {
    const strict = await createTestTenant(t, { prefix: 'mfagrace', settings: { mfa: { mode: 'required' } } });
    const user = await addTestUser(t, strict, 'viewer');
    await t.stack.runtime.db
      .tenant(strict.id)
      .user.update({ where: { id: user.id }, data: { mfaEnrolBy: new Date(Date.now() - 1000) } });
    const refused = await login(strict.slug, user);
    expect(codeOf(refused)).toBe('MFA_ENROLMENT_REQUIRED');
    expect(await auditActions(t, strict.id, user.id)).toContain('mfa.enrolment_required');
    // The admin's own session needs a factor first: REQUIRED applies to them too.
    const adminSession = await signIn(t, strict.slug, strict.admin.email, strict.admin.password).catch(() => null);
    expect(adminSession).not.toBeNull();
    expect(
      codeOf(await t.request(ResetUserMfaDocument, { userId: user.id }, { token: adminSession?.token ?? '' })),
    ).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('roles: OPTIONAL with requiredForRoles asks only holders of those roles', async () => {
    const mixed = await createTestTenant(t, { prefix: 'mfarole', settings: { mfa: { requiredForRoles: ['admin'] } } });
    const viewer = await addTestUser(t, mixed, 'viewer');
    const admin = await addTestUser(t, mixed, 'admin');
    expect(sessionOf(dataOf(await login(mixed.slug, viewer)).login).mfaEnrolmentRequiredBy).toBeNull();
    expect(sessionOf(dataOf(await login(mixed.slug, admin)).login).mfaEnrolmentRequiredBy).not.toBeNull();
  });

  it('OFF, or a factor the tenant does not allow: never asked for, and cannot be enrolled', async () => {
    const user = await userWithTotp();
    const settings = { mfa: { allowedFactors: ['PASSKEY' as const, 'RECOVERY_CODE' as const] } };
    const admin = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
    try {
      dataOf(await t.request(UpdateTenantSettingsDocument, { input: settings }, { token: admin.token }));
      // Only recovery codes are left usable for this user.
      expect((await challengeFor(tenant.slug, user)).factors).toEqual(['RECOVERY_CODE']);
      const notAllowed = await t.request(StartTotpEnrolmentDocument, {}, { token: admin.token });
      expect(codeOf(notAllowed)).toBe('MFA_FACTOR_NOT_ALLOWED');
      dataOf(
        await t.request(UpdateTenantSettingsDocument, { input: { mfa: { mode: 'OFF' } } }, { token: admin.token }),
      );
      expect(dataOf(await login(tenant.slug, user)).login.__typename).toBe('AuthPayload');
    } finally {
      dataOf(await t.request(UpdateTenantSettingsDocument, { input: { mfa: null } }, { token: admin.token }));
    }
  });
});

describe('each MFA setting changes what happens', () => {
  it('totpWindow 0 accepts the current step only; 1 also the next', async () => {
    const narrow = await createTestTenant(t, { prefix: 'mfawin', settings: { mfa: { totpWindow: 0 } } });
    // Enrolled with the current step's code: the window of 0 would refuse the previous one.
    const user = await userWithTotp(narrow, 0);
    const challenge = await challengeFor(narrow.slug, user);
    const ahead = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret, new Date(), 1) },
    });
    expect(codeOf(ahead)).toBe('MFA_CODE_INVALID');
    const wide = await userWithTotp();
    const accepted = await t.request(CompleteSignInDocument, {
      input: {
        challengeToken: (await challengeFor(tenant.slug, wide)).challengeToken,
        totpCode: totpCode(wide.secret, new Date(), 1),
      },
    });
    expect(codeOf(accepted)).toBeUndefined();
  });

  it('stepUpMaxAgeMinutes sets how old a sign-in may be for sensitive operations', async () => {
    const quick = await createTestTenant(t, { prefix: 'mfaage', settings: { mfa: { stepUpMaxAgeMinutes: 1 } } });
    const admin = await signIn(t, quick.slug, quick.admin.email, quick.admin.password);
    await t.stack.runtime.db
      .tenant(quick.id)
      .session.update({ where: { id: admin.sessionId }, data: { authTime: new Date(Date.now() - 2 * 60_000) } });
    const stale = dataOf(await t.request(RefreshDocument, { input: { refreshToken: admin.refreshToken } })).refresh;
    const refused = await t.request(
      UpdateTenantSettingsDocument,
      { input: { lockout: { threshold: 6 } } },
      { token: stale.accessToken },
    );
    expect(codeOf(refused)).toBe('STEP_UP_REQUIRED');
    expect(detailsOf(refused)).toEqual({ maxAgeSeconds: 60, secondFactor: false });
    // Two minutes is recent enough under the default ten.
    const relaxed = dataOf(
      await t.request(
        UpdateTenantSettingsDocument,
        { input: { mfa: { stepUpMaxAgeMinutes: 10 } } },
        { token: (await signIn(t, quick.slug, quick.admin.email, quick.admin.password)).token },
      ),
    );
    expect(relaxed.updateTenantSettings.mfa.stepUpMaxAgeMinutes).toBe(10);
    const passed = await t.request(
      UpdateTenantSettingsDocument,
      { input: { lockout: { threshold: 6 } } },
      { token: stale.accessToken },
    );
    expect(codeOf(passed)).toBeUndefined();
  });

  it('trustedDeviceDays sets how long a device is remembered; 0 refuses remembering', async () => {
    const short = await createTestTenant(t, { prefix: 'mfatd', settings: { mfa: { trustedDeviceDays: 3 } } });
    const user = await userWithTotp(short);
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: {
          challengeToken: (await challengeFor(short.slug, user)).challengeToken,
          totpCode: totpCode(user.secret),
          rememberDevice: true,
        },
      }),
    ).completeSignIn;
    const devices = dataOf(await t.request(MyMfaDocument, {}, { token: done.accessToken })).me?.mfa?.trustedDevices;
    expect(devices).toHaveLength(1);
    const expiresAt = new Date(devices?.[0]?.expiresAt ?? 0).getTime();
    expect(Math.abs(expiresAt - (Date.now() + 3 * 86_400_000))).toBeLessThan(60_000);

    const never = await createTestTenant(t, { prefix: 'mfatd0', settings: { mfa: { trustedDeviceDays: 0 } } });
    const other = await userWithTotp(never);
    const challenge = await challengeFor(never.slug, other);
    const refused = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(other.secret), rememberDevice: true },
    });
    expect(codeOf(refused)).toBe('MFA_FACTOR_NOT_ALLOWED');
    // Refused before the answer was checked: the challenge still takes it.
    const done0 = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, totpCode: totpCode(other.secret) },
    });
    expect(codeOf(done0)).toBeUndefined();
  });
});

describe('step-up', () => {
  it('asks for a recent sign-in: an old session steps up with the password, then the operation passes', async () => {
    const admin = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
    await t.stack.runtime.db
      .tenant(tenant.id)
      .session.update({ where: { id: admin.sessionId }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
    const stale = dataOf(await t.request(RefreshDocument, { input: { refreshToken: admin.refreshToken } })).refresh;
    const refused = await t.request(
      UpdateTenantSettingsDocument,
      { input: { lockout: { threshold: 6 } } },
      { token: stale.accessToken },
    );
    expect(codeOf(refused)).toBe('STEP_UP_REQUIRED');
    expect(detailsOf(refused)).toEqual({ maxAgeSeconds: 600, secondFactor: false });
    const start = dataOf(await t.request(StartStepUpDocument, {}, { token: stale.accessToken })).startStepUp;
    expect(start).toMatchObject({ challengeToken: null, factors: [] });
    const wrong = await t.request(
      CompleteStepUpDocument,
      { input: { password: 'not the password' } },
      { token: stale.accessToken },
    );
    expect(codeOf(wrong)).toBe('INVALID_CURRENT_PASSWORD');
    const stepped = dataOf(
      await t.request(
        CompleteStepUpDocument,
        { input: { password: tenant.admin.password } },
        { token: stale.accessToken },
      ),
    ).completeStepUp;
    expect(Math.abs(new Date(stepped.authTime).getTime() - Date.now())).toBeLessThan(30_000);
    const passed = await t.request(
      UpdateTenantSettingsDocument,
      { input: { lockout: { threshold: 6 } } },
      { token: stepped.accessToken },
    );
    expect(codeOf(passed)).toBeUndefined();
    await t.request(UpdateTenantSettingsDocument, { input: { lockout: null } }, { token: stepped.accessToken });
    expect(await auditActions(t, tenant.id, admin.sessionId)).toContain('mfa.step_up');
  });

  it('with a second factor: only that factor steps up, and only for the session that started it', async () => {
    const user = await userWithTotp();
    const challenge = await challengeFor(tenant.slug, user);
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, totpCode: totpCode(user.secret) },
      }),
    ).completeSignIn;
    const sessionId = claimsOf(done.accessToken)['sid'] as string;
    await t.stack.runtime.db
      .tenant(tenant.id)
      .session.update({ where: { id: sessionId }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
    const stale = dataOf(await t.request(RefreshDocument, { input: { refreshToken: done.refreshToken } })).refresh;
    const refused = await t.request(RemoveMfaFactorDocument, { id: user.factorId }, { token: stale.accessToken });
    expect(detailsOf(refused)).toEqual({ maxAgeSeconds: 600, secondFactor: true });
    const byPassword = await t.request(
      CompleteStepUpDocument,
      { input: { password: user.password } },
      { token: stale.accessToken },
    );
    expect(codeOf(byPassword)).toBe('BAD_USER_INPUT');
    const start = dataOf(await t.request(StartStepUpDocument, {}, { token: stale.accessToken })).startStepUp;
    expect(start.factors).toEqual(['TOTP', 'RECOVERY_CODE']);
    // A sign-in challenge is not a step-up challenge, and another session cannot answer this one.
    const otherSession = await userWithTotp();
    const foreign = await t.request(
      CompleteStepUpDocument,
      { input: { challengeToken: start.challengeToken, totpCode: totpCode(user.secret, new Date(), 1) } },
      { token: otherSession.session.token },
    );
    expect(codeOf(foreign)).toBe('MFA_CHALLENGE_EXPIRED');
    const stepped = dataOf(
      await t.request(
        CompleteStepUpDocument,
        {
          input: {
            challengeToken: (await t.request(StartStepUpDocument, {}, { token: stale.accessToken })).body.data
              ?.startStepUp.challengeToken,
            totpCode: totpCode(user.secret, new Date(), 1),
          },
        },
        { token: stale.accessToken },
      ),
    ).completeStepUp;
    expect(claimsOf(stepped.accessToken)).toMatchObject({ amr: ['mfa', 'otp', 'pwd'], acr: 'aal2' });
    expect(
      codeOf(await t.request(RemoveMfaFactorDocument, { id: user.factorId }, { token: stepped.accessToken })),
    ).toBeUndefined();
    // The last factor took the recovery codes with it: sign-in is password-only again.
    expect(dataOf(await login(tenant.slug, user)).login.__typename).toBe('AuthPayload');
  });
});

describe('an administrator’s reset', () => {
  it('removes every factor, ends the user’s sessions, emails them, and never reaches another tenant', async () => {
    const user = await userWithTotp();
    const admin = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
    const foreignAdmin = await signIn(t, other.slug, other.admin.email, other.admin.password);
    expect(codeOf(await t.request(ResetUserMfaDocument, { userId: user.id }, { token: foreignAdmin.token }))).toBe(
      'NOT_FOUND',
    );
    const viewer = await signIn(
      t,
      tenant.slug,
      ...(await (async () => {
        const v = await addTestUser(t, tenant, 'viewer');
        return [v.email, v.password] as const;
      })()),
    );
    expect(codeOf(await t.request(ResetUserMfaDocument, { userId: user.id }, { token: viewer.token }))).toBe(
      'FORBIDDEN',
    );

    expect(
      dataOf(await t.request(ResetUserMfaDocument, { userId: user.id }, { token: admin.token })).resetUserMfa,
    ).toBe(true);
    expect(codeOf(await t.request(MeDocument, {}, { token: user.session.token }))).toBe('UNAUTHENTICATED');
    expect(await noticeTo(user.email, /administrator removed/)).toContain('enrol a new one');
    expect(dataOf(await login(tenant.slug, user)).login.__typename).toBe('AuthPayload');
    expect(await auditActions(t, tenant.id, user.id)).toContain('mfa.reset');
  });
});
