/**
 * Who is calling, as established from a verified access token (never from headers
 * a client can set). `null` in a context means an anonymous request.
 */
export interface Viewer {
  readonly userId: string;
  /** Tenant id decrypted from the token's encrypted claim. */
  readonly tenantId: string;
  readonly sessionId: string;
  readonly tokenId: string;
  /** The roles the user holds now (the tenant's schema, not the token's `roles` claim), sorted. */
  readonly roles: readonly string[];
  /** Effective permissions: the roles' own plus everything inherited down the hierarchy. */
  readonly permissions: ReadonlySet<string>;
  readonly isPlatformAdmin: boolean;
  readonly expiresAt: Date;
}

/** Fields every subgraph context and the gateway context share. */
export interface BaseContext {
  readonly requestId: string;
  readonly viewer: Viewer | null;
}
