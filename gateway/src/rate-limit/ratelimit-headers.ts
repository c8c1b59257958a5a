import { RATE_LIMIT_WINDOW_SECONDS, type ScopeState } from './edge-rate-limiter.ts';

/**
 * The `RateLimit-Policy` and `RateLimit` response fields of the IETF draft "RateLimit header fields
 * for HTTP" (draft-ietf-httpapi-ratelimit-headers-10): Structured Field lists with one item per
 * budget the request was counted in, named by its scope.
 *
 *   RateLimit-Policy: "user";q=1200;w=60, "tenant";q=6000;w=60   (§3: quota q per window w seconds)
 *   RateLimit: "user";r=1187;t=42, "tenant";r=5803;t=17           (§4: r units left, t seconds until reset)
 *
 * No partition key (`pk`) is sent: it would carry a user or tenant id.
 */
export function rateLimitPolicyField(states: readonly ScopeState[]): string {
  return states.map((s) => `"${s.scope}";q=${s.limit};w=${RATE_LIMIT_WINDOW_SECONDS}`).join(', ');
}

export function rateLimitField(states: readonly ScopeState[]): string {
  return states
    .map((s) => {
      const reset = Math.ceil(s.msBeforeReset / 1000);
      return `"${s.scope}";r=${Math.max(0, s.limit - s.count)}${reset > 0 ? `;t=${reset}` : ''}`;
    })
    .join(', ');
}
