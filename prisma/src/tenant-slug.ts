import { DataLayerError } from './errors.ts';

/** The tenant that platform admins belong to; created only by the internal bootstrap. */
export const PLATFORM_TENANT_SLUG = 'platform';

// Allowlist, not a blocklist: lowercase ASCII letters, digits and
// hyphens, starting with a letter and not ending in a hyphen, 3..63 bytes — safe in a DNS label,
// a URL path segment and a log line, and never mistaken for SQL.
const SLUG = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

// Names that would be confusing or dangerous as a tenant: Postgres' own schemas, our `control`
// schema, and the words routes and subdomains use. Refused even for the internal bootstrap.
const ALWAYS_RESERVED: ReadonlySet<string> = new Set([
  'public',
  'control',
  'information_schema',
  'admin',
  'api',
  'www',
  'root',
  'system',
  'graphql',
  'health',
]);

// Reserved for tenants the platform itself owns: only `allowReserved` (the bootstrap) may use them.
const PLATFORM_RESERVED: ReadonlySet<string> = new Set([PLATFORM_TENANT_SLUG]);

export interface ValidateTenantSlugOptions {
  /** Lets the internal bootstrap create `platform`. Never set from client input. */
  allowReserved?: boolean;
}

function isAlwaysReserved(slug: string): boolean {
  // Every `pg`-prefixed name is reserved the way Postgres reserves `pg_*` schema names.
  return ALWAYS_RESERVED.has(slug) || slug.startsWith('pg');
}

/** Returns the slug unchanged when it is acceptable, else throws a DataLayerError. */
export function validateTenantSlug(slug: string, options: ValidateTenantSlugOptions = {}): string {
  if (typeof slug !== 'string') {
    throw new DataLayerError('INVALID_SLUG', 'tenant slug must be a string');
  }
  // Reserved words are checked first so `pg_catalog` or `information_schema` say "reserved",
  // which is the more useful message, although they also fail the allowlist.
  if (isAlwaysReserved(slug) || (PLATFORM_RESERVED.has(slug) && options.allowReserved !== true)) {
    // The input is not echoed: a `pg`-prefixed slug can be arbitrary text of any length.
    throw new DataLayerError('RESERVED_SLUG', 'this tenant slug is reserved');
  }
  if (!SLUG.test(slug)) {
    throw new DataLayerError(
      'INVALID_SLUG',
      'tenant slug must be 3 to 63 characters of lowercase letters, digits and hyphens, start with a letter and end with a letter or digit',
    );
  }
  return slug;
}
