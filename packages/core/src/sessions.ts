import crypto from 'node:crypto';
import type { Runtime } from './runtime.ts';

/** 256-bit random refresh token, base64url. */
export function newRefreshToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Refresh tokens are stored only as this hash (a leaked table yields no usable token). */
export function hashRefreshToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}

export type RevocationReason = 'logout' | 'revoked_by_user' | 'refresh_token_reuse' | 'tenant_suspended' | 'tenant_cancelled' | 'password_changed' | 'password_reset' | 'idle_timeout' | 'logout_everywhere' | 'session_limit' | 'revoked_by_admin' | 'user_disabled';

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
  const db = runtime.db.tenant(tenantId);
  // One conditional UPDATE ... RETURNING: of two concurrent revokes of one session exactly one
  // matches `revoked_at IS NULL`, so only it reports the id and the version moves once.
  const ended = await db.session.updateManyAndReturn({
    where: { id: { in: [...where.sessionIds] }, revokedAt: null, ...(where.userId ? { userId: where.userId } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason, version: { increment: 1 } },
    select: { id: true },
  });
  const ids = ended.map((s) => s.id);
  if (ids.length === 0) return [];
  await runtime.sessionState.markRevoked(tenantId, ids);
  return ids;
}

/**
 * Ends every open session of a tenant at once (suspension, cancellation): Postgres first, then
 * the hot state in Redis, so every access token of the tenant is refused on its next request.
 * Postgres is updated in batches, repeated until none is left open (which also ends a session a
 * login racing the status change committed meanwhile); only then is Redis told, so a Redis
 * failure can never leave sessions open in the truth. Returns how many sessions were ended.
 */
export async function revokeAllTenantSessions(runtime: Runtime, tenantId: string, reason: RevocationReason, batchSize = 1000): Promise<number> {
  const db = runtime.db.tenant(tenantId);
  const ended: string[] = [];
  for (;;) {
    const open = await db.session.findMany({ where: { revokedAt: null }, select: { id: true }, take: batchSize });
    if (open.length === 0) break;
    const rows = await db.session.updateManyAndReturn({
      where: { id: { in: open.map((s) => s.id) }, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason, version: { increment: 1 } },
      select: { id: true },
    });
    ended.push(...rows.map((s) => s.id));
  }
  for (let i = 0; i < ended.length; i += batchSize) await runtime.sessionState.markRevoked(tenantId, ended.slice(i, i + batchSize));
  return ended.length;
}
