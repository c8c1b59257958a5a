import type { SessionAuthentication } from './tokens/access-token.ts';

/**
 * Who is calling, as established from a verified access token or API key (never from headers
 * a client can set). `null` in a context means an anonymous request.
 */
export interface Viewer {
  readonly userId: string;
  /** Tenant id decrypted from the token's encrypted claim. */
  readonly tenantId: string;
  /** The session; for an API key, the key's id (session-only operations refuse keys: `apiKeyId`). */
  readonly sessionId: string;
  readonly tokenId: string;
  /** Set when the credential is an API key (its id): no session, no step-up, no session-only operation. */
  readonly apiKeyId: string | null;
  /**
   * Set when the credential is an access token an application got from the tenant's OpenID Connect
   * provider (its client id): rights are its scopes ∩ the user's, and session-only operations refuse it.
   */
  readonly oauthClientId?: string | null;
  /** The roles the user holds now (the tenant's schema, not the token's `roles` claim), sorted. */
  readonly roles: readonly string[];
  /** Effective permissions: the roles' own plus everything inherited down the hierarchy. */
  readonly permissions: ReadonlySet<string>;
  readonly isPlatformAdmin: boolean;
  readonly expiresAt: Date;
  /** How and when the session was authenticated (the token's `amr`, `auth_time`, `enrolment_only`). */
  readonly auth: SessionAuthentication;
}

/**
 * Who is calling and the facts of their request: the one shape services, the audit log and the
 * gateway read them in. Every subgraph's context and the gateway's context are Callers.
 */
export interface Caller {
  readonly requestId: string;
  /** The signed-in user (tenant, session, roles, permissions); null for an anonymous request. */
  readonly viewer: Viewer | null;
  /** The client's address as the gateway saw it. */
  readonly ip: string | undefined;
  readonly userAgent: string | undefined;
}

/** A Caller who is signed in (`signedIn(caller)` checks it). */
export interface SignedInCaller extends Caller {
  readonly viewer: Viewer;
}

/** What shield rules and ID checks read of a context. */
export type BaseContext = Pick<Caller, 'requestId' | 'viewer'>;
