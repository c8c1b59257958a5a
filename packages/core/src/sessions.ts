import crypto from 'node:crypto';
import type { TenantPrisma, TenantPrismaClient } from '@tradesage/prisma';
import { recordAudit, type AuditSource } from './audit.ts';
import type { Runtime } from './runtime.ts';

/** 256-bit random refresh token, base64url. */
export function newRefreshToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Refresh tokens are stored only as this hash (a leaked table yields no usable token). */
export function hashRefreshToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}

export type RevocationReason =
  | 'logout'
  | 'revoked_by_user'
  | 'refresh_token_reuse'
  | 'tenant_suspended'
  | 'tenant_cancelled'
  | 'password_changed'
  | 'password_reset'
  | 'idle_timeout'
  | 'logout_everywhere'
  | 'session_limit'
  | 'revoked_by_admin'
  | 'user_disabled'
  | 'user_deleted';

/**
 * Ends sessions: Postgres first (the truth), then the hot state in Redis, so the next
 * request carrying any of their access tokens is refused. Returns the ids actually ended.
 */
export async function revokeSessions(
  runtime: Runtime,
  tenantId: string,
  where: { sessionIds: readonly string[]; userId?: string },
  reason: RevocationReason,
): Promise<string[]> {
  const ids = await endSessions(runtime.db.tenant(tenantId), where, reason);
  if (ids.length > 0) await runtime.revocations.publish(tenantId, ids);
  return ids;
}

/**
 * Ends every open session of one user of a tenant (optionally all but one: the caller's own),
 * in one conditional UPDATE ... RETURNING, then publishes them. Only this tenant's schema is
 * written, so another tenant's user id matches nothing. Returns the ids ended.
 */
export async function revokeUserSessions(
  runtime: Runtime,
  tenantId: string,
  userId: string,
  reason: RevocationReason,
  options: { exceptSessionId?: string } = {},
): Promise<string[]> {
  const ids = await endSessions(runtime.db.tenant(tenantId), { userId, ...options }, reason);
  await runtime.revocations.publish(tenantId, ids);
  return ids;
}

/**
 * "Sign out everywhere": every session of the caller ends, the current one included, audited.
 * One implementation behind both `logoutEverywhere` (auth) and `revokeAllSessions` (session).
 */
export async function signOutEverywhere(
  runtime: Runtime,
  viewer: { readonly tenantId: string; readonly userId: string },
  request: AuditSource,
): Promise<number> {
  const ended = await revokeUserSessions(runtime, viewer.tenantId, viewer.userId, 'logout_everywhere');
  await recordAudit(runtime.db.tenant(viewer.tenantId), runtime.logger, request, {
    action: 'sessions.revoked_all',
    actorId: viewer.userId,
    targetType: 'user',
    targetId: viewer.userId,
    data: { reason: 'logout_everywhere', sessionsEnded: ended.length },
  });
  return ended.length;
}

/**
 * The Postgres half of a revocation, also usable inside a transaction (the caller then publishes
 * the returned ids with `runtime.revocations.publish` after the commit). One conditional
 * UPDATE ... RETURNING: of two concurrent revokes of one session exactly one matches
 * `revoked_at IS NULL`, so only it reports the id and the version moves once.
 */
export async function endSessions(
  db: TenantPrismaClient | TenantPrisma.TransactionClient,
  where: { sessionIds?: readonly string[]; userId?: string; exceptSessionId?: string },
  reason: RevocationReason,
): Promise<string[]> {
  if (where.sessionIds === undefined && where.userId === undefined)
    throw new Error('endSessions needs session ids or a user id');
  if (where.sessionIds?.length === 0) return [];
  const ended = await db.session.updateManyAndReturn({
    where: {
      revokedAt: null,
      ...(where.sessionIds ? { id: { in: [...where.sessionIds] } } : {}),
      ...(where.exceptSessionId ? { NOT: { id: where.exceptSessionId } } : {}),
      ...(where.userId ? { userId: where.userId } : {}),
    },
    data: { revokedAt: new Date(), revokedReason: reason, version: { increment: 1 } },
    select: { id: true },
  });
  return ended.map((s) => s.id);
}

/**
 * Ends every open session of a tenant at once (suspension, cancellation): Postgres first, then
 * the hot state in Redis, so every access token of the tenant is refused on its next request.
 * Postgres is updated in batches, repeated until none is left open (which also ends a session a
 * login racing the status change committed meanwhile); only then is Redis told (through the
 * outbox when it cannot be reached), so a Redis failure can never leave sessions open. Returns how many sessions were ended.
 */
export async function revokeAllTenantSessions(
  runtime: Runtime,
  tenantId: string,
  reason: RevocationReason,
  batchSize = 1000,
): Promise<number> {
  const db = runtime.db.tenant(tenantId);
  const ended: string[] = [];
  for (;;) {
    const open = await db.session.findMany({ where: { revokedAt: null }, select: { id: true }, take: batchSize });
    if (open.length === 0) break;
    ended.push(...(await endSessions(db, { sessionIds: open.map((s) => s.id) }, reason)));
  }
  for (let i = 0; i < ended.length; i += batchSize)
    await runtime.revocations.publish(tenantId, ended.slice(i, i + batchSize));
  return ended.length;
}
