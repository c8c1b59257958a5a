import { describe, expect, it } from 'vitest';
import * as templates from './templates.ts';

const APP = 'https://app.tradesage.test';

describe('account mail templates', () => {
  it('build links from the app URL with the token URL-encoded', () => {
    expect(templates.accountLink(APP, 'reset-password', 'v1.a+b/c.d')).toBe(
      `${APP}/reset-password?token=v1.a%2Bb%2Fc.d`,
    );
    expect(templates.accountLink(APP, 'accept-invitation', 'tok', 'acme-2')).toBe(
      `${APP}/accept-invitation?token=tok&tenant=acme-2`,
    );
  });

  it('carry their one link in both the text and the HTML part, and nothing else secret', () => {
    const link = templates.accountLink(APP, 'verify-email', 'tok');
    for (const mail of [
      templates.passwordResetMail({ to: 'a@x.test', link, validMinutes: 30 }),
      templates.emailVerificationMail({ to: 'a@x.test', link, validHours: 24 }),
      templates.invitationMail({ to: 'a@x.test', link, tenantName: 'Acme', role: 'trader', validDays: 7 }),
    ]) {
      expect(mail.text.split(link)).toHaveLength(2);
      expect(mail.html.split(`href="${link}"`)).toHaveLength(2);
    }
    for (const mail of [
      templates.passwordChangedMail({ to: 'a@x.test', at: new Date() }),
      templates.passwordResetDoneMail({ to: 'a@x.test', at: new Date() }),
      templates.emailChangeNoticeMail({ to: 'a@x.test', newEmail: 'b@x.test' }),
      templates.emailChangedMail({ to: 'a@x.test', newEmail: 'b@x.test', at: new Date() }),
      templates.emailInUseNoticeMail({ to: 'a@x.test' }),
      templates.signUpExistingAccountMail({ to: 'a@x.test', appUrl: APP }),
    ]) {
      expect(mail.text).not.toContain('token=');
      expect(mail.html).not.toContain('token=');
    }
  });

  it('escape what they interpolate into HTML', () => {
    const mail = templates.invitationMail({
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
