import type { MailMessage } from './mailer.ts';

/**
 * The account emails, each as plain text plus simple HTML built from the same parts. A message
 * carries at most one secret, its single-use link; everything interpolated into HTML is escaped.
 */
interface Parts {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly action?: { readonly label: string; readonly url: string };
  /** Said after the action: what to do when the reader did not ask for this. */
  readonly footer?: string;
}

const PRODUCT = 'TradeSage';

/** The page of the web app a link opens, with its single-use token. */
export type AccountLinkPage = 'reset-password' | 'verify-email' | 'accept-invitation';

/**
 * The link to `page` with its single-use token and, for pages that set a password, the tenant's
 * slug: the page shows that tenant's password rules as the person types (the slug is no secret,
 * people type it to sign in).
 */
export function accountLink(appUrl: string, page: AccountLinkPage, token: string, tenantSlug?: string): string {
  const tenant = tenantSlug ? `&tenant=${encodeURIComponent(tenantSlug)}` : '';
  return `${appUrl}/${page}?token=${encodeURIComponent(token)}${tenant}`;
}

export function passwordResetMail(input: { to: string; link: string; validMinutes: number }): MailMessage {
  return render(input.to, {
    subject: `Reset your ${PRODUCT} password`,
    paragraphs: [
      `Someone asked to reset the password of the ${PRODUCT} account for ${input.to}.`,
      `The link below works once, for ${input.validMinutes} minutes. Setting a new password signs out every device.`,
    ],
    action: { label: 'Choose a new password', url: input.link },
    footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
  });
}

export function passwordChangedMail(input: { to: string; at: Date }): MailMessage {
  return render(input.to, {
    subject: `Your ${PRODUCT} password was changed`,
    paragraphs: [
      `The password of your ${PRODUCT} account was changed at ${input.at.toISOString()}. Your other devices were signed out.`,
    ],
    footer: 'If this was not you, reset your password now and tell your administrator.',
  });
}

export function passwordResetDoneMail(input: { to: string; at: Date }): MailMessage {
  return render(input.to, {
    subject: `Your ${PRODUCT} password was reset`,
    paragraphs: [
      `The password of your ${PRODUCT} account was reset at ${input.at.toISOString()}. Every device was signed out.`,
    ],
    footer: 'If this was not you, tell your administrator at once.',
  });
}

/** A one-time code by email (a second factor, or confirming the address as one). */
export function oneTimeCodeMail(input: { to: string; code: string; validMinutes: number }): MailMessage {
  return render(input.to, {
    subject: `Your ${PRODUCT} code: ${input.code}`,
    paragraphs: [
      `Your ${PRODUCT} code is ${input.code}. It works once, for ${input.validMinutes} minutes.`,
      'Nobody from TradeSage will ever ask you for it.',
    ],
    footer: 'If you did not just try to sign in, change your password: someone knows it.',
  });
}

/** A change to the second factors of an account (recovery code used, factor added or removed, admin reset). */
export function mfaNoticeMail(input: { to: string; what: string; at: Date }): MailMessage {
  return render(input.to, {
    subject: `Security change on your ${PRODUCT} account`,
    paragraphs: [`${input.what} (${input.at.toISOString()}).`],
    footer: 'If this was not you, reset your password and tell your administrator at once.',
  });
}

/** Something happened to an API key the recipient owns or created (leaked and revoked, expiring soon). */
export function apiKeyNoticeMail(input: { to: string; what: string; at: Date }): MailMessage {
  return render(input.to, {
    subject: `About an API key of your ${PRODUCT} account`,
    paragraphs: [`${input.what} (${input.at.toISOString()}).`],
    footer: 'Manage your keys in the console. If you did not expect this, tell your administrator.',
  });
}

export function emailVerificationMail(input: { to: string; link: string; validHours: number }): MailMessage {
  return render(input.to, {
    subject: `Confirm your email address for ${PRODUCT}`,
    paragraphs: [
      `Confirm that ${input.to} is your address for ${PRODUCT}.`,
      `The link below works once, for ${input.validHours} hours.`,
    ],
    action: { label: 'Confirm my address', url: input.link },
    footer: 'If you did not ask for this, ignore this email.',
  });
}

export function emailChangeNoticeMail(input: { to: string; newEmail: string }): MailMessage {
  return render(input.to, {
    subject: `Your ${PRODUCT} sign-in address is being changed`,
    paragraphs: [
      `Someone signed in to your ${PRODUCT} account asked to change its address to ${input.newEmail}.`,
      'The change takes effect only when the new address is confirmed.',
    ],
    footer: 'If this was not you, change your password now and tell your administrator.',
  });
}

/** To the OLD address once a change is confirmed: the owner learns it even if they missed the first notice. */
export function emailChangedMail(input: { to: string; newEmail: string; at: Date }): MailMessage {
  return render(input.to, {
    subject: `Your ${PRODUCT} sign-in address was changed`,
    paragraphs: [
      `The address of your ${PRODUCT} account was changed to ${input.newEmail} at ${input.at.toISOString()}.`,
      'This address no longer signs in, and password reset links go to the new one.',
    ],
    footer: 'If this was not you, tell your administrator at once.',
  });
}

export function emailInUseNoticeMail(input: { to: string }): MailMessage {
  return render(input.to, {
    subject: `Someone tried to use your address on ${PRODUCT}`,
    paragraphs: [
      `Someone asked to use ${input.to} on another ${PRODUCT} account. An address belongs to one account, so nothing was changed.`,
    ],
    footer: 'If this was you, sign in to the account that already uses this address.',
  });
}

export function signUpExistingAccountMail(input: { to: string; appUrl: string }): MailMessage {
  return render(input.to, {
    subject: `You already have a ${PRODUCT} account`,
    paragraphs: [
      `Someone tried to create a ${PRODUCT} account for ${input.to}, which already has one, so no new account was made.`,
      'If it was you, sign in; if you forgot your password, ask for a reset on the sign-in page.',
    ],
    action: { label: 'Sign in', url: `${input.appUrl}/login` },
    footer: 'If it was not you, you can ignore this email.',
  });
}

export function invitationMail(input: {
  to: string;
  link: string;
  tenantName: string;
  role: string;
  validDays: number;
}): MailMessage {
  return render(input.to, {
    subject: `You are invited to ${input.tenantName} on ${PRODUCT}`,
    paragraphs: [
      `You are invited to join ${input.tenantName} on ${PRODUCT} as ${input.role}.`,
      `The link below works once, for ${input.validDays} days: it lets you choose your password and sign in.`,
    ],
    action: { label: 'Accept the invitation', url: input.link },
    footer: 'If you did not expect this, ignore this email.',
  });
}

function render(to: string, parts: Parts): MailMessage {
  const text = [
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`] : []),
    ...(parts.footer ? [parts.footer] : []),
    `— ${PRODUCT}`,
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(parts.action ? [`<p><a href="${escapeHtml(parts.action.url)}">${escapeHtml(parts.action.label)}</a></p>`] : []),
    ...(parts.footer ? [`<p style="color:#555">${escapeHtml(parts.footer)}</p>`] : []),
    `<p>— ${PRODUCT}</p>`,
    '</body></html>',
  ].join('\n');
  return { to, subject: parts.subject, text: `${text}\n`, html: `${html}\n` };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
