import { createServer, type IncomingHttpHeaders } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  GraphQLScalarType,
  isEnumType,
  isObjectType,
  isUnionType,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { findAppError, formatGraphQLError, httpStatusOf } from '../errors.ts';
import { GATEWAY_CREDENTIAL_HEADER, type GatewayCredentialVerifier } from '../gateway-credential.ts';
import { IDENTITY_HANDOFF_HEADER, identityHandoffValue } from '../identity-handoff.ts';
import type { Config } from '../config.ts';
import { METRICS_PATH, metricsEndpoint } from '../observability/metrics-endpoint.ts';
import { requestScope } from '../observability/tracing.ts';
import { requestIdFrom } from '../request-context.ts';
import type { BaseContext } from '../viewer.ts';
import { idArgumentsMiddleware } from './id-arguments.ts';
import { operationGuards } from './operation-guards.ts';
import { DEFAULT_OPERATION_LIMITS, subgraphOperationLimits, type OperationLimits } from './operation-limits.ts';
import { enrolmentOnlyMiddleware } from '../../domains/mfa/enrolment-only.ts';
import { sessionOnlyMiddleware } from '../../domains/api-keys/session-only.ts';
import { applyMiddleware, type IMiddlewareGenerator } from './shield-runtime.ts';
import { ensureBody, jsonErrorHandler, notFoundHandler, sendGraphQLError, serveGraphQL } from '../http.ts';

