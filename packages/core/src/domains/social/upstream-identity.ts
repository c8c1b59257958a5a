import type { SocialProvider } from './social-providers.ts';

/** Who the provider says signed in: the account (issuer + subject) and the address it vouches for. */
export interface UpstreamIdentity {
  readonly provider: SocialProvider;
  readonly issuer: string;
  readonly subject: string;
  /** Lowercased; null when the provider gave none. */
  readonly email: string | null;
  /** Whether the provider verified that the account controls `email`. */
  readonly emailVerified: boolean;
  readonly firstName: string;
  readonly lastName: string;
}

const text = (value: unknown, max = 100): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/**
 * An OpenID Connect provider's validated ID token claims (openid-client checked signature, iss,
 * aud, nonce and exp). The account is `iss` + `sub`; for Entra ID it is the directory and the
 * object id (`<tid>:<oid>`), because `sub` is pairwise per application and `oid` is the user in
 * their directory (Microsoft's guidance for keying accounts).
 *
 * An address counts as verified only when the provider says so: Google and LinkedIn by
 * `email_verified`; Entra ID does not verify `email` (any directory admin may set it, the
 * "nOAuth" flaw), so only `xms_edov` (the domain's owner verified it, an optional claim the
 * application must ask for) makes it verified.
 */
export function identityFromClaims(
  provider: Exclude<SocialProvider, 'github'>,
  issuer: string,
  claims: Readonly<Record<string, unknown>>,
): UpstreamIdentity | null {
  const sub = text(claims['sub'], 255);
  let subject = sub;
  if (provider === 'microsoft') {
    const tid = text(claims['tid'], 64);
    const oid = text(claims['oid'], 64);
    if (!tid || !oid) return null;
    subject = `${tid}:${oid}`;
  }
  if (!subject) return null;
  const email = text(claims['email'], 320).toLowerCase() || null;
  const verified =
    provider === 'microsoft'
      ? claims['xms_edov'] === true || claims['xms_edov'] === '1'
      : claims['email_verified'] === true;
  return {
    provider,
    issuer,
    subject,
    email,
    emailVerified: email !== null && verified,
    firstName: text(claims['given_name']),
    lastName: text(claims['family_name']),
  };
}

/**
 * GitHub's `/user` and `/user/emails`: the account is its numeric id (a login can be renamed and
 * reused), and the only address that counts is the one marked both primary and verified.
 */
export function identityFromGitHub(issuer: string, user: unknown, emails: unknown): UpstreamIdentity | null {
  const id = (user as { id?: unknown } | null)?.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  const list = Array.isArray(emails) ? (emails as Array<Record<string, unknown>>) : [];
  const primary = list.find((entry) => entry?.['primary'] === true && entry['verified'] === true);
  const email = primary ? text(primary['email'], 320).toLowerCase() || null : null;
  const name = text((user as { name?: unknown }).name);
  const [firstName = '', ...rest] = name.split(/\s+/);
  return {
    provider: 'github',
    issuer,
    subject: String(id),
    email,
    emailVerified: email !== null,
    firstName,
    lastName: rest.join(' '),
  };
}

/** Whether a verified address is in one of the connection's domains (empty: any domain). */
export function domainAllowed(identity: UpstreamIdentity, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  if (!identity.email || !identity.emailVerified) return false;
  const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1);
  return allowedDomains.some((allowed) => allowed.toLowerCase() === domain);
}
