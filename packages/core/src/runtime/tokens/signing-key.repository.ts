import type { Database } from '@tradesage/prisma';
import type { VerificationKey } from './access-token.ts';
import type { PublicJwk, SigningKey } from './signing-keys.ts';

/**
 * The platform's key registry, `control.signing_keys`: the public half of every signing key and
 * how long it may verify. `verify_until` is null while a key signs; when another key takes over
 * it becomes "now + access-token lifetime + clock skew", the moment the last token it signed
 * expires. The JWKS and every verifier drop the key after that.
 */

/** Publishes the public half so every service can verify the key's tokens (idempotent). */
export async function publishSigningKey(db: Database, key: SigningKey): Promise<void> {
  await db.control.signingKey.upsert({
    where: { kid: key.kid },
    create: { kid: key.kid, alg: 'ES256', publicJwk: { ...key.publicJwk }, createdAt: key.createdAt },
    update: {},
  });
}

/** Keys that may verify tokens at `now`, newest first: the JWKS. */
export async function verifyingKeys(db: Database, now = new Date()): Promise<VerificationKey[]> {
  const rows = await db.control.signingKey.findMany({
    where: { OR: [{ verifyUntil: null }, { verifyUntil: { gt: now } }] },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((row) => ({ jwk: row.publicJwk as unknown as PublicJwk, verifyUntil: row.verifyUntil }));
}

/**
 * `signingKid` now signs: every other key still open stops signing and verifies until
 * `verifyUntil`. Returns the kids this call retired (none when another process got there first).
 */
export async function retireOtherKeys(db: Database, signingKid: string, verifyUntil: Date): Promise<string[]> {
  const rows = await db.control.$queryRaw<Array<{ kid: string }>>`
    UPDATE control.signing_keys SET verify_until = ${verifyUntil}
    WHERE kid <> ${signingKid} AND verify_until IS NULL
    RETURNING kid`;
  return rows.map((row) => row.kid);
}

/**
 * A process that still signs with a key another process retired (a rolling deploy of a new
 * JWT_PRIVATE_KEY, a replica that has not seen the new key file yet) keeps pushing its
 * `verify_until` forward, so no token it signs outlives its key.
 */
export async function keepVerifyingWhileSigning(db: Database, kid: string, verifyUntil: Date): Promise<void> {
  await db.control.signingKey.updateMany({
    where: { kid, verifyUntil: { not: null, lt: verifyUntil } },
    data: { verifyUntil },
  });
}
