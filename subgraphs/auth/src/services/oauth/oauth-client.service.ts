import {
  AppError,
  BadInputError,
  CLIENT_SECRET_AAD,
  forgetOAuthClient,
  isRegistrableScope,
  issuerFor,
  loadAccess,
  NotFoundError,
  OAuthClientRepository,
  OIDC_SCOPES,
  OidcPayloadRepository,
  revokeSessions,
  SessionRepository,
  SignedInService,
  type OAuthClientAuthMethod,
  type OAuthClientKind,
  type OAuthClientRow,
} from '@tradesage/core';
import { isUuid, PERMISSION_CATALOGUE } from '@tradesage/prisma';
import { ServiceAccountRepository } from '../../repositories/service-account.repository.ts';
import { TenantRepository } from '../../repositories/tenant.repository.ts';
import {
  authMethodFor,
  CLIENT_ID_PATTERN,
  clientNameOf,
  clientScopesOf,
  isNativeClient,
  newClientId,
  newClientSecret,
  publicJwksOf,
  redirectUrisOf,
  usesSecret,
} from './oauth-client-policy.ts';

export interface CreateOAuthClientInput {
  readonly name: string;
  readonly kind: OAuthClientKind;
  readonly authMethod?: OAuthClientAuthMethod | null | undefined;
  readonly firstParty?: boolean | null | undefined;
  readonly redirectUris?: readonly string[] | null | undefined;
  readonly postLogoutRedirectUris?: readonly string[] | null | undefined;
  readonly scopes: readonly string[];
  readonly jwks?: unknown;
  readonly serviceAccountId?: string | null | undefined;
}

export interface UpdateOAuthClientInput {
  readonly name?: string | null | undefined;
  readonly firstParty?: boolean | null | undefined;
  readonly redirectUris?: readonly string[] | null | undefined;
  readonly postLogoutRedirectUris?: readonly string[] | null | undefined;
  readonly scopes?: readonly string[] | null | undefined;
}

export interface CreatedOAuthClient {
  readonly client: OAuthClientRow;
  /** Shown this once; stored only sealed, never logged or audited. */
  readonly secret: string | null;
}

/**
 * The tenant's OAuth / OpenID Connect applications (`oauth:manage`, checked by the shield):
 * registered under the rules of oauth-client-policy.ts, their secret generated here, answered
 * once and stored sealed (CLIENT_SECRET_AAD) with its last four characters. The provider reads
 * the rows at each use, so a change applies to the next request; deleting a client ends what it
 * was given (users' sign-ins to it, its codes, tokens and grants).
 */
export class OAuthClientService extends SignedInService {
  readonly #clients = new OAuthClientRepository(this.db);

  list(): Promise<OAuthClientRow[]> {
    return this.#clients.list();
  }

  /** One client of the tenant, or null (also for an id that cannot be one). */
  async find(id: string): Promise<OAuthClientRow | null> {
    return CLIENT_ID_PATTERN.test(id) ? this.#clients.find(id) : null;
  }

