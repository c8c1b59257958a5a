import fs from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  isSubgraphName,
  SUBGRAPH_NAMES,
  type PublicJwk,
  type Runtime,
  ensureBody,
  findAppError,
  jsonErrorHandler,
  METRICS_PATH,
  metrics,
  metricsEndpoint,
  notFoundHandler,
  OidcProviders,
  operationGuards,
  requestScope,
  sendGraphQLError,
  serveGraphQL,
  SocialSignIn,
} from '@tradesage/core';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createGatewayContext, type GatewayContext } from './context.ts';
import { gatewaySettings, type GatewayOverrides, type GatewaySettings } from './config.ts';
import { formatGatewayError } from './format-error.ts';
import { observedFetcher } from './observed-fetcher.ts';
import { useErrorLogging } from './plugins/useErrorLogging.ts';
import { EXPLORER_PATH, useExplorer } from './plugins/useExplorer.ts';
import { useOperatorAccess } from './plugins/useOperatorAccess.ts';
import { useRateLimits } from './plugins/useRateLimits.ts';
import { requestIdOf, useRequestId } from './plugins/useRequestId.ts';
import { useRequestLogging } from './plugins/useRequestLogging.ts';
import { sandboxPage, useSecurityHeaders } from './plugins/useSecurityHeaders.ts';
import { useCors } from './plugins/useCors.ts';
import { useGraphQLMetrics } from './plugins/useGraphQLMetrics.ts';
import { useHttpMetrics } from './plugins/useHttpMetrics.ts';
import { useSecurityMonitoring } from './plugins/useSecurityMonitoring.ts';
import { useServiceUnavailable } from './plugins/useServiceUnavailable.ts';
import { useSetCookieRelay } from './plugins/useSetCookieRelay.ts';
import { useOidcProvider } from './plugins/useOidcProvider.ts';
import { useSocialSignIn } from './plugins/useSocialSignIn.ts';
import { useWebApp } from './plugins/useWebApp.ts';
import { CLIENT_SDK_MANIFEST, loadTrustedDocuments, useTrustedDocuments } from './plugins/useTrustedDocuments.ts';
import {
  breakerProbe,
  createHealthDetails,
  createReadinessCheck,
  httpHealthProbe,
  type HealthBreakers,
  type Probe,
} from './readiness.ts';
import { SubgraphResilience } from './resilience/subgraph-resilience.ts';
import { EdgeRateLimiter } from './rate-limit/edge-rate-limiter.ts';
import { fetcherWithTimeout, SubgraphDataSource } from './subgraph-data-source.ts';
import { pooledSubgraphFetch } from './subgraph-http.ts';
import { UnusualVolumeDetector } from './security/unusual-volume.ts';

/** Composed at build time (`npm run compose`); its subgraph URLs are placeholders. */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

const GRAPHQL_PATH = '/graphql';

export type { EdgeFeatures } from './config.ts';
export { GATEWAY_NODE_FLAGS } from './config.ts';
export { WEB_APP_CSP, webAppBuilt } from './plugins/useWebApp.ts';

export interface GatewayOptions extends GatewayOverrides {
  /** Defaults to gateway/supergraph.graphql. */
  supergraphPath?: string;
}

export interface RunningGateway {
  /** `http://host:port/graphql` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, lets in-flight ones finish, closes the HTTP server. Not the runtime. */
  stop(): Promise<void>;
}

export interface Gateway {
  /** The express app; `/graphql` answers 503 until start() has loaded the supergraph. */
  readonly app: Express;
  readonly settings: GatewaySettings;
  /** Each subgraph's circuit breaker and calls: `state(name)`, `onStateChange`, `onAttempt`. */
  readonly resilience: SubgraphResilience;
  start(port: number, host?: string): Promise<RunningGateway>;
}

/**
 * Builds the gateway: Apollo Gateway on a static supergraph (never introspection or polling, so
 * subgraphs that are down cannot stop it from starting), Apollo Server 5 over express 5.
 *
 * Routes: `POST|GET /graphql`, `GET /health` (liveness), `GET /health/ready` (Postgres, Redis and
 * every subgraph), `GET /health/details` (the same with latencies and breakers, operators only:
 * useOperatorAccess), `GET /.well-known/jwks.json`, `GET /metrics` (Prometheus, METRICS_TOKEN); with
 * the explorer on, `GET /explorer` (GraphiQL served from here) and `GET /` leads there; with only
 * Sandbox on, `GET /` leads to Sandbox.
 */
