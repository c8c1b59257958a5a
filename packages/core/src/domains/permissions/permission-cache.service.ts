import crypto from 'node:crypto';
import { effectivePermissions, type Database, type RoleDefinition } from '@tradesage/prisma';
import { tenantKey, type Redis } from '../../runtime/redis.ts';
import type { SealingCipher } from '../../runtime/sealing-cipher.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { CacheTrust } from '../../runtime/redis-coherence.ts';
import type { CachedValues } from '../sessions/session-state.ts';
import {
  deferInvalidations,
  deleteDeferredInvalidations,
  oldestDeferredInvalidations,
  rolesHeldBy,
} from './permission.repository.ts';

/** What the permission cache uses: the tenant schemas, Redis, the cipher that seals entries, a logger. */
export interface PermissionCacheDeps {
  readonly db: Database;
  readonly redis: Redis;
  readonly cacheCipher: SealingCipher;
  readonly logger: Logger;
  /** Whether Redis may be believed (runtime/redis-coherence.ts); a failed invalidation stops that. */
  readonly cache: CacheTrust;
}

/**
 * A user's roles and effective permissions as they are NOW in the tenant's schema.
 * Authorization never trusts the `roles` claim of the access token: a role change applies to
 * the very next request, whatever tokens are out there.
 *
 * Cached in Redis per (tenant, user), read in the same pipelined round trip as the session check
 * (`SessionStateStore.check`'s `alsoGet`), so a warm request costs no Postgres query; a miss costs
 * one (every role of the tenant joined with the user's assignments), computed once and shared by
 * the gateway and the subgraphs behind it.
 *
 * Invalidation. Every entry is stamped with the cache epoch (runtime/redis-coherence.ts: a Redis
 * back with older data, or flushed, is on a new one) and two tokens read in the same round trip:
 * the tenant's role-definition epoch and the user's assignment generation. An entry is used only
 * while all three still match. A change commits to Postgres first, then sets a new random token (a role
 * definition: the tenant epoch — every user of the tenant; assignRoles: that user's generation,
 * and deletes the entry). A reader reads the tokens before it reads Postgres, so an entry filled
 * from data older than a change always carries an older token and is never used: no race between
 * a slow fill and an invalidation can resurrect old permissions.
 *
 * Entries are sealed with the session-cache cipher (AES-256-GCM, SESSION_CACHE_KEYS; the Redis key
 * is the associated data), so whoever can write to Redis still cannot grant a permission: an entry
 * that does not open is a miss.
 *
 * Redis down or not trusted: computed from Postgres on every request, nothing cached; never failed
 * open and never taken from the token. If Redis cannot be told about a change, the change still
 * stands (Postgres is the truth), the invalidation waits in control.permission_invalidations, and
 * no instance trusts Redis until one that reaches it has applied it.
 */
export interface Access {
  /** The roles the user holds, sorted. */
  readonly roles: readonly string[];
  /** Their effective permissions (own plus inherited), sorted. */
  readonly permissions: readonly string[];
}

/** How long an entry is kept (a new one is computed after, from Postgres). */
export const PERMISSIONS_CACHE_TTL_SECONDS = 60;
/**
 * Lifetime of the invalidation tokens: far above an entry's lifetime plus a slow reader, so a
 * token that expires (reads as missing) cannot match an entry filled before it was set.
 */
const STAMP_TTL_SECONDS = 86_400;
const ENTRY_VERSION = 2;

interface CachedEntry {
  readonly v: number;
  /** The user the entry belongs to: an entry is never used for anyone else. */
  readonly u: string;
  /** Cache epoch, tenant epoch and user generation when it was computed. */
  readonly s: string;
  readonly r: readonly string[];
  readonly p: readonly string[];
}

const entryKey = (tenantId: string, userId: string): string => tenantKey(tenantId, 'perms', userId);
const epochKey = (tenantId: string): string => tenantKey(tenantId, 'perms-epoch');
const generationKey = (tenantId: string, userId: string): string => tenantKey(tenantId, 'perms-gen', userId);

