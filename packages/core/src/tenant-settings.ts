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
