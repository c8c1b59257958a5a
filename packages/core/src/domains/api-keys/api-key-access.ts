import { LRUCache } from 'lru-cache';
import { AppError, UnauthenticatedError } from '../../runtime/errors.ts';
import { rateLimitedError, TenantCounter } from '../../runtime/rate-limit.ts';
import { tenantKey } from '../../runtime/redis.ts';
import { CACHE_EPOCH_KEY } from '../../runtime/redis-coherence.ts';
import { writeOrDefer } from '../../runtime/redis-outbox.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { Viewer } from '../../runtime/viewer.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { permissionCacheKeys, resolveAccess } from '../permissions/permission-cache.service.ts';
import type { CachedValues } from '../sessions/session-state.ts';
import type { EdgeRequest } from '../sessions/session-activity.service.ts';
import { addressAllowed } from './address-allowlist.ts';
import { parseApiKey } from './api-key-format.ts';
import { ApiKeyRepository, findApiKeyGrant, type ApiKeyGrant } from './api-key.repository.ts';

/**
 * An API key as a request's credential, at the gateway and again at each subgraph (which is never
 * weaker than the gateway): the same `Viewer` a session token gives, so shield rules and services
 * need no second path.
 *
 * - A key with a bad checksum is refused before any lookup, with the answer of an unknown key.
 * - What never changes about a key (tenant, owner, scopes, addresses, limit) is cached per process
 *   after its first lookup in Postgres (the cold path). What does change — revoked, or an expiry
 *   brought forward by a rotation — is published to Redis by the change (`publishApiKeyState`)
 *   and read on every request in the one round trip that also fetches the owner's cached
 *   permissions: a revocation is refused on the next request at every gateway instance. With Redis
 *   unreachable, every request reads the key's row in Postgres instead.
 * - The effective permissions are the key's scopes and the owner's current permissions both: a
 *   demoted owner's key loses the rights at once (the permission cache's own invalidation).
 * - A suspended or cancelled tenant's keys are refused (TENANT_NOT_ACTIVE) while it is so: its
 *   status is read at the lookup and, for warm caches, a Redis flag set by the status change.
 * - At the edge: the key's CIDR allowlist (API_KEY_ADDRESS_REFUSED), its own rate limit (429
 *   RATE_LIMITED with retryAfterSeconds), its last use (at most once a minute per key) and its
 *   requests per UTC day (a Redis hash, kept 90 days).
 */
const GRANT_CACHE_MAX = 10_000;
/** How long a key's unchanging facts are kept per process (its changing state is read every request). */
const GRANT_CACHE_TTL_MS = 5 * 60_000;
const TOUCH_INTERVAL_SECONDS = 60;
export const API_KEY_USAGE_RETENTION_DAYS = 90;

/** The state a change published for a key: revoked, or expiring at a time earlier than stored. */
const REVOKED = 'revoked';

export function apiKeyStateKey(tenantId: string, keyId: string): string {
  return tenantKey(tenantId, 'apikey', keyId);
}

export function apiKeyUsageKey(tenantId: string, keyId: string): string {
  return tenantKey(tenantId, 'apikey-usage', keyId);
}

/** Set while the tenant is suspended or cancelled: its keys are refused (TENANT_NOT_ACTIVE). */
function tenantOffKey(tenantId: string): string {
  return tenantKey(tenantId, 'apikeys-off');
}

/**
 * A tenant suspended or cancelled (`enabled: false`) or brought back: its keys are refused, or
 * accepted again, from the next request at every instance. When Redis cannot take it, the change
 * waits in the outbox and no instance trusts Redis until it is relayed (runtime/redis-outbox.ts).
 */
export async function setTenantApiKeysEnabled(runtime: Runtime, tenantId: string, enabled: boolean): Promise<void> {
  await writeOrDefer(runtime, [{ key: tenantOffKey(tenantId), value: enabled ? null : '1', expiresAt: null }]);
}

function touchKey(tenantId: string, keyId: string): string {
  return tenantKey(tenantId, 'apikey-touch', keyId);
}

/** The key is past its expiry: a distinct code from an unknown or revoked key. */
export class ApiKeyExpiredError extends AppError {
  constructor() {
    super('API_KEY_EXPIRED', 'This API key has expired');
  }
}

export class InvalidApiKeyError extends UnauthenticatedError {
  constructor() {
    super('Invalid API key');
  }
}

interface Caches {
  readonly grants: LRUCache<string, ApiKeyGrant>;
  readonly limits: TenantCounter;
}

const cachesByRuntime = new WeakMap<Runtime, Caches>();

