import net from 'node:net';
import { recordAudit, type AuditEntry } from '../audit/audit.repository.ts';
import { UnauthenticatedError } from '../../runtime/errors.ts';
import { tenantKey, type Redis } from '../../runtime/redis.ts';
import { SessionRepository } from './session.repository.ts';
import type { SessionCheck } from './session-state.ts';
import type { Caller } from '../../runtime/viewer.ts';
import { parseTenantSettings, type TenantSettings } from '../tenants/tenant-settings.ts';
import { findStoredTenantSettings } from '../tenants/tenant.repository.ts';
import { recordApiActivity } from '../users/user-activity.repository.ts';
import type { Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';

/** What the per-request session work uses: the tenant schemas, Redis and a logger. */
export interface SessionActivityDeps {
  readonly db: Database;
  readonly redis: Redis;
  readonly logger: Logger;
}

/**
 * What the gateway does with a session on each authenticated request, beyond "is it active":
 * the IP-binding policy, the once-a-minute `lastActiveAt` write and the
 * user-agent change record. Everything Redis is needed for was already answered by
 * `SessionStateStore.check` in the request's one round trip; what is left costs Postgres only
 * when something is due (a write once a minute, a settings reload every 30 s per tenant).
 */

export type IpBinding = TenantSettings['sessions']['ipBinding'];

/** Parsed tenant settings are cached per process this long: a settings change takes effect within it. */
export const SETTINGS_CACHE_TTL_MS = 30_000;
const SETTINGS_CACHE_MAX = 10_000;
/** A session's creation address never changes; cached per process, bounded. */
const SESSION_IP_CACHE_MAX = 50_000;
/** At most one `session.ip_refused` audit event per session and address per this many seconds. */
const REFUSAL_AUDIT_INTERVAL_SECONDS = 60;

interface CachedSettings {
  readonly settings: Promise<TenantSettings>;
  readonly until: number;
}

const settingsCaches = new WeakMap<SessionActivityDeps, Map<string, CachedSettings>>();
const sessionIpCaches = new WeakMap<SessionActivityDeps, Map<string, string | null>>();

function cacheOf<V>(caches: WeakMap<SessionActivityDeps, Map<string, V>>, deps: SessionActivityDeps): Map<string, V> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new Map();
    caches.set(deps, cache);
  }
  return cache;
}

