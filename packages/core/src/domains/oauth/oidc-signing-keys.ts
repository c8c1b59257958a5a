import crypto, { type JsonWebKey, type KeyObject } from 'node:crypto';
import type pg from 'pg';
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
 * A new key is published at once but signs only this long after it was added: longer than any
 * running provider keeps the key set it was built with (rebuilt every 10 minutes, from keys read
 * at most 10 minutes before), so every relying party can find it in any instance's JWKS first.
 */
export const OIDC_KEY_ACTIVATION_SECONDS = 30 * 60;

/**
 * The OpenID Connect provider's signing keys, shared by every tenant's issuer: an RS256 and an
 * ES256 key, created by the first process that needs them (under an advisory lock, so instances
 * starting together agree on one key of each), kept in the control schema with the private half
 * sealed (MFA_SECRET_KEYS). Per algorithm the newest key older than OIDC_KEY_ACTIVATION_SECONDS
 * signs (the first key signs at once); every other key still published follows it in the set, so
 * the provider publishes and verifies with it. `rotateOidcSigningKeys` adds the next generation.
 */
export async function loadOidcSigningKeys(
  db: Database,
  sealing: SealingCipher,
  now = new Date(),
): Promise<OidcSigningKeySet> {
  let rows = await publishedRows(db);
  const missing = OIDC_SIGNING_ALGS.filter((alg) => !rows.some((row) => row.alg === alg && row.retired_at === null));
  if (missing.length > 0) {
    await withKeyLock(db, async (client) => {
      const current = await client.query<{ alg: string }>(
        'SELECT alg FROM control.oidc_signing_keys WHERE retired_at IS NULL',
      );
      for (const alg of missing) {
        if (current.rows.some((row) => row.alg === alg)) continue;
        await insertKey(client, alg, sealing);
      }
    });
    rows = await publishedRows(db);
  }
  const signing = OIDC_SIGNING_ALGS.map((alg) => signingRow(rows, alg, now)).filter(
    (row): row is KeyRow => row !== undefined,
  );
  const ordered = [...signing, ...rows.filter((row) => !signing.includes(row))];
  const privateJwks = ordered.map((row) => {
    const opened = sealing.open(SEAL_AAD, row.private_jwk_sealed);
    if (opened === null) throw new Error(`OIDC signing key ${row.kid} cannot be opened with MFA_SECRET_KEYS`);
    return { ...(JSON.parse(opened) as JsonWebKey), kid: row.kid, alg: row.alg, use: 'sig' as const };
  });
  return { privateJwks, publicJwks: ordered.map((row) => row.public_jwk) };
}

/**
 * Adds the next RS256 and ES256 keys (`npm run keys:rotate`). Keys older than the one signing now
 * are retired: still published for a day (longer than any token they signed lives), then gone.
 * Returns the new key ids.
 */
export async function rotateOidcSigningKeys(db: Database, sealing: SealingCipher, now = new Date()): Promise<string[]> {
  const rows = await publishedRows(db);
  const added: string[] = [];
  await withKeyLock(db, async (client) => {
    for (const alg of OIDC_SIGNING_ALGS) {
      const signing = signingRow(rows, alg, now);
      if (signing)
        await client.query(
          `UPDATE control.oidc_signing_keys SET retired_at = now()
            WHERE alg = $1 AND retired_at IS NULL AND created_at < $2`,
          [alg, signing.created_at],
        );
      added.push(await insertKey(client, alg, sealing));
    }
  });
  return added;
}

/** The key of `alg` that signs at `now`: the newest matured one, else the oldest (the first ever). */
function signingRow(rows: readonly KeyRow[], alg: OidcSigningAlg, now: Date): KeyRow | undefined {
  const live = rows.filter((row) => row.alg === alg && row.retired_at === null);
  const matured = live.filter((row) => row.created_at.getTime() <= now.getTime() - OIDC_KEY_ACTIVATION_SECONDS * 1000);
  return matured[0] ?? live.at(-1);
}

async function withKeyLock(db: Database, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [LOCK]);
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function insertKey(client: pg.PoolClient, alg: OidcSigningAlg, sealing: SealingCipher): Promise<string> {
  const { publicJwk, privateJwk } = generate(alg);
  await client.query(
    'INSERT INTO control.oidc_signing_keys (kid, alg, public_jwk, private_jwk_sealed) VALUES ($1, $2, $3, $4)',
    [publicJwk.kid, alg, JSON.stringify(publicJwk), sealing.seal(SEAL_AAD, JSON.stringify(privateJwk))],
  );
  return publicJwk.kid;
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
  created_at: Date;
  retired_at: Date | null;
}

async function publishedRows(db: Database): Promise<KeyRow[]> {
  const result = await db.pool.query<KeyRow>(
    `SELECT kid, alg, public_jwk, private_jwk_sealed, created_at, retired_at FROM control.oidc_signing_keys
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
