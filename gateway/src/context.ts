import { HeaderMap } from '@apollo/server';
import {
  authenticate,
  bearerToken,
  findAppError,
  httpStatusOf,
  type Caller,
  type Logger,
  type Runtime,
  type Viewer,
} from '@tradesage/core';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';

/**
 * What the gateway knows about a request; the subgraph data source forwards parts of it. The
 * caller's `viewer` is null for anonymous requests (login, refresh): subgraphs decide what those
 * may do; `ip` is the client's address as this gateway sees it (socket peer, or per `trust proxy`).
 */
export type GatewayContext = Caller & {
  /** The client's Authorization header, forwarded only once verified here. Never logged. */
  readonly authorization: string | undefined;
  readonly logger: Logger;
  /** The client's refresh-token cookies (`__Host-tradesage_*` only), forwarded to the auth subgraph alone. */
  readonly refreshCookies: string | undefined;
  /** The client's `x-csrf-token` header, forwarded to the auth subgraph alone. */
  readonly csrfToken: string | undefined;
  /** Set-Cookie values the auth subgraph answered, sent to the client by useSetCookieRelay. */
  readonly setCookies: string[];
  /** Adds one Set-Cookie header to the client's response (express `res.append`). */
  readonly appendSetCookie: (cookie: string) => void;
  /**
   * Root response key -> `Bearer <access token>` of an identity the auth subgraph established while
   * answering that field (sign-in, refresh, accepted invitation): sent instead of `authorization`
   * on the fetches below that key (identity hand-off, see SubgraphDataSource).
   */
  readonly handedOff: Map<string, string>;
};

/** Cookies the gateway forwards (to auth only) and relays back: the refresh token and its CSRF value. */
export const RELAYED_COOKIE_PREFIX = '__Host-tradesage_';

/** `name=value` pairs of our cookies from a Cookie header; every other cookie stays at the gateway. */
export function relayedCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const ours = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(RELAYED_COOKIE_PREFIX) && pair.includes('='));
  return ours.length > 0 ? ours.join('; ') : undefined;
}

const MAX_USER_AGENT = 512;

/**
 * Verifies the access token at the edge (signature and claims, then the session's state), so a
 * forged, expired or revoked token is refused before any subgraph is called. Subgraphs verify it
 * again: the gateway is not their only door.
 *
 * A refused token is answered 401 with `WWW-Authenticate: Bearer error="invalid_token"`
 * (RFC 6750 §3.1); any other failure is logged with the request id and masked.
 */
export async function createGatewayContext(
  runtime: Runtime,
  req: Request,
  requestId: string,
  appendSetCookie: (cookie: string) => void = () => undefined,
): Promise<GatewayContext> {
  const logger = runtime.logger.child({ requestId });
  const userAgent = req.headers['user-agent'];
  const clientUserAgent = typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : undefined;
  let viewer: Viewer | null;
  try {
    // The edge: the session check's one Redis round trip also counts the tenant's API call
    // and takes the once-a-minute lastActiveAt gate.
    viewer = await authenticate(runtime, req.headers, { edge: { ip: req.ip, userAgent: clientUserAgent, requestId } });
  } catch (error) {
    const appError = findAppError(error);
    if (appError?.code === 'UNAUTHENTICATED') {
      logger.info({ code: appError.code, reason: appError.message }, 'request refused: unauthenticated');
      throw new GraphQLError(appError.message, {
        extensions: {
          code: 'UNAUTHENTICATED',
          http: {
            status: httpStatusOf('UNAUTHENTICATED'),
            headers: new HeaderMap([['www-authenticate', 'Bearer error="invalid_token"']]),
          },
        },
      });
    }
    // An API key refused for a reason of its own (expired, address, its rate limit): its code and status.
    if (appError?.expose && appError.code !== 'INTERNAL_SERVER_ERROR') {
      logger.info({ code: appError.code }, 'request refused');
      const retryAfter = appError.details?.['retryAfterSeconds'];
      throw new GraphQLError(appError.message, {
        // formatError shows an exposed AppError's code, message and details (core formatGraphQLError).
        originalError: appError,
        extensions: {
          code: appError.code,
          ...(appError.details ? { details: appError.details } : {}),
          http: {
            status: httpStatusOf(appError.code),
            headers: new HeaderMap(
              appError.code === 'API_KEY_EXPIRED'
                ? [['www-authenticate', 'Bearer error="invalid_token"']]
                : typeof retryAfter === 'number'
                  ? [['retry-after', String(retryAfter)]]
                  : [],
            ),
          },
        },
      });
    }
    logger.error({ err: error }, 'context creation failed');
    throw new GraphQLError('Internal server error', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: httpStatusOf('INTERNAL_SERVER_ERROR') } },
    });
  }
  const csrfToken = req.headers['x-csrf-token'];
  return {
    requestId,
    viewer,
    // The verified credential, as `Authorization: Bearer` for the subgraphs (an API key may have come in X-API-Key).
    authorization: viewer ? `Bearer ${bearerToken(req.headers) ?? ''}` : undefined,
    ip: req.ip,
    userAgent: clientUserAgent,
    logger,
    refreshCookies: relayedCookies(req.headers.cookie),
    csrfToken: typeof csrfToken === 'string' && csrfToken.length <= 200 ? csrfToken : undefined,
    setCookies: [],
    appendSetCookie,
    handedOff: new Map(),
  };
}
