import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

/** The Entra ID directory the fake "Microsoft" plays (a connection for one directory names it). */
export const ENTRA_TENANT_ID = '8f2c1a4e-3b5d-4c6e-9f70-1a2b3c4d5e6f';

/** A person at an upstream: the claims its ID token (or GitHub's API) gives. */
export interface UpstreamAccount {
  readonly sub: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly givenName?: string;
  readonly familyName?: string;
  /** GitHub: the list `/user/emails` answers (default: the email, primary and as verified as emailVerified). */
  readonly githubEmails?: ReadonlyArray<{ email: string; primary: boolean; verified: boolean }>;
}

/** How the next token response is tampered with, to play a hostile or broken upstream. */
export type Tamper =
  { readonly kind: 'claims'; readonly claims: Record<string, unknown> } | { readonly kind: 'foreign_key' };

type OidcName = 'google' | 'microsoft' | 'linkedin';

/**
 * Real protocol peers on loopback: three oidc-provider instances playing Google, Entra ID (one
 * directory, ENTRA_TENANT_ID) and LinkedIn (discovery, real RS256 signatures), and a GitHub-shaped
 * OAuth 2.0 server (authorize, access_token with PKCE, `/user`, `/user/emails`). Each signs in
 * whichever account `signInAs` named last, without a page (the interaction completes on its
 * first request). `tamper` re-signs the next ID token with other claims (same key) or with a
 * key the upstream never published.
 */
