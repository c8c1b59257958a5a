/** Helpers for tests only (they use devDependencies): never imported by production code. */
export { type SmtpSink, startSmtpSink, tokenFromMail } from './runtime/mail/testing/smtp-sink.ts';
export {
  createTestRuntimes,
  provisionTestTenant,
  TEST_REDIS_URL,
  type TestRuntimes,
} from './runtime/testing/test-runtime.ts';
export { describeSubgraphPermissions, type SubgraphPermissions } from './runtime/testing/subgraph-permissions.ts';
export { type InMemoryAccessTokens, inMemoryAccessTokens } from './runtime/testing/access-tokens.ts';
export { postAsGateway } from './runtime/testing/post-as-gateway.ts';
export { failFastRedis } from './runtime/testing/fail-fast-redis.ts';
export { CuttableProxy, freePort, PrivateRedis, type RestartOptions } from './runtime/testing/private-redis.ts';
export { PostgresProxy } from './runtime/testing/postgres-proxy.ts';
export { deleteKeysWithPrefix } from './runtime/testing/redis-keys.ts';
export { outcomeOf } from './runtime/testing/outcome.ts';
export { isTextType, sampleInputValue } from './runtime/testing/sample-input.ts';
export { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from './runtime/testing/http-receiver.ts';
export { SoftwareAuthenticator } from './runtime/testing/software-authenticator.ts';
export { totpCode } from './runtime/testing/totp.ts';
