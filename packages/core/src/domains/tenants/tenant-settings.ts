import { z } from 'zod';

/**
 * A tenant's settings (control.tenants.settings, JSON). Every key has a secure default, so a
 * tenant stores only what it changes; parsing fills in the rest. Bounds keep a tenant from
 * choosing an insecure value (e.g. passwords shorter than NIST SP 800-63B's 8).
 */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const tenantSettingsSchema = z.object({
  passwordPolicy: z
    .object({
      /** NIST SP 800-63B-4: at least 8; our default 12. Counted in Unicode code points. */
      minLength: z.number().int().min(8).max(64).default(12),
      /** Composition rules are off by default (NIST advises against them); a tenant may turn them on. */
      requireUppercase: z.boolean().default(false),
      requireLowercase: z.boolean().default(false),
      requireDigit: z.boolean().default(false),
      requireSymbol: z.boolean().default(false),
    })
    .prefault({}),
  lockout: z
    .object({
      /** Consecutive failures that lock the account (then 1 min, 5 min, 30 min, 24 h, permanent). */
      threshold: z.number().int().min(3).max(20).default(5),
    })
    .prefault({}),
  sessions: z
    .object({
      /** Absolute lifetime of a session and its refresh tokens. */
      refreshTokenTtlDays: z.number().int().min(1).max(90).default(30),
      /** A session unused for this long ends (refresh refused). */
      idleTimeoutMinutes: z.number().int().min(5).max(43_200).default(10_080),
      /** Sessions one user may hold at once; null: no limit. Enforced where sessions start (auth). */
      maxConcurrent: z.number().int().min(1).max(1000).nullable().default(null),
      /**
       * Binds a session to the address it started from: off; subnet (same /24 for IPv4, /64 for
       * IPv6); exact. Checked at the gateway; a change takes effect within 30 s (settings cache).
       */
      ipBinding: z.enum(['off', 'subnet', 'exact']).default('off'),
      /**
       * Seconds after a refresh token was rotated during which presenting it again returns a new
       * pair for the same session instead of ending it (a response lost on the way, two tabs
       * refreshing at once), as Okta's rotation grace period (0-60 s) and Auth0's reuse interval
       * do. Past it, reuse ends the session (RFC 9700 §4.14.2). 0: every reuse ends the session.
       */
      refreshReuseLeewaySeconds: z.number().int().min(0).max(60).default(30),
    })
    .prefault({}),
  signup: z
    .object({
      /** invite_only: an admin invites; self_service: anyone with an allowed address may sign up. */
      mode: z.enum(['invite_only', 'self_service']).default('invite_only'),
      /** Empty: any domain. Otherwise sign-up and invitations are limited to these domains. */
      allowedEmailDomains: z.array(z.string().toLowerCase().regex(DOMAIN)).max(100).default([]),
    })
    .prefault({}),
  mfa: z
    .object({
      /**
       * off: no second factor is asked for or can be enrolled; optional: users may enrol one, and
       * then every sign-in asks for it; required: every user must have one (see
       * `enrolmentGraceDays`). NIST SP 800-63B-4 AAL2 needs two factors.
       */
      mode: z.enum(['off', 'optional', 'required']).default('optional'),
      /** With `optional`: users holding any of these roles are treated as under `required`. */
      requiredForRoles: z
        .array(z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/))
        .max(50)
        .default([]),
      /**
       * Factors users may enrol and sign in with. Email and SMS codes are weaker (NIST SP
       * 800-63B-4: email is not an out-of-band authenticator; SMS is restricted), so neither is
       * allowed unless the tenant adds it.
       */
      allowedFactors: z
        .array(z.enum(['totp', 'passkey', 'recovery_code', 'email', 'sms']))
        .max(5)
        .default(['totp', 'passkey', 'recovery_code'])
        .refine((factors) => new Set(factors).size === factors.length, 'lists a factor twice')
        // OWASP ASVS 5.0 6.6.1: codes by SMS or email only beside a stronger factor users can choose.
        .refine(
          (factors) =>
            !(factors.includes('sms') || factors.includes('email')) ||
            factors.includes('totp') ||
            factors.includes('passkey'),
          'email and SMS codes need a stronger factor allowed beside them (totp or passkey)',
        ),
      /**
       * Days a user without a second factor, once one is required of them, may still sign in to
       * enrol one (and do nothing else), counted from their first such sign-in. Past it they cannot
       * sign in until an admin resets their MFA, which starts a new grace period.
       */
      enrolmentGraceDays: z.number().int().min(1).max(90).default(7),
      /** TOTP steps of 30 s accepted either side of now (clock drift); 0: the current step only. */
      totpWindow: z.number().int().min(0).max(1).default(1),
      /** Sensitive operations need a sign-in (or step-up) at most this old, with the second factor if the user has one. */
      stepUpMaxAgeMinutes: z.number().int().min(1).max(60).default(10),
      /** "Remember this device" skips the second factor on that browser this long; 0: not offered. */
      trustedDeviceDays: z.number().int().min(0).max(90).default(30),
    })
    .prefault({}),
  apiKeys: z
    .object({
      /**
       * Longest lifetime an API key may be given, in days (every key has an expiry, as GitHub's
       * fine-grained tokens). The platform's cap is 366.
       */
      maxLifetimeDays: z.number().int().min(1).max(366).default(90),
    })
    .prefault({}),
  rateLimits: z
    .object({
      /**
       * GraphQL requests per minute for the whole tenant (an operation weighs its root fields),
       * counted at the gateway in Redis, so every gateway instance shares the budget.
       */
      requestsPerMinute: z.number().int().min(60).max(1_000_000).default(6000),
      /**
       * Sign-in attempts per minute from one client address into this tenant, enforced by the auth
       * subgraph's login throttle: each counts before its password is hashed, and a successful one
       * is given back (so it limits failures, and bursts as they arrive).
       */
      loginAttemptsPerMinute: z.number().int().min(1).max(1000).default(20),
    })
    .prefault({}),
});

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = Object.freeze(tenantSettingsSchema.parse({}));

