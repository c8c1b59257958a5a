import Provider, {
  errors,
  interactionPolicy,
  type Account,
  type Adapter,
  type AdapterPayload,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { LRUCache } from 'lru-cache';
import { isUuid } from '@tradesage/prisma';
import type { Runtime } from '../../runtime/runtime.ts';
import { findAppError, httpStatusOf, type AppError } from '../../runtime/errors.ts';
import { metrics } from '../../runtime/observability/metrics.ts';
import { acrOf } from '../../runtime/tokens/access-token.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { SessionRepository } from '../sessions/session.repository.ts';
import { revokeSessions } from '../sessions/session-revocation.service.ts';
import { parseTenantSettings } from '../tenants/tenant-settings.ts';
import { OidcAccountRepository, type OidcAccountRow } from './oidc-account.repository.ts';
import type { OAuthClientRow } from './oauth-client.repository.ts';
import { apiScopesOf, isApiScope, OIDC_SCOPE_CLAIMS, OIDC_SCOPES, oidcScopesOf } from './oauth-scopes.ts';
import { OidcPayloadRepository, type OidcPayload } from './oidc-payload.repository.ts';
import { loadOidcSigningKeys, type OidcSigningKeySet } from './oidc-signing-keys.ts';

/** The tenant an issuer serves. */
export interface OidcTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

/** Lifetimes of what the provider issues, in seconds. */
export const OIDC_TTL = {
  /** RFC 9700 §4.5: short, single use. */
  authorizationCode: 60,
  accessToken: 15 * 60,
  clientCredentials: 10 * 60,
  idToken: 60 * 60,
  interaction: 15 * 60,
  /** The provider's own sign-in record; every authorization still passes our account pages. */
  session: 24 * 60 * 60,
} as const;

/** Grant types counted by name in metrics (anything else is `other`). */
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

/** Sealing purpose of a client secret at rest. */
export const CLIENT_SECRET_AAD = 'oauth-client-secret';

/** Where a tenant's issuer lives: `<APP_URL>/t/<slug>`. */
export function issuerFor(appUrl: string, slug: string): string {
  return `${appUrl}/t/${slug}`;
}

/** The API's resource indicator (RFC 8707): the audience of access tokens for our GraphQL API. */
export function apiResourceFor(appUrl: string): string {
  return `${appUrl}/graphql`;
}

/** The provider's route names (under the issuer), as the product names them. */
export const OIDC_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
  userinfo: '/oauth/userinfo',
  end_session: '/oauth/logout',
  jwks: '/oauth/jwks',
  pushed_authorization_request: '/oauth/par',
} as const;

const PROVIDER_CACHE_SIZE = 200;
/** A provider is rebuilt this often, picking up new signing keys and settings. */
const PROVIDER_TTL_MS = 10 * 60_000;
const TENANT_TTL_MS = 5_000;
/** How long a provider reuses a tenant setting it read (the refresh reuse leeway). */
const SETTINGS_TTL_MS = 5_000;

/** A tenant an issuer names, whatever its status. */
export interface IssuerTenant extends OidcTenant {
  readonly status: string;
}

const tenantsBySlug = new WeakMap<Runtime, LRUCache<string, { tenant: IssuerTenant | null }>>();

/**
 * The tenant of an issuer's slug (any status), or null: read at most every TENANT_TTL_MS per
 * process, for the providers' routes and for the application tokens they issued alike.
 */
export async function tenantOfSlug(runtime: Runtime, slug: string): Promise<IssuerTenant | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  let cache = tenantsBySlug.get(runtime);
  if (!cache) {
    cache = new LRUCache({ max: 10_000, ttl: TENANT_TTL_MS });
    tenantsBySlug.set(runtime, cache);
  }
  const cached = cache.get(slug);
  if (cached) return cached.tenant;
  const tenant = await runtime.db.control.tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, status: true },
  });
  cache.set(slug, { tenant });
  return tenant;
}

/**
 * One OpenID Connect provider (`oidc-provider`) per tenant, built on first use and kept in an LRU:
 * each has its own issuer (`<APP_URL>/t/<slug>`), its artefacts in the tenant's own schema
 * (`oidc_payloads`, through `OidcPayloadRepository`), its clients in `oauth_clients`; all share
 * the provider's signing keys. Codes, tokens and grants of one tenant are unknown to another's
 * issuer: each reads only its own schema, and every token names its issuer.
 */