export function createGateway(runtime: Runtime, options: GatewayOptions = {}): Gateway {
  const { config, logger } = runtime;
  const settings = gatewaySettings(config, options);
  const supergraphPath = options.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH;
  const resilience = new SubgraphResilience(settings.subgraphCalls, logger);
  resilience.onStateChange(({ subgraph, state }) => metrics.breakerState(subgraph, state));
  // The process's breakers of Postgres and Redis, on this process's /metrics.
  const stopReportingDependencies = metrics.reportDependencyBreakers(runtime.dependencies);
  const probes = readinessProbes(runtime, settings);
  const breakers: HealthBreakers = {
    state: (subgraph) => resilience.state(subgraph),
    window: (subgraph) => resilience.window(subgraph),
    dependencies: runtime.dependencies,
    redisCache: runtime.cache,
  };
  const details = createHealthDetails(probes, breakers, {
    timeoutMs: settings.readinessTimeoutMs,
    cacheMs: settings.readinessCacheMs,
    subgraphTimeoutsMs: settings.subgraphCalls.timeoutMs,
  });
  const readiness = createReadinessCheck(probes, {
    timeoutMs: settings.readinessTimeoutMs,
    cacheMs: settings.readinessCacheMs,
    onFailure: (check, outcome, error) =>
      logger.warn({ check, outcome, err: errorMessage(error) }, 'readiness check failed'),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  app.use(useRequestId());
  if (settings.features.metrics) app.use(useHttpMetrics());
  app.use(useSecurityHeaders({ hsts: config.env === 'production' }));
  app.use(useCors(config.corsOrigins));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Prometheus text for this process; the metrics token guards it (off in production without one).
  app.get(METRICS_PATH, metricsEndpoint(config));

  app.get('/health/ready', async (_req, res) => {
    const result = await readiness();
    res.status(result.status === 'ready' ? 200 : 503).json(result);
  });

  app.get(
    '/health/details',
    useOperatorAccess({ token: config.operatorToken, production: config.env === 'production' }),
    async (_req, res) => {
      res.json(await details());
    },
  );

  // RFC 7517 key set for anyone verifying TradeSage access tokens. Keys rotate slowly (old keys
  // stay published until their tokens expire), so a five-minute cache is safe.
  app.get('/.well-known/jwks.json', async (_req, res) => {
    let keys: PublicJwk[];
    try {
      keys = await runtime.publicKeys();
    } catch (error) {
      // The database down (its breaker says when to retry) is no surprise to log at each request.
      const unavailable = findAppError(error);
      if (unavailable?.code === 'SERVICE_UNAVAILABLE')
        res.setHeader('retry-after', String(unavailable.details?.['retryAfterSeconds'] ?? 1));
      else logger.error({ err: error, requestId: requestIdOf(res) }, 'could not load the JWKS');
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    res.setHeader('cache-control', 'public, max-age=300');
    res.json({ keys: keys.map(publicMembers) });
  });

  // Social sign-in with the tenant's connected providers (/t/<slug>/social/<provider>/...), before
  // the provider below, which answers everything else under /t/<slug>.
  app.use(useSocialSignIn(runtime, new SocialSignIn(runtime)));
  // Each tenant's OpenID Connect provider (/t/<slug>/...) and its sign-in steps for the account pages.
  app.use(useOidcProvider(runtime, new OidcProviders(runtime)));

  const webApp = settings.webAppDir !== null;
  if (settings.webAppDir !== null) app.use(useWebApp(settings.webAppDir));
  if (config.explorer) {
    app.use(useExplorer({ graphqlPath: GRAPHQL_PATH, sandbox: config.sandbox }));
  }
  // The root leads a newcomer to something that works without internet: the account pages (and
  // from there the console) when the web app is built, else the explorer, else Sandbox, which
  // Apollo's landing page serves at the GraphQL endpoint itself.
  const home = webApp ? '/account' : config.explorer ? EXPLORER_PATH : config.sandbox ? GRAPHQL_PATH : undefined;
  if (home) {
    app.get('/', (_req, res) => {
      res.redirect(302, home);
    });
  }

  let graphqlHandler: RequestHandler | undefined;
  if (config.sandbox) app.get(GRAPHQL_PATH, sandboxPage);
  app.all(
    GRAPHQL_PATH,
    express.json({ limit: settings.bodyLimit }),
    ensureBody,
    requestScope({
      name: 'gateway /graphql',
      requestId: (_req, res) => requestIdOf(res),
      continueIncomingTrace: false,
    }),
    (req: Request, res: Response, next: NextFunction) => {
      if (graphqlHandler) return graphqlHandler(req, res, next);
      sendGraphQLError(res, 503, 'Gateway is starting', 'SERVICE_UNAVAILABLE');
    },
  );
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(logger, (res) => ({ requestId: res.locals['requestId'] })));

  let started = false;
  const start = async (port: number, host?: string): Promise<RunningGateway> => {
    if (started) throw new Error('gateway already started');
    started = true;
    const supergraphSdl = await readSupergraph(supergraphPath);
    // Our own clients' operations (the client SDK's manifest: the web app sends them by id) always
    // run, besides those of the manifests configured.
    const manifests = [...new Set([CLIENT_SDK_MANIFEST, ...config.trustedDocuments.manifests])];
    const trustedDocuments = useTrustedDocuments(await loadTrustedDocuments(manifests), {
      only: config.trustedDocuments.only,
    });
    const subgraphHttp = pooledSubgraphFetch({ maxSockets: settings.subgraphMaxSockets });
    const gateway = new ApolloGateway({
      supergraphSdl,
      logger,
      buildService({ name }) {
        if (!isSubgraphName(name))
          throw new Error(`supergraph names an unknown subgraph "${name}" (known: ${SUBGRAPH_NAMES.join(', ')})`);
        const fetcher = fetcherWithTimeout(
          settings.subgraphCalls.timeoutMs[name],
          resilience.fetcher(name, subgraphHttp.fetch),
        );
        const observed = observedFetcher(name, fetcher, { timed: settings.features.metrics });
        return new SubgraphDataSource(name, settings.subgraphUrls[name], observed, runtime.gatewayCredentials);
      },
    });

    const httpServer = createServer(app);
    const introspection = config.sandbox || config.explorer;
    const guards = operationGuards({ limits: config.operationLimits, hideSchemaHints: !introspection });
    const apollo = new ApolloServer<GatewayContext>({
      gateway,
      logger,
      // Both explorers read the schema by introspection.
      introspection,
      // Without introspection, "Did you mean ...?" hints would leak the schema bit by bit.
      hideSchemaDetailsFromClientErrors: !introspection,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      // Masking here; logging with the request id in useErrorLogging (formatError sees no request).
      formatError: (formatted, error) => guards.formatError(formatGatewayError(formatted, error, () => undefined)),
      parseOptions: guards.parseOptions,
      // graphql-js lists up to 100 errors by default: a document built to fail a rule a hundred
      // times (100 copies of one directive) then costs a hundred errors made, masked and sent.
      validationOptions: { maxErrors: settings.maxValidationErrors },
      validationRules: guards.validationRules,
      // Signals are index.ts's business.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        config.sandbox
          ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
          : ApolloServerPluginLandingPageDisabled(),
        // Operations of an identity platform are not sent to Apollo's cloud, whatever APOLLO_KEY says.
        ApolloServerPluginUsageReportingDisabled(),
        ApolloServerPluginSchemaReportingDisabled(),
        useRequestLogging(logger),
        ...(settings.features.metrics ? [useGraphQLMetrics()] : []),
        useSecurityMonitoring(new UnusualVolumeDetector(runtime)),
        useErrorLogging(logger),
        // Before the rate limits: an operation's weight is the cost the guards estimated.
        guards.plugin,
        ...(settings.features.rateLimits ? [useRateLimits(new EdgeRateLimiter(runtime))] : []),
        useServiceUnavailable(),
        useSetCookieRelay(),
      ],
    });
    await apollo.start();
    const apolloHandler = expressMiddleware(apollo, {
      context: ({ req, res }) =>
        createGatewayContext(runtime, req, requestIdOf(res), (cookie) => {
          res.append('Set-Cookie', cookie);
        }),
    });
    graphqlHandler = (req, res, next) => {
      trustedDocuments(req, res, (error?: unknown) => (error ? next(error) : apolloHandler(req, res, next)));
    };

    // Stopping Apollo Server also stops the gateway; afterwards /graphql answers 503 again.
    return serveGraphQL(httpServer, port, host, async () => {
      graphqlHandler = undefined;
      await apollo.stop();
      subgraphHttp.close();
      resilience.close();
      stopReportingDependencies();
    });
  };

  return { app, settings, resilience, start };
}

function readinessProbes(runtime: Runtime, settings: GatewaySettings): Record<string, Probe> {
  const { postgres, redis } = runtime.dependencies;
  const probes: Record<string, Probe> = {
    postgres: breakerProbe(postgres, async () => {
      await runtime.db.pool.query('select 1');
    }),
    redis: breakerProbe(redis, async () => {
      const answer = await runtime.redis.ping();
      if (answer !== 'PONG') throw new Error(`PING answered ${answer}`);
    }),
  };
  for (const name of SUBGRAPH_NAMES) probes[name] = httpHealthProbe(settings.subgraphUrls[name]);
  return probes;
}

async function readSupergraph(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`supergraph not found at ${file}: compose it with \`npm run compose\``, { cause: error });
    }
    throw error;
  }
}

/** Publishes only the public members of each key, whatever the registry row holds. */
function publicMembers(jwk: PublicJwk): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg: jwk.alg, use: jwk.use };
}

function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : error === undefined ? undefined : String(error);
}
