import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Response headers for an API that serves JSON (OWASP Secure Headers, ASVS 5.0 V3.4), set by
 * helmet on every response: a CSP that loads nothing and cannot be framed, `X-Frame-Options:
 * DENY`, `nosniff`, `Referrer-Policy: no-referrer`, `Cross-Origin-Resource-Policy: same-origin`,
 * HSTS in production (RFC 6797; one year, subdomains), and `Cache-Control: no-store` since login
 * and refresh answers carry tokens (RFC 6749 §5.1); routes that may be cached say so.
 *
 * Pages set their own policy on top: the explorer (useExplorer) and, in development, Apollo
 * Sandbox's landing page, which loads Apollo's CDN and so goes without a CSP (`sandboxPage`).
 */
export function useSecurityHeaders(options: { hsts: boolean }): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  });
  return (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    headers(req, res, next);
  };
}

/** Apollo Sandbox's landing page (development only) loads its app from Apollo's CDN: no CSP or frame ban on it. */
export const sandboxPage: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html') {
    res.removeHeader('content-security-policy');
    res.removeHeader('x-frame-options');
  }
  next();
};