export class OidcProviders {
  readonly #providers = new LRUCache<string, Promise<Provider>>({ max: PROVIDER_CACHE_SIZE, ttl: PROVIDER_TTL_MS });
  #keys: { at: number; keys: Promise<OidcSigningKeySet> } | undefined;

  constructor(private readonly runtime: Runtime) {}

  get appUrl(): string {
    return this.runtime.config.mail.appUrl;
  }

  get apiResource(): string {
    return apiResourceFor(this.appUrl);
  }

  /** The active tenant with this slug, or null (unknown, suspended, cancelled). Cached for seconds. */
  async tenant(slug: string): Promise<OidcTenant | null> {
    const tenant = await tenantOfSlug(this.runtime, slug);
    return tenant?.status === 'active' ? { id: tenant.id, slug: tenant.slug, name: tenant.name } : null;
  }

  /** The provider of an active tenant. */
  provider(tenant: OidcTenant): Promise<Provider> {
    let provider = this.#providers.get(tenant.id);
    if (!provider) {
      provider = this.#build(tenant);
      provider.catch(() => this.#providers.delete(tenant.id));
      this.#providers.set(tenant.id, provider);
    }
    return provider;
  }

  #signingKeys(): Promise<OidcSigningKeySet> {
    if (!this.#keys || Date.now() - this.#keys.at > PROVIDER_TTL_MS) {
      const keys = loadOidcSigningKeys(this.runtime.db, this.runtime.mfaSecrets);
      keys.catch(() => (this.#keys = undefined));
      this.#keys = { at: Date.now(), keys };
    }
    return this.#keys.keys;
  }

  async #build(tenant: OidcTenant): Promise<Provider> {
    const { runtime } = this;
    const keys = await this.#signingKeys();
    const issuer = issuerFor(this.appUrl, tenant.slug);
    const configuration = providerConfiguration(runtime, tenant, {
      issuer,
      apiResource: this.apiResource,
      jwks: { keys: keys.privateJwks.map((jwk) => ({ ...jwk })) },
    });
    const provider = new Provider(issuer, configuration);
    // Behind the gateway's own proxy settings: the issuer's scheme is the one configured.
    provider.proxy = true;
    const grantTypeOf = (ctx: KoaContextWithOIDC): string => {
      const grantType = ctx.oidc?.params?.['grant_type'];
      return typeof grantType === 'string' && GRANT_TYPES.has(grantType) ? grantType.replace(/\W/g, '_') : 'other';
    };
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => metrics.oidcTokenRequest(grantTypeOf(ctx), 'ok'));
    provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string }) =>
      metrics.oidcTokenRequest(grantTypeOf(ctx), error.error ?? 'server_error'),
    );
    // A database that cannot be used is the provider's `server_error` (500) too: answered 503 with
    // Retry-After (RFC 9110 §15.6.4) and RFC 6749's `temporarily_unavailable` instead, as the rest
    // of the API answers it, with nothing of why. A redirect to the client is left as it is.
    const unavailable = new WeakMap<object, AppError>();
    provider.use(async (ctx, next) => {
      await next();
      const refusal = unavailable.get(ctx);
      if (!refusal || ctx.status !== 500) return;
      ctx.status = httpStatusOf(refusal.code);
      ctx.set('retry-after', String(refusal.details?.['retryAfterSeconds'] ?? 1));
      if (typeof ctx.body === 'object' && ctx.body !== null && !Buffer.isBuffer(ctx.body))
        ctx.body = { error: 'temporarily_unavailable', error_description: refusal.message };
    });
    provider.on('server_error', (ctx: object, error: Error) => {
      const known = findAppError(error);
      if (known?.code === 'SERVICE_UNAVAILABLE') {
        unavailable.set(ctx, known);
        return;
      }
      runtime.logger.error({ err: error.message, tenantId: tenant.id }, 'oidc provider error');
    });
    return provider;
  }
}

/**
 * Ends the device session an application's grant signed in with, and every artefact of the
 * grant; audited. `why`: the grant was revoked (by the user, the application or a logout) or a
 * spent code or refresh token was presented again.
 */
