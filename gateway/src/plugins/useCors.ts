import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * The headers our clients send cross-origin: the bearer token, JSON bodies, the CSRF token of
 * cookie-based refresh, a request id to correlate, and the headers Apollo's clients use to pass
 * its CSRF prevention.
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'x-api-key',
  'content-type',
  'x-csrf-token',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
] as const;

/**
 * CORS (Fetch standard) for the listed origins only, compared exactly: a listed origin gets its
 * own origin echoed with `Access-Control-Allow-Credentials: true` (the refresh cookie), never
 * `*`; any other origin gets no `Access-Control-*` header at all, so the browser withholds the
 * answer. Same-origin and non-browser requests carry no Origin (or their own) and are unaffected.
 * The cookie itself stays `SameSite=Strict` and cookie-based refresh still needs `x-csrf-token`.
 */
export function useCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => {
      callback(null, origin !== undefined && allowed.has(origin));
    },
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
