import { describe, expect, it } from 'vitest';
import type { ScopeState } from './edge-rate-limiter.ts';
import { rateLimitField, rateLimitPolicyField } from './ratelimit-headers.ts';

const state = (scope: ScopeState['scope'], limit: number, count: number, msBeforeReset: number): ScopeState => ({
  scope,
  limit,
  count,
  msBeforeReset,
  exceeded: count > limit,
  first: false,
});

describe('RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10)', () => {
  it('name one policy per budget with its quota and window', () => {
    expect(rateLimitPolicyField([state('user', 1200, 13, 41_200), state('tenant', 6000, 197, 16_001)])).toBe(
      '"user";q=1200;w=60, "tenant";q=6000;w=60',
    );
  });

  it('say what is left and the seconds until the window resets, rounded up, never below 0 left', () => {
    expect(rateLimitField([state('user', 1200, 13, 41_200), state('tenant', 60, 75, 16_001)])).toBe(
      '"user";r=1187;t=42, "tenant";r=0;t=17',
    );
  });

  it('leave the reset out when nothing was counted', () => {
    expect(rateLimitField([state('address', 300, 0, 0)])).toBe('"address";r=300');
  });
});
