import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './graphql/operation-limits.ts';
import type { SubgraphName } from './subgraph-names.ts';

/**
 * The one place that reads the environment. Parsed once, validated, frozen.
 * A bad start lists every wrong variable in one message. Secrets are wrapped in `Secret`
 * so a logged or serialised config never shows them.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

const MIB = 1024 * 1024;
/** Our operations with their variables are a few KiB; a preference value is at most 4 KiB. */
const DEFAULT_GATEWAY_BODY_BYTES = 100 * 1024;
/** The gateway's query plans add representations and key fields: room to spare, never less than the gateway. */
const DEFAULT_SUBGRAPH_BODY_BYTES = MIB;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const secret = optionalString.transform((v) => (v === undefined ? undefined : new Secret(v)));
const subgraphTimeout = z.coerce.number().int().min(50).max(300_000);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  AUTH_PORT: port(4001),
  TENANT_PORT: port(4002),
  USER_PORT: port(4003),
  SESSION_PORT: port(4004),
  AUTH_URL: optionalString.pipe(z.url().optional()),
  TENANT_URL: optionalString.pipe(z.url().optional()),
  USER_URL: optionalString.pipe(z.url().optional()),
  SESSION_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: secret,
  DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(10),
  /** Longest wait for a database connection (from the pool, or a new one); past it the request is refused 503. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** How long the database's open breaker refuses at once before it probes the database (half-open). */
  DB_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Longest wait for one statement's answer; past it the connection is dropped and the request refused 503. */
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  TENANT_CLIENT_CACHE_SIZE: z.coerce.number().int().min(1).max(100_000).default(100),
  REDIS_URL: secret,
  /** Prefix of every Redis key: lets several deployments (or test runs) share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{0,64}$/)
    .default(''),
  /** Deadline of every Redis command; repeated misses open the Redis breaker (Postgres and memory take over). */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** How long the Redis breaker stays open before it probes Redis (half-open). */
  REDIS_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_POSTGRES_PORT: port(54329),
  JWT_ISSUER: z.string().min(1).default('https://tradesage.local'),
  JWT_AUDIENCE: z.string().min(1).default('tradesage-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** PEM of the ES256 private key that signs tokens; wins over SIGNING_KEYS_DIR. */
  JWT_PRIVATE_KEY: secret,
  /** Folder of `<kid>.pem` ES256 private keys (mode 0600); the newest signs. */
  SIGNING_KEYS_DIR: optionalString,
  /** 32 bytes, base64: AES-256-GCM key encrypting the tenant id inside access tokens. */
  TOKEN_ENCRYPTION_KEY: secret,
  /** Comma-separated 32-byte base64 keys (AES-256-GCM) for session hot copies in Redis: the first encrypts, all decrypt. */
  SESSION_CACHE_KEYS: secret,
  /** Comma-separated 32-byte base64 keys sealing second-factor secrets and digesting recovery codes: the first seals, all open. */
  MFA_SECRET_KEYS: secret,
  /** Comma-separated base64 keys (32+ bytes) of the gateway's credential to subgraphs (HS256): the first signs, all verify. */
  GATEWAY_CREDENTIAL_KEYS: secret,
  BCRYPT_COST: z.coerce.number().int().min(10).max(15).default(12),
  PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Logins waiting for a hashing thread before BUSY; default 8 per thread (a few seconds at cost 12). */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(1).max(100_000).optional(),
  PLATFORM_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  PLATFORM_ADMIN_PASSWORD: secret,
  SEED_DEMO: bool(true),
  /** Apollo Sandbox at /graphql (its page loads from Apollo's CDN); default on unless production. */
  SANDBOX: optionalString.pipe(z.enum(['true', 'false', '1', '0']).optional()),
  /** The gateway's own GraphiQL explorer at /explorer (no CDN, works offline); default on unless production. */
  EXPLORER: optionalString.pipe(z.enum(['true', 'false', '1', '0']).optional()),
  /** express `trust proxy`: false (default), true, a hop count, or a comma list of addresses/CIDRs. */
  TRUST_PROXY: optionalString,
  /**
   * Web origins (scheme://host[:port], comma-separated) whose pages may call the API from the
   * browser, with credentials (the refresh cookie). Empty (default): no cross-origin access.
   */
  /**
   * Persisted-document manifests of our own clients (JSON: "sha256:<hex>" -> document), comma-
   * separated paths. The gateway runs their documents by id.
   */
  TRUSTED_DOCUMENTS_MANIFESTS: optionalString,
  /**
   * `accept`: documents by id and full documents; `only`: nothing but the manifests' documents.
   * Default: `only` in production when manifests are given, else `accept`.
   */
  TRUSTED_DOCUMENTS: optionalString.pipe(z.enum(['accept', 'only']).optional()),
  CORS_ORIGINS: optionalString.pipe(
    z
      .string()
      .optional()
      .transform((value, ctx) => corsOrigins(value, ctx)),
  ),
  /** smtp(s)://user:pass@host:port — unset: mail goes to the outbox folder (development). */
  SMTP_URL: secret,
  MAIL_FROM: z.string().min(3).default('TradeSage <no-reply@tradesage.local>'),
  /** Base URL of the web app, for links in emails (reset, verification, invitation). */
  APP_URL: z.url().optional(),
  OUTBOX_DIR: optionalString,
  /** Twilio account (`AC` + 32 hex) for SMS codes; unset: SMS goes to SMS_OUTBOX_DIR (development). */
  TWILIO_ACCOUNT_SID: optionalString.pipe(
    z
      .string()
      .regex(/^AC[0-9a-f]{32}$/)
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: secret,
  /** The sending number (E.164) or an alphanumeric sender id; or TWILIO_MESSAGING_SERVICE_SID instead. */
  TWILIO_FROM: optionalString.pipe(
    z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/)
      .optional(),
  ),
  TWILIO_MESSAGING_SERVICE_SID: optionalString.pipe(
    z
      .string()
      .regex(/^MG[0-9a-f]{32}$/)
      .optional(),
  ),
  SMS_OUTBOX_DIR: optionalString,
  /**
   * The environment API keys made here name in their prefix (`tsk_live_…` or `tsk_test_…`);
   * default `live` in production, `test` elsewhere.
   */
  API_KEY_ENVIRONMENT: z.enum(['live', 'test']).optional(),
  /** How long a cancelled tenant stays restorable before it is exported and purged. */
  TENANT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TENANT_EXPORT_DIR: optionalString,
  TENANT_PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Folder of pg_dump/pg_restore/psql; default: the ones matching the server's major version. */
  PG_BIN_DIR: optionalString,
  /** Anyone may sign up a new tenant (signUpTenant); off: only platform admins create tenants. */
  TENANT_SELF_SIGNUP: bool(false),
  /** How often one instance purges ended sessions and spent tokens in every tenant schema. */
  SESSION_CLEANUP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Ended sessions, spent refresh tokens and used/expired one-time tokens are kept this long first. */
  SESSION_CLEANUP_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /** Deadline of each call the gateway makes to a subgraph; `<NAME>_TIMEOUT_MS` sets one subgraph's own. */
  SUBGRAPH_TIMEOUT_MS: subgraphTimeout.default(10_000),
  AUTH_TIMEOUT_MS: subgraphTimeout.optional(),
  TENANT_TIMEOUT_MS: subgraphTimeout.optional(),
  USER_TIMEOUT_MS: subgraphTimeout.optional(),
  SESSION_TIMEOUT_MS: subgraphTimeout.optional(),
  /** A subgraph's breaker opens when more than this share of its calls in the window failed... */
  SUBGRAPH_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(99).default(50),
  /** ...once the window holds at least this many calls. */
  SUBGRAPH_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).max(100_000).default(10),
  SUBGRAPH_BREAKER_WINDOW_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  /** How long an open breaker fails fast before it lets one probe call through (half-open). */
  SUBGRAPH_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Retries of one query call (never a mutation); 0: none. */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Retry n waits a random time up to this × 2^(n-1) (full jitter). */
  SUBGRAPH_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Retries may add at most this share to a subgraph's calls (plus a small reserve). */
  SUBGRAPH_RETRY_BUDGET_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  /** Bearer secret opening the operator endpoints (GET /health/details); without it production serves none. */
  OPERATOR_TOKEN: secret,
  /** GraphQL requests per minute from one client address without an access token, counted at the gateway. */
  RATE_LIMIT_ADDRESS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(300),
  /** GraphQL requests per minute of one signed-in user, counted at the gateway (the tenant's own budget applies too). */
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  /** Operation limits at the gateway (subgraphs derive theirs: subgraphOperationLimits). */
  GRAPHQL_MAX_DEPTH: int(1, 100, DEFAULT_OPERATION_LIMITS.depth),
  GRAPHQL_MAX_ALIASES: int(0, 1000, DEFAULT_OPERATION_LIMITS.aliases),
  GRAPHQL_MAX_ROOT_FIELDS: int(1, 100, DEFAULT_OPERATION_LIMITS.rootFields),
  GRAPHQL_MAX_DIRECTIVES: int(0, 1000, DEFAULT_OPERATION_LIMITS.directives),
  GRAPHQL_MAX_TOKENS: int(50, 100_000, DEFAULT_OPERATION_LIMITS.tokens),
  GRAPHQL_MAX_COST: int(1, 10_000_000, DEFAULT_OPERATION_LIMITS.cost),
  GRAPHQL_MAX_VARIABLES_DEPTH: int(2, 100, DEFAULT_OPERATION_LIMITS.variablesDepth),
  /** Largest request body the gateway reads; subgraphs read at least as much (SUBGRAPH_MAX_BODY_BYTES). */
  GRAPHQL_MAX_BODY_BYTES: int(1024, 100 * MIB, DEFAULT_GATEWAY_BODY_BYTES),
  SUBGRAPH_MAX_BODY_BYTES: int(1024, 100 * MIB, DEFAULT_SUBGRAPH_BODY_BYTES),
  /** Bearer token for GET /metrics (32+ characters); unset: /metrics is open, except in production where it is off. */
  METRICS_TOKEN: secret,
  /** OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
  /** service.name of the exported spans; default: the process's name (tradesage, gateway, subgraph-auth, ...). */
  OTEL_SERVICE_NAME: optionalString,
  /** Share of new traces recorded (0-1); a trace continued from a sampled parent is always recorded. */
  TRACE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  /** Where security events are POSTed as JSON (http/https); unset: no alerts, events are still audited. */
  SECURITY_ALERT_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /**
   * Social sign-in upstreams other than the real providers (JSON), an operator's setting (tests,
   * a private deployment), never a tenant's: `{"google": "<issuer>", "linkedin": "<issuer>",
   * "microsoft": "<authority base; the issuer is <base>/<tenant>/v2.0>", "github": {"authorize":
   * "<url>", "token": "<url>", "api": "<base url>"}}`. Plain http only outside production.
   */
  SOCIAL_PROVIDER_ENDPOINTS: optionalString.pipe(
    z
      .string()
      .optional()
      .transform((value, ctx) => socialEndpoints(value, ctx)),
  ),
  /** Operations one user may send in one minute before it counts as unusual volume; 0 turns the detector off. */
  UNUSUAL_API_VOLUME_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** How long a user with unusual volume is refused (RATE_LIMITED). */
  UNUSUAL_API_VOLUME_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});

