import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { httpStatusOf } from '../errors.ts';
import { sendGraphQLError } from '../http.ts';
import { metrics as processMetrics, type Metrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: this process's metrics in the Prometheus text format, on the port the service
 * already listens on (gateway and every subgraph alike, so a subgraph run as its own process is
 * scraped the same way). Who may read them (OWASP ASVS 5.0 V13.4: monitoring endpoints are not public):
 * - `METRICS_TOKEN` set: only a request with `Authorization: Bearer <METRICS_TOKEN>` (compared in
 *   constant time); anything else is 401;
 * - unset: open in development and tests (services listen on 127.0.0.1 by default), and off (404)
 *   in production, so a production deployment never serves them without the token.
 */
export function metricsEndpoint(
  config: Pick<Config, 'env' | 'metricsToken'>,
  metrics: Metrics = processMetrics,
): RequestHandler {
  const expected = config.metricsToken ? digest(config.metricsToken.reveal()) : undefined;
  return async (req: Request, res: Response) => {
    if (!expected && config.env === 'production') {
      sendGraphQLError(res, httpStatusOf('NOT_FOUND'), 'Not found', 'NOT_FOUND');
      return;
    }
    if (expected && !bearerMatches(req.headers.authorization, expected)) {
      res.set('www-authenticate', 'Bearer realm="metrics"');
      sendGraphQLError(res, httpStatusOf('UNAUTHENTICATED'), 'Metrics need the metrics token', 'UNAUTHENTICATED');
      return;
    }
    const { contentType, body } = await metrics.exposition();
    res.set('cache-control', 'no-store').type(contentType).send(body);
  };
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/i.exec(header?.trim() ?? '');
  // Hashes have one length, so the comparison's time says nothing about the token's.
  return match?.[1] !== undefined && crypto.timingSafeEqual(digest(match[1]), expected);
}

function digest(value: string): Buffer {
  return crypto.createHash('sha256').update(value, 'utf8').digest();
}
