import type { Secret } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { SecuritySeverity } from './metrics.ts';

/**
 * What the alert webhook receives (POST, `application/json`), one security event per request.
 * Identifiers and counts only: never a password, a token, a cookie or a header of the request.
 */
export interface SecurityAlert {
  /** `tradesage.security_event`: lets one receiver tell our alerts from others. */
  readonly type: 'tradesage.security_event';
  /** `brute_force`, `unusual_api_volume`. */
  readonly kind: string;
  readonly severity: SecuritySeverity;
  /** ISO 8601. */
  readonly at: string;
  /** The process that saw it (`tradesage`, `gateway`, `subgraph-auth`, ...). */
  readonly service: string;
  readonly requestId: string | null;
  /** Null when the event belongs to no tenant (attempts against a tenant that does not exist). */
  readonly tenantId: string | null;
  readonly userId: string | null;
  /** The client address the event is about. */
  readonly ip: string | null;
  /** What was done about it. */
  readonly response: { readonly action: 'address_blocked' | 'user_throttled'; readonly seconds: number };
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/** Alerts in flight at once; beyond, new ones are dropped (and logged) rather than piling up during a storm. */
const MAX_IN_FLIGHT = 50;
const TIMEOUT_MS = 5_000;

/**
 * Sends security alerts to `SECURITY_ALERT_WEBHOOK_URL` in the background: the request that
 * raised one never waits for it and never fails because of it. A failed or slow delivery is
 * logged (without the URL, which often carries the receiver's key) and not retried.
 */
export class AlertWebhook {
  readonly #url: Secret | undefined;
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(url: Secret | undefined, logger: Logger) {
    this.#url = url;
    this.#logger = logger;
  }

  get configured(): boolean {
    return this.#url !== undefined;
  }

  send(alert: SecurityAlert): void {
    if (!this.#url) return;
    if (this.#inFlight.size >= MAX_IN_FLIGHT) {
      this.#logger.warn({ kind: alert.kind, requestId: alert.requestId }, 'security alert dropped: too many in flight');
      return;
    }
    const delivery = this.#deliver(this.#url.reveal(), alert).finally(() => this.#inFlight.delete(delivery));
    this.#inFlight.add(delivery);
  }

  /** Waits for the deliveries under way (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #deliver(url: string, alert: SecurityAlert): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'tradesage-security-alerts' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (!response.ok)
        this.#logger.warn(
          { kind: alert.kind, requestId: alert.requestId, status: response.status },
          'security alert refused by the webhook',
        );
    } catch (error) {
      this.#logger.warn(
        { kind: alert.kind, requestId: alert.requestId, err: error instanceof Error ? error.name : 'error' },
        'security alert not delivered',
      );
    }
  }
}