export class SocialUpstreams {
  readonly origin: string;
  readonly #server: http.Server;
  readonly #providers: Record<OidcName, Provider>;
  readonly #clients = new Map<string, AdapterPayload>();
  readonly #signingKey: crypto.KeyObject;
  readonly #kid: string;
  readonly #github = {
    clients: new Map<string, { secret: string; redirectUri: string }>(),
    codes: new Map<string, { account: UpstreamAccount; challenge: string; clientId: string; redirectUri: string }>(),
    tokens: new Map<string, UpstreamAccount>(),
  };
  readonly #accounts = new Map<string, UpstreamAccount>();
  #next: UpstreamAccount | null = null;
  #tamper: Tamper | null = null;

  private constructor(server: http.Server, origin: string) {
    this.#server = server;
    this.origin = origin;
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#signingKey = privateKey;
    this.#kid = crypto.randomBytes(8).toString('hex');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: this.#kid, use: 'sig', alg: 'RS256' };
    this.#providers = {
      google: this.#provider(`${origin}/google`, 'google', jwk),
      microsoft: this.#provider(`${origin}/entra/${ENTRA_TENANT_ID}/v2.0`, 'microsoft', jwk),
      linkedin: this.#provider(`${origin}/linkedin`, 'linkedin', jwk),
    };
  }

  static async start(): Promise<SocialUpstreams> {
    const ready: { upstreams?: SocialUpstreams } = {};
    const server = http.createServer((req, res) => {
      if (!ready.upstreams) return res.writeHead(503).end();
      ready.upstreams.#route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ready.upstreams = new SocialUpstreams(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return ready.upstreams;
  }

  /** SOCIAL_PROVIDER_ENDPOINTS for a stack that signs in here. */
  endpoints(): string {
    return JSON.stringify({
      google: `${this.origin}/google`,
      microsoft: `${this.origin}/entra`,
      linkedin: `${this.origin}/linkedin`,
      github: {
        authorize: `${this.origin}/github/login/oauth/authorize`,
        token: `${this.origin}/github/login/oauth/access_token`,
        api: `${this.origin}/github/api`,
      },
    });
  }

  /** The issuer identities of `provider` are stored under. */
  issuerOf(provider: OidcName | 'github'): string {
    switch (provider) {
      case 'google':
        return `${this.origin}/google`;
      case 'microsoft':
        return `${this.origin}/entra/${ENTRA_TENANT_ID}/v2.0`;
      case 'linkedin':
        return `${this.origin}/linkedin`;
      case 'github':
        return this.origin;
    }
  }

  /** Registers the tenant's application at every upstream (one client id and secret, its callback URLs). */
  registerClient(clientId: string, secret: string, callbackOf: (provider: string) => string): void {
    for (const name of ['google', 'microsoft', 'linkedin'] as const)
      this.#clients.set(`${name}:${clientId}`, {
        client_id: clientId,
        client_secret: secret,
        redirect_uris: [callbackOf(name)],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      });
    this.#github.clients.set(clientId, { secret, redirectUri: callbackOf('github') });
  }

  /** The account the next authorization signs in. */
  signInAs(account: UpstreamAccount): void {
    this.#next = account;
  }

  /** Tampers with the next token response's ID token. */
  tamperNext(tamper: Tamper): void {
    this.#tamper = tamper;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  #provider(issuer: string, name: OidcName, jwk: object): Provider {
    const clients = this.#clients;
    const accounts = this.#accounts;
    const store = new Map<string, AdapterPayload>();
    class MemoryAdapter implements Adapter {
      constructor(private readonly model: string) {}
      #key(id: string) {
        return `${this.model}:${id}`;
      }
      async upsert(id: string, payload: AdapterPayload): Promise<void> {
        store.set(this.#key(id), payload);
      }
      async find(id: string): Promise<AdapterPayload | undefined> {
        if (this.model === 'Client') return clients.get(`${name}:${id}`);
        return store.get(this.#key(id));
      }
      async findByUserCode(): Promise<undefined> {
        return undefined;
      }
      async findByUid(uid: string): Promise<AdapterPayload | undefined> {
        return [...store.entries()].find(([key, value]) => key.startsWith(`${this.model}:`) && value.uid === uid)?.[1];
      }
      async consume(id: string): Promise<void> {
        const payload = store.get(this.#key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      }
      async destroy(id: string): Promise<void> {
        store.delete(this.#key(id));
      }
      async revokeByGrantId(grantId: string): Promise<void> {
        for (const [key, value] of store) if (value.grantId === grantId) store.delete(key);
      }
    }
    const configuration: Configuration = {
      adapter: MemoryAdapter,
      clients: [],
      jwks: { keys: [jwk] } as Configuration['jwks'],
      findAccount: (_ctx, id) => {
        const account = accounts.get(id);
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: name === 'microsoft' ? `pairwise-${id}` : id,
            ...(account.email !== undefined ? { email: account.email } : {}),
            ...(name === 'microsoft'
              ? { tid: ENTRA_TENANT_ID, oid: id, xms_edov: account.emailVerified ?? false }
              : { email_verified: account.emailVerified ?? false }),
            given_name: account.givenName ?? 'Social',
            family_name: account.familyName ?? 'User',
          }),
        };
      },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified', 'xms_edov'],
        profile: ['given_name', 'family_name', 'tid', 'oid'],
      },
      // The ID token carries the claims (as Google's, Entra ID's and LinkedIn's do).
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
      interactions: { url: (_ctx, interaction) => `/${pathOf(name)}/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false } },
    };
    return new Provider(issuer, configuration);
  }

  async #route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/github/')) return this.#githubRoute(req, res, url);
    const name = (['google', 'microsoft', 'linkedin'] as const).find((candidate) =>
      url.pathname.startsWith(`/${pathOf(candidate)}/`),
    );
    if (!name) return void res.writeHead(404).end();
    const provider = this.#providers[name];
    const prefix = `/${pathOf(name)}`;
    if (url.pathname.startsWith(`${prefix}/interaction/`)) {
      const details = await provider.interactionDetails(req, res);
      const account = this.#next;
      if (!account) throw new Error('no upstream account to sign in: call signInAs first');
      this.#accounts.set(account.sub, account);
      const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params['client_id']) });
      grant.addOIDCScope(String(details.params['scope']));
      const grantId = await grant.save();
      const redirectTo = await provider.interactionResult(
        req,
        res,
        { login: { accountId: account.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      res.writeHead(303, { location: redirectTo }).end();
      return;
    }
    if (url.pathname === `${prefix}/token` && this.#tamper) {
      this.#tamperResponse(res, this.#tamper);
      this.#tamper = null;
    }
    const original = req.url ?? '/';
    Object.assign(req, { originalUrl: original, url: original.slice(prefix.length) || '/' });
    provider.callback()(req, res);
  }

  /** Rewrites the ID token of the token response being sent. */
  #tamperResponse(res: http.ServerResponse, tamper: Tamper): void {
    const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
    res.end = ((chunk?: unknown) => {
      const body = JSON.parse(String(chunk)) as { id_token?: string };
      if (body.id_token) body.id_token = this.#resign(body.id_token, tamper);
      const text = JSON.stringify(body);
      res.setHeader('content-length', Buffer.byteLength(text));
      return end(text);
    }) as typeof res.end;
  }

  #resign(idToken: string, tamper: Tamper): string {
    const [header = '', payload = ''] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const nextClaims = tamper.kind === 'claims' ? { ...claims, ...tamper.claims } : claims;
    const key =
      tamper.kind === 'foreign_key'
        ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
        : this.#signingKey;
    const input = `${header}.${Buffer.from(JSON.stringify(nextClaims)).toString('base64url')}`;
    return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  async #githubRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const github = this.#github;
    switch (url.pathname) {
      case '/github/login/oauth/authorize': {
        const clientId = url.searchParams.get('client_id') ?? '';
        const client = github.clients.get(clientId);
        const redirectUri = url.searchParams.get('redirect_uri') ?? '';
        if (!client || redirectUri !== client.redirectUri) return json(400, { error: 'redirect_uri_mismatch' });
        if (url.searchParams.get('code_challenge_method') !== 'S256') return json(400, { error: 'invalid_request' });
        if (!this.#next) throw new Error('no upstream account to sign in: call signInAs first');
        const code = crypto.randomBytes(16).toString('hex');
        github.codes.set(code, {
          account: this.#next,
          challenge: url.searchParams.get('code_challenge') ?? '',
          clientId,
          redirectUri,
        });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        return void res.writeHead(302, { location: back.href }).end();
      }
      case '/github/login/oauth/access_token': {
        const form = new URLSearchParams(await bodyOf(req));
        const code = github.codes.get(form.get('code') ?? '');
        github.codes.delete(form.get('code') ?? '');
        const client = github.clients.get(form.get('client_id') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
        if (
          !code ||
          !client ||
          client.secret !== form.get('client_secret') ||
          code.clientId !== form.get('client_id') ||
          code.redirectUri !== form.get('redirect_uri') ||
          code.challenge !== challenge
        )
          // GitHub answers a bad code with 200 and an error body.
          return json(200, { error: 'bad_verification_code' });
        const token = `gho_${crypto.randomBytes(16).toString('hex')}`;
        github.tokens.set(token, code.account);
        return json(200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
      }
      case '/github/api/user':
      case '/github/api/user/emails': {
        const token = (req.headers.authorization ?? '').replace(/^bearer /i, '');
        const account = github.tokens.get(token);
        if (!account) return json(401, { message: 'Bad credentials' });
        if (url.pathname.endsWith('/user'))
          return json(200, { id: Number(account.sub), login: `user${account.sub}`, name: 'Git Hubber' });
        return json(
          200,
          account.githubEmails ??
            (account.email ? [{ email: account.email, primary: true, verified: account.emailVerified ?? false }] : []),
        );
      }
      default:
        return json(404, { message: 'Not Found' });
    }
  }
}

function pathOf(name: OidcName): string {
  return name === 'microsoft' ? `entra/${ENTRA_TENANT_ID}/v2.0` : name;
}

function bodyOf(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
