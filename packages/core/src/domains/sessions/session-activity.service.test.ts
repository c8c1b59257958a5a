import { describe, expect, it } from 'vitest';
import { ipAllowed } from './session-activity.service.ts';

describe('ipAllowed', () => {
  it('off allows anything, even an unknown address', () => {
    expect(ipAllowed('off', null, undefined)).toBe(true);
  });
  it('subnet: /24 for IPv4, /64 for IPv6, mapped IPv4 equal to plain', () => {
    expect(ipAllowed('subnet', '10.1.2.3', '10.1.2.250')).toBe(true);
    expect(ipAllowed('subnet', '10.1.2.3', '10.1.3.3')).toBe(false);
    expect(ipAllowed('subnet', '10.1.2.3', '::ffff:10.1.2.9')).toBe(true);
    expect(ipAllowed('subnet', '2001:db8::1', '2001:db8:0:0:abcd::2')).toBe(true);
    expect(ipAllowed('subnet', '2001:db8::1', '2001:db8:0:1::1')).toBe(false);
    expect(ipAllowed('subnet', '10.1.2.3', '2001:db8::1')).toBe(false);
  });
  it('exact: the same address only (IPv6 in any notation)', () => {
    expect(ipAllowed('exact', '10.1.2.3', '10.1.2.3')).toBe(true);
    expect(ipAllowed('exact', '10.1.2.3', '10.1.2.4')).toBe(false);
    expect(ipAllowed('exact', '2001:db8::1', '2001:0db8:0:0:0:0:0:1')).toBe(true);
  });
  it('never fails open: a session without an address, or a request without one, is refused', () => {
    expect(ipAllowed('subnet', null, '10.1.2.3')).toBe(false);
    expect(ipAllowed('exact', '10.1.2.3', undefined)).toBe(false);
    expect(ipAllowed('exact', 'garbage', 'garbage')).toBe(false);
  });
});
