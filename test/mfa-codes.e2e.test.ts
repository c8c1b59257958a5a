import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompleteSignInDocument,
  ConfirmOtpFactorDocument,
  LoginDocument,
  SendMfaCodeDocument,
  StartOtpFactorDocument,
  UpdateTenantSettingsDocument,
  type LoginMutation,
} from '@tradesage/client';
import {
  addTestUser,
  codeOf,
  dataOf,
  detailsOf,
  signIn,
  startTestStackWithMail,
  useTestStack,
  type TestUser,
} from './support/fixtures.ts';

// Codes by SMS (the development outbox: Twilio is not configured here) and by email (SMTP sink).
const [t, tenant] = useTestStack(startTestStackWithMail, {
  prefix: 'codes',
  settings: { mfa: { allowedFactors: ['totp', 'sms', 'email', 'recovery_code'] } },
});

type Challenge = Extract<LoginMutation['login'], { __typename: 'MfaChallenge' }>;

/** The code in the newest SMS to `phone` in the outbox. */
async function smsCodeTo(phone: string): Promise<string> {
  const dir = t.stack.runtime.config.sms.outboxDir;
  for (let tries = 0; tries < 50; tries++) {
    const files = (await fs.readdir(dir).catch(() => [])).filter((name) => name.endsWith('.sms.json')).sort();
    for (const name of files.reverse()) {
      const message = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { to: string; body: string };
      if (message.to === phone) return /\b(\d{6})\b/.exec(message.body)?.[1] ?? '';
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS to ${phone}`);
}

async function mailedCode(to: string): Promise<string> {
  const mail = await t.mail.next(to, { subject: /code/ });
  return /\b(\d{6})\b/.exec(mail.subject)?.[1] ?? '';
}

async function challengeFor(user: TestUser): Promise<Challenge> {
  const login = dataOf(
    await t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password: user.password } }),
  ).login;
  if (login.__typename !== 'MfaChallenge') throw new Error('expected a challenge');
  return login;
}

let phoneCounter = 0;
/** A distinct valid UK mobile number per call (each destination has its own quota). */
function newPhone(): string {
  phoneCounter += 1;
  return `+4474${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneCounter % 100).padStart(2, '0')}`;
}

async function userWithSms(): Promise<TestUser & { phone: string }> {
  const user = await addTestUser(t, tenant, 'viewer');
  const session = await signIn(t, tenant.slug, user.email, user.password);
  const phone = newPhone();
  const started = dataOf(
    await t.request(StartOtpFactorDocument, { input: { kind: 'SMS', phone } }, { token: session.token }),
  ).startOtpFactor;
  const confirmed = dataOf(
    await t.request(
      ConfirmOtpFactorDocument,
      { input: { factorId: started.factorId, code: await smsCodeTo(phone) } },
      { token: session.token },
    ),
  ).confirmOtpFactor;
  expect(confirmed.factor).toMatchObject({ kind: 'SMS', weaker: true });
  return { ...user, phone };
}

describe('codes by SMS', () => {
  it('verifies a number before it is used, and refuses numbers that are not E.164 mobiles', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const session = await signIn(t, tenant.slug, user.email, user.password);
    for (const phone of ['07400123456', '+44 20 7946 0000x', 'call me', '+1']) {
      const refused = await t.request(
        StartOtpFactorDocument,
        { input: { kind: 'SMS', phone } },
        { token: session.token },
      );
      expect(codeOf(refused)).toBe('PHONE_NUMBER_INVALID');
    }
    const phone = newPhone();
    const started = dataOf(
      await t.request(StartOtpFactorDocument, { input: { kind: 'SMS', phone } }, { token: session.token }),
    ).startOtpFactor;
    expect(started.sentTo).not.toContain(phone.slice(5, 10));
    const code = await smsCodeTo(phone);
    const wrong = await t.request(
      ConfirmOtpFactorDocument,
      { input: { factorId: started.factorId, code: String((Number(code) + 1) % 1e6).padStart(6, '0') } },
      { token: session.token },
    );
    expect(codeOf(wrong)).toBe('MFA_CODE_INVALID');
    // Not active yet: the sign-in is not challenged.
    const before = dataOf(
      await t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password: user.password } }),
    ).login;
    expect(before.__typename).toBe('AuthPayload');
    dataOf(
      await t.request(
        ConfirmOtpFactorDocument,
        { input: { factorId: started.factorId, code } },
        { token: session.token },
      ),
    );
    expect((await challengeFor(user)).factors).toEqual(['SMS', 'RECOVERY_CODE']);
  });

  it('signs in with the latest code only, once, with a resend wait, and never on another challenge', async () => {
    const user = await userWithSms();
    const challenge = await challengeFor(user);
    const sent = dataOf(
      await t.request(SendMfaCodeDocument, { input: { challengeToken: challenge.challengeToken, factor: 'SMS' } }),
    ).sendMfaCode;
    expect(sent.resendAfterSeconds).toBe(30);
    const first = await smsCodeTo(user.phone);
    const tooSoon = await t.request(SendMfaCodeDocument, {
      input: { challengeToken: challenge.challengeToken, factor: 'SMS' },
    });
    expect(codeOf(tooSoon)).toBe('RATE_LIMITED');
    expect(detailsOf(tooSoon)).toMatchObject({ scope: 'mfa_code' });

    // Another challenge of the same user: the first code does not answer it.
    const second = await challengeFor(user);
    const crossed = await t.request(CompleteSignInDocument, {
      input: { challengeToken: second.challengeToken, oneTimeCode: first },
    });
    expect(codeOf(crossed)).toBe('MFA_CODE_INVALID');

    // A resend (the wait moved into the past) replaces the first code.
    await t.stack.runtime.db.tenant(tenant.id).mfaChallenge.updateMany({
      where: { userId: user.id, endedAt: null, otpSentAt: { not: null } },
      data: { otpSentAt: new Date(Date.now() - 60_000) },
    });
    dataOf(
      await t.request(SendMfaCodeDocument, { input: { challengeToken: challenge.challengeToken, factor: 'SMS' } }),
    );
    const latest = await (async () => {
      for (;;) {
        const code = await smsCodeTo(user.phone);
        if (code !== first) return code;
      }
    })();
    const stale = await t.request(CompleteSignInDocument, {
      input: { challengeToken: challenge.challengeToken, oneTimeCode: first },
    });
    expect(codeOf(stale)).toBe('MFA_CODE_INVALID');
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, oneTimeCode: latest },
      }),
    ).completeSignIn;
    expect(done.authenticationMethods).toEqual(['mfa', 'pwd', 'sms']);
  });
});

describe('codes by email', () => {
  it('turns on with a code to the account address and then answers a sign-in', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const session = await signIn(t, tenant.slug, user.email, user.password);
    const started = dataOf(
      await t.request(StartOtpFactorDocument, { input: { kind: 'EMAIL' } }, { token: session.token }),
    ).startOtpFactor;
    expect(started.sentTo).toMatch(/^.\*\*\*@/);
    dataOf(
      await t.request(
        ConfirmOtpFactorDocument,
        { input: { factorId: started.factorId, code: await mailedCode(user.email) } },
        { token: session.token },
      ),
    );
    const challenge = await challengeFor(user);
    expect(challenge.factors).toEqual(['EMAIL', 'RECOVERY_CODE']);
    dataOf(
      await t.request(SendMfaCodeDocument, { input: { challengeToken: challenge.challengeToken, factor: 'EMAIL' } }),
    );
    // An SMS code for a user without that factor is refused.
    const noSms = await t.request(SendMfaCodeDocument, {
      input: { challengeToken: challenge.challengeToken, factor: 'SMS' },
    });
    expect(codeOf(noSms)).toBe('MFA_FACTOR_NOT_ALLOWED');
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, oneTimeCode: await mailedCode(user.email) },
      }),
    ).completeSignIn;
    expect(done.authenticationMethods).toEqual(['mfa', 'otp', 'pwd']);
  });

  it('is refused where the tenant does not allow it, and a tenant cannot allow it without a stronger factor', async () => {
    const admin = await signIn(t, tenant.slug, tenant.admin.email, tenant.admin.password);
    const weakOnly = await t.request(
      UpdateTenantSettingsDocument,
      { input: { mfa: { allowedFactors: ['SMS', 'RECOVERY_CODE'] } } },
      { token: admin.token },
    );
    expect(codeOf(weakOnly)).toBe('BAD_USER_INPUT');
    try {
      dataOf(
        await t.request(
          UpdateTenantSettingsDocument,
          { input: { mfa: { allowedFactors: ['TOTP', 'RECOVERY_CODE'] } } },
          { token: admin.token },
        ),
      );
      const refused = await t.request(StartOtpFactorDocument, { input: { kind: 'EMAIL' } }, { token: admin.token });
      expect(codeOf(refused)).toBe('MFA_FACTOR_NOT_ALLOWED');
    } finally {
      dataOf(
        await t.request(
          UpdateTenantSettingsDocument,
          { input: { mfa: { allowedFactors: ['TOTP', 'SMS', 'EMAIL', 'RECOVERY_CODE'] } } },
          { token: admin.token },
        ),
      );
    }
  });
});
