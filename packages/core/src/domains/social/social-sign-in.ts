import * as oidc from 'openid-client';
import { AppError, BadInputError, findAppError, NotFoundError, type ErrorCode } from '../../runtime/errors.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { Caller } from '../../runtime/viewer.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.repository.ts';
import { assertUserQuota } from '../tenants/tenant-quota.service.ts';
import { socialSecretAad } from './social-connection-secret.ts';
import {
  entraTenantOf,
  ENTRA_ORGANIZATIONS,
  scopesOf,
  type SocialProvider,
  upstreamOf,
  type Upstream,
} from './social-providers.ts';
import { activeTenantBySlug, type SocialConnectionRow, SocialRepository } from './social.repository.ts';
import { type FlowState, randomToken, sha256, SOCIAL_FLOW_TTL_SECONDS, SocialStore } from './social-store.ts';
import { domainAllowed, identityFromClaims, identityFromGitHub, type UpstreamIdentity } from './upstream-identity.ts';

/**
 * Binds a started sign-in to the browser that started it: a random value in this cookie, its
 * SHA-256 in the server-side state, so a callback URL replayed or planted in another browser
 * (login CSRF, RFC 6749 §10.12) finds no match. `__Host-`: Secure, Path=/, no Domain; HttpOnly;
 * SameSite=Lax, because the callback is a top-level navigation from the provider's site.
 */
export const SOCIAL_BINDING_COOKIE = '__Host-tradesage_social';

/** Where the account pages finish a sign-in (`?social=<ticket>`) and show refusals (`?socialError=<code>`). */
export const SOCIAL_SIGN_IN_PAGE = '/login';
/** Where a signed-in user manages linked identities (`?socialLinked=<provider>`, `?socialError=<code>`). */
export const SOCIAL_ACCOUNT_PAGE = '/account/security';
const DEFAULT_RETURN = '/account';

/** What the gateway answers a start or a callback with: a redirect, and the cookie to set. */
export interface SocialRedirect {
  readonly location: string;
  readonly cookie: string;
}

/** How long a discovered provider configuration is reused. */
const DISCOVERY_TTL_MS = 10 * 60_000;
/** Each call to a provider must answer within this. */
const UPSTREAM_TIMEOUT_SECONDS = 10;

/** A refusal of the callback, with the code the account pages show and the reason the audit log keeps. */
class SocialRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly userId: string | null = null,
  ) {
    super(reason);
  }
}

/**
 * Social sign-in at the gateway: the authorization request to the tenant's provider and its answer.
 * openid-client does the protocol (discovery, PKCE S256, state, nonce, RFC 9207 `iss`, the ID
 * token's signature, `iss`, `aud`, `nonce` and `exp`); this decides what the proven identity
 * may do in the tenant. One instance per process: it keeps the providers' discovered metadata.
 */
