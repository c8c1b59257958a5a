import crypto from 'node:crypto';
import { createLogger } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import {
  AcceptInvitationDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  RevokeLeakedApiKeysDocument,
  RotateApiKeyDocument,
  InviteUserDocument,
  LoginDocument,
  MeDocument,
  RefreshDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  CompleteSignInDocument,
  ConfirmTotpEnrolmentDocument,
  StartTotpEnrolmentDocument,
} from '@tradesage/client';
import { totpCode } from '@tradesage/core/testing';
import {
  addTestUser,
  dataOf,
  randomPassword,
  sessionOf,
  signIn,
  startTestStackWithMail,
  tokenMailedTo,
  uniqueEmail,
  useTestStack,
} from './support/fixtures.ts';

/**
 * Request and response logging never writes a credential (ASVS 16.2.5): the logs of a login (body
 * and cookie delivery), a failed login, refreshes (body and cookie with its CSRF header), a password
 * reset, an invitation, second factors and API keys, captured at the most verbose level from the gateway and every subgraph,
 * hold no password, token, cookie, CSRF value or Authorization value; and each line written while a
 * request ran carries that request's id, also when logged away from the request's own code.
 */

const lines: string[] = [];
const logger = createLogger({ level: 'trace', name: 'tradesage', destination: { write: (line) => lines.push(line) } });

const [t, tenant] = useTestStack(() => startTestStackWithMail({ logger }), { prefix: 'logs' });

function cookieValue(res: { headers: Headers }, name: string): string {
  const cookie = res.headers.getSetCookie().find((each) => each.startsWith(`${name}=`)) ?? '';
  return cookie.slice(name.length + 1).split(';')[0] ?? '';
}

