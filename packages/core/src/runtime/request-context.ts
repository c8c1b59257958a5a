import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { TenantPrismaClient } from '@tradesage/prisma';
import { httpStatusOf, UnauthenticatedError } from './errors.ts';
import type { Logger } from './logger.ts';
import { permissionCacheKeys, resolveAccess } from '../domains/permissions/permission-cache.service.ts';
import type { Runtime } from './runtime.ts';
import { authenticateApiKey } from '../domains/api-keys/api-key-access.ts';
import { looksLikeApiKey } from '../domains/api-keys/api-key-format.ts';
import { authenticateOAuthToken, isTenantIssuedToken } from '../domains/oauth/oauth-access.ts';
import { afterSessionCheck, enforceIpBinding, type EdgeRequest } from '../domains/sessions/session-activity.service.ts';
import type { Caller, SignedInCaller, Viewer } from './viewer.ts';

/** What every subgraph's context starts from; subgraphs add their DataLoaders. */
export interface RequestContext extends Caller {
  readonly logger: Logger;
  readonly runtime: Runtime;
  /** Prisma client of the viewer's own tenant schema; null for anonymous requests. */
  readonly tenantDb: TenantPrismaClient | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/**
 * The request's credential: `Authorization: Bearer <access token or API key>`, or an API key in
 * `X-API-Key` (never in the query string). Both at once is refused.
 */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (apiKey !== undefined) {
    if (header || typeof apiKey !== 'string' || !looksLikeApiKey(apiKey.trim()))
      throw new UnauthenticatedError('Malformed X-API-Key header');
    return apiKey.trim();
  }
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match?.[1]) throw new UnauthenticatedError('Malformed Authorization header');
  return match[1];
}

/**
 * Establishes the viewer from the request's credential: an access token (signature and claims,
 * then the session's state and the user's current permissions: one Redis round trip; Postgres when
 * Redis cannot answer or has no valid entry) or an API key (`domains/api-keys/api-key-access.ts`).
 * The tenant comes only from the verified token or the stored key, never from a header the client sets.
 */
export interface AuthenticateOptions {
  /**
   * Set by the edge (the gateway), which alone sees the client: then the same Redis round trip
   * also takes the once-a-minute lastActiveAt gate, counts the tenant's API call and records the
   * user agent; the tenant's IP-binding policy is enforced, and a changed user agent is audited.
   * Subgraphs leave it out (each request would otherwise be counted once per subgraph).
   */
  readonly edge?: EdgeRequest;
}

export async function authenticate(
  runtime: Runtime,
  headers: IncomingHttpHeaders,
  options: AuthenticateOptions = {},
): Promise<Viewer | null> {
  const token = bearerToken(headers);
  if (!token) return null;
  const { edge } = options;
  if (looksLikeApiKey(token)) return authenticateApiKey(runtime, token, edge ? { edge } : {});
  if (isTenantIssuedToken(runtime, token)) return authenticateOAuthToken(runtime, token);
  const claims = await runtime.verifier.verify(token);
  const check = await runtime.sessionState.check(claims.tenantId, claims.sessionId, {
    ...(edge ? { touch: true, countApiCall: true, userAgent: edge.userAgent } : {}),
    alsoGet: permissionCacheKeys(claims.tenantId, claims.userId),
  });
  if (!check.active) throw new UnauthenticatedError('Session has ended');
  if (edge) {
    const session = { tenantId: claims.tenantId, sessionId: claims.sessionId, userId: claims.userId };
    await enforceIpBinding(runtime, session, edge);
    afterSessionCheck(runtime, session, edge, check);
  }
  // Authorization uses the user's roles as they are now in the tenant's schema, never the token's
  // `roles` claim: a role change applies to the very next request.
  const access = await resolveAccess(runtime, claims.tenantId, claims.userId, check.alsoGot);
  const permissions = new Set(access.permissions);
  // platform:admin counts only inside the reserved platform tenant, so a tenant admin who could
  // put the platform_admin role in their own schema still cannot become a platform administrator.
  const isPlatformAdmin = permissions.has('platform:admin') && (await runtime.platformTenantId()) === claims.tenantId;
  return {
    userId: claims.userId,
    tenantId: claims.tenantId,
    sessionId: claims.sessionId,
    tokenId: claims.tokenId,
    apiKeyId: null,
    roles: access.roles,
    permissions,
    isPlatformAdmin,
    expiresAt: claims.expiresAt,
    auth: claims.auth,
  };
}

/** The caller, who must be signed in: UNAUTHENTICATED otherwise. */
export function signedIn<C extends Caller>(caller: C): C & SignedInCaller {
  if (!caller.viewer) throw new UnauthenticatedError();
  return caller as C & SignedInCaller;
}

export async function createRequestContext(runtime: Runtime, headers: IncomingHttpHeaders): Promise<RequestContext> {
  const requestId = requestIdFrom(headers);
  let viewer: Viewer | null;
  try {
    viewer = await authenticate(runtime, headers);
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'UNAUTHENTICATED', http: { status: httpStatusOf('UNAUTHENTICATED') } },
      });
    }
    throw error;
  }
  const forwardedFor = headers['x-forwarded-for'];
  const ip = typeof forwardedFor === 'string' ? forwardedFor.split(',')[0]?.trim() : undefined;
  const userAgent = typeof headers['user-agent'] === 'string' ? headers['user-agent'].slice(0, 512) : undefined;
  return {
    requestId,
    viewer,
    runtime,
    logger: runtime.logger.child({ requestId }),
    tenantDb: viewer ? runtime.db.tenant(viewer.tenantId) : null,
    ip,
    userAgent,
  };
}
