import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraph-names.ts';

/**
 * The process's Prometheus metrics (prom-client), one registry per process: `npm start` runs the
 * gateway and the four subgraphs in one process and exposes them all together; a subgraph run as
 * its own process counts what happens in it (the auth subgraph's failed logins, the session
 * subgraph's active sessions) and exposes that on its own `/metrics`.
 *
 * Labels take only values from closed sets: operation types, outcomes, subgraph names, route
 * patterns of our own code, and the reasons of closed unions (revocation reasons, login failure
 * reasons). Never a user or tenant id, an operation name (chosen by clients), a path or an address.
 */

/** The kind of operation, as the document says (`unknown` when it never parsed or resolved). */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** How a request ended: no error, a client's mistake or refusal (4xx codes), or ours (5xx, masked). */
export type RequestOutcome = 'success' | 'client_error' | 'server_error';

/** How one call to a subgraph ended. `circuit_open`: the breaker refused it without calling. */
export type SubgraphFetchOutcome = 'success' | 'http_error' | 'timeout' | 'network_error' | 'circuit_open';

/** What a rate limit counted when it refused a request. */
export type RateLimitScope = 'address' | 'user' | 'tenant' | 'login' | 'unusual_volume';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** The dependencies every process has, each behind its own breaker (runtime/dependency-breaker.ts). */
export type DependencyLabel = 'postgres' | 'redis';

export type SecuritySeverity = 'low' | 'medium' | 'high' | 'critical';

const OPERATION_TYPES: readonly OperationType[] = ['query', 'mutation', 'subscription', 'unknown'];
const OUTCOMES: readonly RequestOutcome[] = ['success', 'client_error', 'server_error'];
const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = ['address', 'user', 'tenant', 'login', 'unusual_volume'];
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half_open'];
const DEPENDENCIES: readonly DependencyLabel[] = ['postgres', 'redis'];

/** Seconds; from 5 ms (a cached `me`) to 15 s (the subgraph timeout). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** The series of this registry and what each says (Prometheus HELP). */
const HELP = {
  tradesage_http_request_duration_seconds: 'HTTP requests at the gateway, by route pattern, method and status code',
  tradesage_graphql_request_duration_seconds: 'GraphQL operations at the gateway, by operation type and outcome',
  tradesage_subgraph_fetch_duration_seconds: 'Calls from the gateway to a subgraph, by subgraph and outcome',
  tradesage_rate_limit_rejections_total: 'Requests refused by a rate limit, by what was counted',
  tradesage_circuit_breaker_state: "1 for each subgraph's current breaker state, 0 for the others",
  tradesage_dependency_breaker_state:
    "1 for the current state of each dependency's breaker (postgres, redis) in this process, 0 for the others",
  tradesage_login_failures_total:
    'Failed sign-ins, by the reason the audit log keeps (clients always see INVALID_CREDENTIALS)',
  tradesage_account_lockouts_total: 'Accounts locked after consecutive failed sign-ins',
  tradesage_refresh_token_reuse_total:
    'Spent refresh tokens presented again after the reuse leeway (the session is ended)',
  tradesage_session_revocations_total: 'Sessions ended before their expiry, by reason',
  tradesage_security_events_total:
    'Security events detected and answered (brute force, unusual API volume), by kind and severity',
  tradesage_oidc_token_requests_total:
    "Requests to the OpenID Connect providers' token endpoints, by grant type and outcome (ok, or the OAuth error)",
} as const;

/** A reason label from one of our closed unions; anything else (a bug, never input) becomes `other`. */
const REASON = /^[a-z][a-z0-9_]{0,39}$/;
function reasonLabel(reason: string): string {
  return REASON.test(reason) ? reason : 'other';
}

/** How long a count of active sessions is reused: scrapes every few seconds must not count every tenant each time. */
const ACTIVE_SESSIONS_CACHE_MS = 30_000;