/**
 * Rules that span variables. They read the raw strings so they run even when single
 * variables are malformed: one start lists every problem at once.
 */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const present = (key: string) => (source[key] ?? '').trim() !== '';
  const problems: string[] = [];
  if (source['NODE_ENV'] === 'production') {
    for (const key of [
      'DATABASE_URL',
      'REDIS_URL',
      'TOKEN_ENCRYPTION_KEY',
      'SESSION_CACHE_KEYS',
      'MFA_SECRET_KEYS',
      'GATEWAY_CREDENTIAL_KEYS',
    ])
      if (!present(key)) problems.push(`${key}: required in production`);
    if (!present('JWT_PRIVATE_KEY') && !present('SIGNING_KEYS_DIR'))
      problems.push('JWT_PRIVATE_KEY: JWT_PRIVATE_KEY or SIGNING_KEYS_DIR is required in production');
  }
  const encryptionKey = source['TOKEN_ENCRYPTION_KEY']?.trim();
  if (encryptionKey && Buffer.from(encryptionKey, 'base64').length !== 32)
    problems.push('TOKEN_ENCRYPTION_KEY: must be 32 bytes, base64-encoded');
  for (const key of ['SESSION_CACHE_KEYS', 'MFA_SECRET_KEYS']) {
    const list = source[key]?.trim();
    if (list && list.split(',').some((part) => Buffer.from(part.trim(), 'base64').length !== 32))
      problems.push(`${key}: a comma-separated list of 32-byte base64 keys`);
  }
  const credentialKeys = source['GATEWAY_CREDENTIAL_KEYS']?.trim();
  if (credentialKeys && credentialKeys.split(',').some((part) => Buffer.from(part.trim(), 'base64').length < 32)) {
    problems.push('GATEWAY_CREDENTIAL_KEYS: a comma-separated list of base64 keys of at least 32 bytes');
  }
  if (source['TRUSTED_DOCUMENTS']?.trim() === 'only') {
    if (!present('TRUSTED_DOCUMENTS_MANIFESTS'))
      problems.push(
        'TRUSTED_DOCUMENTS: `only` needs the manifests of the documents to run (TRUSTED_DOCUMENTS_MANIFESTS)',
      );
    const on = (key: string) =>
      present(key) ? ['true', '1'].includes(source[key]?.trim() ?? '') : source['NODE_ENV'] !== 'production';
    if (on('SANDBOX') || on('EXPLORER'))
      problems.push(
        'TRUSTED_DOCUMENTS: `only` refuses the documents Sandbox and the explorer send: set SANDBOX=false and EXPLORER=false',
      );
  }
  if (present('TWILIO_ACCOUNT_SID') !== present('TWILIO_AUTH_TOKEN'))
    problems.push('TWILIO_AUTH_TOKEN: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together');
  if (present('TWILIO_ACCOUNT_SID') && present('TWILIO_FROM') === present('TWILIO_MESSAGING_SERVICE_SID'))
    problems.push('TWILIO_FROM: give exactly one of TWILIO_FROM and TWILIO_MESSAGING_SERVICE_SID');
  const operatorToken = source['OPERATOR_TOKEN']?.trim();
  if (operatorToken && operatorToken.length < 32) problems.push('OPERATOR_TOKEN: at least 32 characters');
  const gatewayBody = Number(source['GRAPHQL_MAX_BODY_BYTES'] || DEFAULT_GATEWAY_BODY_BYTES);
  const subgraphBody = Number(source['SUBGRAPH_MAX_BODY_BYTES'] || DEFAULT_SUBGRAPH_BODY_BYTES);
  if (subgraphBody < gatewayBody) {
    // The gateway must refuse an oversized body itself (413), never pass on one a subgraph refuses.
    problems.push('SUBGRAPH_MAX_BODY_BYTES: must be at least GRAPHQL_MAX_BODY_BYTES');
  }
  if (source['NODE_ENV'] === 'production' && /"http:/i.test(source['SOCIAL_PROVIDER_ENDPOINTS'] ?? ''))
    problems.push('SOCIAL_PROVIDER_ENDPOINTS: https only in production');
  const metricsToken = source['METRICS_TOKEN']?.trim();
  if (metricsToken && metricsToken.length < 32) problems.push('METRICS_TOKEN: at least 32 characters');
  if (present('PLATFORM_ADMIN_EMAIL') !== present('PLATFORM_ADMIN_PASSWORD')) {
    problems.push('PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD go together');
  }
  return problems;
}

