import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths never written to logs (ASVS 16.2.5): credentials, tokens, cookies. Config secrets
 * are `Secret` instances and serialise as "[redacted]" on their own.
 */
const REDACT = [
  'password',
  '*.password',
  '*.*.password',
  'adminPassword',
  '*.adminPassword',
  '*.*.adminPassword',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'variables',
  '*.variables',
];

export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: options.name },
  });
}
