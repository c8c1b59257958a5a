import type { RequestHandler } from 'express';

/**
 * Response headers for an API that serves JSON (OWASP Secure Headers, ASVS 3.4): no MIME
 * sniffing, no referrer, no framing, no caching of answers that can carry tokens. With Sandbox
 * on, the landing page brings its own CSP (it loads Apollo's CDN), so the page-level policy and
 * frame ban are left out. The explorer's routes always set their own (useExplorer).
 */
export function useSecurityHeaders(options: { sandbox: boolean; hsts: boolean }): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    // Login and refresh answers carry tokens (RFC 6749 §5.1); routes that may be cached say so.
    res.setHeader('cache-control', 'no-store');
    if (!options.sandbox) {
      res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      res.setHeader('x-frame-options', 'DENY');
    }
    if (options.hsts) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
