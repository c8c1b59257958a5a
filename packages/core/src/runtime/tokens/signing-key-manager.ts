import type { Database } from '@tradesage/prisma';
import type { Logger } from '../logger.ts';
import { AccessTokenIssuer, type CachedKeySource, type TokenSettings } from './access-token.ts';
import { keepVerifyingWhileSigning, publishSigningKey, retireOtherKeys } from './signing-key.repository.ts';
import { generateSigningKey, newestSigningKeyFile, readSigningKeyFile, type SigningKey } from './signing-keys.ts';
import type { TenantClaimCipher } from './tenant-claim.ts';

/**
 * Extra verification time given to a retired key beyond the access-token lifetime: covers the
 * verifier's clock tolerance, clocks that differ between machines, and replicas that pick up a
 * new key a few seconds after another one did.
 */
export const KEY_RETIREMENT_SKEW_SECONDS = 60;

/** How often a running issuer looks for a newer key file (one readdir). */
export const SIGNING_KEY_CHECK_MS = 5_000;

/** Where the private keys come from. */
export type SigningKeySource =
  /** JWT_PRIVATE_KEY: one key for the process's lifetime; rotate by deploying a new one. */
  | { readonly kind: 'static'; readonly key: SigningKey }
  /** SIGNING_KEYS_DIR: the newest file signs; `keys:rotate` adds files; development may generate the first. */
  | { readonly kind: 'dir'; readonly dir: string; readonly generateWhenEmpty: boolean };

export interface RotatedKey {
  readonly kid: string;
  readonly retiredKids: readonly string[];
  readonly verifyUntil: Date;
}

interface Current {
  readonly key: SigningKey;
  /** The key file it came from; undefined for a static key. */
  readonly file: string | undefined;
  readonly issuer: AccessTokenIssuer;
}

/**
 * Chooses the key that signs, and rotates without a restart: at most every `checkMs` the issuer
 * looks for a newer key file. A new key is published in the registry before it signs a token;
 * then every other key still signing is retired with `verify_until = now + access TTL + skew`,
 * and `onRotated` is told (the caller writes the audit event). Old keys therefore keep verifying
 * exactly as long as tokens they signed can still be valid.
 */
export class SigningKeyManager {
  #current: Current | undefined;
  #checkedAt = 0;
  #checking: Promise<Current> | undefined;

  constructor(
    private readonly deps: {
      readonly source: SigningKeySource;
      readonly db: Database;
      readonly keySource: CachedKeySource;
      readonly cipher: TenantClaimCipher;
      readonly settings: TokenSettings;
      readonly logger: Logger;
      readonly onRotated: (rotation: RotatedKey) => Promise<void>;
      readonly checkMs?: number;
    },
  ) {}

  /** The issuer of the key that signs now. The first call loads (and in development creates) it. */
  async issuer(): Promise<AccessTokenIssuer> {
    const current = this.#current;
    const checkMs = this.deps.checkMs ?? SIGNING_KEY_CHECK_MS;
    if (current && Date.now() - this.#checkedAt < checkMs) return current.issuer;
    const checking = (this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    }));
    if (!current) return (await checking).issuer;
    // Later checks run beside the request: it signs with the current key meanwhile.
    checking.catch((error: unknown) => {
      this.deps.logger.error(
        { err: (error as Error).message },
        'signing keys: check failed, still signing with the current key',
      );
    });
    return current.issuer;
  }

  /** Looks for a newer key now (the periodic check, on demand). Returns the kid that signs. */
  async check(): Promise<string> {
    return (
      await (this.#checking ??= this.#check().finally(() => {
        this.#checking = undefined;
      }))
    ).key.kid;
  }

  async #check(): Promise<Current> {
    const { source, db, settings } = this.deps;
    const now = new Date();
    const verifyUntil = new Date(now.getTime() + (settings.accessTtlSeconds + KEY_RETIREMENT_SKEW_SECONDS) * 1000);
    const current = this.#current;
    const newest = await this.#newest(source, current);
    if (newest === 'unchanged') {
      if (!current) throw new Error('signing keys: nothing to sign with');
      await keepVerifyingWhileSigning(db, current.key.kid, verifyUntil);
      this.#checkedAt = Date.now();
      return current;
    }
    const next = newest;
    // Published before it signs anything, so every verifier can find it.
    await publishSigningKey(db, next.key);
    await this.deps.keySource.refresh();
    this.#current = next;
    this.#checkedAt = Date.now();
    const retiredKids = await retireOtherKeys(db, next.key.kid, verifyUntil);
    await keepVerifyingWhileSigning(db, next.key.kid, verifyUntil);
    if (retiredKids.length > 0) {
      this.deps.logger.info({ kid: next.key.kid, retiredKids, verifyUntil }, 'signing key rotated');
      try {
        await this.deps.onRotated({ kid: next.key.kid, retiredKids, verifyUntil });
      } catch (error) {
        // The rotation itself is done and must stand; the failure is logged loudly by the audit writer.
        this.deps.logger.error(
          { err: (error as Error).message, kid: next.key.kid },
          'signing key rotated but not audited',
        );
      }
    }
    return next;
  }

  async #newest(source: SigningKeySource, current: Current | undefined): Promise<Current | 'unchanged'> {
    if (source.kind === 'static') return current ? 'unchanged' : this.#wrap(source.key, undefined);
    const file = await newestSigningKeyFile(source.dir);
    if (file !== null && file === current?.file) return 'unchanged';
    if (file !== null) return this.#wrap(await readSigningKeyFile(source.dir, file), file);
    if (current) return 'unchanged';
    if (!source.generateWhenEmpty) throw new Error(`no signing key in ${source.dir}`);
    const now = new Date();
    const key = await generateSigningKey(source.dir, now);
    this.deps.logger.info({ kid: key.kid, dir: source.dir }, 'generated a development signing key');
    return this.#wrap(key, `${now.getTime()}-${key.kid}.pem`);
  }

  #wrap(key: SigningKey, file: string | undefined): Current {
    return { key, file, issuer: new AccessTokenIssuer(key, this.deps.cipher, this.deps.settings) };
  }
}
