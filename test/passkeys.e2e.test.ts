import { SoftwareAuthenticator } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import {
  CompleteSignInDocument,
  FinishPasskeyRegistrationDocument,
  LoginDocument,
  MyMfaDocument,
  SignInWithPasskeyDocument,
  StartPasskeyRegistrationDocument,
  StartPasskeySignInDocument,
} from '@tradesage/client';
import {
  addTestUser,
  APP_URL,
  codeOf,
  dataOf,
  signIn,
  startTestStackWithMail,
  useTestStack,
  type TestUser,
} from './support/fixtures.ts';

// Passkeys against a software authenticator (node:crypto, ES256). The relying party of a tenant
// without a custom domain is the deployment's host: APP_URL's.
const [t, tenant, other] = useTestStack(startTestStackWithMail, { prefix: 'pk' }, { prefix: 'pkother' });
const ORIGIN = new URL(APP_URL).origin;

async function userWithPasskey(where = tenant): Promise<TestUser & { device: SoftwareAuthenticator }> {
  const user = await addTestUser(t, where, 'trader');
  const session = await signIn(t, where.slug, user.email, user.password);
  const options = dataOf(
    await t.request(StartPasskeyRegistrationDocument, {}, { token: session.token }),
  ).startPasskeyRegistration;
  const device = new SoftwareAuthenticator();
  const response = device.register(JSON.parse(options), ORIGIN);
  const done = dataOf(
    await t.request(
      FinishPasskeyRegistrationDocument,
      { input: { name: 'Laptop', response: JSON.stringify(response) } },
      { token: session.token },
    ),
  ).finishPasskeyRegistration;
  expect(done.factor).toMatchObject({ kind: 'PASSKEY', name: 'Laptop' });
  expect(done.recoveryCodes).toHaveLength(10);
  return { ...user, device };
}

describe('passkeys', () => {
  it('registers with a single-use challenge bound to this deployment as relying party', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const session = await signIn(t, tenant.slug, user.email, user.password);
    const options = JSON.parse(
      dataOf(await t.request(StartPasskeyRegistrationDocument, {}, { token: session.token })).startPasskeyRegistration,
    ) as { rp: { id: string }; authenticatorSelection: { residentKey: string; userVerification: string } };
    expect(options.rp.id).toBe(new URL(APP_URL).hostname);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    const device = new SoftwareAuthenticator();
    const response = JSON.stringify(device.register(options as never, 'https://evil.example'));
    const wrongOrigin = await t.request(
      FinishPasskeyRegistrationDocument,
      { input: { response } },
      { token: session.token },
    );
    expect(codeOf(wrongOrigin)).toBe('MFA_PASSKEY_INVALID');
    // The challenge was used by that answer: a right one for it is refused too.
    const again = await t.request(
      FinishPasskeyRegistrationDocument,
      { input: { response: JSON.stringify(new SoftwareAuthenticator().register(options as never, ORIGIN)) } },
      { token: session.token },
    );
    expect(codeOf(again)).toBe('MFA_PASSKEY_INVALID');
    expect(dataOf(await t.request(MyMfaDocument, {}, { token: session.token })).me?.mfa?.factors).toEqual([]);
  });

  it('answers a sign-in challenge as the second factor', async () => {
    const user = await userWithPasskey();
    const login = dataOf(
      await t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password: user.password } }),
    ).login;
    if (login.__typename !== 'MfaChallenge') throw new Error('expected a challenge');
    expect(login.factors).toEqual(['PASSKEY', 'RECOVERY_CODE']);
    const options = JSON.parse(login.passkeyOptions ?? '{}') as never;
    // Signed for another origin: refused, and counted as a wrong answer.
    const phished = await t.request(CompleteSignInDocument, {
      input: {
        challengeToken: login.challengeToken,
        passkey: JSON.stringify(user.device.authenticate(options, 'https://evil.example')),
      },
    });
    expect(codeOf(phished)).toBe('MFA_CODE_INVALID');
    const done = dataOf(
      await t.request(CompleteSignInDocument, {
        input: {
          challengeToken: login.challengeToken,
          passkey: JSON.stringify(user.device.authenticate(options, ORIGIN)),
        },
      }),
    ).completeSignIn;
    expect(done.authenticationMethods).toEqual(['hwk', 'mfa', 'pwd', 'user']);
  });

  it('signs in without a password, once per challenge, and only in the tenant the passkey belongs to', async () => {
    const user = await userWithPasskey();
    const start = dataOf(await t.request(StartPasskeySignInDocument, { tenant: tenant.slug })).startPasskeySignIn;
    const options = JSON.parse(start.passkeyOptions) as { allowCredentials?: unknown[] };
    expect(options.allowCredentials ?? []).toEqual([]);
    const answer = JSON.stringify(user.device.authenticate(options as never, ORIGIN));
    const done = dataOf(
      await t.request(SignInWithPasskeyDocument, { input: { challengeToken: start.challengeToken, passkey: answer } }),
    ).signInWithPasskey;
    expect(done.user.id).toBe(user.id);
    expect(done.authenticationMethods).toEqual(['hwk', 'mfa', 'user']);
    const replay = await t.request(SignInWithPasskeyDocument, {
      input: { challengeToken: start.challengeToken, passkey: answer },
    });
    expect(codeOf(replay)).toBe('INVALID_CREDENTIALS');
    // The same passkey, asked for by another tenant's sign-in: not found there.
    const elsewhere = dataOf(await t.request(StartPasskeySignInDocument, { tenant: other.slug })).startPasskeySignIn;
    const crossed = await t.request(SignInWithPasskeyDocument, {
      input: {
        challengeToken: elsewhere.challengeToken,
        passkey: JSON.stringify(user.device.authenticate(JSON.parse(elsewhere.passkeyOptions) as never, ORIGIN)),
      },
    });
    expect(codeOf(crossed)).toBe('INVALID_CREDENTIALS');
    // An unknown tenant answers alike.
    expect(codeOf(await t.request(StartPasskeySignInDocument, { tenant: 'no-such-tenant-here' }))).toBeUndefined();
  });

  it('refuses an answer without user verification', async () => {
    const user = await userWithPasskey();
    const start = dataOf(await t.request(StartPasskeySignInDocument, { tenant: tenant.slug })).startPasskeySignIn;
    const answer = user.device.authenticate(JSON.parse(start.passkeyOptions) as never, ORIGIN, { userVerified: false });
    const refused = await t.request(SignInWithPasskeyDocument, {
      input: { challengeToken: start.challengeToken, passkey: JSON.stringify(answer) },
    });
    expect(codeOf(refused)).toBe('INVALID_CREDENTIALS');
  });
});
