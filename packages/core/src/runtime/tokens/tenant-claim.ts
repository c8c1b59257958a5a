import crypto, { type KeyObject } from 'node:crypto';

/**
 * The tenant id travels inside access tokens encrypted (AES-256-GCM), bound to the token's
 * subject as additional authenticated data, so a token never discloses which organisation
 * a user belongs to and an encrypted claim cannot be moved onto another user's token.
 * Format: `v1.` + base64url(iv[12] | ciphertext | tag[16]).
 */
export class TenantClaimCipher {
  /** A KeyObject, not the Buffer: Node 24 re-imports a raw key on every cipher made from it (~10 µs each). */
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('tenant claim key must be 32 bytes');
    this.#key = crypto.createSecretKey(key);
  }

  encrypt(tenantId: string, subject: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(`tid:${subject}`));
    const body = Buffer.concat([cipher.update(tenantId, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Returns null when the claim is malformed or was not made with this key for this subject. */
  decrypt(claim: string, subject: string): string | null {
    if (!claim.startsWith('v1.')) return null;
    const raw = Buffer.from(claim.slice(3), 'base64url');
    if (raw.length < 12 + 16 + 1) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`tid:${subject}`));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      // Authentication failed: tampered, wrong key or wrong subject. The caller refuses the token.
      return null;
    }
  }
}