export async function endApplicationSession(
  runtime: Runtime,
  tenantId: string,
  grantId: string,
  clientId: string | null,
  why: 'revoked' | 'reused',
  kind?: 'AuthorizationCode' | 'RefreshToken',
): Promise<void> {
  const db = runtime.db.tenant(tenantId);
  await new OidcPayloadRepository(runtime.db.pool, tenantId).revokeByGrantId(grantId);
  const session = await new SessionRepository(db, tenantId).activeForGrant(grantId);
  if (why === 'reused' && kind !== 'AuthorizationCode') metrics.refreshTokenReused();
  if (session) {
    await revokeSessions(
      runtime,
      tenantId,
      { sessionIds: [session.id] },
      why === 'reused' ? 'refresh_token_reuse' : 'grant_revoked',
    );
  }
  await recordAudit(db, runtime.logger, null, {
    action:
      why === 'reused'
        ? kind === 'AuthorizationCode'
          ? 'oauth.code_reused'
          : 'oauth.refresh_token_reused'
        : 'oauth.grant_revoked',
    actorId: session?.userId ?? null,
    targetType: 'oauth_grant',
    targetId: grantId,
    result: why === 'reused' ? 'refused' : 'success',
    data: { clientId, sessionId: session?.id ?? null },
  });
}

/**
 * Values read once per provider request (the client, the grant's session, the tenant's leeway):
 * a token request asks for each several times, through different hooks of the library.
 */
const requestMemos = new WeakMap<object, Map<string, Promise<unknown>>>();

function perRequest<T>(key: string, read: () => Promise<T>): Promise<T> {
  const ctx = Provider.ctx as object | undefined;
  if (!ctx) return read();
  let memo = requestMemos.get(ctx);
  if (!memo) {
    memo = new Map();
    requestMemos.set(ctx, memo);
  }
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = read();
    memo.set(key, value);
  }
  return value;
}

interface ProviderInputs {
  readonly issuer: string;
  readonly apiResource: string;
  readonly jwks: { keys: object[] };
}

