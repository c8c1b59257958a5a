import path from 'node:path';
import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, subgraphUrl } from './config.ts';

/** The least a production start needs. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://x',
  REDIS_URL: 'redis://x',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
  SESSION_CACHE_KEYS: `${Buffer.alloc(32, 1).toString('base64')},${Buffer.alloc(32).toString('base64')}`,
  MFA_SECRET_KEYS: Buffer.alloc(32, 3).toString('base64'),
  GATEWAY_CREDENTIAL_KEYS: Buffer.alloc(32, 2).toString('base64'),
  SIGNING_KEYS_DIR: '/keys',
};

describe('loadConfig', () => {
  it('has secure, working defaults for development', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.ports.gateway).toBe(4000);
    expect(config.passwords.bcryptCost).toBe(12);
    expect(config.tokens.accessTtlSeconds).toBe(900);
    expect(config.databaseUrl).toBeUndefined();
    expect(subgraphUrl(config, 'user')).toBe('http://127.0.0.1:4003/graphql');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('points mailed links at the gateway as it is reached, unless APP_URL says otherwise', () => {
    // Loopback and wildcard addresses by name: a passkey's relying party must be a domain.
    expect(loadConfig({}).mail.appUrl).toBe('http://localhost:4000');
    expect(loadConfig({ GATEWAY_PORT: '4100' }).mail.appUrl).toBe('http://localhost:4100');
    expect(loadConfig({ HOST: '0.0.0.0', GATEWAY_PORT: '8080' }).mail.appUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '10.1.2.3', GATEWAY_PORT: '8080' }).mail.appUrl).toBe('http://10.1.2.3:8080');
    expect(loadConfig({ HOST: 'localhost', GATEWAY_PORT: '8080' }).mail.appUrl).toBe('http://localhost:8080');
    expect(loadConfig({ GATEWAY_PORT: '4100', APP_URL: 'https://id.example.com/' }).mail.appUrl).toBe(
      'https://id.example.com',
    );
  });

  it('allows no cross-origin caller unless origins are listed, and takes only exact origins', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.acme.test, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.acme.test',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://app.acme.test/', 'https://app.acme.test/path', 'app.acme.test', 'ftp://x.test']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });

  it('takes social sign-in upstreams from the operator only as http(s) URLs, https in production', () => {
    expect(loadConfig({}).social.endpoints).toEqual({});
    const endpoints = {
      google: 'http://127.0.0.1:9000/google/',
      github: { authorize: 'http://127.0.0.1:9001/a', token: 'http://127.0.0.1:9001/t', api: 'http://127.0.0.1:9001' },
    };
    expect(loadConfig({ SOCIAL_PROVIDER_ENDPOINTS: JSON.stringify(endpoints) }).social.endpoints).toEqual({
      ...endpoints,
      google: 'http://127.0.0.1:9000/google',
    });
    for (const bad of ['not json', '{"google":"ftp://x.test"}', '{"facebook":"https://x.test"}', '{"github":{}}'])
      expect(() => loadConfig({ SOCIAL_PROVIDER_ENDPOINTS: bad }), bad).toThrow(/SOCIAL_PROVIDER_ENDPOINTS/);
    expect(() => loadConfig({ ...PRODUCTION, SOCIAL_PROVIDER_ENDPOINTS: '{"google":"http://x.test"}' })).toThrow(
      /SOCIAL_PROVIDER_ENDPOINTS: https only in production/,
    );
  });

  it('runs only persisted documents when told, or by default in production once manifests are given', () => {
    expect(loadConfig({}).trustedDocuments).toEqual({ manifests: [], only: false });
    expect(loadConfig({ TRUSTED_DOCUMENTS_MANIFESTS: 'a.json' }).trustedDocuments.only).toBe(false);
    expect(loadConfig(PRODUCTION).trustedDocuments.only).toBe(false);
    expect(loadConfig({ ...PRODUCTION, TRUSTED_DOCUMENTS_MANIFESTS: 'a.json' }).trustedDocuments.only).toBe(true);
    const accept = { ...PRODUCTION, TRUSTED_DOCUMENTS_MANIFESTS: 'a.json', TRUSTED_DOCUMENTS: 'accept' };
    expect(loadConfig(accept).trustedDocuments.only).toBe(false);
    const only = { TRUSTED_DOCUMENTS_MANIFESTS: 'a.json, b.json', SANDBOX: 'false', EXPLORER: 'false' };
    expect(loadConfig({ ...only, TRUSTED_DOCUMENTS: 'only' }).trustedDocuments).toEqual({
      manifests: [path.resolve('a.json'), path.resolve('b.json')],
      only: true,
    });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'only', SANDBOX: 'false', EXPLORER: 'false' })).toThrow(
      /TRUSTED_DOCUMENTS_MANIFESTS/,
    );
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'only', TRUSTED_DOCUMENTS_MANIFESTS: 'a.json' })).toThrow(
      /SANDBOX=false and EXPLORER=false/,
    );
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'some' })).toThrow(/TRUSTED_DOCUMENTS/);
  });

  it('lists every wrong variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        GATEWAY_PORT: 'abc',
        BCRYPT_COST: '4',
        LOG_LEVEL: 'loud',
        TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=',
        PLATFORM_ADMIN_EMAIL: 'root@x.test',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['GATEWAY_PORT', 'BCRYPT_COST', 'LOG_LEVEL', 'TOKEN_ENCRYPTION_KEY', 'PLATFORM_ADMIN_PASSWORD'])
      expect(problems).toContain(name);
  });

  it('requires real infrastructure and keys in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*REDIS_URL[\s\S]*TOKEN_ENCRYPTION_KEY[\s\S]*SESSION_CACHE_KEYS[\s\S]*MFA_SECRET_KEYS[\s\S]*GATEWAY_CREDENTIAL_KEYS[\s\S]*JWT_PRIVATE_KEY/,
    );
    expect(loadConfig(PRODUCTION).sandbox).toBe(false);
  });

  it('turns Sandbox and the explorer on outside production unless told otherwise', () => {
    const development = loadConfig({});
    expect([development.sandbox, development.explorer]).toEqual([true, true]);
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x',
      REDIS_URL: 'redis://x',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      SESSION_CACHE_KEYS: Buffer.alloc(32, 1).toString('base64'),
      MFA_SECRET_KEYS: Buffer.alloc(32, 3).toString('base64'),
      GATEWAY_CREDENTIAL_KEYS: Buffer.alloc(32, 2).toString('base64'),
      SIGNING_KEYS_DIR: '/keys',
    });
    expect([production.sandbox, production.explorer]).toEqual([false, false]);
    expect(loadConfig({ EXPLORER: 'false' }).explorer).toBe(false);
    expect(loadConfig({ EXPLORER: '0', SANDBOX: '1' })).toMatchObject({ explorer: false, sandbox: true });
    expect(() => loadConfig({ EXPLORER: 'yes' })).toThrow(/EXPLORER/);
  });

  it('reads the gateway request budgets per client address and per user, within bounds', () => {
    expect(loadConfig({}).rateLimits).toEqual({ addressPerMinute: 300, userPerMinute: 1200 });
    expect(loadConfig({ RATE_LIMIT_ADDRESS_PER_MINUTE: '50', RATE_LIMIT_USER_PER_MINUTE: '2000' }).rateLimits).toEqual({
      addressPerMinute: 50,
      userPerMinute: 2000,
    });
    // Never off: 0, negative or absurd budgets are a bad start, listed with the variable's name.
    expect(() => loadConfig({ RATE_LIMIT_ADDRESS_PER_MINUTE: '0', RATE_LIMIT_USER_PER_MINUTE: 'lots' })).toThrow(
      /RATE_LIMIT_ADDRESS_PER_MINUTE[\s\S]*RATE_LIMIT_USER_PER_MINUTE/,
    );
  });

  it('takes gateway credential keys of at least 32 bytes, never shown', () => {
    const keys = `${Buffer.alloc(48, 7).toString('base64')},${Buffer.alloc(32, 9).toString('base64')}`;
    const config = loadConfig({ GATEWAY_CREDENTIAL_KEYS: keys });
    expect(config.tokens.gatewayCredentialKeys?.reveal()).toBe(keys);
    expect(`${JSON.stringify(config)} ${util.inspect(config, { depth: 5 })}`).not.toContain(
      Buffer.alloc(48, 7).toString('base64'),
    );
    expect(() => loadConfig({ GATEWAY_CREDENTIAL_KEYS: `${Buffer.alloc(32).toString('base64')},c2hvcnQ=` })).toThrow(
      /GATEWAY_CREDENTIAL_KEYS/,
    );
    expect(loadConfig({}).tokens.gatewayCredentialKeys).toBeUndefined();
  });

  it('takes MFA secret keys of exactly 32 bytes, never shown', () => {
    const key = Buffer.alloc(32, 5).toString('base64');
    const config = loadConfig({ MFA_SECRET_KEYS: `${key},${Buffer.alloc(32, 6).toString('base64')}` });
    expect(config.tokens.mfaSecretKeys?.reveal().split(',')).toHaveLength(2);
    expect(`${JSON.stringify(config)} ${util.inspect(config, { depth: 5 })}`).not.toContain(key);
    expect(() => loadConfig({ MFA_SECRET_KEYS: Buffer.alloc(16).toString('base64') })).toThrow(/MFA_SECRET_KEYS/);
  });

  it('sends SMS through Twilio only when it is fully configured, else to the outbox, never showing the token', () => {
    const sid = `AC${'a'.repeat(32)}`;
    const token = 'f'.repeat(32);
    const twilio = loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_FROM: '+14155550123' });
    expect(twilio.sms.twilio).toMatchObject({ accountSid: sid, from: '+14155550123' });
    expect(`${JSON.stringify(twilio)} ${util.inspect(twilio, { depth: 5 })}`).not.toContain(token);
    expect(loadConfig({ DATA_DIR: '/data' }).sms).toEqual({ twilio: undefined, outboxDir: '/data/sms-outbox' });
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: sid })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token })).toThrow(/TWILIO_FROM/);
    expect(() =>
      loadConfig({
        TWILIO_ACCOUNT_SID: sid,
        TWILIO_AUTH_TOKEN: token,
        TWILIO_FROM: 'TradeSage',
        TWILIO_MESSAGING_SERVICE_SID: `MG${'b'.repeat(32)}`,
      }),
    ).toThrow(/TWILIO_FROM/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'not-a-sid', TWILIO_AUTH_TOKEN: token })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
  });

  it('never prints secrets', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:hunter2@db/x',
      PLATFORM_ADMIN_EMAIL: 'root@x.test',
      PLATFORM_ADMIN_PASSWORD: 'correct horse battery',
    });
    const shown = `${JSON.stringify(config)} ${util.inspect(config, { depth: 5 })} ${String(config.databaseUrl)}`;
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('correct horse');
    expect(config.databaseUrl?.reveal()).toContain('hunter2');
  });

  it('gives subgraph calls a deadline, a circuit breaker and a retry budget by default', () => {
    expect(loadConfig({}).subgraphCalls).toEqual({
      timeoutMs: { auth: 10_000, tenant: 10_000, user: 10_000, session: 10_000 },
      breaker: { errorPercent: 50, minCalls: 10, windowMs: 10_000, resetMs: 10_000 },
      retry: { retries: 2, backoffMs: 50, budgetPercent: 10 },
    });
  });

  it('takes each subgraph-call setting, a subgraph its own deadline, and lists every bad one', () => {
    const calls = loadConfig({
      SUBGRAPH_TIMEOUT_MS: '3000',
      AUTH_TIMEOUT_MS: '20000',
      SESSION_TIMEOUT_MS: '500',
      SUBGRAPH_BREAKER_ERROR_PERCENT: '25',
      SUBGRAPH_BREAKER_MIN_CALLS: '5',
      SUBGRAPH_BREAKER_WINDOW_MS: '30000',
      SUBGRAPH_BREAKER_RESET_MS: '2000',
      SUBGRAPH_RETRIES: '0',
      SUBGRAPH_RETRY_BACKOFF_MS: '10',
      SUBGRAPH_RETRY_BUDGET_PERCENT: '20',
    }).subgraphCalls;
    expect(calls).toEqual({
      timeoutMs: { auth: 20_000, tenant: 3_000, user: 3_000, session: 500 },
      breaker: { errorPercent: 25, minCalls: 5, windowMs: 30_000, resetMs: 2_000 },
      retry: { retries: 0, backoffMs: 10, budgetPercent: 20 },
    });
    const bad = {
      SUBGRAPH_TIMEOUT_MS: '0',
      USER_TIMEOUT_MS: 'soon',
      SUBGRAPH_BREAKER_ERROR_PERCENT: '100',
      SUBGRAPH_BREAKER_MIN_CALLS: '0',
      SUBGRAPH_BREAKER_WINDOW_MS: '10',
      SUBGRAPH_BREAKER_RESET_MS: '-1',
      SUBGRAPH_RETRIES: '9',
      SUBGRAPH_RETRY_BACKOFF_MS: '0',
      SUBGRAPH_RETRY_BUDGET_PERCENT: '101',
      OPERATOR_TOKEN: 'short',
    };
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of Object.keys(bad)) expect(problems).toContain(name);
  });

  it('keeps the operator token secret', () => {
    const token = 'an-operator-token-of-at-least-32-chars';
    const config = loadConfig({ OPERATOR_TOKEN: token });
    expect(config.operatorToken?.reveal()).toBe(token);
    expect(`${JSON.stringify(config)} ${util.inspect(config, { depth: 5 })}`).not.toContain(token);
    expect(loadConfig({}).operatorToken).toBeUndefined();
  });

  it('has observability off or at safe defaults, and checks its settings', () => {
    const defaults = loadConfig({});
    expect(defaults.metricsToken).toBeUndefined();
    expect(defaults.tracing).toEqual({ endpoint: undefined, serviceName: undefined, sampleRatio: 1 });
    expect(defaults.securityEvents).toMatchObject({
      alertWebhookUrl: undefined,
      unusualVolumePerMinute: 1200,
      unusualVolumeBlockSeconds: 300,
    });
    const set = loadConfig({
      METRICS_TOKEN: 'm'.repeat(32),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'edge',
      TRACE_SAMPLE_RATIO: '0.25',
      SECURITY_ALERT_WEBHOOK_URL: 'https://hooks.example.test/T0/secret-key',
      UNUSUAL_API_VOLUME_PER_MINUTE: '0',
    });
    expect(set.metricsToken?.reveal()).toBe('m'.repeat(32));
    expect(set.tracing).toEqual({ endpoint: 'http://collector:4318', serviceName: 'edge', sampleRatio: 0.25 });
    expect(set.securityEvents.alertWebhookUrl?.reveal()).toBe('https://hooks.example.test/T0/secret-key');
    expect(JSON.stringify(set)).not.toContain('secret-key');
    expect(set.securityEvents.unusualVolumePerMinute).toBe(0);

    let error: unknown;
    try {
      loadConfig({
        METRICS_TOKEN: 'too-short',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector',
        TRACE_SAMPLE_RATIO: '2',
        SECURITY_ALERT_WEBHOOK_URL: 'ftp://hooks.example.test/x',
        UNUSUAL_API_VOLUME_BLOCK_SECONDS: '0',
      });
    } catch (caught) {
      error = caught;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'METRICS_TOKEN',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'TRACE_SAMPLE_RATIO',
      'SECURITY_ALERT_WEBHOOK_URL',
      'UNUSUAL_API_VOLUME_BLOCK_SECONDS',
    ])
      expect(problems).toContain(name);
    expect(problems).not.toContain('too-short');
  });
});
