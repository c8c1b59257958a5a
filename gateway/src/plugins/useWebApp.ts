import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Router } from 'express';

/**
 * The web app (`web/`: account pages and the admin console), built by Vite into `web/dist` and
 * served from the gateway's own origin, so the refresh cookie (`__Host-`, `SameSite=Strict`)
 * reaches `/graphql` and the pages need no CORS.
 */
export const WEB_APP_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** The pages (client-side routes) answered with the app's index.html; email links point at some. */
export const WEB_APP_ROUTES = [
  '/login',
  '/sign-up',
  '/forgot-password',
  '/reset-password',
  '/accept-invitation',
  '/verify-email',
  '/account',
  '/account/security',
  '/account/api-keys',
  '/account/apps',
  '/account/authorize',
  '/console',
  '/console/*path',
] as const;

/** The app's hashed files: named by their content, so cached for good. */
const ASSETS_PATH = '/assets';

/**
 * The pages' policy (CSP Level 3; ASVS 3.4.3): scripts, styles, images and requests from this
 * origin only; no inline script or style element, nothing evaluated, no framing; forms post
 * nowhere but here. Vite emits every script and style as a file; React sets styles through the
 * CSSOM, which `style-src` does not restrict.
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a build of the web app is there to serve. */
export function webAppBuilt(dir = WEB_APP_DIR): boolean {
  return existsSync(path.join(dir, 'index.html'));
}

export function useWebApp(dir: string): Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use(
    ASSETS_PATH,
    (_req, res, next) => {
      // The gateway's `no-store` is for answers carrying tokens; these files are public and immutable.
      res.removeHeader('cache-control');
      next();
    },
    // Compressed here only: these files hold no secret, so compression cannot leak one (BREACH),
    // unlike API answers that carry tokens.
    compression(),
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    }),
  );
  router.get([...WEB_APP_ROUTES], (_req, res) => {
    res.setHeader('content-security-policy', WEB_APP_CSP);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
