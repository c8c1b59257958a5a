/**
 * The sign-ins of (m), timed one request at a time from a child process (forked by mfa.ts), each
 * from send to the last byte of its answer, over one kept-alive connection (node:http, as
 * sequential-worker.ts and for the same reasons): per round, `login` of a user without a factor,
 * `login` of a user with an authenticator app (answered by a challenge) and `completeSignIn` with
 * that app's code. The code is made between the two, untimed. Even rounds start with the user
 * without a factor, odd rounds with the other, so a machine that gets busier hits both alike.
 * Each round ends with a `completeSignIn` refused before any read (timedRefusal).
 */
import http from 'node:http';
import { totpCode } from '@tradesage/core/testing';
import type { SignInJob, SignInTimings, SignInUser } from './mfa.ts';
import { serveJob } from './worker.ts';

const LOGIN =
  'mutation Login($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken } ... on MfaChallenge { challengeToken } } }';
const COMPLETE_SIGN_IN =
  'mutation CompleteSignIn($input: CompleteSignInInput!) { completeSignIn(input: $input) { accessToken } }';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** One request, timed; the answer must be a 200 without errors holding the string field `field` of `root`. */
async function timed(
  url: string,
  what: string,
  query: string,
  input: Record<string, unknown>,
  root: string,
  field: string,
): Promise<{ ms: number; value: string }> {
  const body = JSON.stringify({ query, variables: { input } });
  const started = performance.now();
  const { status, text } = await post(url, body);
  const ms = performance.now() - started;
  const parsed = JSON.parse(text) as { data?: Record<string, Record<string, unknown> | null> | null; errors?: unknown };
  const value = parsed.data?.[root]?.[field];
  if (status !== 200 || parsed.errors !== undefined || typeof value !== 'string')
    throw new Error(`${what}: expected HTTP 200 with ${root}.${field}, got ${status} ${text.slice(0, 300)}`);
  return { ms, value };
}

/**
 * A `completeSignIn` whose token does not decrypt, timed: refused (MFA_CHALLENGE_EXPIRED) by the
 * auth subgraph before any read, so it costs what any second request costs, the trip through the
 * gateway to the subgraph and back, and nothing of a challenge.
 */
async function timedRefusal(url: string): Promise<number> {
  const body = JSON.stringify({
    query: COMPLETE_SIGN_IN,
    variables: { input: { challengeToken: UNREADABLE_TOKEN, totpCode: '000000' } },
  });
  const started = performance.now();
  const { status, text } = await post(url, body);
  const ms = performance.now() - started;
  const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
  if (status !== 200 || parsed.errors?.[0]?.extensions?.code !== 'MFA_CHALLENGE_EXPIRED')
    throw new Error(
      `completeSignIn with an unreadable token: expected MFA_CHALLENGE_EXPIRED, got ${status} ${text.slice(0, 300)}`,
    );
  return ms;
}

/** Shaped like a challenge token (`v1.<sealed>.<random>`), sealed under no key of the stack's. */
const UNREADABLE_TOKEN = `v1.${Buffer.alloc(101, 7).toString('base64url')}.${Buffer.alloc(32, 9).toString('base64url')}`;

async function run(job: SignInJob): Promise<SignInTimings> {
  const timings: SignInTimings = { plainLogin: [], factorLogin: [], completeSignIn: [], refusedCompletion: [] };
  const plainLogin = (user: SignInUser) =>
    timed(
      job.url,
      `login of ${user.email}`,
      LOGIN,
      { tenant: job.tenant, ...credentials(user) },
      'login',
      'accessToken',
    );
  const withFactor = async (user: SignInUser & { secret: string }) => {
    const challenge = await timed(
      job.url,
      `login of ${user.email}`,
      LOGIN,
      { tenant: job.tenant, ...credentials(user) },
      'login',
      'challengeToken',
    );
    // The app's code of the next step: accepted within the ±1 window, and never the step enrolled with.
    const code = totpCode(user.secret, new Date(), 1);
    const completed = await timed(
      job.url,
      `completeSignIn of ${user.email}`,
      COMPLETE_SIGN_IN,
      { challengeToken: challenge.value, totpCode: code },
      'completeSignIn',
      'accessToken',
    );
    return { login: challenge.ms, complete: completed.ms };
  };
  for (const [i, round] of job.rounds.entries()) {
    let plain: number;
    let factor: { login: number; complete: number };
    if (i % 2 === 0) {
      plain = (await plainLogin(round.plain)).ms;
      factor = await withFactor(round.factor);
    } else {
      factor = await withFactor(round.factor);
      plain = (await plainLogin(round.plain)).ms;
    }
    const refused = await timedRefusal(job.url);
    if (i < job.warmup) continue;
    timings.refusedCompletion.push(refused);
    timings.plainLogin.push(plain);
    timings.factorLogin.push(factor.login);
    timings.completeSignIn.push(factor.complete);
  }
  return timings;
}

function credentials(user: SignInUser): { email: string; password: string } {
  return { email: user.email, password: user.password };
}

serveJob(run);
