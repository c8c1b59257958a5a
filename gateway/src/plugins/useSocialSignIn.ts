import {
  requestIdFrom,
  sendRouteError,
  SOCIAL_BINDING_COOKIE,
  type Runtime,
  type SocialRedirect,
  type SocialSignIn,
} from '@tradesage/core';
import express, { type Request, type Response, type Router } from 'express';
import { requestIdOf } from './useRequestId.ts';

/**
 * Social sign-in, per tenant: `GET /t/<slug>/social/<provider>/start?return=<path>` sends the
 * browser to the provider, `GET /t/<slug>/social/<provider>/callback` takes its answer and sends
 * the browser to the account pages (a sign-in ticket, a pending link, or a refusal's code). The
 * rules are core's SocialSignIn; this is the HTTP around it. A request refused before its state
 * is known (unknown tenant or provider, bad `return`, unknown or replayed state) is a 4xx with a
 * stable code.
 */
export function useSocialSignIn(runtime: Runtime, social: SocialSignIn): Router {
  const router = express.Router();
  const sendError = sendErrorFor(runtime);
  const redirect = (res: Response, answer: SocialRedirect) => {
    res.setHeader('cache-control', 'no-store');
    // The callback's URL carries a code: the pages it leads to must not leak it in Referer.
    res.setHeader('referrer-policy', 'no-referrer');
    res.append('Set-Cookie', answer.cookie);
    res.redirect(303, answer.location);
  };
  const param = (req: Request, name: string): string | undefined => {
    const value = req.query[name];
    return typeof value === 'string' ? value : undefined;
  };

  router.get('/t/:slug/social/:provider/start', async (req, res) => {
    try {
      redirect(
        res,
        await social.start({
          slug: String(req.params['slug']),
          provider: String(req.params['provider']),
          returnPath: param(req, 'return'),
          intent: param(req, 'intent'),
        }),
      );
    } catch (error) {
      sendError(req, res, error);
    }
  });

  router.get('/t/:slug/social/:provider/callback', async (req, res) => {
    try {
      redirect(
        res,
        await social.callback({
          slug: String(req.params['slug']),
          provider: String(req.params['provider']),
          query: new URL(req.originalUrl, 'http://callback.invalid').searchParams,
          binding: bindingOf(req.headers.cookie),
          caller: {
            requestId: requestIdFrom(req.headers),
            viewer: null,
            ip: req.ip,
            userAgent: req.get('user-agent')?.slice(0, 512),
          },
        }),
      );
    } catch (error) {
      sendError(req, res, error);
    }
  });
  return router;
}

/** The binding cookie's value (the first of duplicates, RFC 6265 §5.4 order). */
function bindingOf(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SOCIAL_BINDING_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Never the query (it holds the code and state): the path and the message only. */
function sendErrorFor(runtime: Runtime) {
  return (req: Request, res: Response, error: unknown): void =>
    sendRouteError(res, error, (internal) =>
      runtime.logger.error(
        { err: (internal as Error).message, requestId: requestIdOf(res), path: req.path },
        'social sign-in failed',
      ),
    );
}
