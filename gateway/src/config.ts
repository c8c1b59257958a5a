import { SUBGRAPH_NAMES, subgraphUrl, type Config, type SubgraphName } from '@tradesage/core';
import { WEB_APP_DIR, webAppBuilt } from './plugins/useWebApp.ts';

/**
 * Gateway settings that are not environment: limits and timeouts with their reasons, and the
 * subgraph URLs resolved once (explicit override, then core config).
 */

/**
 * Node flags of every process that runs the gateway (its `npm start`, the root `npm start`, the
 * bench's gateway processes; a test keeps the scripts in step). A 16 MB young-generation
 * semi-space instead of the 32 MB Node 24 picks on a large machine: about a tenth of what each
 * GraphQL request allocates outlives a scavenge, so a scavenge's pause grows with the space
 * (6–18 ms at 32 MB on the bench's machine, about half at 16). Measured in `npm run bench`:
 * every abusive document refused at p99 under 10 ms (four over it at 32 MB) and `/health` p99
 * under attack 16–18 ms (19–21), for about 8% more gateway CPU per request and 1–2% less
 * throughput on the federated `me` (bench/README.md).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=16']);

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
  /** The built web app (account pages, console) served from the gateway's origin; null: none. */
  readonly webAppDir: string | null;
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
  /** Another build of the web app to serve, or null for none. Default: `web/dist` when it is built. */
  webAppDir?: string | null;
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
    webAppDir: overrides.webAppDir === undefined ? (webAppBuilt() ? WEB_APP_DIR : null) : overrides.webAppDir,
  });
}
