import { errorFromResponse, TradeSageError, type GraphQLErrorItem } from '@tradesage/client';
import { api } from './api.ts';

/**
 * The provider's sign-in steps for an application (OpenID Connect), as the authorize page drives
 * them: `/t/<slug>/interaction/<uid>/…` on this origin, bound to this browser by the provider's
 * interaction cookie (scoped to that path, so same-origin requests carry it), the page's own
 * session handed over as Bearer. Refusals come back as the API's errors (`errors[0].extensions.code`).
 */
export interface InteractionDetails {
  readonly tenant: { readonly slug: string; readonly name: string };
  readonly client: { readonly id: string; readonly name: string; readonly firstParty: boolean };
  /** The scopes the application asks for (those it is registered with). */
  readonly scopes: readonly string[];
  /** Seconds: the application wants a sign-in at most this old. */
  readonly maxAge: number | null;
  /** `aal2`: the application wants a sign-in with a second factor. */
  readonly requiredAcr: 'aal2' | null;
  readonly loginHint: string | null;
  /** `prompt=login` (or `max_age=0`): the person confirms it is them again, whatever their session. */
  readonly loginRequested: boolean;
}

/** What the provider answers a sign-in: ask the person's consent, or go back to the application. */
export type InteractionStep =
  | { readonly kind: 'consent'; readonly scopes: readonly string[]; readonly alreadyGiven: readonly string[] }
  | { readonly kind: 'redirect'; readonly redirectTo: string };

/** Where an interaction's steps are; the slug and uid come from the page's link, so each is encoded. */
function interactionUrl(slug: string, uid: string, step: string): string {
  return `/t/${encodeURIComponent(slug)}/interaction/${encodeURIComponent(uid)}/${step}`;
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new TradeSageError('NETWORK_ERROR', 'The service cannot be reached', { cause: error });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new TradeSageError('BAD_RESPONSE', `HTTP ${response.status}`, { status: response.status, cause: error });
  }
  const errors = (body as { errors?: readonly GraphQLErrorItem[] } | null)?.errors;
  if (!response.ok || errors?.length) throw errorFromResponse(errors ?? [], response.status, undefined);
  return body as T;
}

export function interactionDetails(slug: string, uid: string, signal?: AbortSignal): Promise<InteractionDetails> {
  return call(interactionUrl(slug, uid, 'details'), { method: 'GET', ...(signal ? { signal } : {}) });
}

/**
 * Signs the page's person in to the application (`consent`: their answer on the consent screen).
 * The access token is the session's current one (refreshed first when about to expire); a token
 * the API refuses is refreshed once and the step sent again, as the SDK does for its operations.
 */
export async function signInToApplication(slug: string, uid: string, consent?: boolean): Promise<InteractionStep> {
  const send = (token: string) =>
    call<InteractionStep>(interactionUrl(slug, uid, 'login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(consent === undefined ? {} : { consent }),
    });
  const tokens = api.tokens;
  if (!tokens) throw new TradeSageError('UNAUTHENTICATED', 'Sign in to continue');
  if (tokens.accessTokenExpiresAt - Date.now() < 30_000) await api.refreshNow();
  const token = api.tokens?.accessToken;
  if (!token) throw new TradeSageError('UNAUTHENTICATED', 'Sign in to continue');
  try {
    return await send(token);
  } catch (error) {
    if (!(error instanceof TradeSageError) || error.code !== 'UNAUTHENTICATED' || !(await api.refreshNow()))
      throw error;
    const renewed = api.tokens?.accessToken;
    if (!renewed) throw error;
    return send(renewed);
  }
}

/** The person turns the application away: it gets `access_denied`. */
export function cancelApplicationSignIn(slug: string, uid: string): Promise<InteractionStep> {
  return call(interactionUrl(slug, uid, 'abort'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
}

/**
 * Back to the application: the provider's own address on this origin, which redirects on. Only an
 * http(s) URL is followed (never a `javascript:` one, whoever sent it).
 */
export function goTo(redirectTo: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectTo, window.location.origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  window.location.assign(url.href);
  return true;
}

/** What each OpenID Connect scope lets an application do, in words. */
const OIDC_SCOPES: Readonly<Record<string, string>> = {
  openid: 'Know who you are when you sign in',
  profile: 'See your name and profile details',
  email: 'See your email address',
  offline_access: 'Stay signed in and act for you while you are away, until you sign out of it',
};

/** What each API permission lets an application do, in words (the catalogue's are written for administrators). */
const API_SCOPES: Readonly<Record<string, string>> = {
  'users:read:self': 'See your own profile',
  'sessions:read:self': 'See where you are signed in',
  'trades:read': 'See trades',
  'trades:write': 'Place and change trades',
  'users:read': 'See the people in your organisation: their profiles, roles and activity',
  'users:pii:read': 'See personal details of the people in your organisation, such as email addresses',
  'users:write': 'Invite, lock out, deactivate and delete people in your organisation',
  'roles:read': 'See the roles in your organisation and what each allows',
  'roles:write': 'Create and change roles, and give people roles',
  'apikeys:manage': 'Manage your organisation’s service accounts and API keys',
  'oauth:manage': 'Register and change the applications that can sign in with your organisation',
  'sessions:read:any': 'See where anyone in your organisation is signed in',
  'sessions:revoke:any': 'Sign anyone in your organisation out',
  'audit:read': 'Read your organisation’s audit log',
  'tenant:read': 'See your organisation’s settings and usage',
  'tenant:settings:write': 'Change your organisation’s settings',
};

/** A scope an application asks for, in words, with whether it is an API permission (acting as you). */
export function describeScope(scope: string): { readonly text: string; readonly api: boolean } {
  const oidc = OIDC_SCOPES[scope];
  if (oidc) return { text: oidc, api: false };
  return { text: API_SCOPES[scope] ?? `Use the API with the permission “${scope}”`, api: true };
}
