import { BadInputError } from '@tradesage/core';

// A lowercase DNS name of at least two labels; the last label starts with a letter, which also
// rules out IPv4 addresses (IPv6 ones have colons).
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

// Names that can never be a tenant's public domain: loopback, mDNS, private-use and reserved
// (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal).
const RESERVED_SUFFIXES = ['localhost', 'local', 'internal', 'invalid', 'test', 'arpa', 'onion'];

/**
 * Validates and normalises a custom domain (issue 5, item 7): case and a trailing dot are
 * forgiven, anything else must already be a lowercase ASCII DNS name (IDNs in their xn-- form).
 * The platform's own host names, and names under them, are refused.
 */
export function normaliseTenantDomain(input: string, platformHosts: readonly string[]): string {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  const refuse = (why: string): never => {
    throw new BadInputError('BAD_USER_INPUT', `domain ${why}`, { field: 'domain' });
  };
  if (!DOMAIN.test(domain)) refuse('must be a DNS name such as "trading.acme.com" (letters, digits and hyphens; not an IP address)');
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (RESERVED_SUFFIXES.includes(tld) || domain === 'localhost') refuse(`must not be under the reserved top-level name .${tld}`);
  for (const host of platformHosts) {
    if (domain === host || domain.endsWith(`.${host}`)) refuse('belongs to the platform itself');
  }
  return domain;
}