function cachesOf(runtime: Runtime): Caches {
  let caches = cachesByRuntime.get(runtime);
  if (!caches) {
    const grants = new LRUCache<string, ApiKeyGrant>({ max: GRANT_CACHE_MAX, ttl: GRANT_CACHE_TTL_MS });
    caches = {
      grants,
      limits: new TenantCounter({ name: 'api-key', points: 1, durationSeconds: 60 }, runtime.redis, runtime.logger),
    };
    // A new cache epoch: the published states the grants relied on may be gone (a flush, older
    // data), so every key is looked up in Postgres again.
    runtime.cache.onEpochChange(() => grants.clear());
    cachesByRuntime.set(runtime, caches);
  }
  return caches;
}

/** Forgets every key this process cached (tests that rewrite keys behind the service's back). */
export function forgetApiKeyGrants(runtime: Runtime): void {
  cachesOf(runtime).grants.clear();
}

/**
 * Publishes a change of a key to every instance: revoked, or expiring at `expiresAt` (a rotation's
 * overlap). Kept in Redis until the key would have expired anyway. When Redis cannot take it, the
 * change waits in the outbox and no instance trusts Redis until it is relayed.
 */
export async function publishApiKeyState(
  runtime: Runtime,
  tenantId: string,
  keyId: string,
  state: { revoked: true; until: Date } | { revoked: false; expiresAt: Date },
  now = new Date(),
): Promise<void> {
  const until = state.revoked ? state.until : state.expiresAt;
  const expiresAt = new Date(Math.max(until.getTime(), now.getTime()) + 60_000);
  const value = state.revoked ? REVOKED : String(state.expiresAt.getTime());
  await writeOrDefer(runtime, [{ key: apiKeyStateKey(tenantId, keyId), value, expiresAt }], now);
}

/**
 * Revokes every key of an owner (a user deactivated or deleted, a service account deleted) and
 * publishes each revocation. The ids revoked.
 */
export async function revokeOwnerApiKeys(
  runtime: Runtime,
  tenantId: string,
  ownerId: string,
  reason: string,
  now = new Date(),
): Promise<string[]> {
  const revoked = await new ApiKeyRepository(runtime.db.control, runtime.db.tenant(tenantId), tenantId).revokeAllOf(
    ownerId,
    reason,
    now,
  );
  for (const key of revoked)
    await publishApiKeyState(runtime, tenantId, key.id, { revoked: true, until: key.expiresAt }, now);
  return revoked.map((key) => key.id);
}

export async function authenticateApiKey(
  runtime: Runtime,
  secret: string,
  options: { edge?: EdgeRequest; now?: Date } = {},
): Promise<Viewer> {
  const parsed = parseApiKey(secret);
  if (!parsed) throw new InvalidApiKeyError();
  const caches = cachesOf(runtime);
  let grant = caches.grants.get(parsed.hash);
  if (!grant) {
    const found = await findApiKeyGrant(runtime.db.control, (id) => runtime.db.tenant(id), parsed.hash);
    if (!found) throw new InvalidApiKeyError();
    grant = found;
    // Only an active tenant's key is kept: a suspended one's may come back at any moment.
    if (grant.tenantActive) caches.grants.set(parsed.hash, grant);
  }
  const now = options.now ?? new Date();
  const { edge } = options;
  const state = await readState(runtime, grant, edge !== undefined, now);
  if (!state.tenantActive) throw new AppError('TENANT_NOT_ACTIVE', 'This tenant is not active');
  if (state.revoked || !grant.ownerActive) throw refused(runtime, grant, edge, 'revoked', new InvalidApiKeyError());
  if (state.expiresAt.getTime() <= now.getTime())
    throw refused(runtime, grant, edge, 'expired', new ApiKeyExpiredError());
  if (edge) {
    if (!addressAllowed(grant.allowedCidrs, edge.ip))
      throw refused(
        runtime,
        grant,
        edge,
        'address',
        new AppError('API_KEY_ADDRESS_REFUSED', 'This API key may not be used from this address'),
      );
    if (grant.rateLimitPerMinute !== null) {
      const counted = await caches.limits.hit(grant.tenantId, grant.keyId, 1, grant.rateLimitPerMinute);
      if (counted.exceeded)
        throw rateLimitedError(counted.msBeforeReset, 'This API key is over its rate limit', { scope: 'api_key' });
    }
    if (state.touchDue)
      void new ApiKeyRepository(runtime.db.control, runtime.db.tenant(grant.tenantId), grant.tenantId)
        .touch(grant.keyId, now, edge.ip ?? null)
        .catch((error: unknown) =>
          runtime.logger.warn({ err: (error as Error).message, keyId: grant.keyId }, 'api key: last use not recorded'),
        );
  }
  const access = await resolveAccess(runtime, grant.tenantId, grant.ownerId, state.permissionsCached);
  const scopes = new Set(grant.scopes);
  const permissions = new Set(access.permissions.filter((permission) => scopes.has(permission)));
  const isPlatformAdmin = permissions.has('platform:admin') && (await runtime.platformTenantId()) === grant.tenantId;
  return {
    userId: grant.ownerId,
    tenantId: grant.tenantId,
    // A key has no session: its id stands in, and session-only operations refuse keys before any of them runs.
    sessionId: grant.keyId,
    tokenId: grant.keyId,
    apiKeyId: grant.keyId,
    roles: access.roles,
    permissions,
    isPlatformAdmin,
    expiresAt: state.expiresAt,
    // Never a recent sign-in (step-up refuses keys), never enrolment-only.
    auth: { time: new Date(0), methods: [], enrolmentOnly: false },
  };
}

