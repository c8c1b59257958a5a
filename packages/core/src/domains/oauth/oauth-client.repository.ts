import type { TenantPrismaClient } from '@tradesage/prisma';

export type OAuthClientKind = 'confidential' | 'public' | 'service';
export type OAuthClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** An application registered with the tenant's provider, as stored (the secret still sealed). */
export interface OAuthClientRow {
  readonly id: string;
  readonly name: string;
  readonly kind: OAuthClientKind;
  readonly firstParty: boolean;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly scopes: readonly string[];
  readonly authMethod: OAuthClientAuthMethod;
  readonly secretSealed: string | null;
  readonly secretLastFour: string | null;
  readonly jwks: { keys: unknown[] } | null;
  readonly serviceAccountId: string | null;
  readonly createdById: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewOAuthClient = Omit<OAuthClientRow, 'createdAt' | 'updatedAt'>;

/** The tenant's OAuth clients and users' consents: the only code that reads or writes them. */
export class OAuthClientRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  async find(id: string): Promise<OAuthClientRow | null> {
    const row = await this.db.oAuthClient.findUnique({ where: { id } });
    return row ? toRow(row) : null;
  }

  /** Names of these clients (for the sessions list), one query; ids of deleted clients are absent. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.oAuthClient.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async list(): Promise<OAuthClientRow[]> {
    const rows = await this.db.oAuthClient.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toRow);
  }

  async create(client: NewOAuthClient): Promise<OAuthClientRow> {
    const row = await this.db.oAuthClient.create({
      data: {
        ...client,
        redirectUris: [...client.redirectUris],
        postLogoutRedirectUris: [...client.postLogoutRedirectUris],
        scopes: [...client.scopes],
        jwks: (client.jwks ?? undefined) as object | undefined,
      },
    });
    return toRow(row);
  }

  async update(
    id: string,
    patch: Partial<
      Pick<
        OAuthClientRow,
        'name' | 'firstParty' | 'redirectUris' | 'postLogoutRedirectUris' | 'scopes' | 'secretSealed' | 'secretLastFour'
      >
    >,
  ): Promise<OAuthClientRow | null> {
    const updated = await this.db.oAuthClient.updateManyAndReturn({
      where: { id },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.firstParty !== undefined ? { firstParty: patch.firstParty } : {}),
        ...(patch.secretSealed !== undefined ? { secretSealed: patch.secretSealed } : {}),
        ...(patch.secretLastFour !== undefined ? { secretLastFour: patch.secretLastFour } : {}),
        ...(patch.redirectUris ? { redirectUris: [...patch.redirectUris] } : {}),
        ...(patch.postLogoutRedirectUris ? { postLogoutRedirectUris: [...patch.postLogoutRedirectUris] } : {}),
        ...(patch.scopes ? { scopes: [...patch.scopes] } : {}),
        updatedAt: new Date(),
      },
    });
    return updated[0] ? toRow(updated[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.oAuthClient.deleteMany({ where: { id } })).count > 0;
  }

  /** The scopes this user gave this third-party application (none: never asked or withdrawn). */
  async consentedScopes(userId: string, clientId: string): Promise<string[]> {
    const row = await this.db.oAuthConsent.findUnique({ where: { userId_clientId: { userId, clientId } } });
    return row?.scopes ?? [];
  }

  async recordConsent(userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    await this.db.oAuthConsent.upsert({
      where: { userId_clientId: { userId, clientId } },
      create: { userId, clientId, scopes: [...scopes] },
      update: { scopes: [...scopes], updatedAt: new Date() },
    });
  }

  /** Every consent a user gave, by client. */
  async consentsOf(userId: string): Promise<Array<{ clientId: string; scopes: string[]; updatedAt: Date }>> {
    return this.db.oAuthConsent.findMany({
      where: { userId },
      orderBy: { updatedAt: 'desc' },
      select: { clientId: true, scopes: true, updatedAt: true },
    });
  }

  async withdrawConsent(userId: string, clientId: string): Promise<boolean> {
    return (await this.db.oAuthConsent.deleteMany({ where: { userId, clientId } })).count > 0;
  }
}

function toRow(row: {
  id: string;
  name: string;
  kind: string;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  authMethod: string;
  secretSealed: string | null;
  secretLastFour: string | null;
  jwks: unknown;
  serviceAccountId: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}): OAuthClientRow {
  return {
    ...row,
    kind: row.kind as OAuthClientKind,
    authMethod: row.authMethod as OAuthClientAuthMethod,
    jwks: (row.jwks ?? null) as { keys: unknown[] } | null,
  };
}
