import { BadInputError, nonPublicSuffixOf } from '@tradesage/core';

// A lowercase DNS name of at least two labels; the last label starts with a letter, which also
// rules out IPv4 addresses (IPv6 ones have colons).
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Validates and normalises a custom domain: case and a trailing dot are
 * forgiven, anything else must already be a lowercase ASCII DNS name (IDNs in their xn-- form).
 * The platform's own host names, and names under them, are refused.
 */
export function normaliseTenantDomain(input: string, platformHosts: readonly string[]): string {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  const refuse = (why: string): never => {
    throw new BadInputError('BAD_USER_INPUT', `domain ${why}`, { field: 'domain' });
  };
  if (!DOMAIN.test(domain))
    refuse('must be a DNS name such as "trading.acme.com" (letters, digits and hyphens; not an IP address)');
  const reserved = nonPublicSuffixOf(domain);
  if (reserved !== undefined) refuse(`must not be under the reserved name .${reserved}`);
  for (const host of platformHosts) {
    if (domain === host || domain.endsWith(`.${host}`)) refuse('belongs to the platform itself');
  }
  return domain;
}
