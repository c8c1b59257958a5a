import { recordAudit, type AuditSource } from '../audit/audit.repository.ts';
import type { Database } from '@tradesage/prisma';
import type { Logger } from '../../runtime/logger.ts';
import type { RevocationPublisher } from './revocation-publisher.ts';
import { endSessions, SessionRepository, type RevocationReason } from './session.repository.ts';

/** What ending sessions uses: the tenant schemas, the revocation publisher (Redis or its outbox), a logger. */
export interface SessionRevocationDeps {
  readonly db: Database;
  readonly revocations: Pick<RevocationPublisher, 'publish'>;
  readonly logger: Logger;
}

/**
 * Ends sessions: Postgres first (the truth), then the hot state in Redis, so the next
 * request carrying any of their access tokens is refused. Returns the ids actually ended.
 */
export async function revokeSessions(
  deps: SessionRevocationDeps,
  tenantId: string,
  where: { sessionIds: readonly string[]; userId?: string },
  reason: RevocationReason,
): Promise<string[]> {
  const ids = await endSessions(deps.db.tenant(tenantId), where, reason);
  if (ids.length > 0) await deps.revocations.publish(tenantId, ids);
  return ids;
}

/**
 * Ends every open session of one user of a tenant (optionally all but one: the caller's own),
 * in one conditional UPDATE ... RETURNING, then publishes them. Only this tenant's schema is
 * written, so another tenant's user id matches nothing. Returns the ids ended.
 */
export async function revokeUserSessions(
  deps: SessionRevocationDeps,
  tenantId: string,
  userId: string,
  reason: RevocationReason,
  options: { exceptSessionId?: string } = {},
): Promise<string[]> {
  const ids = await endSessions(deps.db.tenant(tenantId), { userId, ...options }, reason);
  await deps.revocations.publish(tenantId, ids);
  return ids;
}

/**
 * "Sign out everywhere": every session of the caller ends, the current one included, audited.
 * One implementation behind both `logoutEverywhere` (auth) and `revokeAllSessions` (session).
 */
export async function signOutEverywhere(
  deps: SessionRevocationDeps,
  viewer: { readonly tenantId: string; readonly userId: string },
  request: AuditSource,
): Promise<number> {
  const ended = await revokeUserSessions(deps, viewer.tenantId, viewer.userId, 'logout_everywhere');
  await recordAudit(deps.db.tenant(viewer.tenantId), deps.logger, request, {
    action: 'sessions.revoked_all',
    actorId: viewer.userId,
    targetType: 'user',
    targetId: viewer.userId,
    data: { reason: 'logout_everywhere', sessionsEnded: ended.length },
  });
  return ended.length;
}

/**
 * Ends every open session of a tenant at once (suspension, cancellation): Postgres first, then
 * the hot state in Redis, so every access token of the tenant is refused on its next request.
 * Postgres is updated in batches, repeated until none is left open (which also ends a session a
 * login racing the status change committed meanwhile); only then is Redis told (through the
 * outbox when it cannot be reached), so a Redis failure can never leave sessions open. Returns how many sessions were ended.
 */
export async function revokeAllTenantSessions(
  deps: SessionRevocationDeps,
  tenantId: string,
  reason: RevocationReason,
  batchSize = 1000,
): Promise<number> {
  const db = deps.db.tenant(tenantId);
  const ended: string[] = [];
  for (;;) {
    const open = await new SessionRepository(db, tenantId).openIds(batchSize);
    if (open.length === 0) break;
    ended.push(...(await endSessions(db, { sessionIds: open }, reason)));
  }
  for (let i = 0; i < ended.length; i += batchSize)
    await deps.revocations.publish(tenantId, ended.slice(i, i + batchSize));
  return ended.length;
}
