import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  AppError,
  GATEWAY_CREDENTIAL_HEADER,
  IDENTITY_HANDOFF_HEADER,
  parseIdentityHandoffs,
  type ErrorCode,
  type GatewayCredentialIssuer,
  type SubgraphName,
} from '@tradesage/core';
import { GraphQLError } from 'graphql';
import { RELAYED_COOKIE_PREFIX, type GatewayContext } from './context.ts';
import { isRelayedErrorCode } from './format-error.ts';
import { SubgraphUnavailableError } from './resilience/subgraph-resilience.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/** Global fetch with a deadline: a hung subgraph fails its fields instead of holding the client. */
export function fetcherWithTimeout(timeoutMs: number, base: typeof fetch = fetch): Fetcher {
  return (url, init) =>
    base(url, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    } as RequestInit) as unknown as Promise<FetcherResponse>;
}

/**
 * Every header a subgraph request may carry; anything else is removed as the request leaves, so
 * no client header (`X-Tenant-*`, `X-User-Id`, `Forwarded`, other cookies...) can ever reach a
 * subgraph, whatever Apollo Gateway or a later change puts on the request.
 */
export const SUBGRAPH_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  GATEWAY_CREDENTIAL_HEADER,
  'x-request-id',
  'authorization',
  'x-forwarded-for',
  'user-agent',
  // W3C Trace Context of the gateway's span for this call (observed-fetcher.ts), when tracing is on.
  'traceparent',
]);

/** The refresh-token cookies and their CSRF header go to the auth subgraph alone. */
const AUTH_ONLY_HEADERS: ReadonlySet<string> = new Set(['cookie', 'x-csrf-token']);

function forwardable(subgraph: SubgraphName, header: string): boolean {
  const name = header.toLowerCase();
  return SUBGRAPH_REQUEST_HEADERS.has(name) || (subgraph === 'auth' && AUTH_ONLY_HEADERS.has(name));
}

