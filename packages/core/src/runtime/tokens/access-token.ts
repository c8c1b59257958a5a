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
  /** How and when the session was authenticated (its sign-in or latest step-up). */
  readonly auth: SessionAuthentication;
}

/**
 * How a session was authenticated: RFC 8176 `amr` values (`pwd`, `otp`, `hwk`, `user`, `sms`,
 * `mfa`...), when (`auth_time`, OpenID Connect Core §2), and whether it may only enrol a second
 * factor (the tenant requires one this user has not enrolled yet). The access token carries them
 * as `amr`, `auth_time`, `acr` (derived, see `acrOf`) and `enrolment_only`.
 */
export interface SessionAuthentication {
  readonly time: Date;
  readonly methods: readonly string[];
  readonly enrolmentOnly: boolean;
}

/**
 * The assurance level an `amr` reaches (NIST SP 800-63B-4): `aal2` with two factors (`mfa`, or
 * a passkey verifying its user), else `aal1`.
 */
export function acrOf(methods: readonly string[]): 'aal1' | 'aal2' {
  return methods.includes('mfa') ? 'aal2' : 'aal1';
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

  issue(input: {
    userId: string;
    tenantId: string;
    sessionId: string;
    roles: readonly string[];
    auth: SessionAuthentication;
  }): {
    token: string;
    expiresIn: number;
    tokenId: string;
  } {
    const tokenId = crypto.randomUUID();
    const token = jwt.sign(
      {
        sid: input.sessionId,
        roles: [...input.roles],
        tid: this.cipher.encrypt(input.tenantId, input.userId),
        auth_time: Math.floor(input.auth.time.getTime() / 1000),
        amr: [...input.auth.methods],
        acr: acrOf(input.auth.methods),
        ...(input.auth.enrolmentOnly ? { enrolment_only: true } : {}),
      },
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
  /** The key with this kid if it may verify tokens at `now`; undefined otherwise. */
  get(kid: string, now?: Date): Promise<KeyObject | undefined>;
}

/** A published key and how long it may verify: null while it signs, then its tokens' last expiry. */
export interface VerificationKey {
  readonly jwk: PublicJwk;
  readonly verifyUntil: Date | null;
}

/**
 * Tokens verified recently, per process. Every authenticated request verifies its token at the
 * gateway and again in each subgraph it reaches (a federated `me`: five times), and an ES256
 * verification costs ~80 µs of CPU: the same token seen again is served from here. Bounded, so
 * distinct valid tokens cannot grow it without limit (a full cache drops its oldest entry).
 */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  readonly kid: string;
  /** The key that verified it: a different key object for the kid (reloaded, rotated) means verify again. */
  readonly key: KeyObject;
  /** `nbf` in seconds (the token may be verified for an earlier `now` than it was first). */
  readonly notBefore: number | undefined;
}

/** Header parameters that would let a token name its own verification key (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

export class AccessTokenVerifier {
  /** sha256(token) -> what verifying it gave; only tokens that passed every check are kept. */
  readonly #verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly keys: PublicKeySource,
    private readonly cipher: TenantClaimCipher,
    private readonly settings: Pick<TokenSettings, 'issuer' | 'audience'>,
    private readonly clockToleranceSeconds = 5,
    private readonly cacheSize = VERIFIED_TOKEN_CACHE_SIZE,
  ) {}

  /**
   * Verifies signature, algorithm, type, issuer, audience, expiry and not-before, then
   * decrypts the tenant claim. Every failure is the same UNAUTHENTICATED error: the reason
   * is not disclosed to the caller.
   *
   * A token verified before is taken from the cache only while everything time can change still
   * holds: its key may still verify now (retired or withdrawn keys refuse their tokens at once,
   * RFC 7517 §4.5) and is the same key object, and `now` lies between its `nbf` and `exp` (with
   * the same clock tolerance). Whether its session is still active is not the token's business:
   * callers check that on every request, cached or not.
   */
  async verify(token: string, now = new Date()): Promise<AccessTokenClaims> {
    const cacheKey = crypto.createHash('sha256').update(token).digest('base64url');
    const cached = this.#verified.get(cacheKey);
    if (cached) {
      if (await this.#stillValid(cached, now)) return copyOf(cached.claims);
      this.#verified.delete(cacheKey);
    }
    const verified = await this.#verify(token, now);
    if (this.#verified.size >= this.cacheSize) this.#verified.delete(this.#verified.keys().next().value as string);
    this.#verified.set(cacheKey, verified);
    return copyOf(verified.claims);
  }

  async #stillValid(cached: VerifiedToken, now: Date): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const expiresAt = cached.claims.expiresAt.getTime() / 1000;
    // jsonwebtoken's rules: expired when now >= exp + tolerance; not yet valid when nbf > now + tolerance.
    if (nowSeconds >= expiresAt + this.clockToleranceSeconds) return false;
    if (cached.notBefore !== undefined && cached.notBefore > nowSeconds + this.clockToleranceSeconds) return false;
    return (await this.keys.get(cached.kid, now)) === cached.key;
  }

  async #verify(token: string, now: Date): Promise<VerifiedToken> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw invalid();
    const header = decoded.header as unknown as Record<string, unknown>;
    // Only ES256: refuses `none` in any spelling and HS256-signed-with-the-public-key (RFC 8725 §2.1).
    if (header['alg'] !== 'ES256') throw invalid();
    if (header['typ'] !== ACCESS_TOKEN_TYP) throw invalid();
    if (FORBIDDEN_HEADERS.some((name) => name in header)) throw invalid();
    const kid = header['kid'];
    if (typeof kid !== 'string') throw invalid();
    const key = await this.keys.get(kid, now);
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
    const { sub, sid, jti, tid, roles, iat, exp, nbf, auth_time, amr, enrolment_only } = payload as Record<
      string,
      unknown
    >;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof tid !== 'string')
      throw invalid();
    if (typeof iat !== 'number' || typeof exp !== 'number' || typeof auth_time !== 'number') throw invalid();
    if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) throw invalid();
    if (!Array.isArray(amr) || !amr.every((m): m is string => typeof m === 'string')) throw invalid();
    if (enrolment_only !== undefined && enrolment_only !== true) throw invalid();
    const tenantId = this.cipher.decrypt(tid, sub);
    if (!tenantId) throw invalid();
    const claims: AccessTokenClaims = {
      userId: sub,
      tenantId,
      sessionId: sid,
      tokenId: jti,
      roles: Object.freeze([...roles]),
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
      auth: {
        time: new Date(auth_time * 1000),
        methods: Object.freeze([...amr]),
        enrolmentOnly: enrolment_only === true,
      },
    };
    return { claims, kid, key, notBefore: typeof nbf === 'number' ? nbf : undefined };
  }
}

