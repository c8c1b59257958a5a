import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../errors.ts';
import type { PublicJwk, SigningKey } from './signing-keys.ts';
import type { TenantClaimCipher } from './tenant-claim.ts';

/** RFC 9068 access-token media type; refresh tokens are opaque and never parse as one. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenClaims {
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly tokenId: string;
  readonly roles: readonly string[];
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
}

export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly cipher: TenantClaimCipher,
    private readonly settings: TokenSettings,
  ) {}

  issue(input: { userId: string; tenantId: string; sessionId: string; roles: readonly string[] }): { token: string; expiresIn: number; tokenId: string } {
    const tokenId = crypto.randomUUID();
    const token = jwt.sign(
      { sid: input.sessionId, roles: [...input.roles], tid: this.cipher.encrypt(input.tenantId, input.userId) },
      this.key.privateKey,
      {
        algorithm: 'ES256',
        keyid: this.key.kid,
        header: { alg: 'ES256', typ: ACCESS_TOKEN_TYP, kid: this.key.kid },
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        subject: input.userId,
        jwtid: tokenId,
        expiresIn: this.settings.accessTtlSeconds,
        notBefore: 0,
      },
    );
    return { token, expiresIn: this.settings.accessTtlSeconds, tokenId };
  }
}

/** Source of verification keys by kid (the JWKS of the platform). */
export interface PublicKeySource {
  get(kid: string): Promise<KeyObject | undefined>;
}

/** Header parameters that would let a token name its own verification key (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

export class AccessTokenVerifier {
  constructor(
    private readonly keys: PublicKeySource,
    private readonly cipher: TenantClaimCipher,
    private readonly settings: Pick<TokenSettings, 'issuer' | 'audience'>,
    private readonly clockToleranceSeconds = 5,
  ) {}

  /**
   * Verifies signature, algorithm, type, issuer, audience, expiry and not-before, then
   * decrypts the tenant claim. Every failure is the same UNAUTHENTICATED error: the reason
   * is not disclosed to the caller.
   */
  async verify(token: string, now = new Date()): Promise<AccessTokenClaims> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw invalid();
    const header = decoded.header as unknown as Record<string, unknown>;
    // Only ES256: refuses `none` in any spelling and HS256-signed-with-the-public-key (RFC 8725 §2.1).
    if (header['alg'] !== 'ES256') throw invalid();
    if (header['typ'] !== ACCESS_TOKEN_TYP) throw invalid();
    if (FORBIDDEN_HEADERS.some((name) => name in header)) throw invalid();
    const kid = header['kid'];
    if (typeof kid !== 'string') throw invalid();
    const key = await this.keys.get(kid);
    if (!key) throw invalid();

    let payload: jwt.JwtPayload;
    try {
      const verified = jwt.verify(token, key, {
        algorithms: ['ES256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.clockToleranceSeconds,
        clockTimestamp: Math.floor(now.getTime() / 1000),
      });
      if (typeof verified === 'string') throw invalid();
      payload = verified;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw invalid();
    }
    const { sub, sid, jti, tid, roles, iat, exp } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof tid !== 'string') throw invalid();
    if (typeof iat !== 'number' || typeof exp !== 'number') throw invalid();
    if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) throw invalid();
    const tenantId = this.cipher.decrypt(tid, sub);
    if (!tenantId) throw invalid();
    return {
      userId: sub,
      tenantId,
      sessionId: sid,
      tokenId: jti,
      roles,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
    };
  }
}

function invalid(): UnauthenticatedError {
  return new UnauthenticatedError('Invalid or expired access token');
}

/**
 * Public keys by kid, loaded from the platform's key registry, refreshed when an unknown
 * kid shows up (a rotation) but at most once per `minRefreshMs` so garbage kids cannot
 * hammer the database.
 */
export class CachedKeySource implements PublicKeySource {
  #keys = new Map<string, KeyObject>();
  #lastLoad = 0;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly load: () => Promise<readonly PublicJwk[]>,
    private readonly minRefreshMs = 10_000,
  ) {}

  async get(kid: string): Promise<KeyObject | undefined> {
    const known = this.#keys.get(kid);
    if (known) return known;
    if (Date.now() - this.#lastLoad >= this.minRefreshMs || this.#lastLoad === 0) await this.refresh();
    return this.#keys.get(kid);
  }

  async refresh(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const jwks = await this.load();
        const next = new Map<string, KeyObject>();
        for (const jwk of jwks) next.set(jwk.kid, crypto.createPublicKey({ key: { ...jwk }, format: 'jwk' }));
        this.#keys = next;
        this.#lastLoad = Date.now();
      } finally {
        this.#loading = undefined;
      }
    })();
    await this.#loading;
  }
}
