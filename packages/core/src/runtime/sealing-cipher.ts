import crypto, { type KeyObject } from 'node:crypto';

/**
 * AES-256-GCM under a list of keys: the first encrypts, all decrypt, so a key can be rotated in
 * without refusing what is already sealed, and rotated out once nothing sealed under it is left.
 * Used for the session hot copies kept in Redis (SESSION_CACHE_KEYS; the Redis key is the
 * additional authenticated data, so a value copied to another session's key does not decrypt) and
 * for second-factor secrets at rest (MFA_SECRET_KEYS; the factor's id is the associated data).
 * The same keys also make keyed digests (`digests`) of low-entropy secrets such as recovery codes.
 *
 * Sealed form: `e1.<kid>.<base64url(iv ‖ ciphertext ‖ tag)>`, kid = first 8 hex of sha256(key).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'e1';

interface CacheKey {
  readonly id: string;
  /** A KeyObject, not the Buffer: Node 24 re-imports a raw key on every cipher made from it (~10 µs each). */
  readonly key: KeyObject;
}

export class SealingCipher {
  readonly #keys: readonly CacheKey[];

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error('SealingCipher: at least one key is required');
    this.#keys = keys.map((key) => {
      if (key.length !== 32) throw new Error('SealingCipher: keys must be 32 bytes');
      return {
        id: crypto.createHash('sha256').update(key).digest('hex').slice(0, 8),
        key: crypto.createSecretKey(key),
      };
    });
  }

  /** Parses SESSION_CACHE_KEYS: comma-separated base64 32-byte keys, the first encrypts. */
  static fromBase64List(list: string): SealingCipher {
    return new SealingCipher(
      list
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => Buffer.from(part, 'base64')),
    );
  }

  seal(aad: string, plaintext: string): string {
    const current = this.#keys[0] as CacheKey;
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}.${current.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /**
   * HMAC-SHA-256 of `value` under each key, the current key's first: store the first, look up by
   * all of them, so values digested before a rotation are still found.
   */
  digests(value: string): string[] {
    return this.#keys.map((entry) => crypto.createHmac('sha256', entry.key).update(value, 'utf8').digest('base64url'));
  }

  /** The plaintext, or null when the value is not ours: unknown (rotated-out) key, tampered, malformed. */
  open(aad: string, sealed: string): string | null {
    const [prefix, kid, payload, extra] = sealed.split('.');
    if (prefix !== PREFIX || !kid || !payload || extra !== undefined) return null;
    const entry = this.#keys.find((candidate) => candidate.id === kid);
    if (!entry) return null;
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return null;
    }
  }
}
