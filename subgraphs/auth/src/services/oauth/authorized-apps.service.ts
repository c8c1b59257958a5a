import {
  OAuthClientRepository,
  OidcPayloadRepository,
  revokeSessions,
  SessionRepository,
  SignedInService,
} from '@tradesage/core';
import { CLIENT_ID_PATTERN } from './oauth-client-policy.ts';

/** An application the caller authorized, as the account pages list it. */
export interface AuthorizedApp {
  readonly clientId: string;
  readonly name: string;
  readonly firstParty: boolean;
  readonly scopes: readonly string[];
  readonly activeSessions: number;
  readonly lastSignInAt: Date | null;
}

/**
 * The caller's own authorizations of the tenant's applications: the consents they gave and the
 * sign-ins (device sessions) applications hold for them. Withdrawing one ends those sign-ins and
 * deletes their grants, so the application's access tokens are refused and its refresh tokens find
 * no session to refresh (the provider's findAccount checks it); a later sign-in asks consent again.
 */
export class AuthorizedAppsService extends SignedInService {
  readonly #clients = new OAuthClientRepository(this.db);
  readonly #sessions = new SessionRepository(this.db, this.viewer.tenantId);

  /** Applications with the caller's consent or an open sign-in, most recently used first. */
  async list(): Promise<AuthorizedApp[]> {
    const userId = this.viewer.userId;
    const [clients, consents, open, lastSignIns] = await Promise.all([
      this.#clients.list(),
      this.#clients.consentsOf(userId),
      this.#sessions.openForApplications({ userId }),
      this.#sessions.lastApplicationSignIns(userId),
    ]);
    const payloads = new OidcPayloadRepository(this.runtime.db.pool, this.viewer.tenantId);
    const apps: AuthorizedApp[] = [];
    for (const client of clients) {
      const consent = consents.find((entry) => entry.clientId === client.id);
      const sessions = open.filter((session) => session.clientId === client.id);
      if (!consent && sessions.length === 0) continue;
      const scopes = new Set(consent?.scopes ?? []);
      for (const session of sessions) {
        if (!session.grantId) continue;
        for (const scope of grantScopes(await payloads.find('Grant', 'id', session.grantId))) scopes.add(scope);
      }
      apps.push({
        clientId: client.id,
        name: client.name,
        firstParty: client.firstParty,
        scopes: [...scopes].sort(),
        activeSessions: sessions.length,
        lastSignInAt: lastSignIns.get(client.id) ?? null,
      });
    }
    return apps.sort((a, b) => (b.lastSignInAt?.getTime() ?? 0) - (a.lastSignInAt?.getTime() ?? 0));
  }

  /**
   * Withdraws the caller's consent to the application and ends the caller's sign-ins to it with
   * their grants; audited. False when there was nothing to withdraw (also for another tenant's
   * client id, which this tenant's schema does not hold).
   */
  async revoke(clientId: string): Promise<boolean> {
    if (!CLIENT_ID_PATTERN.test(clientId)) return false;
    const userId = this.viewer.userId;
    const tenantId = this.viewer.tenantId;
    const withdrawn = await this.#clients.withdrawConsent(userId, clientId);
    const open = await this.#sessions.openForApplications({ clientId, userId });
    const ended = await revokeSessions(
      this.runtime,
      tenantId,
      { sessionIds: open.map((session) => session.id), userId },
      'grant_revoked',
    );
    const payloads = new OidcPayloadRepository(this.runtime.db.pool, tenantId);
    for (const grantId of await this.#sessions.applicationGrants(userId, clientId))
      await payloads.revokeByGrantId(grantId);
    if (!withdrawn && ended.length === 0) return false;
    await this.audit(this.db, {
      action: 'oauth.grant_revoked',
      targetType: 'oauth_client',
      targetId: clientId,
      data: { by: 'user', consentWithdrawn: withdrawn, sessionsEnded: ended.length },
    });
    return true;
  }
}

/** The scopes a provider grant holds: its OpenID Connect scopes and those of each resource. */
function grantScopes(payload: Record<string, unknown> | undefined): string[] {
  if (!payload) return [];
  const scopes: string[] = [];
  const openid = payload['openid'] as { scope?: unknown } | undefined;
  if (typeof openid?.scope === 'string') scopes.push(...openid.scope.split(' '));
  const resources = payload['resources'];
  if (resources && typeof resources === 'object')
    for (const scope of Object.values(resources as Record<string, unknown>))
      if (typeof scope === 'string') scopes.push(...scope.split(' '));
  return scopes.filter(Boolean);
}
