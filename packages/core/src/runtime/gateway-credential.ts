import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The gateway's credential on every subgraph request: subgraphs answer only the gateway, so a
 * client that reaches a subgraph's port (`_entities`, `_service`, any field) without going
 * through the gateway's checks is refused before anything runs. Components authenticate to one
 * another (OWASP ASVS 4.0.3 V1.2.2); the subgraphs still verify the user's token and session
 * themselves (defence in depth).
 *
 * The credential is a short-lived HS256 JWT (RFC 7519) made with a secret the gateway and the
 * subgraphs share: `aud` is the one subgraph it was made for, `exp` at most 60 s after `iat`,
 * `jti` the request id. jsonwebtoken (through jwa) compares signatures with
 * `crypto.timingSafeEqual`. Several keys may verify and the first signs (`kid` names the key),
 * so the secret rotates without a window where the gateway and a subgraph disagree.
 */

/** Request header carrying the credential, gateway → subgraph. Never a client's to send. */
export const GATEWAY_CREDENTIAL_HEADER = 'x-gateway-credential';
/** How long a credential lives: one subgraph call, with room for a slow network. */
export const GATEWAY_CREDENTIAL_TTL_SECONDS = 30;
/** A credential claiming a longer life than this is refused, whoever signed it. */
export const GATEWAY_CREDENTIAL_MAX_TTL_SECONDS = 60;
/** Clock skew tolerated between the gateway's and a subgraph's clock. */
const CLOCK_TOLERANCE_SECONDS = 5;
const ISSUER = 'tradesage-gateway';
const TYP = 'gateway+jwt';
/** Shorter keys are refused: HS256 wants at least the hash's size (RFC 7518 §3.2). */
export const GATEWAY_CREDENTIAL_MIN_KEY_BYTES = 32;

/** Why a credential was refused: logged by the subgraph, never told to the caller. */
export type GatewayCredentialRefusal =
  'missing' | 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'wrong_audience' | 'invalid_claims';

export type GatewayCredentialCheck =
  { readonly ok: true; readonly requestId: string } | { readonly ok: false; readonly reason: GatewayCredentialRefusal };

/** What a subgraph needs: checking a credential made for it. */
export interface GatewayCredentialVerifier {
  verify(credential: string | undefined, audience: string, now?: Date): GatewayCredentialCheck;
}

/** What the gateway needs: making one for a subgraph. */
export interface GatewayCredentialIssuer {
  issue(audience: string, options?: { requestId?: string; now?: Date; ttlSeconds?: number }): string;
}

interface Key {
  readonly kid: string;
  readonly secret: KeyObject;
}

export class GatewayCredentials implements GatewayCredentialIssuer, GatewayCredentialVerifier {
  readonly #signing: Key;
  readonly #byKid: ReadonlyMap<string, Key>;

  /** `keys[0]` signs; every key verifies. */
  constructor(keys: readonly Buffer[]) {
    const first = keys[0];
    if (!first) throw new Error('GatewayCredentials needs at least one key');
    const all = keys.map((key): Key => {
      if (key.length < GATEWAY_CREDENTIAL_MIN_KEY_BYTES)
        throw new Error(`a gateway credential key must have at least ${GATEWAY_CREDENTIAL_MIN_KEY_BYTES} bytes`);
      // The key id is a digest of the key: it tells the verifier which key to use and nothing else.
      return {
        kid: crypto.createHash('sha256').update(key).digest('base64url').slice(0, 16),
        secret: crypto.createSecretKey(key),
      };
    });
    this.#signing = all[0] as Key;
    this.#byKid = new Map(all.map((key) => [key.kid, key]));
  }

  /** From GATEWAY_CREDENTIAL_KEYS: comma-separated base64 keys, the first signs. */
  static fromBase64List(list: string): GatewayCredentials {
    return new GatewayCredentials(list.split(',').map((part) => Buffer.from(part.trim(), 'base64')));
  }

  issue(audience: string, options: { requestId?: string; now?: Date; ttlSeconds?: number } = {}): string {
    const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const ttl = options.ttlSeconds ?? GATEWAY_CREDENTIAL_TTL_SECONDS;
    return jwt.sign({ iat: issuedAt, exp: issuedAt + ttl }, this.#signing.secret, {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: TYP, kid: this.#signing.kid },
      issuer: ISSUER,
      audience,
      jwtid: options.requestId ?? crypto.randomUUID(),
    });
  }

  verify(credential: string | undefined, audience: string, now = new Date()): GatewayCredentialCheck {
    if (!credential) return refused('missing');
    const decoded = jwt.decode(credential, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return refused('malformed');
    const header = decoded.header as unknown as Record<string, unknown>;
    // HS256 only: `none` in any spelling and every other algorithm are refused (RFC 8725 §2.1).
    if (header['alg'] !== 'HS256' || header['typ'] !== TYP) return refused('malformed');
    const key = typeof header['kid'] === 'string' ? this.#byKid.get(header['kid']) : undefined;
    if (!key) return refused('unknown_key');
    const nowSeconds = Math.floor(now.getTime() / 1000);
    let payload: jwt.JwtPayload;
    try {
      const verified = jwt.verify(credential, key.secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: nowSeconds,
      });
      if (typeof verified === 'string') return refused('malformed');
      payload = verified;
    } catch (error) {
      return refused(refusalOf(error));
    }
    const { iat, exp, jti } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string') return refused('invalid_claims');
    // Short-lived whoever made it: a credential cannot be minted to outlive a minute, nor dated ahead.
    if (exp - iat > GATEWAY_CREDENTIAL_MAX_TTL_SECONDS || iat > nowSeconds + CLOCK_TOLERANCE_SECONDS)
      return refused('invalid_claims');
    return { ok: true, requestId: jti };
  }
}

function refused(reason: GatewayCredentialRefusal): GatewayCredentialCheck {
  return { ok: false, reason };
}

function refusalOf(error: unknown): GatewayCredentialRefusal {
  if (error instanceof jwt.TokenExpiredError) return 'expired';
  if (error instanceof jwt.JsonWebTokenError) {
    if (error.message === 'invalid signature') return 'bad_signature';
    if (error.message.startsWith('jwt audience invalid')) return 'wrong_audience';
    if (error.message === 'jwt malformed' || error.message === 'invalid token') return 'malformed';
  }
  return 'invalid_claims';
}