/** Each caller gets its own claims: the cached ones (their Dates) cannot be changed through a result. */
function copyOf(claims: AccessTokenClaims): AccessTokenClaims {
  return {
    ...claims,
    issuedAt: new Date(claims.issuedAt),
    expiresAt: new Date(claims.expiresAt),
    auth: { ...claims.auth, time: new Date(claims.auth.time) },
  };
}

function invalid(): UnauthenticatedError {
  return new UnauthenticatedError('Invalid or expired access token');
}

/**
 * Public keys by kid, loaded from the platform's key registry (control.signing_keys).
 *
 * - An unknown kid (a rotation another process published) reloads the registry, at most once per
 *   `minRefreshMs`, so garbage kids cannot hammer the database while a new key is still found
 *   within about a second of being published.
 * - Entries older than `maxAgeMs` are reloaded, so a `verify_until` set by the process that
 *   rotated reaches every verifier well before it passes.
 * - A key is used only until its `verifyUntil`: after that its tokens have all expired, and a
 *   token still signed by it is refused (key retirement, RFC 7517 §4.5 `kid` rotation).
 */
export class CachedKeySource implements PublicKeySource {
  #keys = new Map<string, { key: KeyObject; verifyUntil: Date | null }>();
  #lastLoad = 0;
  #lastAttempt = 0;
  #loading: Promise<void> | undefined;
  readonly #minRefreshMs: number;
  readonly #maxAgeMs: number;
  readonly #onError: (error: unknown) => void;

  constructor(
    private readonly load: () => Promise<readonly VerificationKey[]>,
    options: { minRefreshMs?: number; maxAgeMs?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.#minRefreshMs = options.minRefreshMs ?? 1_000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#onError = options.onError ?? (() => undefined);
  }

  async get(kid: string, now = new Date()): Promise<KeyObject | undefined> {
    const sinceAttempt = Date.now() - this.#lastAttempt;
    const stale = Date.now() - this.#lastLoad >= this.#maxAgeMs;
    if (this.#lastLoad === 0 || (sinceAttempt >= this.#minRefreshMs && (stale || !this.#keys.has(kid)))) {
      try {
        await this.refresh();
      } catch (error) {
        // With no keys at all nothing can be verified: the request fails (masked, logged).
        // Otherwise the registry being unreachable keeps the keys already known.
        if (this.#lastLoad === 0) throw error;
        this.#onError(error);
      }
    }
    const entry = this.#keys.get(kid);
    if (!entry) return undefined;
    return entry.verifyUntil === null || entry.verifyUntil.getTime() > now.getTime() ? entry.key : undefined;
  }

  async refresh(): Promise<void> {
    this.#loading ??= (async () => {
      this.#lastAttempt = Date.now();
      try {
        const rows = await this.load();
        const next = new Map<string, { key: KeyObject; verifyUntil: Date | null }>();
        for (const { jwk, verifyUntil } of rows) {
          next.set(jwk.kid, { key: crypto.createPublicKey({ key: { ...jwk }, format: 'jwk' }), verifyUntil });
        }
        this.#keys = next;
        this.#lastLoad = Date.now();
      } finally {
        this.#loading = undefined;
      }
    })();
    await this.#loading;
  }
}
