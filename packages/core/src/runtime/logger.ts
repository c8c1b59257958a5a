import { trace } from '@opentelemetry/api';
import redactor from '@pinojs/redact';
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './observability/request-scope.ts';
import { tracingEnabled } from './observability/tracing.ts';

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
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'secret',
  '*.secret',
  'variables',
  '*.variables',
];

/** The last segment of each path: a line without any of these keys in its first three levels has nothing to redact. */
const SECRET_KEYS: ReadonlySet<string> = new Set(
  REDACT.map((path) => (path.split('.').at(-1) as string).replace(/^\w+\["(.+)"\]$/, '$1')),
);
const REDACT_DEPTH = Math.max(...REDACT.map((path) => path.split('.').length));

/** pino's own redactor, on a copy of the line (the caller's object is left alone). */
const redactSecrets = redactor({ paths: REDACT, censor: '[redacted]', serialize: false });

/**
 * The line as written: redacted when it holds a key that a path may name. pino's `redact` option
 * runs the redactor on every line, and its wildcard paths copy every line whole (~10 µs and tens
 * of kilobytes of garbage per line); almost no line holds such a key.
 */
function redacted(line: Record<string, unknown>): Record<string, unknown> {
  if (!holdsSecretKey(line, 1)) return line;
  // The redactor's copy, with the `restore` helper it adds.
  const copy = redactSecrets(line) as Record<string, unknown>;
  delete copy['restore'];
  return copy;
}

function holdsSecretKey(value: object, depth: number): boolean {
  for (const key of Object.keys(value)) {
    if (SECRET_KEYS.has(key)) return true;
    const inner = (value as Record<string, unknown>)[key];
    if (depth < REDACT_DEPTH && typeof inner === 'object' && inner !== null && holdsSecretKey(inner, depth + 1))
      return true;
  }
  return false;
}

/**
 * `destination`: where lines go (default stdout); tests pass a stream to read what was logged.
 * Every line written while a request runs carries its `requestId` (and, with tracing on, the
 * `traceId` and `spanId` of the active span), wherever it is logged from.
 */
export function createLogger(options: { level: string; name: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      formatters: { log: redacted },
      base: { service: options.name },
      mixin: requestFields,
    },
    options.destination,
  );
}

/** Loggers made with `child({ requestId })` already write it: once per line is enough. */
const boundRequestId = new WeakMap<Logger, boolean>();

function requestFields(line: object, _level: number, logger: Logger): Record<string, string> {
  const fields: Record<string, string> = {};
  const requestId = currentRequestId();
  if (requestId && !('requestId' in line) && !hasBoundRequestId(logger)) fields['requestId'] = requestId;
  const span = tracingEnabled() ? trace.getActiveSpan()?.spanContext() : undefined;
  if (span) {
    fields['traceId'] = span.traceId;
    fields['spanId'] = span.spanId;
  }
  return fields;
}

function hasBoundRequestId(logger: Logger): boolean {
  let bound = boundRequestId.get(logger);
  if (bound === undefined) {
    bound = logger.bindings()['requestId'] !== undefined;
    boundRequestId.set(logger, bound);
  }
  return bound;
}
