/**
 * Clients of the auth benchmarks, run in a child process (forked by auth.ts) so that the load
 * generator never shares an event loop with the stack it measures: the stack process's event-loop
 * delay is then the stack's own.
 *
 * - `probe`: `me` queries through the gateway, a few at a time, for a fixed time (the quiet baseline).
 * - `logins`: every login at once; a BUSY answer is retried after its `retryAfterSeconds` (with
 *   jittered exponential backoff, as a well-behaved client does); `me` is probed alongside.
 * - `refresh`: refreshes for a fixed time, each lane owning its sessions and rotating their tokens
 *   one at a time (single-flight per session, like a real client).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { serveJob } from './worker.ts';

export interface LoginUser {
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
}

export type AuthJob =
  | {
      readonly kind: 'probe';
      readonly gatewayUrl: string;
      readonly meToken: string;
      readonly seconds: number;
      readonly probes: number;
    }
  | {
      readonly kind: 'logins';
      readonly gatewayUrl: string;
      readonly users: readonly LoginUser[];
      readonly meToken: string | null;
      readonly probes: number;
    }
  | {
      readonly kind: 'refresh';
      readonly gatewayUrl: string;
      readonly refreshTokens: readonly string[];
      readonly lanes: number;
      readonly warmupSeconds: number;
      readonly seconds: number;
    };

export interface ProbeResult {
  readonly meLatenciesMs: number[];
  readonly meErrors: number;
}

export interface LoginsResult extends ProbeResult {
  readonly totalMs: number;
  readonly succeeded: number;
  /** BUSY answers that were retried. */
  readonly busyRetries: number;
  /** Logins that needed at least one retry. */
  readonly retriedLogins: number;
  /** Any failure other than BUSY, by code or message. */
  readonly otherErrors: Record<string, number>;
  readonly loginLatenciesMs: number[];
  /** Refresh tokens of the sessions opened (for the refresh benchmark). */
  readonly refreshTokens: string[];
}

export interface RefreshResult {
  readonly refreshes: number;
  readonly seconds: number;
  readonly errors: Record<string, number>;
  readonly latenciesMs: number[];
}

const LOGIN =
  'mutation Login($input: LoginInput!) { login(input: $input) { ... on AuthPayload { accessToken refreshToken } } }';
const REFRESH =
  'mutation Refresh($input: RefreshInput!) { refresh(input: $input) { ... on AuthPayload { accessToken refreshToken } } }';
const ME = JSON.stringify({ query: '{ me { id } }' });

interface GraphQLAnswer {
  data?: Record<string, { accessToken?: string; refreshToken?: string; id?: string } | null> | null;
  errors?: Array<{ message?: string; extensions?: { code?: string; details?: { retryAfterSeconds?: number } } }>;
}

async function post(url: string, body: string, token?: string): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    signal: AbortSignal.timeout(180_000),
  });
  return (await response.json()) as GraphQLAnswer;
}

function errorKey(answer: GraphQLAnswer): string {
  const first = answer.errors?.[0];
  return first?.extensions?.code ?? first?.message ?? 'no data';
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** `me` every so often, `lanes` at a time, until `stop` resolves. */
async function probeMe(url: string, token: string, lanes: number, stop: Promise<unknown>): Promise<ProbeResult> {
  const meLatenciesMs: number[] = [];
  let meErrors = 0;
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const lane = async (): Promise<void> => {
    while (!stopped) {
      const started = performance.now();
      try {
        const answer = await post(url, ME, token);
        if (answer.data?.['me']?.id) meLatenciesMs.push(performance.now() - started);
        else meErrors++;
      } catch {
        meErrors++;
      }
      await sleep(20);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { meLatenciesMs, meErrors };
}

async function logins(job: Extract<AuthJob, { kind: 'logins' }>): Promise<LoginsResult> {
  let busyRetries = 0;
  let retriedLogins = 0;
  const otherErrors: Record<string, number> = {};
  const loginLatenciesMs: number[] = [];
  const refreshTokens: string[] = [];
  const started = performance.now();
  const one = async (user: LoginUser): Promise<void> => {
    const body = JSON.stringify({ query: LOGIN, variables: { input: user } });
    const began = performance.now();
    for (let attempt = 1; ; attempt++) {
      let answer: GraphQLAnswer;
      try {
        answer = await post(job.gatewayUrl, body);
      } catch (error) {
        count(otherErrors, `transport: ${(error as Error).name}`);
        return;
      }
      const login = answer.data?.['login'];
      if (login?.refreshToken) {
        loginLatenciesMs.push(performance.now() - began);
        refreshTokens.push(login.refreshToken);
        if (attempt > 1) retriedLogins++;
        return;
      }
      const first = answer.errors?.[0];
      if (first?.extensions?.code !== 'BUSY') {
        count(otherErrors, errorKey(answer));
        return;
      }
      busyRetries++;
      const hint = first.extensions.details?.retryAfterSeconds ?? 1;
      const backoff = Math.min(8, 2 ** (attempt - 1));
      await sleep(Math.max(hint, backoff) * 1000 * (0.5 + Math.random()));
    }
  };
  const storm = Promise.all(job.users.map(one));
  const probing = job.meToken
    ? probeMe(job.gatewayUrl, job.meToken, job.probes, storm)
    : Promise.resolve({ meLatenciesMs: [], meErrors: 0 });
  await storm;
  const totalMs = performance.now() - started;
  const probe = await probing;
  return {
    ...probe,
    totalMs,
    succeeded: loginLatenciesMs.length,
    busyRetries,
    retriedLogins,
    otherErrors,
    loginLatenciesMs,
    refreshTokens,
  };
}

async function refresh(job: Extract<AuthJob, { kind: 'refresh' }>): Promise<RefreshResult> {
  const tokens = [...job.refreshTokens];
  const errors: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let refreshes = 0;
  let measuring = false;
  let stopped = false;
  const lane = async (laneIndex: number): Promise<void> => {
    // Lane i owns sessions i, i + lanes, i + 2·lanes, ...: no session is ever refreshed twice at once.
    const mine = tokens.map((_, index) => index).filter((index) => index % job.lanes === laneIndex);
    for (let turn = 0; !stopped && mine.length > 0; turn++) {
      const index = mine[turn % mine.length] as number;
      const began = performance.now();
      let answer: GraphQLAnswer;
      try {
        answer = await post(
          job.gatewayUrl,
          JSON.stringify({ query: REFRESH, variables: { input: { refreshToken: tokens[index] } } }),
        );
      } catch (error) {
        count(errors, `transport: ${(error as Error).name}`);
        continue;
      }
      const next = answer.data?.['refresh']?.refreshToken;
      if (!next) {
        count(errors, errorKey(answer));
        mine.splice(turn % mine.length, 1);
        continue;
      }
      tokens[index] = next;
      if (measuring && !stopped) {
        refreshes++;
        latenciesMs.push(performance.now() - began);
      }
    }
  };
  const running = Promise.all(Array.from({ length: job.lanes }, (_, i) => lane(i)));
  await sleep(job.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(job.seconds * 1000);
  stopped = true;
  const seconds = (performance.now() - started) / 1000;
  await running;
  return { refreshes, seconds, errors, latenciesMs };
}

async function run(job: AuthJob): Promise<ProbeResult | LoginsResult | RefreshResult> {
  switch (job.kind) {
    case 'probe':
      return probeMe(job.gatewayUrl, job.meToken, job.probes, sleep(job.seconds * 1000));
    case 'logins':
      return logins(job);
    case 'refresh':
      return refresh(job);
  }
}

serveJob(run);