export class Metrics {
  readonly registry = new Registry();
  #defaultsCollected = false;
  #activeSessions: { source: () => Promise<number>; value: number; at: number } | undefined;

  readonly #httpDuration = this.#timing('tradesage_http_request_duration_seconds', ['route', 'method', 'code']);
  readonly #graphqlDuration = this.#timing('tradesage_graphql_request_duration_seconds', ['operation_type', 'outcome']);
  readonly #subgraphFetchDuration = this.#timing('tradesage_subgraph_fetch_duration_seconds', ['subgraph', 'outcome']);
  readonly #rateLimitRejections = this.#counter('tradesage_rate_limit_rejections_total', ['scope']);
  readonly #breakerState = new Gauge({
    name: 'tradesage_circuit_breaker_state',
    help: HELP.tradesage_circuit_breaker_state,
    labelNames: ['subgraph', 'state'] as const,
    registers: [this.registry],
  });
  readonly #dependencyBreakerState = new Gauge({
    name: 'tradesage_dependency_breaker_state',
    help: HELP.tradesage_dependency_breaker_state,
    labelNames: ['dependency', 'state'] as const,
    registers: [this.registry],
  });
  readonly #loginFailures = this.#counter('tradesage_login_failures_total', ['reason']);
  readonly #lockouts = this.#counter('tradesage_account_lockouts_total', ['permanent']);
  readonly #refreshReuse = this.#counter('tradesage_refresh_token_reuse_total', []);
  readonly #revocations = this.#counter('tradesage_session_revocations_total', ['reason']);
  readonly #securityEvents = this.#counter('tradesage_security_events_total', ['kind', 'severity']);
  readonly #oidcTokenRequests = this.#counter('tradesage_oidc_token_requests_total', ['grant_type', 'outcome']);

  constructor() {
    // Every series a dashboard or an alert rule reads exists from the start, at 0.
    for (const type of OPERATION_TYPES)
      for (const outcome of OUTCOMES) this.#graphqlDuration.zero({ operation_type: type, outcome });
    for (const scope of RATE_LIMIT_SCOPES) this.#rateLimitRejections.inc({ scope }, 0);
    for (const subgraph of SUBGRAPH_NAMES) this.breakerState(subgraph, 'closed');
    for (const dependency of DEPENDENCIES) this.dependencyBreakerState(dependency, 'closed');
    this.#refreshReuse.inc(0);
  }

  /** One HTTP request at the gateway; `route` is the pattern of our route (`/graphql`), never the raw path. */
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    this.#httpDuration.observe({ route, method: methodLabel(method), code: String(status) }, seconds);
  }

  graphqlRequest(operationType: OperationType, outcome: RequestOutcome, seconds: number): void {
    this.#graphqlDuration.observe({ operation_type: operationType, outcome }, seconds);
  }

  subgraphFetch(subgraph: SubgraphName, outcome: SubgraphFetchOutcome, seconds: number): void {
    this.#subgraphFetchDuration.observe({ subgraph, outcome }, seconds);
  }

  /** A request a rate limit refused (`count` > 1 when one refusal stands for several). */
  rateLimitRejected(scope: RateLimitScope, count = 1): void {
    this.#rateLimitRejections.inc({ scope }, count);
  }

  /** The subgraph's breaker is now in `state`: that series becomes 1, the other states 0. */
  breakerState(subgraph: SubgraphName, state: BreakerState): void {
    for (const each of BREAKER_STATES) this.#breakerState.set({ subgraph, state: each }, each === state ? 1 : 0);
  }

  /** The dependency's breaker is now in `state` (its `onStateChange`): that series becomes 1, the other states 0. */
  dependencyBreakerState(dependency: DependencyLabel, state: BreakerState): void {
    for (const each of BREAKER_STATES)
      this.#dependencyBreakerState.set({ dependency, state: each }, each === state ? 1 : 0);
  }

  /**
   * Reports the breakers of `dependencies` (a runtime's) from now on, starting with their state
   * now; returns the function that stops it. Called by whatever serves this process's `/metrics`.
   */
  reportDependencyBreakers(
    dependencies: Readonly<
      Record<
        DependencyLabel,
        { readonly state: BreakerState; onStateChange(listener: (state: BreakerState) => void): () => void }
      >
    >,
  ): () => void {
    const stops = DEPENDENCIES.map((dependency) => {
      const breaker = dependencies[dependency];
      this.dependencyBreakerState(dependency, breaker.state);
      return breaker.onStateChange((state) => this.dependencyBreakerState(dependency, state));
    });
    return () => stops.forEach((stop) => stop());
  }

  /** A failed sign-in; `reason` is one of the login service's closed set of reasons. */
  loginFailed(reason: string): void {
    this.#loginFailures.inc({ reason: reasonLabel(reason) });
  }

  accountLocked(permanent: boolean): void {
    this.#lockouts.inc({ permanent: String(permanent) });
  }

  refreshTokenReused(): void {
    this.#refreshReuse.inc();
  }

  /** A token endpoint request: its grant type (known ones only) and `ok` or its OAuth error code. */
  oidcTokenRequest(grantType: string, outcome: string): void {
    this.#oidcTokenRequests.inc({ grant_type: reasonLabel(grantType), outcome: reasonLabel(outcome) });
  }

  /** Sessions ended for `reason` (one of RevocationReason). */
  sessionsRevoked(reason: string, count: number): void {
    if (count > 0) this.#revocations.inc({ reason: reasonLabel(reason) }, count);
  }

  securityEvent(kind: string, severity: SecuritySeverity): void {
    this.#securityEvents.inc({ kind: reasonLabel(kind), severity });
  }

  /**
   * Where the active-session count comes from: set by the process that serves sessions (the
   * session subgraph, alone or in `npm start`). Elsewhere the gauge is not reported.
   */
  countActiveSessionsWith(source: () => Promise<number>): void {
    const first = this.#activeSessions === undefined;
    this.#activeSessions = { source, value: 0, at: Number.NEGATIVE_INFINITY };
    if (!first) return;
    const count = () => this.#countActiveSessions();
    new Gauge({
      name: 'tradesage_active_sessions',
      help: 'Sessions neither revoked nor expired, over every tenant (counted at most every 30 s)',
      registers: [this.registry],
      async collect() {
        this.set(await count());
      },
    });
  }

  /** The exposition text, with Node's process metrics (CPU, memory, event loop delay, GC). */
  async exposition(): Promise<{ contentType: string; body: string }> {
    if (!this.#defaultsCollected) {
      this.#defaultsCollected = true;
      // Only once something scrapes: a process nobody scrapes pays nothing for them.
      collectDefaultMetrics({ register: this.registry });
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #timing<L extends string>(name: keyof typeof HELP, labelNames: readonly L[]): Histogram<L> {
    return new Histogram({ name, help: HELP[name], labelNames, buckets: DURATION_BUCKETS, registers: [this.registry] });
  }

  #counter<L extends string>(name: keyof typeof HELP, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help: HELP[name], labelNames, registers: [this.registry] });
  }

  /** The cached count; a failed count keeps the last one (a scrape must not fail for it) until the next try. */
  async #countActiveSessions(): Promise<number> {
    const active = this.#activeSessions;
    if (!active) return 0;
    if (Date.now() - active.at >= ACTIVE_SESSIONS_CACHE_MS) {
      active.at = Date.now();
      active.value = await active.source().catch(() => active.value);
    }
    return active.value;
  }
}

function methodLabel(method: string): string {
  return ['GET', 'POST', 'OPTIONS', 'HEAD'].includes(method) ? method : 'other';
}

/** This process's metrics: every service in it counts here, `/metrics` shows them. */
export const metrics = new Metrics();
