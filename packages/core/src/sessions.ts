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

export type RevocationReason = 'logout' | 'revoked_by_user' | 'refresh_token_reuse';

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
  const now = new Date();
  const open = await db.session.findMany({
    where: { id: { in: [...where.sessionIds] }, revokedAt: null, ...(where.userId ? { userId: where.userId } : {}) },
    select: { id: true },
  });
  const ids = open.map((s) => s.id);
  if (ids.length === 0) return [];
  await db.session.updateMany({
    where: { id: { in: ids }, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason, version: { increment: 1 } },
  });
  await runtime.sessionState.markRevoked(tenantId, ids);
  return ids;
}
