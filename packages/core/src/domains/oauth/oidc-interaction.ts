import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { AppError, UnauthenticatedError } from '../../runtime/errors.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { acrOf } from '../../runtime/tokens/access-token.ts';
import type { Caller, Viewer } from '../../runtime/viewer.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { SessionLifecycleService } from '../sessions/session-lifecycle.service.ts';
import { SessionRepository } from '../sessions/session.repository.ts';
import { OAuthClientRepository, type OAuthClientRow } from './oauth-client.repository.ts';
import { apiScopesOf, oidcScopesOf } from './oauth-scopes.ts';
import { apiResourceFor, OIDC_TTL, type OidcTenant } from './oidc-provider.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What the account page shows of an application's sign-in. */
export interface InteractionView {
  readonly tenant: { readonly slug: string; readonly name: string };
  readonly client: { readonly id: string; readonly name: string; readonly firstParty: boolean };
  /** The scopes asked for (those the client is registered with). */
  readonly scopes: readonly string[];
  /** Seconds: the sign-in must be at most this old (OpenID Connect `max_age`). */
  readonly maxAge: number | null;
  /** `aal2` when the application asks for a second factor (`acr_values`). */
  readonly requiredAcr: 'aal2' | null;
  readonly loginHint: string | null;
  /** `prompt=login` (or `max_age=0`): the user must sign in again, whatever their session. */
  readonly loginRequested: boolean;
}

/** The next step of the page: the user's consent to these scopes, or back to the application. */
export type InteractionStep =
  | { readonly kind: 'consent'; readonly scopes: readonly string[]; readonly alreadyGiven: readonly string[] }
  | { readonly kind: 'redirect'; readonly redirectTo: string };

interface HttpPair {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/**
 * The provider's sign-in and consent steps, run on the account pages (OpenID Connect Core §3.1.2.3).
 * The page signs the user in with the API's own sign-in (every rule of it: lockout, throttling,
 * MFA policy, audit), then hands its session's access token here: the application's sign-in is
 * then a device session of its own (listed and revocable like any other; its end ends the
 * application's tokens), authenticated as the page's session was (`auth_time`, `amr`, `acr`).
 */
export class OidcInteractionService {
  constructor(
    private readonly runtime: Runtime,
    private readonly tenant: OidcTenant,
    private readonly provider: Provider,
  ) {}

  async details(http: HttpPair): Promise<InteractionView> {
    const interaction = await this.#interaction(http);
    const client = await this.#client(interaction);
    return this.#view(interaction, client);
  }

