import type pg from 'pg';
import { quoteIdent, tenantSchemaName } from '@tradesage/prisma';
import type { OAuthClientAuthMethod, OAuthClientKind, OAuthClientRow } from './oauth-client.repository.ts';

/** What the provider releases of a user (its claims) and checks (status, kind). */
export interface OidcAccountRow {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string | null;
  readonly username: string | null;
  readonly avatarUrl: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  /** Active person, not deleted: the only accounts the provider signs in or issues for. */
  readonly usable: boolean;
}

const ACCOUNT_COLUMNS = `u.id, u.email, u.email_verified_at IS NOT NULL AS email_verified, u.first_name, u.last_name,
  u.display_name, u.username, u.avatar_url, u.locale, u.timezone,
  (u.status = 'active' AND u.kind = 'person' AND u.deleted_at IS NULL) AS usable`;

/**
 * The reads every token request of a tenant's provider makes (the client, the account, the
 * device session of a grant), each one plain statement on the shared pool: they run on the token
 * endpoint's hot path, where an ORM's per-query work was a fifth of a refresh's CPU.
 */
export class OidcAccountRepository {
  readonly #schema: string;

  constructor(
    private readonly pool: pg.Pool,
    tenantId: string,
  ) {
    this.#schema = quoteIdent(tenantSchemaName(tenantId));
  }

  async client(id: string): Promise<OAuthClientRow | null> {
    const result = await this.pool.query<Record<string, unknown>>(
      `SELECT id, name, kind, first_party, redirect_uris, post_logout_redirect_uris, scopes, auth_method,
              secret_sealed, secret_last_four, jwks, service_account_id, created_by, created_at, updated_at
         FROM ${this.#schema}.oauth_clients WHERE id = $1`,
      [id],
    );
    const row = result.rows[0];
    if (!row) return null;
    return {
      id: row['id'] as string,
      name: row['name'] as string,
      kind: row['kind'] as OAuthClientKind,
      firstParty: row['first_party'] as boolean,
      redirectUris: row['redirect_uris'] as string[],
      postLogoutRedirectUris: row['post_logout_redirect_uris'] as string[],
      scopes: row['scopes'] as string[],
      authMethod: row['auth_method'] as OAuthClientAuthMethod,
      secretSealed: row['secret_sealed'] as string | null,
      secretLastFour: row['secret_last_four'] as string | null,
      jwks: (row['jwks'] ?? null) as { keys: unknown[] } | null,
      serviceAccountId: row['service_account_id'] as string | null,
      createdById: row['created_by'] as string | null,
      createdAt: row['created_at'] as Date,
      updatedAt: row['updated_at'] as Date,
    };
  }

  async account(userId: string): Promise<OidcAccountRow | null> {
    const result = await this.pool.query<Record<string, unknown>>(
      `SELECT ${ACCOUNT_COLUMNS} FROM ${this.#schema}.users u WHERE u.id = $1`,
      [userId],
    );
    return result.rows[0] ? accountOf(result.rows[0]) : null;
  }

  /**
   * The open device session an application's grant signed in with, and its user, in one statement;
   * null once the session has ended (revoked or expired).
   */
  async accountOfGrant(grantId: string): Promise<{ sessionId: string; account: OidcAccountRow } | null> {
    const result = await this.pool.query<Record<string, unknown>>(
      `SELECT s.id AS session_id, ${ACCOUNT_COLUMNS}
         FROM ${this.#schema}.sessions s JOIN ${this.#schema}.users u ON u.id = s.user_id
        WHERE s.oauth_grant_id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [grantId],
    );
    const row = result.rows[0];
    return row ? { sessionId: row['session_id'] as string, account: accountOf(row) } : null;
  }
}

function accountOf(row: Record<string, unknown>): OidcAccountRow {
  return {
    id: row['id'] as string,
    email: row['email'] as string,
    emailVerified: row['email_verified'] as boolean,
    firstName: row['first_name'] as string,
    lastName: row['last_name'] as string,
    displayName: row['display_name'] as string | null,
    username: row['username'] as string | null,
    avatarUrl: row['avatar_url'] as string | null,
    locale: row['locale'] as string | null,
    timezone: row['timezone'] as string | null,
    usable: row['usable'] as boolean,
  };
}
