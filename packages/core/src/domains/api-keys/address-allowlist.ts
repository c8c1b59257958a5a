import net from 'node:net';

/**
 * An API key's address allowlist: CIDR blocks (IPv4 or IPv6) on Node's own `net.BlockList`.
 * An IPv4 address seen as IPv4-mapped IPv6 (`::ffff:203.0.113.9`) is matched as IPv4.
 */

/** Longest allowlist a key may have. */
export const MAX_ALLOWED_CIDRS = 50;

/** `address/bits` in canonical form (an address alone is one host), or null when it is not a block. */
export function normalizeCidr(text: string): string | null {
  const [address = '', bits, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const family = net.isIP(address);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return `${address.toLowerCase()}/${prefix}`;
}

/** True when there is no allowlist, or the address falls in one of its blocks. */
export function addressAllowed(cidrs: readonly string[], ip: string | null | undefined): boolean {
  if (cidrs.length === 0) return true;
  if (!ip) return false;
  const address = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const family = net.isIP(address);
  if (family === 0) return false;
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [block = '', bits = ''] = cidr.split('/');
    const blockFamily = net.isIP(block);
    if (blockFamily !== 0) list.addSubnet(block, Number(bits), blockFamily === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