/**
 * Calls one subgraph at the URL from config, given to the constructor (the supergraph's URLs are
 * placeholders; `process()` posts to `this.url`, never to the supergraph's), with the gateway's
 * credential made for that subgraph (subgraphs answer nothing else), and passes on what the
 * subgraph needs to judge the request itself: the verified Authorization header, the request id,
 * the client's address and user agent. Nothing else from the client is forwarded
 * (SUBGRAPH_REQUEST_HEADERS), so headers such as `X-Tenant-*` never reach a subgraph.
 *
 * The auth subgraph alone also gets the client's refresh-token cookies (`__Host-tradesage_*`,
 * no other cookie) and its `x-csrf-token` header, and its `Set-Cookie` answers for those cookies
 * are collected for the client (useSetCookieRelay). No other subgraph sees a cookie, and a
 * cookie set by any other subgraph is dropped.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: SubgraphName;
  readonly #credentials: GatewayCredentialIssuer;

  constructor(subgraph: SubgraphName, url: string, fetcher: Fetcher, credentials: GatewayCredentialIssuer) {
    super({ url, fetcher });
    this.subgraph = subgraph;
    this.#credentials = credentials;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const http = options.request.http;
    if (!http) return;
    const headers = http.headers;
    // Health checks and schema loading have no client behind them, but are the gateway's calls too.
    const context = 'incomingRequestContext' in options ? options.context : undefined;
    headers.set(
      GATEWAY_CREDENTIAL_HEADER,
      this.#credentials.issue(this.subgraph, context ? { requestId: context.requestId } : {}),
    );
    if (context) {
      headers.set('x-request-id', context.requestId);
      const authorization = authorizationFor(
        context,
        'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined,
      );
      if (authorization) headers.set('authorization', authorization);
      // Replaces, not appends: subgraphs take the first X-Forwarded-For entry as the client, so a
      // client-sent chain must never reach them.
      if (context.ip) headers.set('x-forwarded-for', context.ip);
      if (context.userAgent) headers.set('user-agent', context.userAgent);
      if (this.subgraph === 'auth') {
        if (context.refreshCookies) headers.set('cookie', context.refreshCookies);
        if (context.csrfToken) headers.set('x-csrf-token', context.csrfToken);
      }
    }
    for (const [name] of [...headers]) {
      if (!forwardable(this.subgraph, name)) headers.delete(name);
    }
  }

  /**
   * Collects the auth subgraph's refresh-cookie Set-Cookie headers and the identities it handed
   * off for root fields; the response goes on unchanged.
   */
  override didReceiveResponse(requestContext: ReceivedResponse): ReceivedResponse['response'] {
    const { context, response, pathInIncomingRequest } = requestContext;
    this.#collectSetCookies(context, response.http?.headers);
    // Only the auth subgraph establishes identities, and only on root fields (an entity fetch
    // below some other field never changes who the caller is).
    if (this.subgraph === 'auth' && context?.handedOff && (pathInIncomingRequest?.length ?? 0) === 0) {
      for (const [key, token] of parseIdentityHandoffs(response.http?.headers.get(IDENTITY_HANDOFF_HEADER)))
        context.handedOff.set(key, `Bearer ${token}`);
    }
    return response;
  }

  #collectSetCookies(context: GatewayContext | undefined, headers: unknown): void {
    if (this.subgraph !== 'auth' || !context || !Array.isArray(context.setCookies)) return;
    for (const cookie of setCookieHeaders(headers)) {
      if (cookie.startsWith(RELAYED_COOKIE_PREFIX)) context.setCookies.push(cookie);
    }
  }

  /**
   * A subgraph that refuses a request in its context answers with an HTTP status (401, 403, 429...)
   * and a GraphQL error body. The default turns that into "401: Unauthorized" carrying the
   * subgraph's URL and body; here the subgraph's own code and message are kept when the code is
   * one clients are meant to see, and everything else becomes an error the gateway masks.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = await this.parseBody(response);
    const first = firstGraphQLError(body);
    if (first && isRelayedErrorCode(first.code)) {
      // Its details too (formatGatewayError keeps them): SERVICE_UNAVAILABLE's retryAfterSeconds.
      return new GraphQLError(first.message, {
        extensions: {
          code: first.code,
          serviceName: this.subgraph,
          ...(first.details === undefined ? {} : { details: first.details }),
        },
      });
    }
    // 503 with no code of its own is a subgraph (or the proxy in front of it) saying it cannot
    // serve now: the client is told which subgraph, as when it cannot be reached.
    if (response.status === 503) return this.#unavailable();
    return new GraphQLError(`Subgraph ${this.subgraph} answered HTTP ${response.status}`, {
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: this.subgraph },
    });
  }

  /**
   * A subgraph that gives no answer (down, stalled past its deadline, or its breaker open: see
   * SubgraphResilience) is SUBGRAPH_UNAVAILABLE for the client, naming the subgraph and nothing
   * else of it (no address, no body); the fields it owns are null, the rest of the answer stands.
   * Any other failure is tagged with the subgraph so the log says which one; the client sees it masked.
   */
  override didEncounterError(
    error: Error,
    _request?: unknown,
    response?: FetcherResponse,
    context?: GatewayContext,
  ): void {
    // A refused request may still carry cookies to set (or clear): they reach the client too.
    this.#collectSetCookies(context, response?.headers);
    if (error instanceof GraphQLError) throw error;
    if (error instanceof SubgraphUnavailableError) {
      // A refusal of the open breaker is the expected, fast answer: one line per failure is enough.
      context?.logger[error.reason === 'rejected' ? 'debug' : 'warn'](
        {
          subgraph: this.subgraph,
          reason: error.reason,
          err: describeFailure(error.cause instanceof Error ? error.cause : error),
        },
        'subgraph unavailable',
      );
      throw this.#unavailable();
    }
    throw new GraphQLError(`Subgraph ${this.subgraph} could not be reached: ${describeFailure(error)}`, {
      originalError: error,
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: this.subgraph },
    });
  }

  #unavailable(): GraphQLError {
    const error = new AppError('SUBGRAPH_UNAVAILABLE', `The ${this.subgraph} service is unavailable`, {
      details: { subgraph: this.subgraph },
    });
    return new GraphQLError(error.message, {
      originalError: error,
      extensions: { code: error.code, serviceName: this.subgraph },
    });
  }
}

/**
 * The Authorization a fetch carries: below a root field whose answer established a new identity
 * (login, refresh, acceptInvitation), that identity's access token, so the payload's `user` is
 * resolved in every subgraph as the user who has just signed in; elsewhere the client's own,
 * verified at the edge.
 */
export function authorizationFor(
  context: Pick<GatewayContext, 'authorization' | 'handedOff'>,
  path: ReadonlyArray<string | number> | undefined,
): string | undefined {
  const root = path?.[0];
  return (typeof root === 'string' ? context.handedOff.get(root) : undefined) ?? context.authorization;
}

/** Every Set-Cookie header of a fetch response, one value each (never comma-joined). */
function setCookieHeaders(headers: unknown): string[] {
  const getSetCookie = (headers as { getSetCookie?: unknown } | undefined)?.getSetCookie;
  return typeof getSetCookie === 'function' ? (getSetCookie.call(headers) as string[]) : [];
}

/** "fetch failed" alone says nothing: the cause carries ECONNREFUSED, the timeout, ... */
function describeFailure(error: Error): string {
  const cause: unknown = error.cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : `${error.name}: ${error.message}`;
}

function firstGraphQLError(
  body: unknown,
): { message: string; code: ErrorCode | string; details?: Record<string, unknown> } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  const first: unknown = errors[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const { message, extensions } = first as { message?: unknown; extensions?: { code?: unknown; details?: unknown } };
  const code = extensions?.code;
  if (typeof message !== 'string' || typeof code !== 'string') return undefined;
  const details = extensions?.details;
  return typeof details === 'object' && details !== null && !Array.isArray(details)
    ? { message, code, details: details as Record<string, unknown> }
    : { message, code };
}
