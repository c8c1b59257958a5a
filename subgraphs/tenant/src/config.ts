import type { Config } from '@tradesage/core';

/** First purge run shortly after start, so a restarted fleet does not wait a whole interval. */
export const PURGE_FIRST_RUN_DELAY_MS = 60_000;

/** Tenants purged per run: bounds how long the job holds its lock. */
export const PURGE_BATCH_SIZE = 20;

/**
 * Host names the platform itself answers on (the web app and the token issuer): no tenant may
 * claim them, or a name under them, as its custom domain.
 */
export function platformHosts(config: Config): string[] {
  const hosts = new Set<string>();
  for (const url of [config.mail.appUrl, config.tokens.issuer]) {
    try {
      hosts.add(new URL(url).hostname.toLowerCase());
    } catch {
      // The issuer is any string to JWT; only URL-shaped ones name a host.
      continue;
    }
  }
  return [...hosts];
}
