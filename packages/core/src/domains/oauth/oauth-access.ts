import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { isUuid } from '@tradesage/prisma';
import { AppError, UnauthenticatedError } from '../../runtime/errors.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { ACCESS_TOKEN_TYP } from '../../runtime/tokens/access-token.ts';
import type { Viewer } from '../../runtime/viewer.ts';
import { permissionCacheKeys, resolveAccess } from '../permissions/permission-cache.service.ts';
import type { CachedValues } from '../sessions/session-state.ts';
import { OAuthClientRepository } from './oauth-client.repository.ts';
import { apiScopesOf } from './oauth-scopes.ts';
import { apiResourceFor, tenantOfSlug } from './oidc-provider.ts';
import { loadOidcPublicKeys, type OidcSigningAlg } from './oidc-signing-keys.ts';

/** Header parameters that would let a token name its own verification key (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;
const KEYS_MIN_REFRESH_MS = 1_000;
const KEYS_MAX_AGE_MS = 60_000;
/** How long a client-credentials client is taken to exist after it was last read. */
const CLIENT_TTL_MS = 5_000;
const CLOCK_TOLERANCE_SECONDS = 5;

/** What verifying a token gave, kept while its key still verifies and it has not expired. */
interface VerifiedToken {
  readonly tenantId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly kid: string;
  readonly key: KeyObject;
}

interface Caches {
  /** sha256(token) → verified: a federated request verifies its token at the gateway and in each subgraph. */
  verified: LRUCache<string, VerifiedToken>;
  keys: Map<string, { key: KeyObject; alg: OidcSigningAlg }>;
  loadedAt: number;
  attemptedAt: number;
  loading: Promise<void> | undefined;
  clients: LRUCache<string, { exists: boolean }>;
}

const cachesByRuntime = new WeakMap<Runtime, Caches>();

function cachesOf(runtime: Runtime): Caches {
  let caches = cachesByRuntime.get(runtime);
  if (!caches) {
    caches = {
      verified: new LRUCache({ max: 10_000 }),
      keys: new Map(),
      loadedAt: 0,
      attemptedAt: 0,
      loading: undefined,
      clients: new LRUCache({ max: 10_000, ttl: CLIENT_TTL_MS }),
    };
    cachesByRuntime.set(runtime, caches);
  }
  return caches;
}

/** The issuer prefix of every tenant's provider: a token whose `iss` starts so is one of theirs. */
export function tenantIssuerPrefix(runtime: Runtime): string {
  return `${runtime.config.mail.appUrl}/t/`;
}

/** Whether a bearer token is a JWT issued by one of the tenants' providers (read, not verified). */
export function isTenantIssuedToken(runtime: Runtime, token: string): boolean {
  const payload = token.split('.')[1];
  if (!payload || payload.length > 8_192) return false;
  try {
    const { iss } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof iss === 'string' && iss.startsWith(tenantIssuerPrefix(runtime));
  } catch {
    return false;
  }
}

/**
 * A request made with an access token an application got from a tenant's provider (RFC 9068):
 * signature by the provider's key, issuer (which names the tenant), audience (the API), expiry.
 * Its rights are its scopes intersected with the user's permissions of the moment. A user's token
 * is good only while the device session its grant signed in with is (checked like any session,
 * so revoking it refuses the token at once); a client-credentials token, while its client exists.
 */
export async function authenticateOAuthToken(
  runtime: Runtime,
  token: string,
  options: { now?: Date } = {},
): Promise<Viewer> {
  const now = options.now ?? new Date();
  const { tenantId, payload } = await verifiedToken(runtime, token, now);
  const { sub, sid, jti, exp, scope, client_id: clientId } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !isUuid(sub) || typeof jti !== 'string' || typeof exp !== 'number') throw invalid();
  if (typeof clientId !== 'string') throw invalid();
  const scopes = new Set(apiScopesOf(typeof scope === 'string' ? scope : ''));

  let sessionId: string;
  let cached: CachedValues | undefined;
  if (typeof sid === 'string') {
    const check = await runtime.sessionState.check(tenantId, sid, { alsoGet: permissionCacheKeys(tenantId, sub) });
    if (!check.active) throw new UnauthenticatedError('Session has ended');
    sessionId = sid;
    cached = check.alsoGot;
  } else {
    // Client credentials: the service account of a client that still exists.
    if (!(await clientExists(runtime, tenantId, clientId, sub))) throw invalid();
    sessionId = jti;
  }
  const access = await resolveAccess(runtime, tenantId, sub, cached);
  return {
    userId: sub,
    tenantId,
    sessionId,
    tokenId: jti,
    apiKeyId: null,
    oauthClientId: clientId,
    roles: access.roles,
    permissions: new Set(access.permissions.filter((permission) => scopes.has(permission))),
    isPlatformAdmin: false,
    expiresAt: new Date(exp * 1000),
    // A delegated token never counts as a recent sign-in (step-up refuses it).
    auth: { time: new Date(0), methods: [], enrolmentOnly: false },
  };
}