type Env = z.infer<typeof schema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly host: string;
  readonly ports: Readonly<Record<SubgraphName | 'gateway', number>>;
  /** Explicit subgraph URLs; when absent the gateway derives them from host and ports. */
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  /** Undefined: run on the embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl: Secret | undefined;
  readonly dbPoolMax: number;
  /** Deadlines and breakers of the two dependencies every process has (runtime/dependency-breaker.ts). */
  readonly dependencies: Readonly<{
    postgres: Readonly<{ connectTimeoutMs: number; queryTimeoutMs: number; breakerResetMs: number }>;
    redis: Readonly<{ timeoutMs: number; breakerResetMs: number }>;
  }>;
  readonly tenantClientCacheSize: number;
  /** Undefined: use the in-process Redis stand-in. */
  readonly redisUrl: Secret | undefined;
  readonly redisKeyPrefix: string;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  readonly tokens: Readonly<{
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    privateKeyPem: Secret | undefined;
    signingKeysDir: string;
    encryptionKey: Secret | undefined;
    /** SESSION_CACHE_KEYS; undefined: development generates SIGNING_KEYS_DIR/session-cache.key. */
    sessionCacheKeys: Secret | undefined;
    /** MFA_SECRET_KEYS; undefined: development generates SIGNING_KEYS_DIR/mfa-secret.key. */
    mfaSecretKeys: Secret | undefined;
    /** GATEWAY_CREDENTIAL_KEYS; undefined: development generates SIGNING_KEYS_DIR/gateway-credential.key. */
    gatewayCredentialKeys: Secret | undefined;
  }>;
  readonly passwords: Readonly<{ bcryptCost: number; threads: number | undefined; maxQueue: number | undefined }>;
  readonly platformAdmin: Readonly<{ email: string; password: Secret }> | undefined;
  readonly seedDemo: boolean;
  /** Apollo Sandbox at /graphql; schema introspection is on while it or the explorer is. */
  readonly sandbox: boolean;
  /** The self-contained GraphiQL explorer at /explorer. */
  readonly explorer: boolean;
  /** Which proxies in front of the gateway may set X-Forwarded-For (express `trust proxy`). */
  readonly trustProxy: boolean | number | string;
  /** Exact origins allowed to call the API from a browser page (CORS), credentials included. */
  readonly corsOrigins: readonly string[];
  /** Persisted documents of our own clients: the manifests' paths, and whether only they run. */
  readonly trustedDocuments: Readonly<{ manifests: readonly string[]; only: boolean }>;
  readonly mail: Readonly<{ smtpUrl: Secret | undefined; from: string; appUrl: string; outboxDir: string }>;
  /** API keys: the environment their prefix names. */
  readonly apiKeys: Readonly<{ environment: 'live' | 'test' }>;
  /** SMS codes: Twilio when configured, else the development outbox folder. */
  readonly sms: Readonly<{
    twilio:
      Readonly<{ accountSid: string; authToken: Secret; from?: string; messagingServiceSid?: string }> | undefined;
    outboxDir: string;
  }>;
  readonly tenants: Readonly<{
    retentionDays: number;
    /** Where backups made on demand go (`tenant:backup`, `backupTenant`): DATA_DIR/backups. */
    backupDir: string;
    exportDir: string;
    purgeIntervalMs: number;
    pgBinDir: string | undefined;
    selfSignup: boolean;
  }>;
  readonly sessionCleanup: Readonly<{ intervalMs: number; graceMs: number }>;
  /** How the gateway calls subgraphs: deadlines, circuit breakers, retries. */
  readonly subgraphCalls: SubgraphCallSettings;
  /** OPERATOR_TOKEN: opens the operator endpoints; undefined: open outside production, absent in it. */
  readonly operatorToken: Secret | undefined;
  /** Gateway request budgets per minute (the tenant's budget is its `rateLimits.requestsPerMinute` setting). */
  readonly rateLimits: Readonly<{ addressPerMinute: number; userPerMinute: number }>;
  /** The gateway's operation limits; each subgraph applies subgraphOperationLimits(these). */
  readonly operationLimits: OperationLimits;
  /** Largest request bodies read, in bytes: the gateway's, and the subgraphs' (never smaller). */
  readonly bodyLimits: Readonly<{ gatewayBytes: number; subgraphBytes: number }>;
  /** METRICS_TOKEN: what GET /metrics asks for; undefined: open, or off in production. */
  readonly metricsToken: Secret | undefined;
  readonly tracing: Readonly<{ endpoint: string | undefined; serviceName: string | undefined; sampleRatio: number }>;
  /** Social sign-in: upstream endpoints that replace the real providers' (SOCIAL_PROVIDER_ENDPOINTS). */
  readonly social: Readonly<{ endpoints: SocialEndpointOverrides }>;
  readonly securityEvents: Readonly<{
    /** The alert webhook; a Secret because such URLs often carry their receiver's key. */
    alertWebhookUrl: Secret | undefined;
    unusualVolumePerMinute: number;
    unusualVolumeBlockSeconds: number;
  }>;
}