/** The slice of a pino-style logger this module needs. */
export interface SubgraphLogger {
  error(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Resolvers as @apollo/subgraph takes them (`__resolveReference` included). */
export type SubgraphResolvers<TContext extends BaseContext> = GraphQLResolverMap<TContext>;

export interface SubgraphServerOptions<TContext extends BaseContext> {
  /** Used in logs. */
  name: string;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers<TContext>;
  /** The shield, from `createPermissions(ruleTree)`. */
  permissions: IMiddlewareGenerator<unknown, BaseContext, unknown>;
  /**
   * Builds the per-request context. An AppError thrown here is answered with its code.
   * `setCookie` appends one `Set-Cookie` header to the response (the auth subgraph's refresh cookie).
   */
  context: (req: SubgraphRequest) => Promise<TContext>;
  logger?: SubgraphLogger;
  /**
   * Lets tools (Apollo Sandbox, codegen) introspect the subgraph. The gateway never needs it (it
   * serves a supergraph composed at build time), so production config should pass `false`.
   * Default `true`.
   */
  introspection?: boolean;
  /** Largest accepted request body, in bytes or as `'100kb'`. Default `'1mb'` (never less than the gateway's). */
  bodyLimit?: number | string;
  /** Operation limits (operation-guards.ts). Default: `subgraphOperationLimits(DEFAULT_OPERATION_LIMITS)`. */
  limits?: OperationLimits;
  /** Serves `GET /metrics` for this process (guarded as config says); left out: no such route. */
  metrics?: Pick<Config, 'env' | 'metricsToken'>;
}

/** The part of a request every subgraph's context reads. */
export interface IncomingRequest {
  readonly headers: IncomingHttpHeaders;
}

/** What a subgraph's context sees of the HTTP exchange. */
export interface SubgraphRequest extends IncomingRequest {
  /** Appends a `Set-Cookie` header (one cookie per call; several calls give several headers). */
  setCookie(cookie: string): void;
  /**
   * Names the access token of an identity this request has just established, for the root field
   * answered under `responseKey`: the gateway uses it for that field's selection (identity-handoff.ts).
   */
  handOffIdentity(responseKey: string, accessToken: string): void;
}

export interface RunningSubgraph {
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, closes the HTTP server. */
  stop(): Promise<void>;
}

export interface SubgraphServer {
  /** The executable schema, shield applied. */
  schema: GraphQLSchema;
  /**
   * Listens on `port` (0 picks a free one) and `host` (undefined: every interface), answering only
   * requests that carry the gateway's credential made for this subgraph (`runtime.gatewayCredentials`).
   */
  start(
    port: number,
    host: string | undefined,
    gatewayCredentials: GatewayCredentialVerifier,
  ): Promise<RunningSubgraph>;
}

const consoleLogger: SubgraphLogger = {
  error(obj, msg) {
    console.error(msg, obj);
  },
  warn(obj, msg) {
    console.warn(msg, obj);
  },
};

/**
 * Builds one subgraph: `buildSubgraphSchema` + graphql-shield on every field, served by Apollo
 * Server over express at `POST /graphql`, with `GET /health`. Everything but `/health` needs the
 * gateway's credential.
 */
export function createSubgraphServer<TContext extends BaseContext>(
  options: SubgraphServerOptions<TContext>,
): SubgraphServer {
  const logger = options.logger ?? consoleLogger;
  const introspection = options.introspection ?? true;
  const bodyLimit = options.bodyLimit ?? '1mb';
  const limits = options.limits ?? subgraphOperationLimits(DEFAULT_OPERATION_LIMITS);

  const subgraphSchema = buildSubgraphSchema({
    typeDefs: options.typeDefs,
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  assertResolversMatchSchema(subgraphSchema, options.resolvers);
  assertEveryEntityResolvesReferences(subgraphSchema);
  const schema = applyShield(subgraphSchema, options.permissions);

  const start = async (
    port: number,
    host: string | undefined,
    gatewayCredentials: GatewayCredentialVerifier,
  ): Promise<RunningSubgraph> => {
    const app = express();
    const httpServer = createServer(app);
    const guards = operationGuards({ limits, hideSchemaHints: !introspection });
    const apollo = new ApolloServer<TContext>({
      schema,
      introspection,
      // Without introspection, "Did you mean ...?" hints would leak the schema bit by bit.
      hideSchemaDetailsFromClientErrors: !introspection,
      includeStacktraceInErrorResponses: false,
      // Masking happens here; logging (with the request id) in useInternalErrorLogging.
      formatError: (formatted, error) => guards.formatError(formatGraphQLError(formatted, error, () => undefined)),
      parseOptions: guards.parseOptions,
      validationRules: guards.validationRules,
      // Only the gateway calls subgraphs, with full documents: nothing to persist.
      persistedQueries: false,
      // Signals are the process's business (subgraphs' index.ts), not the library's.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        // Federated traces (ftv1) would hand timings and errors to anyone sending the header.
        ApolloServerPluginInlineTraceDisabled(),
        useInternalErrorLogging<TContext>(options.name, logger),
        guards.plugin,
      ],
    });
    await apollo.start();

    app.disable('x-powered-by');
    app.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    // Scraped by Prometheus, which has no gateway credential: guarded by the metrics token instead.
    if (options.metrics) app.get(METRICS_PATH, metricsEndpoint(options.metrics));
    // Before the body is even parsed: nothing of a request the gateway did not send is run.
    app.use(requireGatewayCredential(options.name, gatewayCredentials, logger));
    app.post(
      '/graphql',
      express.json({ limit: bodyLimit }),
      ensureBody,
      // The gateway's request id and trace context (only the gateway gets this far).
      requestScope({
        name: `subgraph ${options.name} /graphql`,
        requestId: (req) => requestIdFrom(req.headers),
        continueIncomingTrace: true,
        attributes: { 'tradesage.subgraph': options.name },
      }),
      expressMiddleware(apollo, {
        context: ({ req, res }) => {
          const request: SubgraphRequest = {
            headers: req.headers,
            setCookie: (cookie) => {
              res.append('Set-Cookie', cookie);
            },
            handOffIdentity: (responseKey, accessToken) => {
              res.append(IDENTITY_HANDOFF_HEADER, identityHandoffValue(responseKey, accessToken));
            },
          };
          return buildContext(options.name, options.context, request, logger);
        },
      }),
    );
    app.use(notFoundHandler);
    app.use(jsonErrorHandler(logger, () => ({ subgraph: options.name })));

    // The drain plugin closes the HTTP server once in-flight requests are answered.
    return serveGraphQL(httpServer, port, host, () => apollo.stop());
  };

  return { schema, start };
}

/**
 * Applies the shield to every field of the subgraph schema.
 *
 * graphql-middleware rebuilds the schema (`mapSchema` via `addResolversToSchema`). @apollo/subgraph
 * keeps each entity's `__resolveReference` on the type, as `extensions.apollo.subgraph.resolveReference`
 * (2.x; 0.x kept it as a `resolveReference` property, which a rebuild drops). With @apollo/subgraph
 * 2.14 and graphql-middleware 6.1.35 the extensions survive, but if a rebuild ever dropped them,
 * `_entities` would silently answer with the caller's own representation instead of the loaded
 * row, and rules such as `sameTenant` would judge data the caller made up. So each resolver is
 * carried over explicitly and the result checked. Nothing more is needed for the shield to cover
 * reference resolution: `__resolveReference` only runs inside `Query._entities`, whose resolver the
 * shield wraps (rule first), and every field then read from the resolved entity has its own rule.
 */
function applyShield(
  subgraphSchema: GraphQLSchema,
  permissions: IMiddlewareGenerator<unknown, BaseContext, unknown>,
): GraphQLSchema {
  // ID arguments are checked and lowercased first, so rules and resolvers see one spelling.
  const shielded = applyMiddleware(
    subgraphSchema,
    idArgumentsMiddleware(subgraphSchema),
    enrolmentOnlyMiddleware(subgraphSchema),
    sessionOnlyMiddleware(subgraphSchema),
    permissions,
  );
  for (const type of entityTypes(subgraphSchema)) {
    const resolveReference = readResolveReference(type);
    const target = shielded.getType(type.name);
    if (!resolveReference || !isObjectType(target) || readResolveReference(target) === resolveReference) continue;
    const extensions = target.extensions as { apollo?: { subgraph?: Record<string, unknown> } };
    target.extensions = {
      ...target.extensions,
      apollo: { ...extensions.apollo, subgraph: { ...extensions.apollo?.subgraph, resolveReference } },
    };
    if (readResolveReference(target) !== resolveReference) {
      throw new Error(`Could not carry ${type.name}.__resolveReference over to the shielded schema`);
    }
  }
  return shielded;
}

function entityTypes(schema: GraphQLSchema): readonly GraphQLObjectType[] {
  const entityUnion = schema.getType('_Entity');
  return isUnionType(entityUnion) ? entityUnion.getTypes() : [];
}

function readResolveReference(type: GraphQLObjectType): unknown {
  const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } };
  return extensions.apollo?.subgraph?.resolveReference;
}

/**
 * Every entity (`@key`) type must load itself in `__resolveReference`. Without one,
 * @apollo/subgraph returns the representation the caller sent as the entity, so its fields, and
 * the rules that read them (`tenantId` for sameTenant), would come from the request.
 */
function assertEveryEntityResolvesReferences(schema: GraphQLSchema): void {
  const missing = entityTypes(schema)
    .filter((type) => typeof readResolveReference(type) !== 'function')
    .map((type) => type.name);
  if (missing.length > 0) {
    throw new Error(`Entity types without __resolveReference: ${missing.join(', ')}`);
  }
}

/**
 * @apollo/subgraph ignores resolvers for types or fields the SDL does not have, so a typo would
 * leave a field on the default resolver (answering null). Refuse them at start instead.
 */
function assertResolversMatchSchema<TContext extends BaseContext>(
  schema: GraphQLSchema,
  resolvers: SubgraphResolvers<TContext>,
): void {
  const unknown: string[] = [];
  for (const [typeName, typeResolvers] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) {
      unknown.push(typeName);
      continue;
    }
    if (typeResolvers instanceof GraphQLScalarType) continue;
    const known = isObjectType(type)
      ? new Set(Object.keys(type.getFields()))
      : isEnumType(type)
        ? new Set(type.getValues().map((value) => value.name))
        : new Set<string>();
    for (const key of Object.keys(typeResolvers)) {
      if (!key.startsWith('__') && !known.has(key)) unknown.push(`${typeName}.${key}`);
    }
  }
  if (unknown.length > 0) {
    throw new Error(`Resolvers for what the schema does not define: ${unknown.join(', ')}`);
  }
}

