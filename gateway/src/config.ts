import { SUBGRAPH_NAMES, subgraphUrl, type Config, type SubgraphName } from '@tradesage/core';

/**
 * Gateway settings that are not environment: limits and timeouts with their reasons, and the
 * subgraph URLs resolved once (explicit override, then core config).
 */

export interface GatewaySettings {
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** Largest accepted JSON body, in bytes (GRAPHQL_MAX_BODY_BYTES). Operations are small; a large body is an attack or a bug. */
  readonly bodyLimit: number;
  /** Each subgraph's deadline, circuit breaker and retries (SubgraphResilience), from config. */
  readonly subgraphCalls: Config['subgraphCalls'];
  /** Validation stops after this many errors: a client needs the first few, not a hundred. */
  readonly maxValidationErrors: number;
  /** Keep-alive connections to each subgraph; further calls wait in the gateway (no connect storms). */
  readonly subgraphMaxSockets: number;
  /** Each readiness probe gets this long; a hung dependency counts as down. */
  readonly readinessTimeoutMs: number;
  /** Readiness answers are reused this long so /health/ready cannot be used to fan out load. */
  readonly readinessCacheMs: number;
  /** Express `trust proxy`: which hops may set X-Forwarded-For. `false`: the socket's peer is the client. */
  readonly trustProxy: boolean | number | string;
  readonly features: EdgeFeatures;
}

/**
 * Edge features that can be left out of a gateway built in code, so a benchmark can measure what
 * each costs against the same gateway without it. All on by default; no environment setting turns
 * one off, so a deployed gateway always has them.
 */
export interface EdgeFeatures {
  /** Request budgets per address, user and tenant (useRateLimits). */
  readonly rateLimits: boolean;
  /**
   * Request, operation and subgraph-call timings for /metrics (useHttpMetrics, useGraphQLMetrics,
   * observedFetcher's timing); without them a trace also loses the operation's type and outcome,
   * which useGraphQLMetrics puts on the span. Tracing itself is on when OTEL_EXPORTER_OTLP_ENDPOINT is set.
   */
  readonly metrics: boolean;
}

/** What a caller of createGateway may set instead of the defaults and config. */
export interface GatewayOverrides {
  /** Wins over the URLs from config, per subgraph (tests and `npm start` use ephemeral ports). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  subgraphCalls?: Config['subgraphCalls'];
  readinessTimeoutMs?: number;
  readinessCacheMs?: number;
  trustProxy?: boolean | number | string;
  /** Benchmarks only: features to leave out (see EdgeFeatures). */
  features?: Partial<EdgeFeatures>;
}

export function gatewaySettings(config: Config, overrides: GatewayOverrides = {}): GatewaySettings {
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, overrides.subgraphUrls?.[name] ?? subgraphUrl(config, name)]),
  ) as Record<SubgraphName, string>;
  return Object.freeze({
    subgraphUrls: Object.freeze(subgraphUrls),
    bodyLimit: config.bodyLimits.gatewayBytes,
    subgraphCalls: overrides.subgraphCalls ?? config.subgraphCalls,
    maxValidationErrors: 20,
    subgraphMaxSockets: 64,
    readinessTimeoutMs: overrides.readinessTimeoutMs ?? 1_500,
    readinessCacheMs: overrides.readinessCacheMs ?? 1_000,
    trustProxy: overrides.trustProxy ?? config.trustProxy,
    features: Object.freeze({
      rateLimits: overrides.features?.rateLimits ?? true,
      metrics: overrides.features?.metrics ?? true,
    }),
  });
}