/** The keys `SessionStateStore.check` reads for `resolveAccess`: entry, tenant epoch, user generation. */
export function permissionCacheKeys(tenantId: string, userId: string): readonly [string, string, string] {
  return [entryKey(tenantId, userId), epochKey(tenantId), generationKey(tenantId, userId)];
}

/**
 * The user's access. `cached` is what Redis answered for `permissionCacheKeys` in the session
 * check's round trip, with the cache epoch it was trusted under; undefined means Redis did not
 * answer or is not trusted, so Postgres decides and nothing is cached. A missing, stale or
 * foreign entry is recomputed from Postgres and cached.
 */
export async function resolveAccess(
  deps: PermissionCacheDeps,
  tenantId: string,
  userId: string,
  cached: CachedValues | undefined,
): Promise<Access> {
  if (cached === undefined) return loadAccess(deps, tenantId, userId);
  const [entry, epoch, generation] = cached.values;
  const tokens = { cacheEpoch: cached.epoch, epoch: epoch ?? null, generation: generation ?? null };
  const key = entryKey(tenantId, userId);
  const hit = parseEntry(deps.cacheCipher, key, entry ?? null, userId, stampOf(tokens));
  if (hit) return hit;
  const access = await loadAccess(deps, tenantId, userId);
  try {
    await deps.redis.set(
      key,
      cachedAccessValue(deps.cacheCipher, key, userId, access, tokens),
      'EX',
      PERMISSIONS_CACHE_TTL_SECONDS,
    );
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, 'permissions: could not cache');
  }
  return access;
}

/**
 * The user's roles and effective permissions from Postgres in one query: every role of the
 * tenant (name, parent, own permissions) and whether the user holds it.
 */
export async function loadAccess(deps: PermissionCacheDeps, tenantId: string, userId: string): Promise<Access> {
  const rows = await rolesHeldBy(deps.db.tenant(tenantId), tenantId, userId);
  const definitions = new Map<string, RoleDefinition>(rows.map((row) => [row.name, row]));
  const roles = rows
    .filter((row) => row.held)
    .map((row) => row.name)
    .sort();
  return { roles, permissions: effectivePermissions(roles, (name) => definitions.get(name)) };
}

/**
 * After a change of these users' role assignments is committed: their next request recomputes.
 * Never throws (the change stands in Postgres): when Redis cannot be told, the invalidation waits
 * in control.permission_invalidations until an instance that reaches Redis applies it.
 */
export async function invalidateUserPermissions(
  deps: PermissionCacheDeps,
  tenantId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await invalidateOrDefer(deps, tenantId, userIds);
}

/** After a role definition of the tenant changed (created, updated, deleted): every user recomputes. */
export async function invalidateTenantPermissions(deps: PermissionCacheDeps, tenantId: string): Promise<void> {
  await invalidateOrDefer(deps, tenantId, null);
}

/**
 * Applies the invalidations other instances could not (oldest first) and deletes them; returns
 * how many. Throws while Redis cannot be reached. Run by runtime/redis-coherence.ts before it
 * trusts Redis again.
 */
export async function drainPermissionInvalidations(
  deps: Pick<PermissionCacheDeps, 'db' | 'redis' | 'logger'>,
): Promise<number> {
  let applied = 0;
  for (;;) {
    const rows = await oldestDeferredInvalidations(deps.db.control, 500);
    if (rows.length === 0) return applied;
    const byTenant = new Map<string, { users: string[]; tenant: boolean }>();
    for (const row of rows) {
      const entry = byTenant.get(row.tenantId) ?? { users: [], tenant: false };
      if (row.userId === null) entry.tenant = true;
      else entry.users.push(row.userId);
      byTenant.set(row.tenantId, entry);
    }
    for (const [tenantId, entry] of byTenant)
      await applyInvalidation(deps, tenantId, entry.tenant ? null : entry.users);
    await deleteDeferredInvalidations(
      deps.db.control,
      rows.map((row) => row.id),
    );
    applied += rows.length;
    deps.logger.info({ invalidations: rows.length }, 'permissions: applied deferred cache invalidations');
    if (rows.length < 500) return applied;
  }
}