function providerConfiguration(runtime: Runtime, tenant: OidcTenant, inputs: ProviderInputs): Configuration {
  const payloads = new OidcPayloadRepository(runtime.db.pool, tenant.id);
  // The tenant's refresh reuse leeway, read at most every few seconds (a settings change applies within them).
  let leeway: { at: number; value: Promise<number> } | undefined;
  const leewaySeconds = (): Promise<number> => {
    if (!leeway || Date.now() - leeway.at > SETTINGS_TTL_MS) {
      const value = runtime.db.control.tenant
        .findUnique({ where: { id: tenant.id }, select: { settings: true } })
        .then((row) => parseTenantSettings(row?.settings).sessions.refreshReuseLeewaySeconds);
      value.catch(() => (leeway = undefined));
      leeway = { at: Date.now(), value };
    }
    return leeway.value;
  };
  const lookups = new OidcAccountRepository(runtime.db.pool, tenant.id);
  const clientRow = (id: string): Promise<OAuthClientRow | null> =>
    perRequest(`client:${id}`, () => lookups.client(id));
  const grantAccount = (grantId: string) => perRequest(`grant:${grantId}`, () => lookups.accountOfGrant(grantId));

  class TenantAdapter implements Adapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.kind === 'Client') throw new Error('clients are registered through the API');
      await payloads.upsert(this.kind, id, payload as OidcPayload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.kind === 'Client') {
        const client = await clientRow(id);
        return client ? clientMetadata(runtime, client) : undefined;
      }
      const leeway = this.kind === 'RefreshToken' ? await leewaySeconds() : 0;
      return (await payloads.find(this.kind, 'id', id, leeway)) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await payloads.find(this.kind, 'uid', uid)) as AdapterPayload | undefined;
    }

    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    async consume(id: string): Promise<void> {
      const leeway = this.kind === 'RefreshToken' ? await leewaySeconds() : 0;
      const outcome = await payloads.consume(this.kind, id, leeway);
      if (outcome.kind === 'consumed') return;
      // Spent already (by a racing request, or replayed): the whole grant ends (RFC 9700 §4.14.2, RFC 6749 §4.1.2).
      if (outcome.kind === 'reused' && outcome.grantId) {
        await endApplicationSession(
          runtime,
          tenant.id,
          outcome.grantId,
          null,
          'reused',
          this.kind === 'AuthorizationCode' ? 'AuthorizationCode' : 'RefreshToken',
        );
      }
      throw new errors.InvalidGrant(
        `${this.kind === 'AuthorizationCode' ? 'authorization code' : 'token'} already used`,
      );
    }

    async destroy(id: string): Promise<void> {
      if (this.kind === 'Grant') {
        // A grant ends: revoked (by the user, the application, a logout) or, at the token
        // endpoint, because a spent code or refresh token came back. Its device session ends with it.
        const ctx = Provider.ctx;
        const grantType = ctx?.oidc?.params?.['grant_type'];
        const reused =
          ctx?.oidc?.route === 'token' && (grantType === 'authorization_code' || grantType === 'refresh_token');
        await endApplicationSession(
          runtime,
          tenant.id,
          id,
          ctx?.oidc?.client?.clientId ?? null,
          reused ? 'reused' : 'revoked',
          grantType === 'authorization_code' ? 'AuthorizationCode' : 'RefreshToken',
        );
        return;
      }
      await payloads.destroy(this.kind, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await payloads.revokeByGrantId(grantId, this.kind);
    }
  }

  const policy = interactionPolicy.base();
  // Every authorization passes our account pages, whose session is the single sign-on session:
  // signing out there (or revoking that session) means the next authorization asks again. The
  // page continues by itself when its session satisfies the request (max_age, acr_values).
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check(
        'account_pages',
        'End-User authentication is confirmed by the account pages',
        'login_required',
        (ctx) =>
          ctx.oidc.result?.['login']
            ? interactionPolicy.Check.NO_NEED_TO_PROMPT
            : interactionPolicy.Check.REQUEST_PROMPT,
      ),
      0,
    );

  const findAccount = async (
    _ctx: KoaContextWithOIDC,
    sub: string,
    token?: { grantId?: string | undefined; kind?: string },
  ): Promise<Account | undefined> => {
    if (!isUuid(sub)) return undefined;
    // A token of an application's grant is good only while the device session it signed in with
    // is: revoking that session (or its user's sessions) ends the application's refresh tokens.
    let sessionId: string | undefined;
    let user: OidcAccountRow | null;
    if (token?.grantId && token.kind !== 'Grant') {
      const found = await grantAccount(token.grantId);
      if (!found || found.account.id !== sub) return undefined;
      sessionId = found.sessionId;
      user = found.account;
    } else {
      user = await perRequest(`user:${sub}`, () => lookups.account(sub));
    }
    if (!user?.usable) return undefined;
    return {
      accountId: user.id,
      claims: () => {
        const name = user.displayName ?? [user.firstName, user.lastName].filter(Boolean).join(' ');
        return {
          sub: user.id,
          // The application's sign-in is one of our device sessions: `sid` names it.
          ...(sessionId ? { sid: sessionId } : {}),
          email: user.email,
          email_verified: user.emailVerified,
          ...(name ? { name } : {}),
          ...(user.firstName ? { given_name: user.firstName } : {}),
          ...(user.lastName ? { family_name: user.lastName } : {}),
          ...(user.username ? { preferred_username: user.username } : {}),
          ...(user.avatarUrl ? { picture: user.avatarUrl } : {}),
          ...(user.locale ? { locale: user.locale } : {}),
          ...(user.timezone ? { zoneinfo: user.timezone } : {}),
        };
      },
    };
  };

  return {
    adapter: TenantAdapter,
    clients: [],
    jwks: inputs.jwks as Configuration['jwks'],
    findAccount: findAccount as Configuration['findAccount'],
    routes: { ...OIDC_ROUTES },
    scopes: [...OIDC_SCOPES],
    claims: {
      ...Object.fromEntries(Object.entries(OIDC_SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    },
    acrValues: ['aal1', 'aal2'],
    responseTypes: ['code'],
    // RFC 9700 §2.1.1: PKCE for every client, S256 only (the library's only method).
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      requestObjectSigningAlgValues: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      introspectionSigningAlgValues: ['RS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'ES256'],
    },
    conformIdTokenClaims: true,
    allowOmittingSingleRegisteredRedirectUri: false,
    cookies: {
      keys: runtime.mfaSecrets.digests(`oidc-provider-cookies:${tenant.id}`),
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `/t/${tenant.slug}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign out',
            `<h1>Sign out of ${escapeHtml(tenant.name)}?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = page('Signed out', `<h1>You are signed out of ${escapeHtml(tenant.name)}.</h1>`);
        },
      },
      resourceIndicators: {
        enabled: true,
        // Access tokens for the API when API scopes are asked for; otherwise for userinfo only.
        defaultResource: (ctx) =>
          (apiScopesOf(ctx.oidc.params?.['scope'] as string | undefined).length > 0
            ? inputs.apiResource
            : undefined) as string,
        useGrantedResource: () => true,
        getResourceServerInfo: async (_ctx, resource, client) => {
          if (resource !== inputs.apiResource) throw new errors.InvalidTarget();
          const allowed = apiScopesOf((await clientRow(client.clientId))?.scopes);
          return {
            scope: allowed.join(' '),
            audience: inputs.apiResource,
            accessTokenTTL: OIDC_TTL.accessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    formats: {
      customizers: {
        // The API's access tokens name the device session they were issued for (`sid`), so the
        // gateway refuses them the moment it ends; client-credentials tokens name the service account.
        jwt: async (_ctx, token, jwt) => {
          const grantId = (token as { grantId?: string }).grantId;
          if (grantId) {
            const found = await grantAccount(grantId);
            if (!found) throw new errors.InvalidGrant('the sign-in this grant belongs to has ended');
            jwt.payload['sid'] = found.sessionId;
          } else if ((token as { kind?: string }).kind === 'ClientCredentials') {
            const client = await clientRow((token as { clientId: string }).clientId);
            if (!client?.serviceAccountId) throw new errors.InvalidClient('not a service account client');
            jwt.payload['sub'] = client.serviceAccountId;
          }
        },
      },
    },
    ttl: {
      AuthorizationCode: OIDC_TTL.authorizationCode,
      AccessToken: OIDC_TTL.accessToken,
      ClientCredentials: OIDC_TTL.clientCredentials,
      IdToken: OIDC_TTL.idToken,
      Interaction: OIDC_TTL.interaction,
      Session: OIDC_TTL.session,
      Grant: (_ctx, grant) => refreshLifetimeSeconds(runtime, grant),
      // Absolute: a rotated refresh token lives no longer than the first of its chain would have.
      RefreshToken: (_ctx, token) => {
        const lifetime = runtime.config.tokens.refreshTtlDays * 86_400;
        const first = (token as { iiat?: number }).iiat ?? token.iat ?? Math.floor(Date.now() / 1000);
        return Math.max(1, first + lifetime - Math.floor(Date.now() / 1000));
      },
    },
    // Every use of a refresh token rotates it (RFC 9700 §4.14.2); reuse beyond the leeway ends the grant.
    rotateRefreshToken: true,
    // offline_access is required for a refresh token, and the client must be allowed the grant.
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<h1>This sign-in cannot go on</h1><p>${escapeHtml(String(out['error_description'] ?? out['error'] ?? 'error'))}</p>`,
      );
    },
    extraParams: [],
    clockTolerance: 5,
  };
}

function refreshLifetimeSeconds(runtime: Runtime, _grant: unknown): number {
  return runtime.config.tokens.refreshTtlDays * 86_400;
}

/** oidc-provider client metadata for a registered client (its secret unsealed here only). */
export function clientMetadata(runtime: Runtime, client: OAuthClientRow): ClientMetadata {
  const secret = client.secretSealed ? runtime.mfaSecrets.open(CLIENT_SECRET_AAD, client.secretSealed) : null;
  const service = client.kind === 'service';
  const canRefresh = !service && client.scopes.includes('offline_access');
  return {
    client_id: client.id,
    client_name: client.name,
    ...(secret ? { client_secret: secret } : {}),
    redirect_uris: service ? [] : [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    grant_types: service ? ['client_credentials'] : ['authorization_code', ...(canRefresh ? ['refresh_token'] : [])],
    response_types: service ? [] : ['code'],
    token_endpoint_auth_method: client.authMethod,
    ...(client.jwks ? { jwks: client.jwks as ClientMetadata['jwks'] } : {}),
    // The provider's own scopes; the API's are the resource server's (getResourceServerInfo).
    ...(oidcScopesOf(client.scopes).length > 0 ? { scope: oidcScopesOf(client.scopes).join(' ') } : {}),
    // Native apps may use loopback and custom-scheme redirects (RFC 8252); both still match exactly.
    application_type: client.redirectUris.some(isNativeRedirect) ? 'native' : 'web',
  };
}

/** A private-use URI scheme (RFC 8252 §7.1): a native app. Loopback http stays a web client (exact match). */
function isNativeRedirect(uri: string): boolean {
  try {
    const { protocol } = new URL(uri);
    return protocol !== 'https:' && protocol !== 'http:';
  } catch {
    return false;
  }
}

/** `acr` of an `amr`, as the provider reports it. */
export function oidcAcr(methods: readonly string[]): string {
  return acrOf(methods);
}

/** Whether a scope is one the API's resource server knows. */
export { isApiScope };

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