  /** The tenant's issuer and discovery document, and the scopes a client may be given. */
  async provider(): Promise<{ issuer: string; discoveryUrl: string; scopes: string[] }> {
    const slug = await new TenantRepository(this.runtime.db.control).slugOf(this.viewer.tenantId);
    if (!slug) throw new NotFoundError('Tenant');
    const issuer = issuerFor(this.runtime.config.mail.appUrl, slug);
    const scopes = [...OIDC_SCOPES, ...PERMISSION_CATALOGUE.map((entry) => entry.name).filter(isRegistrableScope)];
    return { issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration`, scopes };
  }

  async create(input: CreateOAuthClientInput): Promise<CreatedOAuthClient> {
    const name = clientNameOf(input.name);
    const kind = input.kind;
    const authMethod = authMethodFor(kind, input.authMethod ?? undefined);
    const jwks = this.#jwksFor(authMethod, input.jwks);
    const serviceAccountId = await this.#serviceAccountFor(kind, input.serviceAccountId);
    const redirectUris = redirectUrisOf(kind, input.redirectUris ?? [], 'redirectUris');
    const postLogoutRedirectUris = redirectUrisOf(
      kind,
      input.postLogoutRedirectUris ?? [],
      'postLogoutRedirectUris',
      isNativeClient(redirectUris),
    );
    const scopes = await this.#scopesFor(kind, input.scopes, serviceAccountId);
    const secret = usesSecret(authMethod) ? newClientSecret() : null;
    const client = await this.#clients.create({
      id: newClientId(),
      name,
      kind,
      firstParty: kind === 'service' ? false : (input.firstParty ?? false),
      redirectUris,
      postLogoutRedirectUris,
      scopes,
      authMethod,
      secretSealed: secret ? this.runtime.mfaSecrets.seal(CLIENT_SECRET_AAD, secret) : null,
      secretLastFour: secret ? secret.slice(-4) : null,
      jwks,
      serviceAccountId,
      createdById: this.viewer.userId,
    });
    await this.audit(this.db, {
      action: 'oauth_client.created',
      targetType: 'oauth_client',
      targetId: client.id,
      data: {
        name,
        kind,
        authMethod,
        firstParty: client.firstParty,
        scopes: scopes.join(' '),
        redirectUris: redirectUris.join(' '),
        serviceAccount: serviceAccountId,
      },
    });
    return { client, secret };
  }

  async update(id: string, input: UpdateOAuthClientInput): Promise<OAuthClientRow> {
    const client = await this.#existing(id);
    const name = input.name != null ? clientNameOf(input.name) : undefined;
    const redirectUris =
      input.redirectUris != null ? redirectUrisOf(client.kind, input.redirectUris, 'redirectUris') : undefined;
    const postLogoutRedirectUris =
      input.postLogoutRedirectUris != null || redirectUris
        ? redirectUrisOf(
            client.kind,
            input.postLogoutRedirectUris ?? client.postLogoutRedirectUris,
            'postLogoutRedirectUris',
            isNativeClient(redirectUris ?? client.redirectUris),
          )
        : undefined;
    const scopes =
      input.scopes != null ? await this.#scopesFor(client.kind, input.scopes, client.serviceAccountId) : undefined;
    const firstParty = input.firstParty != null && client.kind !== 'service' ? input.firstParty : undefined;
    const updated = await this.#clients.update(client.id, {
      ...(name !== undefined ? { name } : {}),
      ...(firstParty !== undefined ? { firstParty } : {}),
      ...(redirectUris ? { redirectUris } : {}),
      ...(postLogoutRedirectUris ? { postLogoutRedirectUris } : {}),
      ...(scopes ? { scopes } : {}),
    });
    if (!updated) throw new NotFoundError('OAuth client');
    await this.audit(this.db, {
      action: 'oauth_client.updated',
      targetType: 'oauth_client',
      targetId: client.id,
      data: {
        ...(name !== undefined ? { name } : {}),
        ...(firstParty !== undefined ? { firstParty } : {}),
        ...(redirectUris ? { redirectUris: redirectUris.join(' ') } : {}),
        ...(postLogoutRedirectUris ? { postLogoutRedirectUris: postLogoutRedirectUris.join(' ') } : {}),
        ...(scopes ? { scopes: scopes.join(' ') } : {}),
      },
    });
    return updated;
  }

  /** A new secret, answered once; the old one is refused from the next request on. */
  async rotateSecret(id: string): Promise<CreatedOAuthClient> {
    const client = await this.#existing(id);
    if (!usesSecret(client.authMethod))
      throw new AppError('CONFLICT', `This client authenticates with ${client.authMethod}: it has no secret to rotate`);
    const secret = newClientSecret();
    const updated = await this.#clients.update(client.id, {
      secretSealed: this.runtime.mfaSecrets.seal(CLIENT_SECRET_AAD, secret),
      secretLastFour: secret.slice(-4),
    });
    if (!updated) throw new NotFoundError('OAuth client');
    await this.audit(this.db, {
      action: 'oauth_client.secret_rotated',
      targetType: 'oauth_client',
      targetId: client.id,
      data: { lastFour: secret.slice(-4) },
    });
    return { client: updated, secret };
  }

  /**
   * Deletes the client (users' consents go with the row), its codes, tokens and grants, and ends
   * every device session a user signed in to it with: its access tokens name those sessions, so
   * they are refused at once, and its refresh tokens find no session to refresh.
   */
  async delete(id: string): Promise<boolean> {
    const client = await this.#existing(id);
    const tenantId = this.viewer.tenantId;
    await this.#clients.delete(client.id);
    forgetOAuthClient(this.runtime, tenantId, client.id);
    const sessions = await new SessionRepository(this.db, tenantId).openForApplications({ clientId: client.id });
    const ended = await revokeSessions(
      this.runtime,
      tenantId,
      { sessionIds: sessions.map((session) => session.id) },
      'grant_revoked',
    );
    const artefacts = await new OidcPayloadRepository(this.runtime.db.pool, tenantId).deleteByClientId(client.id);
    await this.audit(this.db, {
      action: 'oauth_client.deleted',
      targetType: 'oauth_client',
      targetId: client.id,
      data: { name: client.name, kind: client.kind, sessionsEnded: ended.length, artefactsDeleted: artefacts },
    });
    return true;
  }

  async #existing(id: string): Promise<OAuthClientRow> {
    const client = await this.find(id);
    if (!client) throw new NotFoundError('OAuth client');
    return client;
  }

  #jwksFor(method: OAuthClientAuthMethod, given: unknown): OAuthClientRow['jwks'] {
    if (method === 'private_key_jwt') {
      if (given === undefined || given === null)
        throw new BadInputError('BAD_USER_INPUT', 'PRIVATE_KEY_JWT needs the public keys of the client (jwks)', {
          field: 'jwks',
        });
      return publicJwksOf(given);
    }
    if (given !== undefined && given !== null)
      throw new BadInputError('BAD_USER_INPUT', 'jwks is only for PRIVATE_KEY_JWT', { field: 'jwks' });
    return null;
  }

  /** A SERVICE client's service account, one of this tenant's; none for the others. */
  async #serviceAccountFor(kind: OAuthClientKind, given: string | null | undefined): Promise<string | null> {
    if (kind !== 'service') {
      if (given)
        throw new BadInputError('BAD_USER_INPUT', 'Only a SERVICE client acts as a service account', {
          field: 'serviceAccountId',
        });
      return null;
    }
    if (!given)
      throw new BadInputError('BAD_USER_INPUT', 'A SERVICE client acts as a service account (serviceAccountId)', {
        field: 'serviceAccountId',
      });
    const account = isUuid(given) ? await new ServiceAccountRepository(this.db).findById(given) : null;
    if (!account) throw new NotFoundError('Service account');
    return account.id;
  }

  /**
   * The client's scopes (oauth-client-policy.ts); a SERVICE client's also within what its service
   * account's roles grant, as its keys' are (its tokens could never use more).
   */
  async #scopesFor(
    kind: OAuthClientKind,
    given: readonly string[],
    serviceAccountId: string | null,
  ): Promise<string[]> {
    const scopes = clientScopesOf(kind, given);
    if (kind === 'service' && serviceAccountId) {
      const granted = new Set((await loadAccess(this.runtime, this.viewer.tenantId, serviceAccountId)).permissions);
      const beyond = scopes.find((scope) => !granted.has(scope));
      if (beyond)
        throw new AppError('OAUTH_SCOPE_NOT_ALLOWED', `The service account's roles do not grant ${beyond}`, {
          details: { field: 'scopes', scope: beyond },
        });
    }
    return scopes;
  }
}