export class SocialSignIn {
  readonly #runtime: Runtime;
  readonly #store: SocialStore;
  readonly #configs = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    this.#store = new SocialStore(runtime.redis);
  }

  /**
   * `GET /t/<slug>/social/<provider>/start?return=<path>` (or `?intent=<token>` from startSocialLink):
   * a state, a nonce and a PKCE verifier kept server-side for ten minutes, single-use, and the
   * redirect to the provider.
   */
  async start(input: {
    slug: string;
    provider: string;
    returnPath: string | undefined;
    intent: string | undefined;
  }): Promise<SocialRedirect> {
    const { tenant, connection } = await this.#connectionOf(input.slug, input.provider);
    const provider = connection.provider;
    let purpose: FlowState['purpose'] = 'sign_in';
    let userId: string | null = null;
    if (input.intent !== undefined) {
      const intent = await this.#store.takeIntent(tenant.id, input.intent);
      if (!intent || intent.provider !== provider)
        throw new AppError('SOCIAL_STATE_INVALID', 'This link request is unknown, used or expired: ask for it again');
      purpose = 'link';
      userId = intent.userId;
    }
    const returnPath = purpose === 'link' ? SOCIAL_ACCOUNT_PAGE : sameOriginPath(input.returnPath);
    const upstream = this.#upstream(connection);
    const config = await this.#config(tenant.id, connection, upstream);
    const state = oidc.randomState();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = upstream.kind === 'oidc' ? oidc.randomNonce() : null;
    const binding = randomToken();
    await this.#store.saveState(tenant.id, state, {
      provider,
      verifier,
      nonce,
      binding: sha256(binding),
      returnPath,
      purpose,
      userId,
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.#redirectUri(tenant.slug, provider),
      scope: scopesOf(provider),
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(nonce ? { nonce } : {}),
    });
    return { location: url.href, cookie: bindingCookie(binding, SOCIAL_FLOW_TTL_SECONDS) };
  }

  /**
   * `GET /t/<slug>/social/<provider>/callback`: the state is spent at once (a replay finds
   * nothing), checked against this browser's cookie, the code exchanged and the identity proven;
   * then the identity signs in its user, waits for the account's own sign-in before being linked
   * (an existing account with the same address is never taken over by it), registers a user when
   * the connection allows it, or is refused. Every outcome is audited.
   */
  async callback(input: {
    slug: string;
    provider: string;
    query: URLSearchParams;
    binding: string | undefined;
    caller: Caller;
  }): Promise<SocialRedirect> {
    const { tenant, connection } = await this.#connectionOf(input.slug, input.provider);
    const stateParam = input.query.get('state');
    const state = stateParam ? await this.#store.takeState(tenant.id, stateParam) : null;
    if (!state || state.provider !== connection.provider || !input.binding || sha256(input.binding) !== state.binding) {
      await this.#audit(tenant.id, input.caller, {
        action: 'social.refused',
        result: 'refused',
        data: { provider: connection.provider, reason: state ? 'browser_mismatch' : 'unknown_state' },
      });
      throw new AppError(
        'SOCIAL_STATE_INVALID',
        'This sign-in is unknown, used, expired or not this browser’s: start again',
      );
    }
    const cleared = bindingCookie('', 0);
    const errorPage = state.purpose === 'link' ? SOCIAL_ACCOUNT_PAGE : SOCIAL_SIGN_IN_PAGE;
    try {
      const identity = await this.#prove(tenant, connection, state, input.query);
      const location =
        state.purpose === 'link' && state.userId
          ? await this.#linkToSignedIn(tenant.id, connection, identity, state.userId, input.caller)
          : await this.#signIn(tenant, connection, identity, state.returnPath, input.caller);
      return { location, cookie: cleared };
    } catch (error) {
      const refusal = error instanceof SocialRefusal ? error : upstreamRefusal(error);
      if (!refusal) throw error;
      // The provider's own words help an operator; they carry no token or code.
      this.#runtime.logger.info(
        {
          requestId: input.caller.requestId,
          provider: connection.provider,
          reason: refusal.reason,
          err: (error as Error).message,
        },
        'social sign-in refused',
      );
      await this.#audit(tenant.id, input.caller, {
        action: 'social.refused',
        result: 'refused',
        ...(refusal.userId ? { targetType: 'user', targetId: refusal.userId } : {}),
        data: { provider: connection.provider, reason: refusal.reason, purpose: state.purpose },
      });
      const params = new URLSearchParams({ tenant: tenant.slug, socialError: refusal.code });
      return { location: `${errorPage}?${params.toString()}`, cookie: cleared };
    }
  }

  /** The provider's answer, validated by openid-client, as an upstream identity. */
  async #prove(
    tenant: { id: string; slug: string },
    connection: SocialConnectionRow,
    state: FlowState,
    query: URLSearchParams,
  ): Promise<UpstreamIdentity> {
    const upstream = this.#upstream(connection);
    const config = await this.#config(tenant.id, connection, upstream);
    // The URL the provider redirected to, rebuilt from the redirect URI we registered (a proxy in
    // front may have rewritten the host): openid-client sends it back as `redirect_uri`.
    const current = new URL(this.#redirectUri(tenant.slug, connection.provider));
    for (const [key, value] of query) current.searchParams.append(key, value);
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: state.verifier,
      expectedState: query.get('state') ?? '',
      ...(state.nonce ? { expectedNonce: state.nonce, idTokenExpected: true } : {}),
    });
    if (upstream.kind === 'github') {
      const [user, emails] = await Promise.all([
        this.#githubJson(config, tokens.access_token, `${upstream.api}/user`),
        this.#githubJson(config, tokens.access_token, `${upstream.api}/user/emails`),
      ]);
      const identity = identityFromGitHub(upstream.issuer, user, emails);
      if (!identity) throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'github_user_invalid');
      return identity;
    }
    const claims = tokens.claims();
    if (!claims) throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'no_id_token');
    const provider = connection.provider as Exclude<SocialProvider, 'github'>;
    if (provider === 'microsoft') {
      // Entra ID (Microsoft identity platform, "validate the issuer" for multi-tenant apps): the
      // token's issuer must be that of its own directory (`tid`), and a one-directory connection
      // accepts that directory only.
      const tid = typeof claims['tid'] === 'string' ? claims['tid'] : '';
      const configured = entraTenantOf(connection.microsoftTenant) ?? ENTRA_ORGANIZATIONS;
      if (configured !== ENTRA_ORGANIZATIONS && tid.toLowerCase() !== configured)
        throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'entra_tenant_mismatch');
      if (upstream.issuerOfTenant && claims.iss !== upstream.issuerOfTenant(tid))
        throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'entra_issuer_mismatch');
    }
    const identity = identityFromClaims(provider, claims.iss, claims);
    if (!identity) throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'claims_incomplete');
    return identity;
  }

  async #githubJson(config: oidc.Configuration, accessToken: string, url: string): Promise<unknown> {
    const response = await oidc.fetchProtectedResource(
      config,
      accessToken,
      new URL(url),
      'GET',
      undefined,
      new Headers({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }),
    );
    if (!response.ok) throw new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', `github_api_${response.status}`);
    return response.json();
  }

  /** A sign-in: the linked identity's user, a pending link, a registration, or a refusal. */
  async #signIn(
    tenant: { id: string; slug: string },
    connection: SocialConnectionRow,
    identity: UpstreamIdentity,
    returnPath: string,
    caller: Caller,
  ): Promise<string> {
    const db = this.#runtime.db.tenant(tenant.id);
    const repository = new SocialRepository(db);
    const provider = connection.provider;
    const now = new Date();
    const known = await repository.identity(identity.issuer, identity.subject);
    if (known) {
      if (!domainAllowed(identity, connection.allowedDomains))
        throw new SocialRefusal('EMAIL_DOMAIN_NOT_ALLOWED', 'domain_not_allowed', known.userId);
      await repository.markUsed(known.id, identity.emailVerified ? identity.email : null, now);
      return this.#ticket(tenant, provider, known.userId, known.id, returnPath, caller);
    }
    if (!identity.email || !identity.emailVerified)
      throw new SocialRefusal('SOCIAL_EMAIL_NOT_VERIFIED', 'email_not_verified');
    if (!domainAllowed(identity, connection.allowedDomains))
      throw new SocialRefusal('EMAIL_DOMAIN_NOT_ALLOWED', 'domain_not_allowed');
    const existing = await repository.userByEmail(identity.email);
    if (existing) {
      // No automatic link by address ("nOAuth"): whoever controls this upstream account must
      // first prove they control the TradeSage account, by its own sign-in.
      const token = randomToken();
      await this.#store.savePendingLink(tenant.id, token, {
        provider,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email,
        userId: existing.id,
        createdAt: now.getTime(),
      });
      await this.#audit(tenant.id, caller, {
        action: 'social.link_pending',
        targetType: 'user',
        targetId: existing.id,
        data: { provider },
      });
      const params = new URLSearchParams({ tenant: tenant.slug, socialLink: token, provider });
      return `${SOCIAL_SIGN_IN_PAGE}?${params.toString()}`;
    }
    if (!connection.autoRegister) throw new SocialRefusal('SIGNUP_NOT_ALLOWED', 'registration_off');
    if (!(await repository.roleExists(connection.defaultRole)))
      throw new SocialRefusal('SIGNUP_NOT_ALLOWED', 'default_role_missing');
    try {
      await assertUserQuota(this.#runtime, tenant.id);
    } catch (error) {
      if (findAppError(error)?.code === 'QUOTA_EXCEEDED') throw new SocialRefusal('QUOTA_EXCEEDED', 'quota_exceeded');
      throw error;
    }
    const registered = await repository.register({
      email: identity.email,
      firstName: identity.firstName,
      lastName: identity.lastName,
      role: connection.defaultRole,
      at: now,
      identity: { provider, issuer: identity.issuer, subject: identity.subject },
    });
    // Taken by a concurrent request between the reads above and the insert: start again.
    if (!registered) throw new SocialRefusal('CONFLICT', 'registration_raced');
    await this.#audit(tenant.id, caller, {
      action: 'social.registered',
      actorId: registered.userId,
      targetType: 'user',
      targetId: registered.userId,
      data: { provider, role: connection.defaultRole },
    });
    return this.#ticket(tenant, provider, registered.userId, registered.identityId, returnPath, caller);
  }

  /** A signed-in user's link (startSocialLink): the identity must be nobody else's. */
  async #linkToSignedIn(
    tenantId: string,
    connection: SocialConnectionRow,
    identity: UpstreamIdentity,
    userId: string,
    caller: Caller,
  ): Promise<string> {
    const repository = new SocialRepository(this.#runtime.db.tenant(tenantId));
    const provider = connection.provider;
    const known = await repository.identity(identity.issuer, identity.subject);
    if (known && known.userId !== userId) throw new SocialRefusal('SOCIAL_IDENTITY_TAKEN', 'identity_taken', userId);
    if (!domainAllowed(identity, connection.allowedDomains))
      throw new SocialRefusal('EMAIL_DOMAIN_NOT_ALLOWED', 'domain_not_allowed', userId);
    if (!known) {
      const linked = await repository.link({
        userId,
        provider,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.emailVerified ? identity.email : null,
      });
      if (!linked) throw new SocialRefusal('SOCIAL_IDENTITY_TAKEN', 'identity_taken', userId);
      await this.#audit(tenantId, caller, {
        action: 'social.linked',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        data: { provider, identityId: linked.id, by: 'signed_in' },
      });
    }
    return `${SOCIAL_ACCOUNT_PAGE}?${new URLSearchParams({ socialLinked: provider }).toString()}`;
  }

  /** A single-use ticket the account pages redeem within a minute (completeSocialSignIn). */
  async #ticket(
    tenant: { id: string; slug: string },
    provider: SocialProvider,
    userId: string,
    identityId: string,
    returnPath: string,
    caller: Caller,
  ): Promise<string> {
    const ticket = randomToken();
    await this.#store.saveTicket(ticket, { tenantId: tenant.id, userId, provider, identityId });
    await this.#audit(tenant.id, caller, {
      action: 'social.signed_in',
      actorId: userId,
      targetType: 'user',
      targetId: userId,
      data: { provider, identityId },
    });
    const params = new URLSearchParams({ tenant: tenant.slug, social: ticket, return: returnPath });
    return `${SOCIAL_SIGN_IN_PAGE}?${params.toString()}`;
  }

  async #connectionOf(
    slug: string,
    provider: string,
  ): Promise<{ tenant: { id: string; slug: string }; connection: SocialConnectionRow }> {
    const tenant = await activeTenantBySlug(this.#runtime.db.control, slug);
    if (!tenant) throw new NotFoundError('No such tenant');
    const connection =
      (SOCIAL_PROVIDER_NAMES.has(provider) &&
        (await new SocialRepository(this.#runtime.db.tenant(tenant.id)).connection(provider as SocialProvider))) ||
      null;
    if (!connection?.enabled)
      throw new AppError('SOCIAL_PROVIDER_NOT_ENABLED', 'This provider is not enabled for this tenant', {
        details: { provider: provider.slice(0, 32) },
      });
    return { tenant, connection };
  }

  #upstream(connection: SocialConnectionRow): Upstream {
    return upstreamOf(connection.provider, this.#runtime.config.social.endpoints, connection.microsoftTenant);
  }

  #redirectUri(slug: string, provider: SocialProvider): string {
    return `${this.#runtime.config.mail.appUrl}/t/${slug}/social/${provider}/callback`;
  }

  /** The provider's configuration for this connection: discovered (OpenID Connect) or GitHub's fixed endpoints. */
  #config(tenantId: string, connection: SocialConnectionRow, upstream: Upstream): Promise<oidc.Configuration> {
    const key = `${tenantId}|${connection.provider}|${connection.updatedAt.getTime()}|${upstream.issuer}`;
    const cached = this.#configs.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const secret = this.#runtime.mfaSecrets.open(
      socialSecretAad(tenantId, connection.provider),
      connection.clientSecretSealed,
    );
    if (secret === null)
      throw new AppError('INTERNAL_SERVER_ERROR', 'social connection secret does not open', { expose: false });
    const insecure = upstream.issuer.startsWith('http:');
    const config = (async () => {
      let made: oidc.Configuration;
      if (upstream.kind === 'github') {
        made = new oidc.Configuration(
          { issuer: upstream.issuer, authorization_endpoint: upstream.authorize, token_endpoint: upstream.token },
          connection.clientId,
          { client_secret: secret },
          oidc.ClientSecretPost(secret),
        );
        if (insecure) oidc.allowInsecureRequests(made);
      } else {
        made = await oidc.discovery(
          new URL(upstream.issuer),
          connection.clientId,
          { client_secret: secret },
          oidc.ClientSecretPost(secret),
          {
            timeout: UPSTREAM_TIMEOUT_SECONDS,
            // openid-client trusts TLS for an ID token from the token endpoint (OIDC Core §3.1.3.7
            // allows it); we verify its signature against the provider's keys as well.
            execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
          },
        );
      }
      made.timeout = UPSTREAM_TIMEOUT_SECONDS;
      return made;
    })();
    // A failed discovery is not kept: the next sign-in tries again.
    config.catch(() => this.#configs.delete(key));
    for (const [stale, entry] of this.#configs)
      if (stale.startsWith(`${tenantId}|${connection.provider}|`) || Date.now() - entry.at >= DISCOVERY_TTL_MS)
        this.#configs.delete(stale);
    this.#configs.set(key, { at: Date.now(), config });
    return config;
  }

  #audit(tenantId: string, caller: Caller, entry: AuditEntry): Promise<void> {
    return recordAudit(this.#runtime.db.tenant(tenantId), this.#runtime.logger, caller, entry);
  }
}

const SOCIAL_PROVIDER_NAMES: ReadonlySet<string> = new Set(['google', 'microsoft', 'linkedin', 'github']);

/**
 * What openid-client refused (the provider's error answer, a response or ID token that does not
 * validate, a provider that cannot be reached) as SOCIAL_UPSTREAM_REFUSED with its code for the
 * audit log; null for anything else, which is ours and propagates.
 */
function upstreamRefusal(error: unknown): SocialRefusal | null {
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError)
    return new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', `upstream_${error.error}`.slice(0, 64));
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('OAUTH_'))
    return new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', code.toLowerCase());
  if (error instanceof oidc.ClientError || error instanceof oidc.WWWAuthenticateChallengeError)
    return new SocialRefusal('SOCIAL_UPSTREAM_REFUSED', 'upstream_unreachable');
  return null;
}

/** A path on this origin to return to (never `//host` or `/\host`, which browsers read as another origin). */
export function sameOriginPath(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_RETURN;
  if (
    value.length > 512 ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\') ||
    /[\p{Cc}\\]/u.test(value)
  )
    throw new BadInputError('BAD_USER_INPUT', 'return must be a path on this site', { field: 'return' });
  return value;
}

function bindingCookie(value: string, maxAgeSeconds: number): string {
  return `${SOCIAL_BINDING_COOKIE}=${value}; Max-Age=${maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=Lax`;
}