/** Operator overrides of the social providers' endpoints; a provider left out uses its real ones. */
export interface SocialEndpointOverrides {
  readonly google?: string;
  readonly linkedin?: string;
  /** The authority base standing for https://login.microsoftonline.com. */
  readonly microsoft?: string;
  readonly github?: Readonly<{ authorize: string; token: string; api: string }>;
}

export interface SubgraphCallSettings {
  readonly timeoutMs: Readonly<Record<SubgraphName, number>>;
  readonly breaker: Readonly<{ errorPercent: number; minCalls: number; windowMs: number; resetMs: number }>;
  readonly retry: Readonly<{ retries: number; backoffMs: number; budgetPercent: number }>;
}

export { isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from './subgraph-names.ts';

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses an environment (defaults to process.env). Throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(source);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)),
    ...crossChecks(source),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const config: Config = {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    ports: Object.freeze({
      gateway: env.GATEWAY_PORT,
      auth: env.AUTH_PORT,
      tenant: env.TENANT_PORT,
      user: env.USER_PORT,
      session: env.SESSION_PORT,
    }),
    subgraphUrls: Object.freeze({
      ...(env.AUTH_URL ? { auth: env.AUTH_URL } : {}),
      ...(env.TENANT_URL ? { tenant: env.TENANT_URL } : {}),
      ...(env.USER_URL ? { user: env.USER_URL } : {}),
      ...(env.SESSION_URL ? { session: env.SESSION_URL } : {}),
    }),
    databaseUrl: env.DATABASE_URL,
    dbPoolMax: env.DB_POOL_MAX,
    dependencies: Object.freeze({
      postgres: Object.freeze({
        connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
        queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS,
        breakerResetMs: env.DB_BREAKER_RESET_MS,
      }),
      redis: Object.freeze({ timeoutMs: env.REDIS_TIMEOUT_MS, breakerResetMs: env.REDIS_BREAKER_RESET_MS }),
    }),
    tenantClientCacheSize: env.TENANT_CLIENT_CACHE_SIZE,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    dataDir,
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
    tokens: Object.freeze({
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      privateKeyPem: env.JWT_PRIVATE_KEY,
      signingKeysDir: path.resolve(env.SIGNING_KEYS_DIR ?? path.join(dataDir, 'keys')),
      encryptionKey: env.TOKEN_ENCRYPTION_KEY,
      sessionCacheKeys: env.SESSION_CACHE_KEYS,
      mfaSecretKeys: env.MFA_SECRET_KEYS,
      gatewayCredentialKeys: env.GATEWAY_CREDENTIAL_KEYS,
    }),
    passwords: Object.freeze({
      bcryptCost: env.BCRYPT_COST,
      threads: env.PASSWORD_HASH_THREADS,
      maxQueue: env.PASSWORD_HASH_QUEUE,
    }),
    platformAdmin:
      env.PLATFORM_ADMIN_EMAIL && env.PLATFORM_ADMIN_PASSWORD
        ? Object.freeze({ email: env.PLATFORM_ADMIN_EMAIL.toLowerCase(), password: env.PLATFORM_ADMIN_PASSWORD })
        : undefined,
    seedDemo: env.SEED_DEMO,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: Object.freeze(env.CORS_ORIGINS),
    trustedDocuments: trustedDocuments(env),
    mail: Object.freeze({
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      appUrl: (env.APP_URL ?? defaultAppUrl(env.HOST, env.GATEWAY_PORT)).replace(/\/$/, ''),
      outboxDir: path.resolve(env.OUTBOX_DIR ?? path.join(dataDir, 'outbox')),
    }),
    apiKeys: Object.freeze({
      environment: env.API_KEY_ENVIRONMENT ?? (env.NODE_ENV === 'production' ? 'live' : 'test'),
    }),
    sms: Object.freeze({
      twilio:
        env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
          ? Object.freeze({
              accountSid: env.TWILIO_ACCOUNT_SID,
              authToken: env.TWILIO_AUTH_TOKEN,
              ...(env.TWILIO_FROM ? { from: env.TWILIO_FROM } : {}),
              ...(env.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID } : {}),
            })
          : undefined,
      outboxDir: path.resolve(env.SMS_OUTBOX_DIR ?? path.join(dataDir, 'sms-outbox')),
    }),
    tenants: Object.freeze({
      retentionDays: env.TENANT_RETENTION_DAYS,
      backupDir: path.join(dataDir, 'backups'),
      exportDir: path.resolve(env.TENANT_EXPORT_DIR ?? path.join(dataDir, 'exports')),
      purgeIntervalMs: env.TENANT_PURGE_INTERVAL_MINUTES * 60_000,
      pgBinDir: env.PG_BIN_DIR,
      selfSignup: env.TENANT_SELF_SIGNUP,
    }),
    sessionCleanup: Object.freeze({
      intervalMs: env.SESSION_CLEANUP_INTERVAL_MINUTES * 60_000,
      graceMs: env.SESSION_CLEANUP_GRACE_DAYS * 86_400_000,
    }),
    rateLimits: Object.freeze({
      addressPerMinute: env.RATE_LIMIT_ADDRESS_PER_MINUTE,
      userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
    }),
    operationLimits: Object.freeze({
      depth: env.GRAPHQL_MAX_DEPTH,
      aliases: env.GRAPHQL_MAX_ALIASES,
      rootFields: env.GRAPHQL_MAX_ROOT_FIELDS,
      directives: env.GRAPHQL_MAX_DIRECTIVES,
      tokens: env.GRAPHQL_MAX_TOKENS,
      cost: env.GRAPHQL_MAX_COST,
      variablesDepth: env.GRAPHQL_MAX_VARIABLES_DEPTH,
    }),
    bodyLimits: Object.freeze({ gatewayBytes: env.GRAPHQL_MAX_BODY_BYTES, subgraphBytes: env.SUBGRAPH_MAX_BODY_BYTES }),
    sandbox: developmentTool(env.SANDBOX, env.NODE_ENV),
    explorer: developmentTool(env.EXPLORER, env.NODE_ENV),
    subgraphCalls: Object.freeze({
      timeoutMs: Object.freeze({
        auth: env.AUTH_TIMEOUT_MS ?? env.SUBGRAPH_TIMEOUT_MS,
        tenant: env.TENANT_TIMEOUT_MS ?? env.SUBGRAPH_TIMEOUT_MS,
        user: env.USER_TIMEOUT_MS ?? env.SUBGRAPH_TIMEOUT_MS,
        session: env.SESSION_TIMEOUT_MS ?? env.SUBGRAPH_TIMEOUT_MS,
      }),
      breaker: Object.freeze({
        errorPercent: env.SUBGRAPH_BREAKER_ERROR_PERCENT,
        minCalls: env.SUBGRAPH_BREAKER_MIN_CALLS,
        windowMs: env.SUBGRAPH_BREAKER_WINDOW_MS,
        resetMs: env.SUBGRAPH_BREAKER_RESET_MS,
      }),
      retry: Object.freeze({
        retries: env.SUBGRAPH_RETRIES,
        backoffMs: env.SUBGRAPH_RETRY_BACKOFF_MS,
        budgetPercent: env.SUBGRAPH_RETRY_BUDGET_PERCENT,
      }),
    }),
    operatorToken: env.OPERATOR_TOKEN,
    metricsToken: env.METRICS_TOKEN,
    tracing: Object.freeze({
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: env.OTEL_SERVICE_NAME,
      sampleRatio: env.TRACE_SAMPLE_RATIO,
    }),
    social: Object.freeze({ endpoints: Object.freeze(env.SOCIAL_PROVIDER_ENDPOINTS) }),
    securityEvents: Object.freeze({
      alertWebhookUrl: env.SECURITY_ALERT_WEBHOOK_URL ? new Secret(env.SECURITY_ALERT_WEBHOOK_URL) : undefined,
      unusualVolumePerMinute: env.UNUSUAL_API_VOLUME_PER_MINUTE,
      unusualVolumeBlockSeconds: env.UNUSUAL_API_VOLUME_BLOCK_SECONDS,
    }),
  };
  return Object.freeze(config);
}

