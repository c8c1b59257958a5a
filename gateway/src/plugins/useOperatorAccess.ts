import crypto from 'node:crypto';
import { httpStatusOf, notFoundHandler, sendGraphQLError, type Config } from '@tradesage/core';
import type { RequestHandler } from 'express';

/**
 * Guards the operators' routes (the detailed health report names hosts, latencies and breaker
 * states: a map for an attacker). With OPERATOR_TOKEN set, a request passes only with
 * `Authorization: Bearer <token>` (RFC 6750 §2.1), compared in constant time; anything else is 401.
 * Without it the routes are open outside production (development, tests) and do not exist in
 * production (404, like any unknown path).
 *
 * A bearer secret rather than a second listener on loopback: the gateway keeps its one port,
 * the same check works in `npm start`, behind a load balancer and in a cluster where the
 * operator's tools do not run on the gateway's machine, and a reverse proxy on the same host
 * cannot make a public request look local.
 */
export function useOperatorAccess(options: { token: Config['operatorToken']; production: boolean }): RequestHandler {
  const expected = options.token ? digest(options.token.reveal()) : undefined;
  return (req, res, next) => {
    if (!expected) {
      if (options.production) {
        notFoundHandler(req, res);
        return;
      }
      next();
      return;
    }
    const presented = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '')?.[1];
    // Digests of equal length, so timingSafeEqual says nothing about the token's length either.
    if (presented !== undefined && crypto.timingSafeEqual(digest(presented), expected)) {
      next();
      return;
    }
    res.setHeader('www-authenticate', 'Bearer realm="operator"');
    sendGraphQLError(res, httpStatusOf('UNAUTHENTICATED'), 'Operator token required', 'UNAUTHENTICATED');
  };
}

function digest(value: string): Buffer {
  return crypto.createHash('sha256').update(value).digest();
}