async function buildContext<TContext extends BaseContext>(
  subgraph: string,
  contextFn: (req: SubgraphRequest) => Promise<TContext>,
  request: SubgraphRequest,
  logger: SubgraphLogger,
): Promise<TContext> {
  const headers = request.headers;
  let context: TContext;
  try {
    context = await contextFn(request);
  } catch (error) {
    // A GraphQLError is answered as thrown (its extensions.http.status included) and shaped by
    // formatGraphQLError like any other; logged only when that masks it.
    if (error instanceof GraphQLError) {
      formatGraphQLError(error.toJSON(), error, (internal) => {
        logger.error({ err: internal, subgraph, requestId: headers['x-request-id'] }, 'context creation failed');
      });
      throw error;
    }
    // Apollo would answer "Context creation failed: ..." with status 500 for anything else.
    const appError = findAppError(error);
    if (appError?.expose) {
      // A refusal for now (SERVICE_UNAVAILABLE: the database is down) says when to come back; the
      // gateway then neither retries it nor counts it against this subgraph's breaker.
      const retryAfter = appError.details?.['retryAfterSeconds'];
      throw new GraphQLError(appError.message, {
        originalError: appError,
        extensions: {
          code: appError.code,
          http: {
            status: httpStatusOf(appError.code),
            headers: new HeaderMap(typeof retryAfter === 'number' ? [['retry-after', String(retryAfter)]] : []),
          },
        },
      });
    }
    logger.error({ err: error, subgraph, requestId: headers['x-request-id'] }, 'context creation failed');
    throw new GraphQLError('Internal server error', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: httpStatusOf('INTERNAL_SERVER_ERROR') } },
    });
  }
  // graphql-shield keeps its per-request cache on the context (`ctx._shield`); a frozen context
  // would make every shielded field fail, so such a context is extended through its prototype.
  return Object.isExtensible(context) ? context : (Object.create(context) as TContext);
}

