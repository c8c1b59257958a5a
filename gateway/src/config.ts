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
  /** Keep-alive connections to each subgraph; further calls wait in the gateway (no connect storms). */
  readonly subgraphMaxSockets: number;
  /** Each readiness probe gets this long; a hung dependency counts as down. */
  readonly readinessTimeoutMs: number;
  /** Readiness answers are reused this long so /health/ready cannot be used to fan out load. */
  readonly readinessCacheMs: number;
  /** Express `trust proxy`: which hops may set X-Forwarded-For. `false`: the socket's peer is the client. */
  readonly trustProxy: boolean | number | string;
}

/** What a caller of createGateway may set instead of the defaults and config. */
export interface GatewayOverrides {
  /** Wins over the URLs from config, per subgraph (tests and `npm start` use ephemeral ports). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  subgraphCalls?: Config['subgraphCalls'];
  readinessTimeoutMs?: number;
  readinessCacheMs?: number;
  trustProxy?: boolean | number | string;
}

export function gatewaySettings(config: Config, overrides: GatewayOverrides = {}): GatewaySettings {
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, overrides.subgraphUrls?.[name] ?? subgraphUrl(config, name)]),
  ) as Record<SubgraphName, string>;
  return Object.freeze({
    subgraphUrls: Object.freeze(subgraphUrls),
    bodyLimit: config.bodyLimits.gatewayBytes,
    subgraphCalls: overrides.subgraphCalls ?? config.subgraphCalls,
    subgraphMaxSockets: 64,
    readinessTimeoutMs: overrides.readinessTimeoutMs ?? 1_500,
    readinessCacheMs: overrides.readinessCacheMs ?? 1_000,
    trustProxy: overrides.trustProxy ?? config.trustProxy,
  });
}
