import { trace } from '@opentelemetry/api';
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
  'headers.authorization',
  'headers.cookie',
  'variables',
  '*.variables',
];

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
      redact: { paths: REDACT, censor: '[redacted]' },
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
