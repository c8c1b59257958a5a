import { metrics } from '@tradesage/core';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Times every HTTP request (`tradesage_http_request_duration_seconds`), labelled by the pattern of
 * the route that answered (`/graphql`, `/health/ready`), never the raw path: a path is the
 * client's choice and would make a new series per URL. A request no route took is `unmatched`.
 */
export function useHttpMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      metrics.httpRequest(routeOf(req, res), req.method, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}

function routeOf(req: Request, res: Response): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return path;
  return res.statusCode === 404 ? 'unmatched' : 'other';
}
