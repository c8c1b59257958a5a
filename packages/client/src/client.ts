import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  CompleteSignInDocument,
  CompleteStepUpDocument,
  LoginDocument,
  LogoutDocument,
  RefreshDocument,
  type AuthPayloadFieldsFragment,
  type CompleteSignInInput,
  type CompleteStepUpInput,
  type LoginMutation,
  type LoginInput,
} from './__generated__/graphql.ts';

/** What `signIn` answers: the session (`__typename: 'AuthPayload'`) or the second factor it waits for (`'MfaChallenge'`). */
export type SignInResult = LoginMutation['login'];
import { errorFromResponse, TradeSageError, type GraphQLErrorItem } from './errors.ts';

/** A typed operation of the SDK (or one generated the same way): its text and, when persisted, its hash. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
  __meta__?: { hash?: string } | Record<string, unknown> | undefined;
};

/** The tokens of a signed-in session as the client holds them. */
export interface SessionTokens {
  readonly accessToken: string;
  /** When the access token expires (ms since the epoch, by this client's clock). */
  readonly accessTokenExpiresAt: number;
  /** Bearer mode only: the refresh token (rotated at every refresh). Never held in cookie mode. */
  readonly refreshToken?: string | null | undefined;
  /** Cookie mode: the value to send as `x-csrf-token` with the next refresh. */
  readonly csrfToken?: string | null | undefined;
}

export interface ClientOptions {
  /** The API's GraphQL endpoint, e.g. `https://api.example.com/graphql` or `/graphql` in a browser. */
  readonly url: string;
  /**
   * `bearer` (default; servers, CLIs, tests): the client holds both tokens and sends the access
   * token as `Authorization: Bearer`. `cookie` (browsers): the refresh token lives in the API's
   * `__Host-` cookie that scripts cannot read; the access token only in this client's memory;
   * refreshes send the CSRF value (`x-csrf-token`).
   */
  readonly mode?: 'bearer' | 'cookie';
  /** Bearer mode: a session to continue (tokens a program stored). */
  readonly tokens?: SessionTokens;
  /**
   * An API key (`tsk_live_…` / `tsk_test_…`) instead of a session, for machine clients: sent as
   * `Authorization: Bearer` with every request. Nothing is refreshed; a refused key is an error
   * (UNAUTHENTICATED, API_KEY_EXPIRED), and session-only operations answer API_KEY_NOT_ALLOWED.
   */
  readonly apiKey?: string;
  /** Called after every change of the tokens (sign-in, refresh) and with null when they are dropped. */
  readonly onTokens?: (tokens: SessionTokens | null) => void;
  /**
   * Called once when the session ends without this client asking: revoked, signed out elsewhere,
   * idle or past its lifetime, or its refresh token reused. The error says why.
   */
  readonly onSessionEnd?: (reason: TradeSageError) => void;
  /**
   * Send each operation by its persisted id (`documentId`) instead of its text: smaller requests,
   * and what a gateway running only trusted documents requires. The SDK's operations are persisted.
   */
  readonly persisted?: boolean;
  /** Refresh when the access token has fewer seconds than this left (default 30). */
  readonly refreshMarginSeconds?: number;
  /**
   * Cookie mode: one refresh at a time across the tabs of this origin (Web Locks), and the tabs
   * share the new access token (BroadcastChannel). Default: on where the browser has them.
   */
  readonly crossTab?: boolean;
  /**
   * Cookie mode: reads a cookie of the API's origin (the CSRF value of the refresh cookie's pair).
   * Default: `document.cookie`; a program that keeps cookies itself passes its own jar.
   */
  readonly readCookie?: (name: string) => string | undefined;
  /** Headers sent with every request (not `authorization`, which the client sets). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  /** The clock, ms since the epoch (tests). */
  readonly now?: () => number;
}