describe('logs', () => {
  it('hold no password, token, cookie or authorization value of the account flows', async () => {
    const secrets: string[] = [tenant.admin.password, tenant.admin.token, tenant.admin.refreshToken];
    const user = await addTestUser(t, tenant, 'trader');
    secrets.push(user.password);

    const wrongPassword = `wrong-${crypto.randomBytes(9).toString('base64url')}`;
    secrets.push(wrongPassword);
    await t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password: wrongPassword } });

    // A password typed into the document itself rather than a variable, and a forged bearer token.
    const inlinePassword = `inline-${crypto.randomBytes(9).toString('base64url')}`;
    secrets.push(inlinePassword);
    await t.raw(
      `mutation { login(input: { tenant: "${tenant.slug}", email: "${user.email}", password: "${inlinePassword}" }) { ... on AuthPayload { accessToken } } }`,
    );
    const forged = `${tenant.admin.token.split('.').slice(0, 2).join('.')}.${crypto.randomBytes(64).toString('base64url')}`;
    secrets.push(forged);
    await t.request(MeDocument, {}, { token: forged });

    // Login with the refresh token in the body, then a body refresh.
    const bodyLogin = sessionOf(
      dataOf(
        await t.request(LoginDocument, {
          input: { tenant: tenant.slug, email: user.email, password: user.password },
        }),
      ).login,
    );
    secrets.push(bodyLogin.accessToken, bodyLogin.refreshToken ?? '');
    const refreshed = dataOf(
      await t.request(RefreshDocument, { input: { refreshToken: bodyLogin.refreshToken } }, { token: undefined }),
    ).refresh;
    secrets.push(refreshed.accessToken, refreshed.refreshToken ?? '');
    await t.request(MeDocument, {}, { token: refreshed.accessToken });

    // Login with cookies, then a cookie refresh with its CSRF header.
    const cookieLogin = await t.request(LoginDocument, {
      input: { tenant: tenant.slug, email: user.email, password: user.password, refreshTokenDelivery: 'COOKIE' },
    });
    const rt = cookieValue(cookieLogin, '__Host-tradesage_rt');
    const csrf = cookieValue(cookieLogin, '__Host-tradesage_csrf');
    secrets.push(sessionOf(dataOf(cookieLogin).login).accessToken, rt, csrf);
    const cookieRefresh = await t.request(
      RefreshDocument,
      { input: {} },
      { headers: { cookie: `__Host-tradesage_rt=${rt}; __Host-tradesage_csrf=${csrf}`, 'x-csrf-token': csrf } },
    );
    secrets.push(
      dataOf(cookieRefresh).refresh.accessToken,
      cookieValue(cookieRefresh, '__Host-tradesage_rt'),
      cookieValue(cookieRefresh, '__Host-tradesage_csrf'),
    );

    // Password reset through the mailed link.
    await t.request(RequestPasswordResetDocument, { input: { tenant: tenant.slug, email: user.email } });
    const resetToken = await tokenMailedTo(t, user.email, /Reset your TradeSage password/);
    const newPassword = randomPassword();
    secrets.push(resetToken, newPassword);
    dataOf(await t.request(ResetPasswordDocument, { input: { token: resetToken, newPassword } }));

    // An invitation, accepted through its link.
    const invitee = uniqueEmail(tenant, 'invitee');
    dataOf(
      await t.request(
        InviteUserDocument,
        { input: { email: invitee, role: 'viewer', firstName: 'Ada', lastName: 'Lovelace' } },
        { token: tenant.admin.token },
      ),
    );
    const inviteToken = await tokenMailedTo(t, invitee, /invited to/);
    const inviteePassword = randomPassword();
    secrets.push(inviteToken, inviteePassword);
    const accepted = dataOf(
      await t.request(AcceptInvitationDocument, { input: { token: inviteToken, password: inviteePassword } }),
    ).acceptInvitation;
    secrets.push(accepted.accessToken, accepted.refreshToken ?? '');

    // Second factors: the TOTP secret, its codes, the recovery codes, the challenge and the trusted device.
    const mfaUser = await signIn(t, tenant.slug, user.email, newPassword);
    const started = dataOf(
      await t.request(StartTotpEnrolmentDocument, {}, { token: mfaUser.token }),
    ).startTotpEnrolment;
    const enrolCode = totpCode(started.secret);
    const enrolled = dataOf(
      await t.request(
        ConfirmTotpEnrolmentDocument,
        { input: { factorId: started.factorId, code: enrolCode } },
        { token: mfaUser.token },
      ),
    ).confirmTotpEnrolment;
    secrets.push(started.secret, ...(enrolled.recoveryCodes ?? []));
    const challenge = dataOf(
      await t.request(LoginDocument, { input: { tenant: tenant.slug, email: user.email, password: newPassword } }),
    ).login;
    if (challenge.__typename !== 'MfaChallenge') throw new Error('expected a challenge');
    const signInCode = totpCode(started.secret, new Date(), 1);
    const completed = dataOf(
      await t.request(CompleteSignInDocument, {
        input: { challengeToken: challenge.challengeToken, totpCode: signInCode, rememberDevice: true },
      }),
    ).completeSignIn;
    secrets.push(challenge.challengeToken, completed.accessToken, completed.trustedDeviceToken ?? '');

    // An API key: created, used as Bearer and as X-API-Key, refused with a bad checksum, rotated,
    // revoked, used again (refused), and reported as leaked.
    const created = dataOf(
      await t.request(
        CreateApiKeyDocument,
        { input: { name: 'logs', scopes: ['users:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
        { token: tenant.admin.token },
      ),
    ).createApiKey;
    secrets.push(created.secret);
    dataOf(await t.request(MeDocument, {}, { token: created.secret }));
    dataOf(await t.request(MeDocument, {}, { headers: { 'x-api-key': created.secret } }));
    const badChecksum = `${created.secret.slice(0, -1)}${created.secret.endsWith('A') ? 'B' : 'A'}`;
    secrets.push(badChecksum);
    await t.request(MeDocument, {}, { token: badChecksum });
    const rotated = dataOf(
      await t.request(
        RotateApiKeyDocument,
        { input: { id: created.apiKey.id, overlap: 'NONE' } },
        { token: tenant.admin.token },
      ),
    ).rotateApiKey;
    secrets.push(rotated.secret);
    await t.request(MeDocument, {}, { token: created.secret });
    await t.request(RevokeApiKeyDocument, { id: rotated.apiKey.id }, { token: tenant.admin.token });
    await t.request(MeDocument, {}, { token: rotated.secret });
    await t.request(RevokeLeakedApiKeysDocument, { keys: [rotated.secret, created.secret] });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    // Each secret whole, and its random part alone (a token's signature, a refresh token's random bits).
    for (const secret of secrets.filter((each) => each.length > 0)) {
      expect(log).not.toContain(secret);
      const tail = secret.split('.').at(-1) ?? '';
      if (tail.length >= 16) expect(log).not.toContain(tail);
    }
    // Whatever else could carry one: a JWT (access tokens, the gateway's credential), a bearer value, our cookies.
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\./);
    expect(log).not.toMatch(/Bearer [A-Za-z0-9]/i);
    // No API key, whole or by its random part.
    expect(log).not.toMatch(/tsk_(live|test)_[0-9A-Za-z]{6,}/);
    for (const key of secrets.filter((each) => each.startsWith('tsk_'))) expect(log).not.toContain(key.slice(9, 30));
    // The codes of the second factor (6 digits) appear nowhere either.
    for (const code of [enrolCode, signInCode]) expect(log).not.toMatch(new RegExp(`[^0-9]${code}[^0-9]`));
    expect(log).not.toMatch(/__Host-tradesage_(rt|csrf)=[A-Za-z0-9]/);
    expect(log).not.toMatch(/"(authorization|cookie|x-csrf-token|set-cookie)":"(?!\[redacted\])/i);
  });

  it('puts the request id on every line written for a request, from the gateway and the subgraphs', async () => {
    const user = await addTestUser(t, tenant, 'viewer');
    const requestId = `logs-${crypto.randomUUID()}`;
    const from = lines.length;
    await t.request(
      RequestPasswordResetDocument,
      { input: { tenant: tenant.slug, email: user.email } },
      { headers: { 'x-request-id': requestId } },
    );
    // The mail goes out in the background, after the answer: its line still names the request.
    await tokenMailedTo(t, user.email, /Reset your TradeSage password/);
    const written = lines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
    // This request's mail: one from the test before (sent in the background too) may land here first.
    const mailLine = written.find((line) => line['msg'] === 'mail sent' && line['to'] === user.email);
    expect(mailLine?.['requestId']).toBe(requestId);
    const operationLine = written.find((line) => line['msg'] === 'graphql operation');
    expect(operationLine?.['requestId']).toBe(requestId);
    // Once per line, even where a logger already carries it.
    for (const line of lines.slice(from)) expect(line.split('"requestId"').length).toBeLessThanOrEqual(2);
  });
});
