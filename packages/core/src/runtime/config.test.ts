import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, subgraphUrl } from './config.ts';

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
      /DATABASE_URL[\s\S]*REDIS_URL[\s\S]*TOKEN_ENCRYPTION_KEY[\s\S]*SESSION_CACHE_KEYS[\s\S]*GATEWAY_CREDENTIAL_KEYS[\s\S]*JWT_PRIVATE_KEY/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x',
        REDIS_URL: 'redis://x',
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
        SESSION_CACHE_KEYS: `${Buffer.alloc(32, 1).toString('base64')},${Buffer.alloc(32).toString('base64')}`,
        GATEWAY_CREDENTIAL_KEYS: Buffer.alloc(32, 2).toString('base64'),
        SIGNING_KEYS_DIR: '/keys',
      }).sandbox,
    ).toBe(false);
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
      GATEWAY_CREDENTIAL_KEYS: Buffer.alloc(32, 2).toString('base64'),
      SIGNING_KEYS_DIR: '/keys',
    });
    expect([production.sandbox, production.explorer]).toEqual([false, false]);
    expect(loadConfig({ EXPLORER: 'false' }).explorer).toBe(false);
    expect(loadConfig({ EXPLORER: '0', SANDBOX: '1' })).toMatchObject({ explorer: false, sandbox: true });
    expect(() => loadConfig({ EXPLORER: 'yes' })).toThrow(/EXPLORER/);
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
