import path from 'node:path';
import { createDatabase, PLATFORM_TENANT_SLUG, type Database } from '@tradesage/prisma';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { PasswordHasher } from './passwords/password-hasher.ts';
import { createRedis, type Redis } from './redis.ts';
import { SessionStateStore } from './session-state.ts';
import { AccessTokenIssuer, AccessTokenVerifier, CachedKeySource } from './tokens/access-token.ts';
import { generateSigningKey, readOrCreateSecretFile, readSigningKeys, signingKeyFromPem, type PublicJwk, type SigningKey } from './tokens/signing-keys.ts';
import { TenantClaimCipher } from './tokens/tenant-claim.ts';

/**
 * The process-wide pieces every service shares: one pg.Pool (through `db`), one Redis
 * connection, the key material and the password pool. `npm start` builds one Runtime for
 * the gateway and all four subgraphs; a subgraph started alone builds its own.
 */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly redis: Redis;
  readonly sessionState: SessionStateStore;
  readonly keySource: CachedKeySource;
  readonly verifier: AccessTokenVerifier;
  readonly tenantClaims: TenantClaimCipher;
  readonly passwords: PasswordHasher;
  /** Id of the reserved `platform` tenant, or null before it exists. Cached once found. */
  platformTenantId(): Promise<string | null>;
  /** The token issuer; loads (and in development creates) the signing key on first use. */
  issuer(): Promise<AccessTokenIssuer>;
  /** Public keys currently published in the JWKS. */
  publicKeys(): Promise<PublicJwk[]>;
  close(): Promise<void>;
}

export async function createRuntime(config: Config, options: { name: string; logger?: Logger }): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: options.name });
  if (!config.databaseUrl) throw new Error('createRuntime needs DATABASE_URL (scripts/start.ts starts the embedded PostgreSQL first)');
  const db = createDatabase({
    connectionString: config.databaseUrl.reveal(),
    maxConnections: config.dbPoolMax,
    tenantClientCacheSize: config.tenantClientCacheSize,
  });
  const redis = createRedis(config.redisUrl?.reveal(), logger);
  const encryptionKey = config.tokens.encryptionKey
    ? Buffer.from(config.tokens.encryptionKey.reveal(), 'base64')
    : await readOrCreateSecretFile(path.join(config.tokens.signingKeysDir, 'token-encryption.key'));
  const tenantClaims = new TenantClaimCipher(encryptionKey);

  const publicKeys = async (): Promise<PublicJwk[]> => {
    const rows = await db.control.signingKey.findMany({
      where: { OR: [{ verifyUntil: null }, { verifyUntil: { gt: new Date() } }] },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map((row) => row.publicJwk as unknown as PublicJwk);
  };
  const keySource = new CachedKeySource(publicKeys);
  const verifier = new AccessTokenVerifier(keySource, tenantClaims, config.tokens);

  const sessionState = new SessionStateStore(
    redis,
    async (tenantId, sessionId) => {
      const session = await db.tenant(tenantId).session.findUnique({ where: { id: sessionId }, select: { revokedAt: true, expiresAt: true } });
      return session && !session.revokedAt && session.expiresAt > new Date() ? 'active' : 'revoked';
    },
    logger,
    config.tokens.accessTtlSeconds,
  );

  let platformTenantId: string | null = null;
  let issuer: Promise<AccessTokenIssuer> | undefined;
  const passwords = new PasswordHasher({ cost: config.passwords.bcryptCost, threads: config.passwords.threads, maxQueue: config.passwords.maxQueue });

  return {
    config,
    logger,
    db,
    redis,
    sessionState,
    keySource,
    verifier,
    tenantClaims,
    passwords,
    async platformTenantId() {
      if (platformTenantId) return platformTenantId;
      const tenant = await db.control.tenant.findUnique({ where: { slug: PLATFORM_TENANT_SLUG }, select: { id: true } });
      platformTenantId = tenant?.id ?? null;
      return platformTenantId;
    },
    issuer() {
      issuer ??= (async () => {
        const key = await loadOrCreateSigningKey(config, logger);
        await publishSigningKey(db, key);
        await keySource.refresh();
        return new AccessTokenIssuer(key, tenantClaims, config.tokens);
      })();
      return issuer;
    },
    publicKeys,
    async close() {
      await passwords.close();
      redis.disconnect();
      await db.close();
    },
  };
}

/** Production keys come from JWT_PRIVATE_KEY or SIGNING_KEYS_DIR; development keys are generated. */
async function loadOrCreateSigningKey(config: Config, logger: Logger): Promise<SigningKey> {
  if (config.tokens.privateKeyPem) return signingKeyFromPem(config.tokens.privateKeyPem.reveal());
  const [newest] = await readSigningKeys(config.tokens.signingKeysDir);
  if (newest) return newest;
  if (config.env === 'production') throw new Error(`no signing key in ${config.tokens.signingKeysDir}`);
  const key = await generateSigningKey(config.tokens.signingKeysDir);
  logger.info({ kid: key.kid, dir: config.tokens.signingKeysDir }, 'generated a development signing key');
  return key;
}

/** Publishes the public half in the control schema so every service can verify its tokens. */
export async function publishSigningKey(db: Database, key: SigningKey): Promise<void> {
  await db.control.signingKey.upsert({
    where: { kid: key.kid },
    create: { kid: key.kid, alg: 'ES256', publicJwk: { ...key.publicJwk }, createdAt: key.createdAt },
    update: {},
  });
}
