import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';

/** What the example application needs to know of its provider. */
export interface ExampleAppOptions {
  /** The tenant's issuer, `<APP_URL>/t/<slug>`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The API's GraphQL endpoint, called with the access token. */
  readonly graphqlUrl: string;
  /** 0: any free port. */
  readonly port: number;
  readonly host?: string;
}

export interface ExampleApp {
  /** `http://<host>:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

interface Visit {
  verifier?: string;
  state?: string;
  nonce?: string;
  tokens?: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
}

/**
 * A small relying party built with `openid-client`, to see the provider work end to end: "Sign in
 * with TradeSage" runs the authorization code flow with PKCE, then the page shows the ID token's
 * claims, calls the API with the access token, refreshes, and signs out (RP-initiated logout).
 * Its redirect URI is `<origin>/callback`, its post-logout redirect URI `<origin>/`. State lives in
 * this process's memory behind a random cookie: an example, not a template for production.
 */
export async function startExampleApp(options: ExampleAppOptions): Promise<ExampleApp> {
  const visits = new Map<string, Visit>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Error', `<p>${escape((error as Error).message)}</p><p><a href="/">Back</a></p>`));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host === undefined || options.host === '127.0.0.1' ? 'localhost' : options.host}:${port}`;
  const insecure = new URL(options.issuer).protocol === 'http:';
  const config = await oidc.discovery(
    new URL(options.issuer),
    options.clientId,
    undefined,
    oidc.ClientSecretBasic(options.clientSecret),
    insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const id = /(?:^|;\s*)example_visit=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    let visit = id ? visits.get(id) : undefined;
    const visitId = visit && id ? id : crypto.randomBytes(16).toString('base64url');
    if (!visit) {
      visit = {};
      visits.set(visitId, visit);
    }
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': `example_visit=${visitId}; HttpOnly; SameSite=Lax; Path=/`,
    };
    const redirect = (location: string) => {
      res.writeHead(302, { ...headers, location });
      res.end();
    };
    switch (url.pathname) {
      case '/login': {
        visit.verifier = oidc.randomPKCECodeVerifier();
        visit.state = oidc.randomState();
        visit.nonce = oidc.randomNonce();
        const scope = url.searchParams.get('scope') ?? 'openid profile email offline_access users:read:self';
        redirect(
          oidc
            .buildAuthorizationUrl(config, {
              redirect_uri: `${origin}/callback`,
              scope,
              code_challenge: await oidc.calculatePKCECodeChallenge(visit.verifier),
              code_challenge_method: 'S256',
              state: visit.state,
              nonce: visit.nonce,
              ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
            })
            .toString(),
        );
        return;
      }
      case '/callback': {
        if (url.searchParams.has('error')) {
          res.writeHead(400, headers);
          res.end(
            page(
              'Sign-in refused',
              `<p>The provider answered <code>${escape(url.searchParams.get('error') ?? '')}</code>.</p><p><a href="/">Back</a></p>`,
            ),
          );
          return;
        }
        visit.tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: visit.verifier ?? '',
          expectedState: visit.state ?? '',
          expectedNonce: visit.nonce ?? '',
        });
        redirect('/');
        return;
      }
      case '/refresh': {
        if (visit.tokens?.refresh_token)
          visit.tokens = await oidc.refreshTokenGrant(config, visit.tokens.refresh_token);
        redirect('/');
        return;
      }
      case '/logout': {
        const idToken = visit.tokens?.id_token;
        visits.delete(visitId);
        redirect(
          idToken
            ? oidc
                .buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${origin}/` })
                .toString()
            : '/',
        );
        return;
      }
      case '/': {
        res.writeHead(200, headers);
        if (!visit.tokens) {
          res.end(
            page('Example app', '<p>Not signed in.</p><p><a id="sign-in" href="/login">Sign in with TradeSage</a></p>'),
          );
          return;
        }
        const me = await fetch(options.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${visit.tokens.access_token}` },
          body: JSON.stringify({ query: '{ me { id email firstName lastName } }' }),
        });
        res.end(
          page(
            'Example app',
            `<h2>ID token claims</h2><pre id="claims">${escape(JSON.stringify(visit.tokens.claims(), null, 2))}</pre>
<h2>The API with the access token: <code>{ me }</code></h2><pre id="me">${escape(JSON.stringify(await me.json(), null, 2))}</pre>
<p>Scope: <code id="scope">${escape(visit.tokens.scope ?? '')}</code>; refresh token: ${visit.tokens.refresh_token ? 'yes' : 'no'}</p>
<p><a id="refresh" href="/refresh">Refresh the tokens</a> · <a id="sign-out" href="/logout">Sign out</a></p>`,
          ),
        );
        return;
      }
      case '/favicon.ico':
        res.writeHead(204);
        res.end();
        return;
      default:
        res.writeHead(404, headers);
        res.end(page('Not found', '<p><a href="/">Back</a></p>'));
    }
  }

  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
