/**
 * Names that never reach a public server: loopback (RFC 6761), mDNS (RFC 6762), home networks
 * (RFC 8375), ICANN's private-use .internal, special-use names (RFC 6761, RFC 9476 .alt, .onion)
 * and documentation names. One list for every check that needs a public name (tenant domains,
 * avatar URLs).
 */
export const NON_PUBLIC_NAME_SUFFIXES: readonly string[] = Object.freeze([
  'localhost',
  'local',
  'internal',
  'lan',
  'home.arpa',
  'arpa',
  'invalid',
  'test',
  'example',
  'onion',
  'alt',
]);

/** The reserved suffix a lowercase DNS name (no trailing dot) falls under, or undefined when none. */
export function nonPublicSuffixOf(name: string): string | undefined {
  return NON_PUBLIC_NAME_SUFFIXES.find((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
