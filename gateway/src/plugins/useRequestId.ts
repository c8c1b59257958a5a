import { requestIdFrom } from '@tradesage/core';
import type { RequestHandler, Response } from 'express';

const LOCALS_KEY = 'requestId';

/**
 * Gives every request an id: a well-formed incoming `X-Request-Id` (from a load balancer or the
 * client) is kept so one id follows the request across systems, anything else is replaced by a
 * UUID. The id is echoed in the response, logged on every line and forwarded to subgraphs.
 */
export function useRequestId(): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers);
    res.locals[LOCALS_KEY] = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  };
}

/** The id useRequestId gave this request. */
export function requestIdOf(res: Response): string {
  const requestId: unknown = res.locals[LOCALS_KEY];
  if (typeof requestId !== 'string') throw new Error('useRequestId() must run before this handler');
  return requestId;
}