/**
 * A refused use of a known key is audited in its tenant (at the edge only, so once per request),
 * without waiting; the error is returned for the caller to throw.
 */
function refused(
  runtime: Runtime,
  grant: ApiKeyGrant,
  edge: EdgeRequest | undefined,
  reason: 'revoked' | 'expired' | 'address',
  error: Error,
): Error {
  if (edge)
    void recordAudit(runtime.db.tenant(grant.tenantId), runtime.logger, edge, {
      action: 'api_key.refused',
      result: 'refused',
      actorId: grant.ownerId,
      targetType: 'api_key',
      targetId: grant.keyId,
      data: { reason },
    }).catch(() => undefined);
  return error;
}

interface KeyState {
  readonly tenantActive: boolean;
  readonly revoked: boolean;
  readonly expiresAt: Date;
  readonly touchDue: boolean;
  /** What Redis answered for the owner's permission cache keys; undefined when it did not answer or is not trusted. */
  readonly permissionsCached: CachedValues | undefined;
}

/** The key's published state, the touch gate, the day's count and the owner's cached permissions: one round trip. */
async function readState(runtime: Runtime, grant: ApiKeyGrant, atEdge: boolean, now: Date): Promise<KeyState> {
  if (runtime.cache.epoch === null) return stateFromDatabase(runtime, grant);
  const permissionKeys = permissionCacheKeys(grant.tenantId, grant.ownerId);
  try {
    const pipeline = runtime.redis
      .pipeline()
      .get(apiKeyStateKey(grant.tenantId, grant.keyId))
      .get(tenantOffKey(grant.tenantId));
    if (atEdge) {
      const usage = apiKeyUsageKey(grant.tenantId, grant.keyId);
      pipeline
        .set(touchKey(grant.tenantId, grant.keyId), '1', 'EX', TOUCH_INTERVAL_SECONDS, 'NX')
        .hincrby(usage, now.toISOString().slice(0, 10), 1)
        .expire(usage, API_KEY_USAGE_RETENTION_DAYS * 86_400);
    }
    pipeline.mget(...permissionKeys);
    // Last, after every entry: a flush or a new epoch between the reads shows here.
    pipeline.get(CACHE_EPOCH_KEY);
    const results = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    const failed = results.find(([error]) => error);
    if (results.length === 0 || failed) throw failed?.[0] ?? new Error('empty pipeline reply');
    // Another epoch: the published state may be missing (a flush, older data), so Postgres decides.
    const epoch = runtime.cache.accept(results.at(-1)?.[1] as string | null);
    if (epoch === null) return stateFromDatabase(runtime, grant);
    const published = results[0]?.[1] as string | null;
    return {
      tenantActive: grant.tenantActive && results[1]?.[1] !== '1',
      revoked: grant.revoked || published === REVOKED,
      expiresAt:
        published !== null && published !== REVOKED
          ? new Date(Math.min(grant.expiresAt.getTime(), Number(published)))
          : grant.expiresAt,
      touchDue: atEdge && results[2]?.[1] === 'OK',
      permissionsCached: { values: results.at(-2)?.[1] as Array<string | null>, epoch },
    };
  } catch (error) {
    runtime.logger.warn({ err: (error as Error).message }, 'api key state: redis unavailable, checking postgres');
    return stateFromDatabase(runtime, grant);
  }
}

/** The key's state from its row and its tenant's (Redis down or not trusted). */
async function stateFromDatabase(runtime: Runtime, grant: ApiKeyGrant): Promise<KeyState> {
  const [row, tenant] = await Promise.all([
    runtime.db.tenant(grant.tenantId).apiKey.findUnique({
      where: { id: grant.keyId },
      select: { revokedAt: true, expiresAt: true, owner: { select: { status: true } } },
    }),
    runtime.db.control.tenant.findUnique({ where: { id: grant.tenantId }, select: { status: true } }),
  ]);
  return {
    tenantActive: tenant?.status === 'active',
    revoked: !row || row.revokedAt !== null || row.owner.status !== 'active',
    expiresAt: row?.expiresAt ?? grant.expiresAt,
    touchDue: false,
    permissionsCached: undefined,
  };
}
