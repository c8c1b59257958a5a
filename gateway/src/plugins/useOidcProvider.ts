import {
  AppError,
  authenticate,
  OidcInteractionService,
  type OidcProviders,
  type OidcTenant,
  type Runtime,
  requestIdFrom,
  retryAfterSeconds,
  sendGraphQLError,
  sendRouteError,
  TenantCounter,
} from '@tradesage/core';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { requestIdOf } from './useRequestId.ts';

/** Failed protocol requests (token, revoke, introspect, par) an address may make per minute and tenant. */
export const PROTOCOL_FAILURES = { name: 'oidc-failures', points: 30, durationSeconds: 60 } as const;

/** Where the account pages run an application's sign-in (the web app's route). */
export const AUTHORIZE_PAGE = '/account/authorize';

/**
 * The pages the provider renders itself (logout confirmation, errors): nothing but this origin's
 * forms, which may lead on to the application's registered address (CSP `form-action` applies to
 * the redirect after a post).
 */
const PROVIDER_PAGE_CSP = [
  "default-src 'none'",
  "base-uri 'none'",
  "form-action 'self' https: http:",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Each tenant's OpenID Connect provider, at `/t/<slug>` (its issuer): discovery at
 * `/t/<slug>/.well-known/openid-configuration` (and RFC 8414 metadata at
 * `/.well-known/oauth-authorization-server/t/<slug>`), the protocol endpoints under
 * `/t/<slug>/oauth/` (authorize, token, revoke, introspect, userinfo, logout, jwks), and the
 * sign-in steps the account pages drive, `/t/<slug>/interaction/<uid>` (a JSON API bound to the
 * browser by the provider's interaction cookie; the page's own session as Bearer).
 */
export function useOidcProvider(runtime: Runtime, providers: OidcProviders): Router {
  const router = express.Router();

  const tenantOf = async (req: Request, res: Response): Promise<OidcTenant | null> => {
    const slug = req.params['slug'];
    const tenant = typeof slug === 'string' ? await providers.tenant(slug) : null;
    if (!tenant) sendGraphQLError(res, 404, 'No such issuer', 'NOT_FOUND');
    return tenant;
  };

  // RFC 8414 §3: the metadata of issuer https://host/t/<slug> is at /.well-known/oauth-authorization-server/t/<slug>.
  router.get('/.well-known/oauth-authorization-server/t/:slug', async (req, res, next) => {
    try {
      const tenant = await tenantOf(req, res);
      if (!tenant) return;
      const provider = await providers.provider(tenant);
      req.url = '/.well-known/openid-configuration';
      res.setHeader('content-security-policy', PROVIDER_PAGE_CSP);
      provider.callback()(req, res);
    } catch (error) {
      next(error);
    }
  });

  const interaction = express.Router({ mergeParams: true });
  interaction.use(express.json({ limit: '8kb' }));
  // The page that runs the sign-in: the interaction cookie is scoped to this path, so the page's
  // calls below carry it.
  interaction.get('/', (req, res) => {
    const { uid = '', slug = '' } = req.params as { uid?: string; slug?: string };
    res.redirect(303, `${AUTHORIZE_PAGE}?${new URLSearchParams({ tenant: slug, uid }).toString()}`);
  });
  const handle =
    (step: (service: OidcInteractionService, req: Request, res: Response) => Promise<unknown>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const tenant = await tenantOf(req, res);
        if (!tenant) return;
        const service = new OidcInteractionService(runtime, tenant, await providers.provider(tenant));
        const answer = await step(service, req, res);
        res.json(answer);
      } catch (error) {
        sendRouteError(res, error, (internal) =>
          runtime.logger.error(
            { err: (internal as Error).message, requestId: requestIdOf(res), path: req.path },
            'oidc interaction failed',
          ),
        );
      }
    };
  interaction.get(
    '/details',
    handle((service, req, res) => service.details({ req, res })),
  );
  interaction.post(
    '/login',
    handle(async (service, req, res) => {
      const consent = (req.body as { consent?: unknown } | undefined)?.consent;
      if (consent !== undefined && typeof consent !== 'boolean')
        throw new AppError('BAD_USER_INPUT', 'consent must be true or false', { details: { field: 'consent' } });
      const viewer = await authenticate(runtime, req.headers);
      const caller = {
        requestId: requestIdFrom(req.headers),
        viewer,
        ip: req.ip,
        userAgent: req.get('user-agent')?.slice(0, 512),
      };
      return service.signIn({ req, res }, viewer, caller, consent ?? null);
    }),
  );
  interaction.post(
    '/abort',
    handle((service, req, res) => service.abort({ req, res })),
  );
  router.use('/t/:slug/interaction/:uid', interaction);

  // Guessing client secrets, codes or tokens: an address whose requests to the protocol's
  // endpoints fail too often is refused for a while (429), whatever it presents; successes are free.
  const failures = new TenantCounter(PROTOCOL_FAILURES, runtime.redis, runtime.logger);
  router.use('/t/:slug', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const tenant = await tenantOf(req, res);
      if (!tenant) return;
      const address = req.ip ?? 'unknown';
      if (req.method === 'POST') {
        const state = await failures.peek(tenant.id, address);
        if (state.count >= PROTOCOL_FAILURES.points) {
          res.setHeader('retry-after', String(retryAfterSeconds(state.msBeforeReset)));
          res.status(429).json({ error: 'temporarily_unavailable', error_description: 'Too many failed requests' });
          return;
        }
        res.on('finish', () => {
          if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 429)
            void failures.hit(tenant.id, address);
        });
      }
      const provider = await providers.provider(tenant);
      res.setHeader('content-security-policy', PROVIDER_PAGE_CSP);
      // Discovery and keys may be cached by relying parties; everything else carries tokens.
      if (req.path === '/.well-known/openid-configuration' || req.path === '/oauth/jwks')
        res.setHeader('cache-control', 'public, max-age=300');
      provider.callback()(req, res);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