/**
 * Settings as stored, with defaults filled in. Stored settings were validated on write; one
 * that no longer parses (a bug or a hand edit) is an error, never silently replaced by defaults.
 */
export function parseTenantSettings(stored: unknown): TenantSettings {
  return tenantSettingsSchema.parse(stored ?? {});
}

/**
 * A refused setting: `path` is the dotted key (`passwordPolicy.minLength`), `message` says why.
 */
export interface SettingsFieldError {
  readonly path: string;
  readonly message: string;
}

export type SettingsPatchResult =
  | { readonly ok: true; readonly stored: Record<string, unknown>; readonly settings: TenantSettings }
  | { readonly ok: false; readonly fields: readonly SettingsFieldError[] };

/**
 * Applies a partial update to the stored settings. Objects merge key by key, arrays and values
 * replace, and `null` removes a key so it falls back to its default. The result is validated as a
 * whole and every refused field is reported, not only the first. What is stored stays sparse (only
 * what the tenant chose), so a default improved later reaches every tenant that never changed it.
 */
export function applyTenantSettingsPatch(
  stored: unknown,
  patch: Readonly<Record<string, unknown>>,
): SettingsPatchResult {
  const base = isRecord(stored) ? stored : {};
  const merged = mergePatch(base, patch);
  const parsed = tenantSettingsSchema.safeParse(merged);
  const fields: SettingsFieldError[] = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || '(settings)',
          message: issue.message,
        }))),
  ];
  if (!parsed.success || fields.length > 0) return { ok: false, fields };
  return { ok: true, stored: merged, settings: parsed.data };
}

function mergePatch(
  base: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(patch)])) {
    // Settings keys are plain words; these would reach Object.prototype through assignment.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const value = Object.hasOwn(patch, key) ? patch[key] : undefined;
    const kept = base[key];
    if (value === undefined) {
      if (kept !== undefined) result[key] = kept;
    } else if (isRecord(value)) {
      const nested = mergePatch(isRecord(kept) ? kept : {}, value);
      if (Object.keys(nested).length > 0) result[key] = nested;
    } else if (value !== null) {
      result[key] = value;
    }
    // null: the key is dropped, so it falls back to its default.
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
