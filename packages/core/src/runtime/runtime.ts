import path from 'node:path';
import { createDatabase, type Database } from '@tradesage/prisma';
import type { Config } from './config.ts';
import { GatewayCredentials } from './gateway-credential.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSmsSender, type SmsSender } from './sms/sms-sender.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { AlertWebhook } from './observability/alert-webhook.ts';
import { startTracing, type Tracing } from './observability/tracing.ts';
import { PasswordHasher } from './passwords/password-hasher.ts';
import { postgresGuard } from './database-guard.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { DependencyBreaker, type DependencyName } from './dependency-breaker.ts';
import { createRedis, redisSettled, type Redis } from './redis.ts';
import { RedisCoherence } from './redis-coherence.ts';
import { drainRedisOutbox } from './redis-outbox.ts';
import { SealingCipher } from './sealing-cipher.ts';
import { drainPermissionInvalidations } from '../domains/permissions/permission-cache.service.ts';
import { RevocationPublisher } from '../domains/sessions/revocation-publisher.ts';
import { SessionRepository } from '../domains/sessions/session.repository.ts';
import { SessionStateStore } from '../domains/sessions/session-state.ts';
import { findPlatformTenantId } from '../domains/tenants/tenant.repository.ts';
import { recordAudit } from '../domains/audit/audit.repository.ts';
import { AccessTokenVerifier, CachedKeySource, type AccessTokenIssuer } from './tokens/access-token.ts';
import { verifyingKeys } from './tokens/signing-key.repository.ts';
import { SigningKeyManager, type SigningKeySource } from './tokens/signing-key-manager.ts';
import { readOrCreateSecretFile, signingKeyFromPem, type PublicJwk } from './tokens/signing-keys.ts';
import { TenantClaimCipher } from './tokens/tenant-claim.ts';

/**
 * The process-wide pieces every service shares: one pg.Pool (through `db`), one Redis
 * connection, the key material and the password pool. `npm start` builds one Runtime for
 * the gateway and all four subgraphs; a subgraph started alone builds its own.
 */
export interface Runtime {
  /** The process's name (`tradesage` for `npm start`, `gateway`, `subgraph-auth`, ...): logs, traces, alerts. */
  readonly name: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly redis: Redis;
  /** Whether Redis's cached entries may be believed, and under which epoch (runtime/redis-coherence.ts). */
  readonly cache: RedisCoherence;
  /** The breaker of each dependency (runtime/dependency-breaker.ts): health reports and metrics read their state. */
  readonly dependencies: Readonly<Record<DependencyName, DependencyBreaker>>;
  readonly sessionState: SessionStateStore;
  /** Seals what is cached in Redis (session hot copies, permissions): SESSION_CACHE_KEYS. */
  readonly cacheCipher: SealingCipher;
  /** Seals second-factor secrets at rest and digests recovery codes (MFA_SECRET_KEYS). */
  readonly mfaSecrets: SealingCipher;
  /** Publishes committed revocations to Redis, through the outbox when Redis cannot be reached. */
  readonly revocations: RevocationPublisher;
  readonly keySource: CachedKeySource;
  readonly verifier: AccessTokenVerifier;
  readonly tenantClaims: TenantClaimCipher;
  /** The gateway signs, every subgraph verifies: subgraphs answer only the gateway. */
  readonly gatewayCredentials: GatewayCredentials;
  readonly passwords: PasswordHasher;
  /** Account emails: SMTP when SMTP_URL is set, else the development outbox folder. */
  readonly mailer: Mailer;
  /** SMS one-time codes: Twilio, or the development outbox. */
  readonly sms: SmsSender;
  /** OpenTelemetry for this process: on when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly tracing: Tracing;
  /** Security alerts to SECURITY_ALERT_WEBHOOK_URL, when set. */
  readonly alerts: AlertWebhook;
  /** Id of the reserved `platform` tenant, or null before it exists. Cached once found. */
  platformTenantId(): Promise<string | null>;
  /**
   * The issuer of the key that signs now; loads (and in development creates) the signing key on
   * first use, then picks up a newer key file (`npm run keys:rotate`) within seconds, no restart.
   */
  issuer(): Promise<AccessTokenIssuer>;
  /** Which key signs, and its rotation (see SigningKeyManager). */
  readonly signingKeys: SigningKeyManager;
  /** Public keys currently published in the JWKS (retired keys until their verify_until). */
  publicKeys(): Promise<PublicJwk[]>;
  close(): Promise<void>;
}