export interface RequestOptions {
  /** Cancels the request; the promise rejects with the signal's reason (an `AbortError`). */
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `execute` answers: the data, or the error (with any partial data in `error.data`). */
export type ExecuteResult<TResult> =
  | { readonly data: TResult; readonly error?: undefined }
  | { readonly data?: undefined; readonly error: TradeSageError };

interface WireResponse {
  readonly status: number;
  readonly data?: unknown;
  readonly errors?: readonly GraphQLErrorItem[];
}

/** What sending needs of a document, whatever its types. */
interface SendableDocument {
  toString(): string;
  readonly __meta__?: unknown;
}

type CrossTabMessage = { readonly type: 'tokens'; readonly tokens: SessionTokens } | { readonly type: 'signed-out' };

/** The browser APIs used where present, typed here so the SDK compiles without the DOM library. */
interface Channel {
  postMessage(message: CrossTabMessage): void;
  addEventListener(type: 'message', listener: (event: { readonly data: CrossTabMessage }) => void): void;
  close(): void;
}
interface BrowserGlobals {
  readonly BroadcastChannel?: new (name: string) => Channel;
  readonly navigator?: { readonly locks?: { request<T>(name: string, work: () => Promise<T>): Promise<T> } };
  readonly document?: { readonly cookie?: unknown };
}
const browser = globalThis as unknown as BrowserGlobals;

/** The cookie holding the CSRF value that a cookie refresh sends back as `x-csrf-token` (double submit). */
const CSRF_COOKIE = '__Host-tradesage_csrf';
const LOCK_PREFIX = 'tradesage-refresh:';
/** How long a tab waits for the tokens of another tab's refresh before refreshing itself. */
const CROSS_TAB_WAIT_MS = 1_000;
const CHANNEL_PREFIX = 'tradesage-session:';

/**
 * The TradeSage API client: typed operations over fetch, sign-in, and refresh of the access token
 * before it expires or when the API says it is no longer valid — one refresh at a time, however
 * many requests wait for it (and, in cookie mode, across tabs), each retried once with the new token.
 */
export class TradeSageClient {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #channel: Channel | undefined;
  #tokens: SessionTokens | null;
  #refreshing: Promise<SessionTokens | null> | undefined;
  readonly #waitingForTokens: Array<() => void> = [];

  constructor(options: ClientOptions) {
    if (options.apiKey !== undefined && (options.mode === 'cookie' || options.tokens))
      throw new TypeError('An API key is the whole credential: no cookie mode, no session tokens beside it');
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#now = options.now ?? Date.now;
    this.#tokens = options.mode === 'cookie' ? null : (options.tokens ?? null);
    const crossTab = options.mode === 'cookie' && (options.crossTab ?? true);
    this.#channel =
      crossTab && browser.BroadcastChannel ? new browser.BroadcastChannel(CHANNEL_PREFIX + options.url) : undefined;
    this.#channel?.addEventListener('message', (event) => this.#onMessage(event.data));
  }

  /** The current session's tokens, or null when signed out. */
  get tokens(): SessionTokens | null {
    return this.#tokens;
  }

  get signedIn(): boolean {
    return this.#tokens !== null;
  }

  /**
   * Runs a typed operation; resolves to its data. Rejects with a TradeSageError (the code of the
   * first error, every error in `errors`, any partial data in `data`), or with the signal's reason.
   */
  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const result = await this.execute(document, variables, options);
    if (result.error) throw result.error;
    return result.data;
  }

