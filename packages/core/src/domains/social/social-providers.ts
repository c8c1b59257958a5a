import type { SocialEndpointOverrides } from '../../runtime/config.ts';

/** The providers a tenant may connect: three OpenID Connect providers and GitHub (OAuth 2.0). */
export const SOCIAL_PROVIDERS = ['google', 'microsoft', 'linkedin', 'github'] as const;
export type SocialProvider = (typeof SOCIAL_PROVIDERS)[number];

export function isSocialProvider(value: unknown): value is SocialProvider {
  return typeof value === 'string' && (SOCIAL_PROVIDERS as readonly string[]).includes(value);
}

/** Entra ID's multi-tenant audience: any work or school account, never a personal one. */
export const ENTRA_ORGANIZATIONS = 'organizations';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An Entra connection's tenant: `organizations` or one directory's GUID (lowercase); null when neither. */
export function entraTenantOf(value: string | null | undefined): string | null {
  const tenant = value?.trim().toLowerCase() ?? '';
  return tenant === ENTRA_ORGANIZATIONS || GUID.test(tenant) ? tenant : null;
}

/** Where a provider is reached: an OpenID Connect issuer (discovery), or GitHub's three endpoints. */
export type Upstream =
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      /**
       * Entra ID signed in through `organizations`: the ID token's `iss` must be the issuer of its
       * own directory, `<authority>/<tid>/v2.0` (Microsoft's multi-tenant validation).
       */
      readonly issuerOfTenant: ((tid: string) => string) | null;
    }
  | {
      readonly kind: 'github';
      readonly issuer: string;
      readonly authorize: string;
      readonly token: string;
      readonly api: string;
    };

const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';

/**
 * The real endpoints of each provider unless the operator's SOCIAL_PROVIDER_ENDPOINTS names
 * others (config.ts): a tenant's connection chooses only its client and, for Entra ID, which
 * directories, never a URL, so no tenant can make the server fetch an address of its choosing.
 */
export function upstreamOf(
  provider: SocialProvider,
  overrides: SocialEndpointOverrides,
  microsoftTenant: string | null,
): Upstream {
  switch (provider) {
    case 'google':
      return { kind: 'oidc', issuer: overrides.google ?? 'https://accounts.google.com', issuerOfTenant: null };
    case 'linkedin':
      return { kind: 'oidc', issuer: overrides.linkedin ?? 'https://www.linkedin.com/oauth', issuerOfTenant: null };
    case 'microsoft': {
      const authority = overrides.microsoft ?? MICROSOFT_AUTHORITY;
      const tenant = entraTenantOf(microsoftTenant) ?? ENTRA_ORGANIZATIONS;
      return {
        kind: 'oidc',
        issuer: `${authority}/${tenant}/v2.0`,
        issuerOfTenant: tenant === ENTRA_ORGANIZATIONS ? (tid) => `${authority}/${tid}/v2.0` : null,
      };
    }
    case 'github': {
      const github = overrides.github;
      return {
        kind: 'github',
        // GitHub has no issuer: its identities are told apart from others' by its web origin.
        issuer: github ? new URL(github.authorize).origin : 'https://github.com',
        authorize: github?.authorize ?? 'https://github.com/login/oauth/authorize',
        token: github?.token ?? 'https://github.com/login/oauth/access_token',
        api: github?.api ?? 'https://api.github.com',
      };
    }
    default: {
      const unreachable: never = provider;
      throw new Error(`unknown provider ${String(unreachable)}`);
    }
  }
}

/** The scopes asked of each provider: identity and a verified address, nothing more. */
export function scopesOf(provider: SocialProvider): string {
  return provider === 'github' ? 'read:user user:email' : 'openid email profile';
}
