import crypto, { type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Database } from '@tradesage/prisma';
import type { SealingCipher } from '../../runtime/sealing-cipher.ts';

/** The algorithms the provider signs with: RS256 (OpenID Connect Discovery requires it) and ES256. */
export const OIDC_SIGNING_ALGS = ['RS256', 'ES256'] as const;
export type OidcSigningAlg = (typeof OIDC_SIGNING_ALGS)[number];

/** A public key as the provider publishes it (RFC 7517). */
export type OidcPublicJwk = JsonWebKey & { kid: string; alg: OidcSigningAlg; use: 'sig' };

export interface OidcSigningKeySet {
  /** Private JWKs, newest first per algorithm: the provider's `jwks`. */
  readonly privateJwks: ReadonlyArray<JsonWebKey & { kid: string; alg: OidcSigningAlg; use: 'sig' }>;
  readonly publicJwks: readonly OidcPublicJwk[];
}

const SEAL_AAD = 'oidc-signing-key';
const LOCK = 'oidc-signing-keys';

/**
 * The OpenID Connect provider's signing keys, shared by every tenant's issuer: one RS256 and one
 * ES256 key, created by the first process that needs them (under an advisory lock, so instances
 * starting together agree on one key of each), kept in the control schema with the private half
 * sealed (MFA_SECRET_KEYS). A retired key stays published until `retired_at` + a day (longer than
 * any ID or access token it signed lives), so relying parties can still verify what it signed.
 */
export async function loadOidcSigningKeys(db: Database, sealing: SealingCipher): Promise<OidcSigningKeySet> {
  let rows = await publishedRows(db);
  const missing = OIDC_SIGNING_ALGS.filter((alg) => !rows.some((row) => row.alg === alg && row.retired_at === null));
  if (missing.length > 0) {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [LOCK]);
      const current = await client.query<{ alg: string }>(
        'SELECT alg FROM control.oidc_signing_keys WHERE retired_at IS NULL',
      );
      for (const alg of missing) {
        if (current.rows.some((row) => row.alg === alg)) continue;
        const { publicJwk, privateJwk } = generate(alg);
        await client.query(
          'INSERT INTO control.oidc_signing_keys (kid, alg, public_jwk, private_jwk_sealed) VALUES ($1, $2, $3, $4)',
          [publicJwk.kid, alg, JSON.stringify(publicJwk), sealing.seal(SEAL_AAD, JSON.stringify(privateJwk))],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    rows = await publishedRows(db);
  }
  const privateJwks: Array<JsonWebKey & { kid: string; alg: OidcSigningAlg; use: 'sig' }> = [];
  for (const row of rows) {
    if (row.retired_at !== null) continue;
    const opened = sealing.open(SEAL_AAD, row.private_jwk_sealed);
    if (opened === null) throw new Error(`OIDC signing key ${row.kid} cannot be opened with MFA_SECRET_KEYS`);
    privateJwks.push({ ...(JSON.parse(opened) as JsonWebKey), kid: row.kid, alg: row.alg, use: 'sig' });
  }
  return { privateJwks, publicJwks: rows.map((row) => row.public_jwk) };
}

/** Public keys by kid, for verifying access tokens the provider issued (the gateway and subgraphs). */
export async function loadOidcPublicKeys(db: Database): Promise<Map<string, { key: KeyObject; alg: OidcSigningAlg }>> {
  const keys = new Map<string, { key: KeyObject; alg: OidcSigningAlg }>();
  for (const row of await publishedRows(db)) {
    keys.set(row.kid, { key: crypto.createPublicKey({ key: row.public_jwk, format: 'jwk' }), alg: row.alg });
  }
  return keys;
}

interface KeyRow {
  kid: string;
  alg: OidcSigningAlg;
  public_jwk: OidcPublicJwk;
  private_jwk_sealed: string;
  retired_at: Date | null;
}

async function publishedRows(db: Database): Promise<KeyRow[]> {
  const result = await db.pool.query<KeyRow>(
    `SELECT kid, alg, public_jwk, private_jwk_sealed, retired_at FROM control.oidc_signing_keys
      WHERE retired_at IS NULL OR retired_at > now() - interval '1 day'
      ORDER BY created_at DESC, kid`,
  );
  return result.rows;
}

function generate(alg: OidcSigningAlg): { publicJwk: OidcPublicJwk; privateJwk: JsonWebKey } {
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
      : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicPart = publicKey.export({ format: 'jwk' });
  const kid = thumbprint(publicPart);
  return {
    publicJwk: { ...publicPart, kid, alg, use: 'sig' },
    privateJwk: privateKey.export({ format: 'jwk' }),
  };
}

/** RFC 7638 thumbprint: the key id is derived from the key. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return crypto.createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