/** `userIds` null: the whole tenant (a new epoch); otherwise new generations for those users. */
async function applyInvalidation(
  deps: Pick<PermissionCacheDeps, 'redis'>,
  tenantId: string,
  userIds: readonly string[] | null,
): Promise<void> {
  const pipeline = deps.redis.pipeline();
  if (userIds === null) pipeline.set(epochKey(tenantId), newToken(), 'EX', STAMP_TTL_SECONDS);
  for (const userId of userIds ?? []) {
    pipeline.set(generationKey(tenantId, userId), newToken(), 'EX', STAMP_TTL_SECONDS);
    pipeline.del(entryKey(tenantId, userId));
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (results.length === 0 || failed) throw failed?.[0] ?? new Error('empty pipeline reply');
}

async function invalidateOrDefer(
  deps: PermissionCacheDeps,
  tenantId: string,
  userIds: readonly string[] | null,
): Promise<void> {
  try {
    await applyInvalidation(deps, tenantId, userIds);
    return;
  } catch (error) {
    deps.logger.warn(
      { err: (error as Error).message, tenantId, users: userIds?.length ?? 'all' },
      'permissions: redis unreachable, invalidation deferred',
    );
  }
  deps.cache.distrust('a permission change could not be written to redis');
  try {
    await deferInvalidations(
      deps.db.control,
      userIds === null ? [{ tenantId, userId: null }] : userIds.map((userId) => ({ tenantId, userId })),
    );
  } catch (error) {
    // Entries cached before the change still expire on their own (PERMISSIONS_CACHE_TTL_SECONDS).
    deps.logger.error(
      { err: (error as Error).message, tenantId, maxStaleSeconds: PERMISSIONS_CACHE_TTL_SECONDS },
      'permissions: neither redis nor the outbox took the invalidation; entries cached before the change expire on their own',
    );
  }
}

/** What an entry is stamped with: the cache epoch, and the invalidation tokens (null: not set). */
export interface AccessStamp {
  readonly cacheEpoch: string;
  readonly epoch: string | null;
  readonly generation: string | null;
}

/**
 * The Redis value of a user's cache entry (at `key`, its first permissionCacheKeys), stamped with
 * the cache epoch and the invalidation tokens read before the access was loaded, sealed.
 */
export function cachedAccessValue(
  cipher: SealingCipher,
  key: string,
  userId: string,
  access: Access,
  tokens: AccessStamp,
): string {
  const entry: CachedEntry = {
    v: ENTRY_VERSION,
    u: userId,
    s: stampOf(tokens),
    r: access.roles,
    p: access.permissions,
  };
  return cipher.seal(key, JSON.stringify(entry));
}

function stampOf(tokens: AccessStamp): string {
  return `${tokens.cacheEpoch}/${tokens.epoch ?? '-'}/${tokens.generation ?? '-'}`;
}

function newToken(): string {
  return crypto.randomBytes(9).toString('base64url');
}

function parseEntry(
  cipher: SealingCipher,
  key: string,
  value: string | null,
  userId: string,
  stamp: string,
): Access | null {
  if (value === null) return null;
  const plaintext = cipher.open(key, value);
  if (plaintext === null) return null;
  try {
    const entry = JSON.parse(plaintext) as Partial<CachedEntry>;
    if (entry.v !== ENTRY_VERSION || entry.u !== userId || entry.s !== stamp) return null;
    if (!isStringArray(entry.r) || !isStringArray(entry.p)) return null;
    return { roles: entry.r, permissions: entry.p };
  } catch {
    return null;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
