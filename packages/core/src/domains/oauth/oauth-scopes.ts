import { isKnownPermission, isPlatformPermission } from '@tradesage/prisma';

/** OpenID Connect scopes the provider knows, besides the API's permission scopes. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'] as const;

/** Claims each OpenID Connect scope releases (OpenID Connect Core §5.4). */
export const OIDC_SCOPE_CLAIMS = {
  // How and when the user signed in, and the sign-in's id, in every ID token (OpenID Connect Core §2).
  openid: ['sub', 'acr', 'amr', 'auth_time', 'sid'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale', 'zoneinfo', 'updated_at'],
  email: ['email', 'email_verified'],
} as const;

/** An API scope: a tenant permission of the catalogue (platform permissions are never delegated). */
export function isApiScope(scope: string): boolean {
  return isKnownPermission(scope) && !isPlatformPermission(scope);
}

/** A scope a client may be registered with. */
export function isRegistrableScope(scope: string): boolean {
  return (OIDC_SCOPES as readonly string[]).includes(scope) || isApiScope(scope);
}

/** The API scopes among `scopes` (a space-separated string or a list). */
export function apiScopesOf(scopes: string | Iterable<string> | undefined): string[] {
  if (scopes === undefined) return [];
  const list = typeof scopes === 'string' ? scopes.split(' ') : [...scopes];
  return [...new Set(list.filter(isApiScope))];
}

/** OpenID Connect scopes among `scopes`. */
export function oidcScopesOf(scopes: string | Iterable<string> | undefined): string[] {
  if (scopes === undefined) return [];
  const list = typeof scopes === 'string' ? scopes.split(' ') : [...scopes];
  return [...new Set(list.filter((scope) => (OIDC_SCOPES as readonly string[]).includes(scope)))];
}