/** Logs, with the request id, every error `formatGraphQLError` masks as internal. */
function useInternalErrorLogging<TContext extends BaseContext>(
  subgraph: string,
  logger: SubgraphLogger,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            formatGraphQLError(error.toJSON(), error, (internal) => {
              logger.error(
                { err: internal, subgraph, requestId: contextValue.requestId, path: error.path },
                'internal error',
              );
            });
          }
        },
      };
    },
  };
}

/**
 * Refuses, before anything runs, a request without a valid gateway credential made for this
 * subgraph (OWASP ASVS 4.0.3 V1.2.2: components authenticate to each other). A client that
 * reaches a subgraph's port directly gets 401 `GATEWAY_CREDENTIAL_REQUIRED` and the reason is
 * logged, without the credential.
 */
function requireGatewayCredential(subgraph: string, credentials: GatewayCredentialVerifier, logger: SubgraphLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers[GATEWAY_CREDENTIAL_HEADER];
    const check = credentials.verify(typeof given === 'string' ? given : undefined, subgraph);
    if (check.ok) {
      next();
      return;
    }
    const requestId = req.headers['x-request-id'];
    logger.warn(
      {
        subgraph,
        reason: check.reason,
        requestId: typeof requestId === 'string' ? requestId.slice(0, 100) : undefined,
        peer: req.socket.remoteAddress,
        path: req.path,
      },
      'request refused: no valid gateway credential',
    );
    res.set('www-authenticate', 'Gateway-Credential');
    sendGraphQLError(
      res,
      httpStatusOf('GATEWAY_CREDENTIAL_REQUIRED'),
      'This service answers only the gateway',
      'GATEWAY_CREDENTIAL_REQUIRED',
    );
  };
}