/** The URL each subgraph is reached at, from explicit URLs or host + port. */
export function subgraphUrl(config: Config, name: SubgraphName): string {
  return config.subgraphUrls[name] ?? `http://${config.host}:${config.ports[name]}/graphql`;
}

/** A tool that shows the schema to anyone: on by default everywhere but production. */
function developmentTool(flag: 'true' | 'false' | '1' | '0' | undefined, nodeEnv: Env['NODE_ENV']): boolean {
  return flag === undefined ? nodeEnv !== 'production' : flag === 'true' || flag === '1';
}

function trustedDocuments(env: Env): Config['trustedDocuments'] {
  const manifests = (env.TRUSTED_DOCUMENTS_MANIFESTS ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter((file) => file !== '')
    .map((file) => path.resolve(file));
  const mode = env.TRUSTED_DOCUMENTS ?? (env.NODE_ENV === 'production' && manifests.length > 0 ? 'only' : 'accept');
  return Object.freeze({ manifests: Object.freeze(manifests), only: mode === 'only' });
}

/** Each entry must be an origin exactly (no path, no wildcard): the Fetch standard compares them as strings. */
function corsOrigins(value: string | undefined, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const entry of (value ?? '').split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry) origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (origin === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `${entry.slice(0, 100)} is not an origin (scheme://host[:port], no path, no *)`,
      });
    else origins.push(origin);
  }
  return origins;
}

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/$/, ''));
const socialEndpointsSchema = z
  .object({
    google: httpUrl.optional(),
    linkedin: httpUrl.optional(),
    microsoft: httpUrl.optional(),
    github: z.object({ authorize: httpUrl, token: httpUrl, api: httpUrl }).strict().optional(),
  })
  .strict();

/** SOCIAL_PROVIDER_ENDPOINTS: a JSON object of http(s) URLs by provider (see the schema above). */
function socialEndpoints(value: string | undefined, ctx: z.RefinementCtx): SocialEndpointOverrides {
  if (value === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return {};
  }
  const parsed = socialEndpointsSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(object)'}: ${issue.message}` });
    return {};
  }
  const { github, ...issuers } = parsed.data;
  return { ...issuers, ...(github ? { github: Object.freeze(github) } : {}) };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Where the gateway is reached when APP_URL does not say: its own host and port (an address that
 * listens on every interface is reached on loopback). The account pages are served there.
 */
/**
 * Where the web app is reached when APP_URL is not set: the gateway's own port, by name. A
 * loopback or wildcard address is reached as `localhost`, because passkeys need a domain as their
 * relying party (WebAuthn refuses an IP address) and browsers treat `localhost` as secure.
 */
function defaultAppUrl(host: string, port: number): string {
  const loopback = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host);
  const reachable = loopback ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