  /** Like `request`, but answers errors instead of throwing them (cancellation still rejects). */
  async execute<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    options: RequestOptions = {},
  ): Promise<ExecuteResult<TResult>> {
    if (this.#options.apiKey !== undefined)
      return toResult<TResult>(await this.#send(document, variables, this.#options.apiKey, options));
    let token = await this.#freshAccessToken(options.signal);
    let response = await this.#send(document, variables, token, options);
    if (token !== undefined && isUnauthenticated(response)) {
      // The access token was refused (expired early, a key rotation): one refresh, one retry.
      token = (await this.#refresh(token, options.signal))?.accessToken;
      if (token !== undefined) response = await this.#send(document, variables, token, options);
    }
    return toResult<TResult>(response);
  }

  /**
   * Signs in with a tenant (slug or custom domain), an email or username, and a password. In
   * cookie mode the refresh token goes to the API's cookie and never reaches scripts. A user with
   * a second factor gets an `MfaChallenge` instead (`__typename`): answer it with `completeSignIn`.
   */
  async signIn(input: Omit<LoginInput, 'refreshTokenDelivery'>, options: RequestOptions = {}): Promise<SignInResult> {
    const { login } = await this.request(
      LoginDocument,
      { input: { ...input, refreshTokenDelivery: this.#delivery() } },
      options,
    );
    if (login.__typename === 'AuthPayload') this.adopt(login);
    return login;
  }

  /** The second step of a sign-in that answered an `MfaChallenge`: one factor's answer. */
  async completeSignIn(
    input: Omit<CompleteSignInInput, 'refreshTokenDelivery'>,
    options: RequestOptions = {},
  ): Promise<AuthPayloadFieldsFragment> {
    const { completeSignIn } = await this.request(
      CompleteSignInDocument,
      { input: { ...input, refreshTokenDelivery: this.#delivery() } },
      options,
    );
    this.adopt(completeSignIn);
    return completeSignIn;
  }

  /**
   * Proves again who the signed-in user is, for an operation answered STEP_UP_REQUIRED
   * (`startStepUp` first when the user has a second factor), and takes the new access token: the
   * same session, the same refresh token.
   */
  async stepUp(input: CompleteStepUpInput, options: RequestOptions = {}): Promise<void> {
    const { completeStepUp } = await this.request(CompleteStepUpDocument, { input }, options);
    const current = this.#tokens;
    if (!current) return;
    this.#setTokens(
      {
        ...current,
        accessToken: completeStepUp.accessToken,
        accessTokenExpiresAt: this.#now() + completeStepUp.expiresIn * 1000,
      },
      true,
    );
  }

  /**
   * Refreshes now (single-flight, like the refreshes the client does on its own), e.g. after
   * enrolling a second factor so the access token says so. Resolves to whether the session goes on.
   */
  async refreshNow(options: RequestOptions = {}): Promise<boolean> {
    return (await this.#refresh(this.#tokens?.accessToken, options.signal)) !== null;
  }

  #delivery(): 'COOKIE' | 'BODY' {
    return this.#options.mode === 'cookie' ? 'COOKIE' : 'BODY';
  }

  /** Takes the tokens of any operation that signs in (e.g. `acceptInvitation`), as `signIn` does. */
  adopt(payload: Pick<AuthPayloadFieldsFragment, 'accessToken' | 'refreshToken' | 'csrfToken' | 'expiresIn'>): void {
    this.#setTokens(
      {
        accessToken: payload.accessToken,
        accessTokenExpiresAt: this.#now() + payload.expiresIn * 1000,
        ...(this.#options.mode === 'cookie'
          ? { csrfToken: payload.csrfToken ?? this.#readCookie(CSRF_COOKIE) }
          : { refreshToken: payload.refreshToken }),
      },
      true,
    );
  }

  /**
   * Cookie mode, at page load: continues the session of the refresh cookie, if there is one
   * (one refresh). Resolves to whether the client is signed in.
   */
  async resume(options: RequestOptions = {}): Promise<boolean> {
    if (this.#tokens) return true;
    if (this.#options.mode !== 'cookie') return false;
    return (await this.#refresh(undefined, options.signal, { quiet: true })) !== null;
  }

  /** Ends this session at the API (best effort) and forgets its tokens. */
  async signOut(options: RequestOptions = {}): Promise<void> {
    try {
      if (this.#tokens) await this.execute(LogoutDocument, undefined, options);
    } finally {
      this.#drop();
      this.#channel?.postMessage({ type: 'signed-out' } satisfies CrossTabMessage);
    }
  }

  /** Stops listening to other tabs. */
  close(): void {
    this.#channel?.close();
  }

  async #freshAccessToken(signal: AbortSignal | undefined): Promise<string | undefined> {
    const tokens = this.#tokens;
    if (!tokens) return undefined;
    const margin = (this.#options.refreshMarginSeconds ?? 30) * 1000;
    if (tokens.accessTokenExpiresAt - margin > this.#now()) return tokens.accessToken;
    return (await this.#refresh(tokens.accessToken, signal))?.accessToken;
  }

  /**
   * One refresh for everyone who needs one: callers that come while it runs wait for the same
   * answer. `stale` is the access token the caller found wanting; if the tokens changed since
   * (another caller or tab refreshed), those are used instead of refreshing again.
   */
  #refresh(
    stale: string | undefined,
    signal: AbortSignal | undefined,
    options: { quiet?: boolean } = {},
  ): Promise<SessionTokens | null> {
    if (this.#tokens && this.#tokens.accessToken !== stale && this.#usable(this.#tokens))
      return Promise.resolve(this.#tokens);
    // The CSRF cookie changes with every cookie refresh: if it has changed once this tab holds the
    // lock, another tab refreshed meanwhile, and its tokens are on their way (BroadcastChannel).
    const csrfBefore = this.#options.mode === 'cookie' ? this.#readCookie(CSRF_COOKIE) : undefined;
    this.#refreshing ??= this.#acrossTabs(() => this.#refreshOnce(stale, csrfBefore, options.quiet ?? false)).finally(
      () => {
        this.#refreshing = undefined;
      },
    );
    return abortable(this.#refreshing, signal);
  }

  async #refreshOnce(
    stale: string | undefined,
    csrfBefore: string | undefined,
    quiet: boolean,
  ): Promise<SessionTokens | null> {
    const cookie = this.#options.mode === 'cookie';
    // Another tab may have refreshed while this one waited for the lock: wait for its tokens.
    if (cookie && this.#channel && csrfBefore !== undefined && this.#readCookie(CSRF_COOKIE) !== csrfBefore)
      await this.#nextTokens(CROSS_TAB_WAIT_MS);
    if (this.#tokens && this.#tokens.accessToken !== stale && this.#usable(this.#tokens)) return this.#tokens;
    const refreshToken = this.#tokens?.refreshToken;
    if (!cookie && !refreshToken) return null;
    const csrf = cookie ? (this.#readCookie(CSRF_COOKIE) ?? this.#tokens?.csrfToken ?? undefined) : undefined;
    const response = await this.#send(
      RefreshDocument,
      { input: cookie ? { refreshTokenDelivery: 'COOKIE' } : { refreshToken } },
      undefined,
      csrf ? { headers: { 'x-csrf-token': csrf } } : {},
    );
    const result = toResult<{ refresh: AuthPayloadFieldsFragment }>(response);
    if (result.error) {
      if (isSessionOver(result.error)) {
        const hadSession = this.#tokens !== null;
        this.#drop();
        if (hadSession && !quiet) this.#options.onSessionEnd?.(result.error);
        return null;
      }
      throw result.error;
    }
    this.adopt(result.data.refresh);
    return this.#tokens;
  }

  #readCookie(name: string): string | undefined {
    return (this.#options.readCookie ?? documentCookie)(name);
  }

  #usable(tokens: SessionTokens): boolean {
    return tokens.accessTokenExpiresAt - (this.#options.refreshMarginSeconds ?? 30) * 1000 > this.#now();
  }

  /** In cookie mode, runs `work` holding this origin's refresh lock, where the browser has Web Locks. */
  #acrossTabs<T>(work: () => Promise<T>): Promise<T> {
    const locks = browser.navigator?.locks;
    if (this.#options.mode !== 'cookie' || this.#options.crossTab === false || !locks) return work();
    return locks.request(LOCK_PREFIX + this.#options.url, work);
  }

  #onMessage(message: CrossTabMessage): void {
    if (message.type === 'signed-out') this.#drop();
    else if (message.tokens.accessTokenExpiresAt > (this.#tokens?.accessTokenExpiresAt ?? 0))
      this.#setTokens(message.tokens, false);
    for (const waiting of this.#waitingForTokens.splice(0)) waiting();
  }

  /** Resolves when another tab's tokens arrive, or after `ms`. */
  #nextTokens(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waitingForTokens.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #setTokens(tokens: SessionTokens, broadcast: boolean): void {
    this.#tokens = tokens;
    this.#options.onTokens?.(tokens);
    if (broadcast) this.#channel?.postMessage({ type: 'tokens', tokens } satisfies CrossTabMessage);
  }

  #drop(): void {
    if (this.#tokens === null) return;
    this.#tokens = null;
    this.#options.onTokens?.(null);
  }

  async #send(
    document: SendableDocument,
    variables: unknown,
    accessToken: string | undefined,
    options: RequestOptions,
  ): Promise<WireResponse> {
    const hash = this.#options.persisted ? persistedHash(document) : undefined;
    const body = JSON.stringify({
      ...(hash ? { documentId: hash } : { query: document.toString() }),
      ...(variables === undefined ? {} : { variables }),
    });
    let response: Response;
    try {
      response = await this.#fetch(this.#options.url, {
        method: 'POST',
        headers: {
          ...this.#options.headers,
          ...options.headers,
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        },
        body,
        // Cookie mode needs the refresh cookie sent and its renewal stored, also from another origin (CORS).
        credentials: this.#options.mode === 'cookie' ? 'include' : 'same-origin',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new TradeSageError('NETWORK_ERROR', 'The API could not be reached', { cause: error });
    }
    let json: { data?: unknown; errors?: unknown };
    try {
      json = (await response.json()) as typeof json;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new TradeSageError('BAD_RESPONSE', `The API answered HTTP ${response.status} without a GraphQL response`, {
        status: response.status,
        cause: error,
      });
    }
    if (typeof json !== 'object' || json === null || (!('data' in json) && !Array.isArray(json.errors)))
      throw new TradeSageError('BAD_RESPONSE', `The API answered HTTP ${response.status} without a GraphQL response`, {
        status: response.status,
      });
    return {
      status: response.status,
      data: json.data,
      ...(Array.isArray(json.errors) ? { errors: json.errors as GraphQLErrorItem[] } : {}),
    };
  }
}

export function createClient(options: ClientOptions): TradeSageClient {
  return new TradeSageClient(options);
}

function toResult<TResult>(response: WireResponse): ExecuteResult<TResult> {
  if (response.errors && response.errors.length > 0)
    return { error: errorFromResponse(response.errors, response.status, response.data ?? null) };
  if (response.data === undefined || response.data === null)
    return {
      error: new TradeSageError('BAD_RESPONSE', 'The API answered without data or errors', {
        status: response.status,
      }),
    };
  return { data: response.data as TResult };
}

function isUnauthenticated(response: WireResponse): boolean {
  return response.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;
}

/** A refresh that says the session is over (as opposed to the network, or the API being busy). */
function isSessionOver(error: TradeSageError): boolean {
  // MFA_REQUIRED / MFA_ENROLMENT_REQUIRED: the tenant now asks this session for a second factor it never gave.
  return [
    'INVALID_REFRESH_TOKEN',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'TENANT_NOT_ACTIVE',
    'MFA_REQUIRED',
    'MFA_ENROLMENT_REQUIRED',
  ].includes(error.code);
}

function persistedHash(document: SendableDocument): string | undefined {
  const hash = (document.__meta__ as { hash?: unknown } | undefined)?.hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** A cookie of this page's origin from `document.cookie`, in a browser. */
function documentCookie(name: string): string | undefined {
  const cookies = browser.document?.cookie;
  if (typeof cookies !== 'string') return undefined;
  for (const pair of cookies.split(/;\s*/)) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) return decodeURIComponent(pair.slice(at + 1));
  }
  return undefined;
}

/** `promise`, or the signal's reason as soon as it aborts; the shared work itself goes on for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
