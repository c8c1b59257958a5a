import { describe, expect, it } from 'vitest';
import {
  accountLink,
  emailChangedMail,
  emailChangeNoticeMail,
  emailInUseNoticeMail,
  emailVerificationMail,
  invitationMail,
  passwordChangedMail,
  passwordResetDoneMail,
  passwordResetMail,
  signUpExistingAccountMail,
} from './templates.ts';

const APP = 'https://app.tradesage.test';

describe('account mail templates', () => {
  it('build links from the app URL with the token URL-encoded', () => {
    expect(accountLink(APP, 'reset-password', 'v1.a+b/c.d')).toBe(`${APP}/reset-password?token=v1.a%2Bb%2Fc.d`);
  });

  it('carry their one link in both the text and the HTML part, and nothing else secret', () => {
    const link = accountLink(APP, 'verify-email', 'tok');
    for (const mail of [
      passwordResetMail({ to: 'a@x.test', link, validMinutes: 30 }),
      emailVerificationMail({ to: 'a@x.test', link, validHours: 24 }),
      invitationMail({ to: 'a@x.test', link, tenantName: 'Acme', role: 'trader', validDays: 7 }),
    ]) {
      expect(mail.text.split(link)).toHaveLength(2);
      expect(mail.html.split(`href="${link}"`)).toHaveLength(2);
    }
    for (const mail of [
      passwordChangedMail({ to: 'a@x.test', at: new Date() }),
      passwordResetDoneMail({ to: 'a@x.test', at: new Date() }),
      emailChangeNoticeMail({ to: 'a@x.test', newEmail: 'b@x.test' }),
      emailChangedMail({ to: 'a@x.test', newEmail: 'b@x.test', at: new Date() }),
      emailInUseNoticeMail({ to: 'a@x.test' }),
      signUpExistingAccountMail({ to: 'a@x.test', appUrl: APP }),
    ]) {
      expect(mail.text).not.toContain('token=');
      expect(mail.html).not.toContain('token=');
    }
  });

  it('escape what they interpolate into HTML', () => {
    const mail = invitationMail({
      to: 'a@x.test',
      link: `${APP}/accept-invitation?token=t"><script>`,
      tenantName: '<b>Acme</b> & Co',
      role: 'viewer',
      validDays: 7,
    });
    expect(mail.html).not.toContain('<b>Acme</b>');
    expect(mail.html).toContain('&#60;b&#62;Acme&#60;/b&#62; &#38; Co');
    expect(mail.html).not.toContain('"><script>');
  });
});