/** The tenant's parsed settings, cached per process for SETTINGS_CACHE_TTL_MS. */
export function cachedTenantSettings(
  deps: SessionActivityDeps,
  tenantId: string,
  now = Date.now(),
): Promise<TenantSettings> {
  const cache = cacheOf(settingsCaches, deps);
  const hit = cache.get(tenantId);
  if (hit && hit.until > now) return hit.settings;
  const settings = findStoredTenantSettings(deps.db.control, tenantId).then(parseTenantSettings);
  // A failed load is not cached: the next request tries again.
  settings.catch(() => cache.delete(tenantId));
  if (cache.size >= SETTINGS_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(tenantId, { settings, until: now + SETTINGS_CACHE_TTL_MS });
  return settings;
}

/** Forgets cached settings (tests; a process that just changed a tenant's settings). */
export function forgetTenantSettings(deps: SessionActivityDeps, tenantId?: string): void {
  if (tenantId) cacheOf(settingsCaches, deps).delete(tenantId);
  else cacheOf(settingsCaches, deps).clear();
}

/** Strips an IPv4-mapped IPv6 prefix (`::ffff:198.51.100.4`) so both forms compare equal. */
function normalizeIp(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/** The 8 hextets of an IPv6 address, or null. */
function ipv6Hextets(ip: string): number[] | null {
  if (net.isIPv6(ip) === false) return null;
  let address = ip.split('%')[0] as string;
  // An embedded IPv4 tail becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split('.').map(Number) as [number, number, number, number];
    address = address.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  if (parts.length !== 8) return null;
  return parts.map((part) => Number.parseInt(part || '0', 16));
}

/**
 * Whether a request from `requestIp` may use a session created from `sessionIp`.
 * subnet: same /24 (IPv4) or same /64 (IPv6); exact: the same address. An address that cannot
 * be parsed, or a family change, is refused under either policy (never fails open).
 */
export function ipAllowed(
  policy: IpBinding,
  sessionIp: string | null | undefined,
  requestIp: string | null | undefined,
): boolean {
  if (policy === 'off') return true;
  if (!sessionIp || !requestIp) return false;
  const a = normalizeIp(sessionIp);
  const b = normalizeIp(requestIp);
  if (policy === 'exact') {
    if (net.isIPv4(a) && net.isIPv4(b)) return a === b;
    const x = ipv6Hextets(a);
    const y = ipv6Hextets(b);
    return x !== null && y !== null && x.every((h, i) => h === y[i]);
  }
  if (net.isIPv4(a) && net.isIPv4(b)) return a.split('.').slice(0, 3).join('.') === b.split('.').slice(0, 3).join('.');
  const x = ipv6Hextets(a);
  const y = ipv6Hextets(b);
  return x !== null && y !== null && x.slice(0, 4).every((h, i) => h === y[i]);
}

function sessionRow(deps: SessionActivityDeps, tenantId: string, sessionId: string) {
  return new SessionRepository(deps.db.tenant(tenantId), tenantId).origin(sessionId);
}

async function sessionIp(deps: SessionActivityDeps, tenantId: string, sessionId: string): Promise<string | null> {
  const cache = cacheOf(sessionIpCaches, deps);
  const key = `${tenantId}:${sessionId}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  const ip = (await sessionRow(deps, tenantId, sessionId))?.ip ?? null;
  if (cache.size >= SESSION_IP_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, ip);
  return ip;
}

/** What the edge knows of the request before the caller is established. */
export type EdgeRequest = Pick<Caller, 'ip' | 'userAgent'> & Partial<Pick<Caller, 'requestId'>>;

export interface EdgeSession {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId: string;
}

/**
 * Refuses the request (UnauthenticatedError) when the tenant binds sessions to their address and
 * this one does not match. Each refusal is logged; an audit event `session.ip_refused` is written
 * at most once a minute per session and address (a stolen token replayed in a loop cannot flood
 * the audit log).
 */
export async function enforceIpBinding(
  deps: SessionActivityDeps,
  session: EdgeSession,
  request: EdgeRequest,
): Promise<void> {
  const { ipBinding } = (await cachedTenantSettings(deps, session.tenantId)).sessions;
  if (ipBinding === 'off') return;
  const boundTo = await sessionIp(deps, session.tenantId, session.sessionId);
  if (ipAllowed(ipBinding, boundTo, request.ip)) return;
  deps.logger.warn(
    { tenantId: session.tenantId, sessionId: session.sessionId, policy: ipBinding, requestId: request.requestId },
    'session refused: address outside its binding',
  );
  void auditOnce(
    deps,
    session.tenantId,
    ['sess-ipref', session.sessionId, request.ip ?? '-'],
    REFUSAL_AUDIT_INTERVAL_SECONDS,
    request,
    {
      action: 'session.ip_refused',
      actorId: session.userId,
      targetType: 'session',
      targetId: session.sessionId,
      result: 'refused',
      data: { policy: ipBinding },
    },
  );
  throw new UnauthenticatedError('Session is not valid from this address');
}

async function auditOnce(
  deps: SessionActivityDeps,
  tenantId: string,
  gate: string[],
  seconds: number,
  request: EdgeRequest,
  entry: AuditEntry,
): Promise<void> {
  try {
    const first = await deps.redis.set(tenantKey(tenantId, ...gate), '1', 'EX', seconds, 'NX');
    if (first !== 'OK') return;
  } catch {
    // Redis down: still record (an unbounded flood needs Redis down AND a replayed token).
  }
  await recordAudit(deps.db.tenant(tenantId), deps.logger, request, entry).catch(() => undefined);
}

/**
 * After the request passed every check: writes `lastActiveAt` when this request won the
 * once-a-minute gate, and records a user-agent change. Fire-and-forget: never fails or delays
 * the request; failures are logged.
 */
export function afterSessionCheck(
  deps: SessionActivityDeps,
  session: EdgeSession,
  request: EdgeRequest,
  check: SessionCheck,
  now = new Date(),
): void {
  if (check.touchDue) {
    new SessionRepository(deps.db.tenant(session.tenantId), session.tenantId)
      .touchLastActive(session.sessionId, now)
      .catch((error: unknown) =>
        deps.logger.warn({ err: (error as Error).message, sessionId: session.sessionId }, 'lastActiveAt write failed'),
      );
    // The same gate counts the user's API use: one user_activity row per user and day.
    recordApiActivity(deps.db.tenant(session.tenantId), session.tenantId, session.userId, now).catch((error: unknown) =>
      deps.logger.warn(
        { err: (error as Error).message, sessionId: session.sessionId },
        'API activity: could not record',
      ),
    );
  }
  if (check.userAgentChanged && request.userAgent !== undefined) {
    void recordUserAgentChange(deps, session, request, check.userAgentChanged).catch((error: unknown) =>
      deps.logger.warn(
        { err: (error as Error).message, sessionId: session.sessionId },
        'user agent change: could not record',
      ),
    );
  }
}

async function recordUserAgentChange(
  deps: SessionActivityDeps,
  session: EdgeSession,
  request: EdgeRequest,
  changed: true | 'unknown',
): Promise<void> {
  // Redis had no record of this session's user agent: compare with the one it started with.
  if (changed === 'unknown') {
    const row = await sessionRow(deps, session.tenantId, session.sessionId);
    if (!row || row.userAgent === null || row.userAgent === request.userAgent) return;
  }
  await recordAudit(deps.db.tenant(session.tenantId), deps.logger, request, {
    action: 'session.user_agent_changed',
    actorId: session.userId,
    targetType: 'session',
    targetId: session.sessionId,
  });
}
