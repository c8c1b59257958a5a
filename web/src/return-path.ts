/**
 * Where a page may send a person back to after signing in (`?next=`): a path of this origin only.
 * Anything else (another origin, `//host` or `/\host`, which browsers read as another origin, a
 * `javascript:` URL) falls back, so a link cannot turn the sign-in into an open redirect (ASVS
 * 5.1.5). React Router hands a path it cannot push to `location.assign`, so this is the only check.
 */
export function safeReturnPath(
  value: string | null | undefined,
  fallback: string,
  origin: string = window.location.origin,
): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  try {
    const url = new URL(value, origin);
    if (url.origin !== origin) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
