/**
 * Which organisation (tenant) a public page is for: `?tenant=` in the link, else the one this
 * browser last signed in to. A person may type the slug or the organisation's custom domain.
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
