import { useQuery } from '@tanstack/react-query';
import { TenantForDomainDocument } from '@tradesage/client';
import { api } from './api.ts';

/**
 * Which organisation (tenant) a public page is for: the one whose custom domain the page is served
 * at (useDomainTenant); else `?tenant=` in the link, else the one this browser last signed in to.
 * A person may type the slug or the organisation's custom domain.
 */
const LAST_TENANT = 'tradesage.lastTenant';

export function tenantHint(params: URLSearchParams): string {
  const named = params.get('tenant');
  if (named) return named;
  return safeStorage()?.getItem(LAST_TENANT) ?? '';
}

export function rememberTenant(tenant: string): void {
  safeStorage()?.setItem(LAST_TENANT, tenant);
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A host that may be a tenant's custom domain: a DNS name with a dot, not an IP address. */
function customDomainCandidate(host: string): boolean {
  return host.includes('.') && !/^[\d.]+$/.test(host) && !host.includes(':');
}

/**
 * The tenant whose custom domain this page is served at: `{ slug, name }`, null on the platform's
 * own host (or a domain no active tenant has), undefined while asking.
 */
export function useDomainTenant(): { slug: string; name: string } | null | undefined {
  const host = window.location.hostname.toLowerCase();
  const candidate = customDomainCandidate(host);
  const query = useQuery({
    queryKey: ['tenantForDomain', host],
    queryFn: ({ signal }) => api.request(TenantForDomainDocument, { domain: host }, { signal }),
    enabled: candidate,
    staleTime: Infinity,
  });
  if (!candidate || query.isError) return null;
  return query.isPending ? undefined : (query.data?.tenantForDomain ?? null);
}