async function verifiedToken(
  runtime: Runtime,
  token: string,
  now: Date,
): Promise<{ tenantId: string; payload: Readonly<Record<string, unknown>> }> {
  const caches = cachesOf(runtime);
  const cacheKey = crypto.createHash('sha256').update(token).digest('base64url');
  const cached = caches.verified.get(cacheKey);
  if (cached) {
    const exp = cached.payload['exp'] as number;
    // jsonwebtoken's rule: expired when now >= exp + tolerance.
    if (
      Math.floor(now.getTime() / 1000) < exp + CLOCK_TOLERANCE_SECONDS &&
      (await publicKey(runtime, cached.kid))?.key === cached.key &&
      // The tenant may have been suspended since (a few seconds' cache).
      (await tenantOfIssuer(runtime, cached.payload['iss'] as string)) === cached.tenantId
    )
      return cached;
    caches.verified.delete(cacheKey);
  }
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw invalid();
  const header = decoded.header as unknown as Record<string, unknown>;
  if (header['typ'] !== ACCESS_TOKEN_TYP) throw invalid();
  if (FORBIDDEN_HEADERS.some((name) => name in header)) throw invalid();
  const kid = header['kid'];
  if (typeof kid !== 'string') throw invalid();
  const key = await publicKey(runtime, kid);
  if (!key || header['alg'] !== key.alg) throw invalid();
  const iss = decoded.payload.iss;
  if (typeof iss !== 'string') throw invalid();
  const tenantId = await tenantOfIssuer(runtime, iss);
  if (!tenantId) throw invalid();
  let payload: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, key.key, {
      algorithms: [key.alg],
      issuer: iss,
      audience: apiResourceFor(runtime.config.mail.appUrl),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    if (typeof verified === 'string') throw invalid();
    payload = verified;
  } catch {
    throw invalid();
  }
  if (typeof payload.exp !== 'number') throw invalid();
  const entry: VerifiedToken = { tenantId, payload, kid, key: key.key };
  caches.verified.set(cacheKey, entry);
  return entry;
}

async function publicKey(runtime: Runtime, kid: string): Promise<{ key: KeyObject; alg: OidcSigningAlg } | undefined> {
  const caches = cachesOf(runtime);
  const stale = Date.now() - caches.loadedAt >= KEYS_MAX_AGE_MS;
  if (
    caches.loadedAt === 0 ||
    (Date.now() - caches.attemptedAt >= KEYS_MIN_REFRESH_MS && (stale || !caches.keys.has(kid)))
  ) {
    caches.loading ??= (async () => {
      caches.attemptedAt = Date.now();
      try {
        caches.keys = await loadOidcPublicKeys(runtime.db);
        caches.loadedAt = Date.now();
      } finally {
        caches.loading = undefined;
      }
    })();
    try {
      await caches.loading;
    } catch (error) {
      if (caches.loadedAt === 0) throw error;
      runtime.logger.error({ err: (error as Error).message }, 'oidc keys: registry unreachable, using the keys loaded');
    }
  }
  return caches.keys.get(kid);
}

async function tenantOfIssuer(runtime: Runtime, iss: string): Promise<string | null> {
  const prefix = tenantIssuerPrefix(runtime);
  if (!iss.startsWith(prefix)) return null;
  const tenant = await tenantOfSlug(runtime, iss.slice(prefix.length));
  if (!tenant) return null;
  if (tenant.status !== 'active') throw new AppError('TENANT_NOT_ACTIVE', 'This tenant is not active');
  return tenant.id;
}

async function clientExists(
  runtime: Runtime,
  tenantId: string,
  clientId: string,
  serviceAccountId: string,
): Promise<boolean> {
  const caches = cachesOf(runtime);
  const key = `${tenantId}:${clientId}:${serviceAccountId}`;
  const cached = caches.clients.get(key);
  if (cached) return cached.exists;
  const client = await new OAuthClientRepository(runtime.db.tenant(tenantId)).find(clientId);
  const exists = client?.kind === 'service' && client.serviceAccountId === serviceAccountId;
  caches.clients.set(key, { exists });
  return exists;
}

/** Forgets a client at once in this process (its deletion); other processes within CLIENT_TTL_MS. */
export function forgetOAuthClient(runtime: Runtime, tenantId: string, clientId: string): void {
  const caches = cachesOf(runtime);
  for (const key of caches.clients.keys()) if (key.startsWith(`${tenantId}:${clientId}:`)) caches.clients.delete(key);
}

function invalid(): UnauthenticatedError {
  return new UnauthenticatedError('Invalid or expired access token');
}