  /**
   * The page's user signs in to the application. `viewer` is the caller of the page's access
   * token; `consent` is the user's answer when the consent screen was shown (null before it).
   */
  async signIn(
    http: HttpPair,
    viewer: Viewer | null,
    caller: Caller,
    consent: boolean | null,
  ): Promise<InteractionStep> {
    const interaction = await this.#interaction(http);
    const client = await this.#client(interaction);
    const view = this.#view(interaction, client);
    if (!viewer) throw new UnauthenticatedError('Sign in to continue');
    if (viewer.apiKeyId || viewer.oauthClientId)
      throw new AppError('OAUTH_TOKEN_NOT_ALLOWED', 'Sign in on the account pages to continue');
    if (viewer.tenantId !== this.tenant.id)
      throw new AppError(
        'OAUTH_TENANT_MISMATCH',
        `You are signed in to another organisation than ${this.tenant.name}`,
        {
          details: { tenant: this.tenant.slug },
        },
      );
    if (viewer.auth.enrolmentOnly)
      throw new AppError('MFA_ENROLMENT_REQUIRED', 'Set up a second factor before signing in to applications');
    const now = Date.now();
    // prompt=login (max_age=0 becomes it): a sign-in made after the application asked. Both times
    // are whole seconds, so only a sign-in in a later second than the request counts.
    const signedInSince = view.loginRequested ? (interaction.iat ?? 0) * 1000 : null;
    if (
      (view.maxAge !== null && now - viewer.auth.time.getTime() > view.maxAge * 1000) ||
      (signedInSince !== null && viewer.auth.time.getTime() <= signedInSince)
    )
      // The same details as the API's own step-up refusal (recentAuthentication).
      throw new AppError('STEP_UP_REQUIRED', `${client.name} asks you to confirm it is you`, {
        details: { maxAgeSeconds: view.maxAge ?? 0, secondFactor: false },
      });
    if (view.requiredAcr === 'aal2' && acrOf(viewer.auth.methods) !== 'aal2')
      throw new AppError('STEP_UP_REQUIRED', `${client.name} asks for a sign-in with your second factor`, {
        details: { secondFactor: true },
      });

    const clients = new OAuthClientRepository(this.runtime.db.tenant(this.tenant.id));
    if (!client.firstParty) {
      const given = await clients.consentedScopes(viewer.userId, client.id);
      // `openid` too: it gives the application who the user is.
      const missing = view.scopes.filter((scope) => !given.includes(scope));
      if (consent === false)
        return this.#finish(http, { error: 'access_denied', error_description: 'The user declined' });
      if (missing.length > 0 && consent !== true) return { kind: 'consent', scopes: view.scopes, alreadyGiven: given };
      if (missing.length > 0) {
        await clients.recordConsent(viewer.userId, client.id, [...new Set([...given, ...view.scopes])]);
        await recordAudit(this.runtime.db.tenant(this.tenant.id), this.runtime.logger, caller, {
          action: 'oauth.consent_given',
          targetType: 'oauth_client',
          targetId: client.id,
          data: { scopes: view.scopes.join(' ') },
        });
      }
    }

    const grant = await this.#grant(interaction, viewer.userId, client, view.scopes);
    const grantId = await grant.save();
    const existing = interaction.grantId === grantId;
    if (!existing) {
      const auth = { time: viewer.auth.time, methods: viewer.auth.methods, enrolmentOnly: false };
      await new SessionLifecycleService(this.runtime).start(
        this.tenant.id,
        viewer.userId,
        auth,
        caller,
        new Date(now),
        undefined,
        {
          clientId: client.id,
          grantId,
          // Without offline access the application has its access token and nothing after it.
          ...(view.scopes.includes('offline_access')
            ? {}
            : { lifetimeSeconds: OIDC_TTL.authorizationCode + OIDC_TTL.accessToken }),
        },
      );
    }
    await recordAudit(this.runtime.db.tenant(this.tenant.id), this.runtime.logger, caller, {
      action: 'oauth.authorized',
      targetType: 'oauth_client',
      targetId: client.id,
      data: { grantId, scopes: view.scopes.join(' ') },
    });
    return this.#finish(http, {
      login: {
        accountId: viewer.userId,
        acr: acrOf(viewer.auth.methods),
        amr: [...viewer.auth.methods],
        ts: Math.floor(viewer.auth.time.getTime() / 1000),
        remember: false,
      },
      consent: { grantId },
    });
  }

  /** The user turned the application away: it gets `access_denied`. */
  async abort(http: HttpPair): Promise<InteractionStep> {
    await this.#interaction(http);
    return this.#finish(http, { error: 'access_denied', error_description: 'The user cancelled the sign-in' });
  }

  async #finish(http: HttpPair, result: InteractionResults): Promise<InteractionStep> {
    const redirectTo = await this.provider.interactionResult(http.req, http.res, result, {
      mergeWithLastSubmission: false,
    });
    return { kind: 'redirect', redirectTo };
  }

  async #grant(interaction: Interaction, userId: string, client: OAuthClientRow, scopes: readonly string[]) {
    const { Grant } = this.provider;
    // Each sign-in is a grant and a device session of its own; only when the provider comes back
    // for more consent within this sign-in (the grant we just made) is that grant extended.
    const existing =
      interaction.prompt.name === 'consent' && interaction.grantId ? await Grant.find(interaction.grantId) : undefined;
    const reusable =
      existing?.accountId === userId &&
      existing.jti !== undefined &&
      (await new SessionRepository(this.runtime.db.tenant(this.tenant.id), this.tenant.id).activeForGrant(
        existing.jti,
      )) !== null;
    const grant = reusable && existing ? existing : new Grant({ accountId: userId, clientId: client.id });
    const oidc = oidcScopesOf(scopes);
    if (oidc.length > 0) grant.addOIDCScope(oidc.join(' '));
    const api = apiScopesOf(scopes);
    if (api.length > 0) grant.addResourceScope(apiResourceFor(this.runtime.config.mail.appUrl), api.join(' '));
    const claims = claimsRequested(interaction.params['claims']);
    if (claims.length > 0) grant.addOIDCClaims(claims);
    return grant;
  }

  async #interaction(http: HttpPair): Promise<Interaction> {
    try {
      return await this.provider.interactionDetails(http.req, http.res);
    } catch {
      throw new AppError('OAUTH_INTERACTION_NOT_FOUND', 'This sign-in has ended: start again from the application');
    }
  }

  async #client(interaction: Interaction): Promise<OAuthClientRow> {
    const clientId = interaction.params['client_id'];
    const client =
      typeof clientId === 'string'
        ? await new OAuthClientRepository(this.runtime.db.tenant(this.tenant.id)).find(clientId)
        : null;
    if (!client) throw new AppError('OAUTH_INTERACTION_NOT_FOUND', 'This application is no longer registered');
    return client;
  }

  #view(interaction: Interaction, client: OAuthClientRow): InteractionView {
    const { params } = interaction;
    const asked = typeof params['scope'] === 'string' ? params['scope'].split(' ') : [];
    const scopes = asked.filter((scope) => client.scopes.includes(scope));
    const maxAge = Number(params['max_age']);
    // acr_values, or an essential `acr` claim (OpenID Connect Core §5.5.1.1), naming only aal2.
    const acrValues = [
      ...(typeof params['acr_values'] === 'string' ? params['acr_values'].split(' ') : []),
      ...essentialAcrValues(params['claims']),
    ];
    return {
      tenant: { slug: this.tenant.slug, name: this.tenant.name },
      client: { id: client.id, name: client.name, firstParty: client.firstParty },
      scopes: [...new Set(scopes)],
      maxAge: params['max_age'] !== undefined && Number.isInteger(maxAge) && maxAge >= 0 ? maxAge : null,
      requiredAcr: acrValues.includes('aal2') && !acrValues.includes('aal1') ? 'aal2' : null,
      loginHint: typeof params['login_hint'] === 'string' ? params['login_hint'].slice(0, 254) : null,
      loginRequested: typeof params['prompt'] === 'string' && params['prompt'].split(' ').includes('login'),
    };
  }
}

/** The `acr` values an essential `id_token.acr` claim request names (empty when none). */
function essentialAcrValues(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const acr = (
      JSON.parse(value) as { id_token?: { acr?: { essential?: boolean; value?: unknown; values?: unknown } } }
    ).id_token?.acr;
    if (!acr?.essential) return [];
    const values = Array.isArray(acr.values) ? acr.values : [acr.value];
    return values.filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}

/** Claim names asked for through the `claims` request parameter (OpenID Connect Core §5.5). */
function claimsRequested(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as Record<string, Record<string, unknown> | undefined>;
    return [...new Set([...Object.keys(parsed.userinfo ?? {}), ...Object.keys(parsed.id_token ?? {})])];
  } catch {
    return [];
  }
}