/** The cipher of secrets at rest (MFA_SECRET_KEYS; development generates SIGNING_KEYS_DIR/mfa-secret.key). */
export async function secretsAtRestCipher(config: Config): Promise<SealingCipher> {
  return config.tokens.mfaSecretKeys
    ? SealingCipher.fromBase64List(config.tokens.mfaSecretKeys.reveal())
    : new SealingCipher([await readOrCreateSecretFile(path.join(config.tokens.signingKeysDir, 'mfa-secret.key'))]);
}

export async function createRuntime(config: Config, options: { name: string; logger?: Logger }): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: options.name });
  if (!config.databaseUrl)
    throw new Error('createRuntime needs DATABASE_URL (scripts/start.ts starts the embedded PostgreSQL first)');
  const db = createDatabase({
    connectionString: config.databaseUrl.reveal(),
    maxConnections: config.dbPoolMax,
    tenantClientCacheSize: config.tenantClientCacheSize,
    connectTimeoutMillis: config.dependencies.postgres.connectTimeoutMs,
    queryTimeoutMillis: config.dependencies.postgres.queryTimeoutMs,
    // Every connection passes the Postgres breaker (made below; the guard reads it when asked).
    guard: postgresGuard(() => postgresBreaker, config.dependencies.postgres.breakerResetMs),
    onBackgroundError: (error) => logger.warn({ err: error.message }, 'database: an idle pooled connection failed'),
  });
  const { redis, breaker: redisBreaker } = createRedis(config.redisUrl?.reveal(), logger, {
    keyPrefix: config.redisKeyPrefix,
    timeoutMs: config.dependencies.redis.timeoutMs,
    breakerResetMs: config.dependencies.redis.breakerResetMs,
  });
  const postgresBreaker = new DependencyBreaker(
    {
      name: 'postgres',
      resetMs: config.dependencies.postgres.breakerResetMs,
      // A connection of its own, outside the pool and its guard: the trial is never a request's call.
      probe: () => db.probe(),
      // Connection failures only: a refused statement is the database answering.
      isFailure: isDatabaseUnavailable,
    },
    logger,
  );
  await redisSettled(redis, 2_000);
  const encryptionKey = config.tokens.encryptionKey
    ? Buffer.from(config.tokens.encryptionKey.reveal(), 'base64')
    : await readOrCreateSecretFile(path.join(config.tokens.signingKeysDir, 'token-encryption.key'));
  const tenantClaims = new TenantClaimCipher(encryptionKey);
  const sessionCacheCipher = config.tokens.sessionCacheKeys
    ? SealingCipher.fromBase64List(config.tokens.sessionCacheKeys.reveal())
    : new SealingCipher([await readOrCreateSecretFile(path.join(config.tokens.signingKeysDir, 'session-cache.key'))]);

  const mfaSecrets = await secretsAtRestCipher(config);

  // Development: one generated file, so services started as separate processes share it too.
  const gatewayCredentials = config.tokens.gatewayCredentialKeys
    ? GatewayCredentials.fromBase64List(config.tokens.gatewayCredentialKeys.reveal())
    : new GatewayCredentials([
        await readOrCreateSecretFile(path.join(config.tokens.signingKeysDir, 'gateway-credential.key')),
      ]);

  const publicKeys = async (): Promise<PublicJwk[]> => (await verifyingKeys(db)).map((key) => key.jwk);
  const keySource = new CachedKeySource(() => verifyingKeys(db), {
    onError: (error) =>
      logger.error(
        { err: (error as Error).message },
        'signing keys: registry unreachable, verifying with the keys already loaded',
      ),
  });
  const verifier = new AccessTokenVerifier(keySource, tenantClaims, config.tokens);

  const coherence = new RedisCoherence(redis, redisBreaker, db, logger);
  const sessionState = new SessionStateStore(
    redis,
    (tenantId, sessionId) => new SessionRepository(db.tenant(tenantId), tenantId).loadState(sessionId),
    logger,
    config.tokens.accessTtlSeconds,
    coherence,
    sessionCacheCipher,
  );

  const revocations = new RevocationPublisher(sessionState, db, logger, coherence);

  let platformTenantId: string | null = null;
  const platformTenant = async (): Promise<string | null> => {
    if (platformTenantId) return platformTenantId;
    platformTenantId = await findPlatformTenantId(db.control);
    return platformTenantId;
  };
  const signingKeys = new SigningKeyManager({
    source: signingKeySource(config),
    db,
    keySource,
    cipher: tenantClaims,
    settings: config.tokens,
    logger,
    // Key rotation is a platform event: it goes to the platform tenant's audit log.
    async onRotated({ kid, retiredKids, verifyUntil }) {
      const platform = await platformTenant();
      if (!platform) {
        logger.warn({ kid }, 'signing key rotated before the platform tenant exists: not audited');
        return;
      }
      await recordAudit(db.tenant(platform), logger, null, {
        action: 'signing_key.rotated',
        targetType: 'signing_key',
        targetId: kid,
        data: { retiredKids: retiredKids.join(','), retiredVerifyUntil: verifyUntil.toISOString() },
      });
    },
  });
  const mailer = createMailer(config, logger);
  const { twilio } = config.sms;
  const sms = createSmsSender(
    {
      outboxDir: config.sms.outboxDir,
      ...(twilio ? { twilio: { ...twilio, authToken: twilio.authToken.reveal() } } : {}),
    },
    logger,
  );
  const passwords = new PasswordHasher({
    cost: config.passwords.bcryptCost,
    threads: config.passwords.threads,
    maxQueue: config.passwords.maxQueue,
  });

  const alerts = new AlertWebhook(config.securityEvents.alertWebhookUrl, logger);
  const tracing = startTracing(config, options.name, logger);

  const runtime: Runtime = {
    name: options.name,
    config,
    logger,
    db,
    redis,
    cache: coherence,
    dependencies: { postgres: postgresBreaker, redis: redisBreaker },
    sessionState,
    cacheCipher: sessionCacheCipher,
    mfaSecrets,
    revocations,
    keySource,
    verifier,
    tenantClaims,
    gatewayCredentials,
    passwords,
    mailer,
    sms,
    tracing,
    alerts,
    platformTenantId: platformTenant,
    issuer: () => signingKeys.issuer(),
    signingKeys,
    publicKeys,
    async close() {
      await coherence.stop();
      await passwords.close();
      await mailer.close();
      await sms.close();
      await alerts.drain();
      redis.disconnect();
      redisBreaker.close();
      postgresBreaker.close();
      await db.close();
      await tracing.shutdown();
    },
  };
  // What Redis could not be told is relayed before Redis is trusted again (runtime/redis-coherence.ts).
  coherence.relays(() => revocations.drain());
  coherence.relays(() => drainPermissionInvalidations(runtime));
  coherence.relays(() => drainRedisOutbox(redis, db.control, logger));
  coherence.start(config.redisUrl ? config.databaseUrl.reveal() : undefined);
  await coherence.settled();
  return runtime;
}

/** Production keys come from JWT_PRIVATE_KEY or SIGNING_KEYS_DIR; development keys are generated. */
function signingKeySource(config: Config): SigningKeySource {
  if (config.tokens.privateKeyPem)
    return { kind: 'static', key: signingKeyFromPem(config.tokens.privateKeyPem.reveal()) };
  return { kind: 'dir', dir: config.tokens.signingKeysDir, generateWhenEmpty: config.env !== 'production' };
}
