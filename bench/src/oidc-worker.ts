/**
 * The load of (o) oidc, from a child process (forked by oidc.ts) so the load generator never shares
 * an event loop with the stack it measures. Every request is real: each code is redeemed once, each
 * refresh token is spent once (rotation hands back the next one, which the same connection sends
 * on its next turn of that chain).
 *
 * - `redeem`: authorization codes (pre-created by the parent, untimed) redeemed at the token
 *   endpoint, `connections` at a time, each connection taking the next code when its answer is in.
 * - `refresh`: `connections` lanes; lane i owns chains i, i + connections, ... and sends the newest
 *   token of each in turn, one request at a time (no chain is ever refreshed twice at once). Either
 *   at the provider's token endpoint (`oidc`) or through the gateway's own `refresh` mutation with
 *   body delivery (`own`). Warm-up first (not counted), then a measured window: the answers received within it count;
 *   requests still in flight at its end finish (their tokens are kept) but are not counted.
 *
 * Requests go over node:http with a kept-alive agent, one socket per lane. Any answer other than
 * HTTP 200 with the expected tokens is an error, counted by its `error` (or code), and its chain is
 * dropped; the parent fails the run on any error.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveJob } from './worker.ts';

export interface PendingCode {
  readonly code: string;
  readonly verifier: string;
}

export type OidcJob =
  | {
      readonly kind: 'redeem';
      /** The tenant's token endpoint. */
      readonly url: string;
      /** `Basic base64(client_id:client_secret)`. */
      readonly authorization: string;
      readonly redirectUri: string;
      readonly codes: readonly PendingCode[];
      readonly connections: number;
    }
  | {
      readonly kind: 'refresh';
      readonly via: 'oidc' | 'own';
      /** The token endpoint (`oidc`) or the gateway's GraphQL URL (`own`). */
      readonly url: string;
      /** `oidc` only: the client's Basic credentials. */
      readonly authorization: string;
      readonly tokens: readonly string[];
      readonly connections: number;
      readonly warmupSeconds: number;
      readonly seconds: number;
    };

export interface RedeemResult {
  readonly redeemed: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly errors: Record<string, number>;
  /** The refresh token each code's redemption issued, in the order of the codes ('' when none). */
  readonly refreshTokens: string[];
}

export interface RefreshResult {
  /** Requests answered within the measured window. */
  readonly requests: number;
  /** Requests answered during the warm-up and after the window (served, not counted). */
  readonly uncounted: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly errors: Record<string, number>;
  /** The newest token of every chain ('' for a chain dropped after an error). */
  readonly tokens: string[];
}

const REFRESH_MUTATION =
  'mutation Refresh($input: RefreshInput!) { refresh(input: $input) { ... on AuthPayload { accessToken refreshToken } } }';

function post(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

type Outcome = { readonly next: string } | { readonly error: string };

/** One token-endpoint request: the answer's refresh token (or '' when none was issued), or the error. */
async function tokenRequest(
  agent: http.Agent,
  url: string,
  authorization: string,
  form: Record<string, string>,
  needRefreshToken: boolean,
): Promise<Outcome> {
  const { status, text } = await post(
    agent,
    url,
    { 'content-type': 'application/x-www-form-urlencoded', authorization, accept: 'application/json' },
    new URLSearchParams(form).toString(),
  );
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { error: `HTTP ${status} (not JSON)` };
  }
  if (status !== 200) return { error: `HTTP ${status} ${String(body['error'] ?? '')}`.trim() };
  if (typeof body['access_token'] !== 'string' || typeof body['id_token'] !== 'string')
    return { error: 'no access_token or id_token' };
  const next = body['refresh_token'];
  if (needRefreshToken && typeof next !== 'string') return { error: 'no refresh_token' };
  return { next: typeof next === 'string' ? next : '' };
}

/** One `refresh` mutation through the gateway (body delivery): the new refresh token, or the error. */
async function ownRefresh(agent: http.Agent, url: string, token: string): Promise<Outcome> {
  const { status, text } = await post(
    agent,
    url,
    { 'content-type': 'application/json' },
    JSON.stringify({ query: REFRESH_MUTATION, variables: { input: { refreshToken: token } } }),
  );
  let body: {
    data?: { refresh?: { accessToken?: unknown; refreshToken?: unknown } | null } | null;
    errors?: Array<{ message?: string; extensions?: { code?: string } }>;
  };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { error: `HTTP ${status} (not JSON)` };
  }
  const answer = body.data?.refresh;
  if (status !== 200 || body.errors !== undefined || typeof answer?.refreshToken !== 'string')
    return { error: body.errors?.[0]?.extensions?.code ?? body.errors?.[0]?.message ?? `HTTP ${status}` };
  if (typeof answer.accessToken !== 'string') return { error: 'no accessToken' };
  return { next: answer.refreshToken };
}

async function redeem(job: Extract<OidcJob, { kind: 'redeem' }>): Promise<RedeemResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const errors: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const refreshTokens = job.codes.map(() => '');
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < job.codes.length) {
      const index = next++;
      const { code, verifier } = job.codes[index] as PendingCode;
      const began = performance.now();
      let outcome: Outcome;
      try {
        outcome = await tokenRequest(
          agent,
          job.url,
          job.authorization,
          { grant_type: 'authorization_code', code, redirect_uri: job.redirectUri, code_verifier: verifier },
          false,
        );
      } catch (error) {
        outcome = { error: `transport: ${(error as Error).message}` };
      }
      if ('error' in outcome) {
        count(errors, outcome.error);
        continue;
      }
      latenciesMs.push(performance.now() - began);
      refreshTokens[index] = outcome.next;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.connections }, lane));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { redeemed: latenciesMs.length, seconds, latenciesMs, errors, refreshTokens };
}

async function refresh(job: Extract<OidcJob, { kind: 'refresh' }>): Promise<RefreshResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const tokens = [...job.tokens];
  const errors: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let requests = 0;
  let uncounted = 0;
  let measuring = false;
  let stopped = false;
  const send = (token: string): Promise<Outcome> =>
    job.via === 'oidc'
      ? tokenRequest(agent, job.url, job.authorization, { grant_type: 'refresh_token', refresh_token: token }, true)
      : ownRefresh(agent, job.url, token);
  const lane = async (laneIndex: number): Promise<void> => {
    const mine = tokens.map((_, index) => index).filter((index) => index % job.connections === laneIndex);
    for (let turn = 0; !stopped && mine.length > 0; turn++) {
      const at = turn % mine.length;
      const index = mine[at] as number;
      const began = performance.now();
      let outcome: Outcome;
      try {
        outcome = await send(tokens[index] as string);
      } catch (error) {
        outcome = { error: `transport: ${(error as Error).message}` };
      }
      if ('error' in outcome) {
        count(errors, outcome.error);
        tokens[index] = '';
        mine.splice(at, 1);
        turn--;
        continue;
      }
      tokens[index] = outcome.next;
      // Counted when answered within the measured window.
      if (measuring && !stopped) {
        requests++;
        latenciesMs.push(performance.now() - began);
      } else uncounted++;
    }
  };
  const running = Promise.all(Array.from({ length: job.connections }, (_, i) => lane(i)));
  await sleep(job.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(job.seconds * 1000);
  stopped = true;
  const seconds = (performance.now() - started) / 1000;
  await running;
  agent.destroy();
  return { requests, uncounted, seconds, latenciesMs, errors, tokens };
}

async function run(job: OidcJob): Promise<RedeemResult | RefreshResult> {
  return job.kind === 'redeem' ? redeem(job) : refresh(job);
}

serveJob(run);
