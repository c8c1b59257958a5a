/**
 * (m) mfa: what a TOTP second factor costs.
 *
 * - TOTP verification in this process, on one thread: the auth subgraph's own `totpStepOf` (the
 *   function `completeSignIn` and `confirmTotpEnrolment` call) over many random secrets, with the
 *   valid code of step +1 (the last of the three steps a ±1 window tries) and with a wrong code
 *   (all three fail), timed in batches with `process.hrtime.bigint`. Baseline: one raw
 *   HMAC-SHA-1 (`crypto.createHmac('sha1', key).update(counter).digest()`) per iteration, timed in
 *   the same loop, the three taking turns.
 * - Sign-in with a challenge against the stack, one request at a time from a child process
 *   (mfa-worker.ts): `login` of a user without a factor (the password check and the session),
 *   `login` of a user with a TOTP factor (the password check and the challenge opened),
 *   `completeSignIn` with the app's code, and a `completeSignIn` refused before any read (what a
 *   second request costs by itself). Each factor user signs in once (a code is accepted once).
 *   Each password check is timed as the server awaits it, and the logins are also taken less
 *   their own check: bcrypt's spread would otherwise drown a figure of a few ms.
 */
import crypto from 'node:crypto';
import { ConfirmTotpEnrolmentDocument, StartTotpEnrolmentDocument, type TypedDocument } from '@tradesage/client';
import { totpCode } from '@tradesage/core/testing';
import { provisionTenantWithUsers } from '@tradesage/subgraph-tenant';
// The auth subgraph's package exports only its server; the function under test is imported by path.
import { TOTP_PERIOD_SECONDS, totpStepOf } from '../../subgraphs/auth/src/services/mfa/totp.ts';
import { benchPassword, benchSlug, liftTenantRateLimits } from './provisioning.ts';
import type { Row } from './report.ts';
import type { StackBenchOptions } from './sessions.ts';
import { mapLimit, percentile, ratio } from './stats.ts';
import { runInWorker } from './worker.ts';

export const MFA_SETTINGS = {
  /** Random secrets the in-process verifications cycle through. */
  totpSecrets: 1000,
  /** ±steps tried, as the tenant default (`mfa.totpWindow`). */
  totpWindow: 1,
  /** Verifications (or HMACs) per timed batch. */
  totpBatchSize: 10,
  /** Batches per kind per round; the kinds take turns each round, in rotating order. */
  totpBatchesPerRound: 500,
  /** Timed rounds, after one untimed round of warm-up. */
  totpRounds: 10,
  /** Factor users timed (one sign-in each), and as many users without a factor. */
  signInUsers: 40,
  /** Sign-ins before the timed ones (users of their own, untimed). */
  signInWarmupUsers: 10,
  /** Enrolments through the gateway in flight at once (setup, untimed). */
  enrolParallelism: 4,
} as const;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of 20 bytes (160 bits: 32 characters, no padding), as authenticator apps take it. */
function base32(bytes: Buffer): string {
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32[Number.parseInt(chunk, 2)]).join('');
}

/** Batches of one kind: ns per operation of each batch, in the order measured, and the totals. */
interface Batches {
  readonly nsPerOp: number[];
  totalNs: number;
  ops: number;
}

/** Operation i of a kind; returns 1 when it answered what was expected (counted, never timed apart). */
type Op = (i: number) => number;

/**
 * `batches` batches of `size` operations from operation `from` on, each batch timed with
 * `process.hrtime.bigint` (recorded into `into` unless warming up); returns how many answered right.
 */
function timeBatches(op: Op, from: number, batches: number, size: number, into?: Batches): number {
  let good = 0;
  let i = from;
  for (let batch = 0; batch < batches; batch++) {
    const started = process.hrtime.bigint();
    for (let k = 0; k < size; k++) good += op(i++);
    const elapsed = Number(process.hrtime.bigint() - started);
    if (into) {
      into.nsPerOp.push(elapsed / size);
      into.totalNs += elapsed;
      into.ops += size;
    }
  }
  return good;
}

export interface TotpSummary {
  readonly perSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly ops: number;
  /** ns per operation, one value per batch, in the order measured. */
  readonly nsPerOpSamples: number[];
}

function summarise(batches: Batches): TotpSummary {
  return {
    perSecond: batches.ops / (batches.totalNs / 1e9),
    p50Us: percentile(batches.nsPerOp, 50) / 1000,
    p99Us: percentile(batches.nsPerOp, 99) / 1000,
    ops: batches.ops,
    nsPerOpSamples: batches.nsPerOp,
  };
}

/** TOTP verifications per second on one core, against raw HMAC-SHA-1 in the same loop. */
export function runTotpBench(log: (line: string) => void): { rows: Row[]; details: Record<string, unknown> } {
  const { totpSecrets, totpWindow, totpBatchSize, totpBatchesPerRound, totpRounds } = MFA_SETTINGS;
  const now = new Date();
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
  const keys = Array.from({ length: totpSecrets }, () => crypto.randomBytes(20));
  const secrets = keys.map(base32);
  // The code of step +1: a ±1 window tries the current step, then -1, then +1, so this is the last.
  const edgeCodes = secrets.map((secret) => totpCode(secret, now, 1));
  const wrongCodes = secrets.map((secret) => {
    for (;;) {
      const code = crypto.randomInt(1_000_000).toString().padStart(6, '0');
      if (totpStepOf(secret, code, now, totpWindow) === null) return code;
    }
  });
  for (const [i, secret] of secrets.entries()) {
    const found = totpStepOf(secret, edgeCodes[i] as string, now, totpWindow);
    if (found !== step + 1) throw new Error(`totpStepOf found step ${found} for the code of step ${step + 1}`);
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step + 1));

  const at = (i: number): number => i % totpSecrets;
  const kinds = [
    [
      'valid',
      (i: number) =>
        totpStepOf(secrets[at(i)] as string, edgeCodes[at(i)] as string, now, totpWindow) === null ? 0 : 1,
    ],
    [
      'wrong',
      (i: number) =>
        totpStepOf(secrets[at(i)] as string, wrongCodes[at(i)] as string, now, totpWindow) === null ? 1 : 0,
    ],
    [
      'hmac',
      (i: number) =>
        crypto
          .createHmac('sha1', keys[at(i)] as Buffer)
          .update(counter)
          .digest().length === 20
          ? 1
          : 0,
    ],
  ] as const satisfies ReadonlyArray<readonly [string, Op]>;
  const timings = new Map<string, Batches>(kinds.map(([name]) => [name, { nsPerOp: [], totalNs: 0, ops: 0 }]));

  // One untimed round first (JIT, the secrets' first decodings), then the kinds in turns.
  const perRound = totpBatchesPerRound * totpBatchSize;
  for (const [name, op] of kinds) {
    const good = timeBatches(op, 0, totpBatchesPerRound, totpBatchSize);
    if (good !== perRound) throw new Error(`${name}: ${perRound - good} of ${perRound} answered wrongly (warm-up)`);
  }
  for (let round = 0; round < totpRounds; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const [name, op] = kinds[(round + k) % kinds.length] as (typeof kinds)[number];
      const good = timeBatches(op, round * perRound, totpBatchesPerRound, totpBatchSize, timings.get(name));
      if (good !== perRound) throw new Error(`${name}: ${perRound - good} of ${perRound} answered wrongly`);
    }
  }

  const summary = Object.fromEntries([...timings].map(([name, batches]) => [name, summarise(batches)])) as Record<
    (typeof kinds)[number][0],
    TotpSummary
  >;
  const us = (n: number): string => n.toFixed(2);
  for (const [name, s] of Object.entries(summary))
    log(
      `${name.padEnd(6)} ${s.perSecond.toFixed(0).padStart(8)}/s on one core  p50 ${us(s.p50Us)} µs  p99 ${us(s.p99Us)} µs  (${s.ops} in batches of ${totpBatchSize})`,
    );

  const hmac = summary.hmac;
  const rows: Row[] = [];
  for (const [name, what] of [
    ['valid', 'valid code of step +1 (3 steps tried)'],
    ['wrong', 'wrong code (3 steps fail)'],
  ] as const) {
    const s = summary[name];
    rows.push(
      {
        figure: `TOTP verify, ${what}: per core`,
        value: s.perSecond,
        unit: 'verif/s',
        baselineLabel: 'raw HMAC-SHA-1/s, same loop',
        baseline: hmac.perSecond,
        ratio: ratio(s.perSecond, hmac.perSecond),
      },
      {
        figure: `TOTP verify, ${what}: p50`,
        value: s.p50Us,
        unit: 'µs',
        baselineLabel: 'one raw HMAC-SHA-1',
        baseline: hmac.p50Us,
        ratio: ratio(s.p50Us, hmac.p50Us),
      },
      {
        figure: `TOTP verify, ${what}: p99`,
        value: s.p99Us,
        unit: 'µs',
        baselineLabel: 'one raw HMAC-SHA-1',
        baseline: hmac.p99Us,
        ratio: ratio(s.p99Us, hmac.p99Us),
      },
    );
  }
  return { rows, details: { verification: summary, step, window: totpWindow } };
}

/** One user of the timed sign-ins (serialisable: it crosses to mfa-worker.ts). */
export interface SignInUser {
  readonly email: string;
  readonly password: string;
}

/** The sign-ins timed one after another (serialisable: it crosses to a child process, mfa-worker.ts). */
export interface SignInJob {
  readonly url: string;
  readonly tenant: string;
  /** Each round: a login without a factor, a login with one, its completeSignIn; warm-up rounds first. */
  readonly rounds: ReadonlyArray<{ readonly plain: SignInUser; readonly factor: SignInUser & { secret: string } }>;
  readonly warmup: number;
}

/** Each timed request's latency in ms (send to last byte), one per timed round. */
export interface SignInTimings {
  readonly plainLogin: number[];
  readonly factorLogin: number[];
  readonly completeSignIn: number[];
  /** A `completeSignIn` refused before any read: what a second request costs by itself. */
  readonly refusedCompletion: number[];
}

async function graphql<R, V>(url: string, document: TypedDocument<R, V>, variables: V, token: string): Promise<R> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: unknown };
  if (!response.ok || body.errors !== undefined || !body.data)
    throw new Error(`HTTP ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

export async function runSignInBench(
  options: StackBenchOptions,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { stack, login, log } = options;
  const { runtime } = stack;
  const { signInUsers, signInWarmupUsers, enrolParallelism } = MFA_SETTINGS;
  const count = signInUsers + signInWarmupUsers;
  const slug = benchSlug('mfa');
  // One hash shared by every user, as (d) and (l) do: a login costs one bcrypt comparison whatever
  // the password, and hashing a hundred passwords at once overflows the hashing queue (BUSY).
  const password = benchPassword();
  const usersOf = (kind: string): SignInUser[] =>
    Array.from({ length: count }, (_, i) => ({ email: `${kind}-${i}@${slug}.example`, password }));
  const plain = usersOf('plain');
  const withFactor = usersOf('totp');
  const tenant = await provisionTenantWithUsers(runtime, {
    slug,
    name: 'MFA bench tenant',
    users: [{ email: `admin@${slug}.example`, password, role: 'admin' }],
  });
  const db = runtime.db.tenant(tenant.id);
  const { passwordHash } = await db.user.findFirstOrThrow({ select: { passwordHash: true } });
  const rows = [...plain, ...withFactor].map((user) => ({ id: crypto.randomUUID(), email: user.email, passwordHash }));
  await db.user.createMany({ data: rows });
  await db.userRole.createMany({ data: rows.map((user) => ({ userId: user.id, role: 'trader' })) });
  await liftTenantRateLimits(runtime, tenant.id);

  // Every factor user enrols an authenticator app through the gateway, as the web app does.
  let started = performance.now();
  const enrolled = await mapLimit(withFactor, enrolParallelism, async (user) => {
    const token = await login(slug, user.email, user.password);
    const { startTotpEnrolment } = await graphql(stack.gatewayUrl, StartTotpEnrolmentDocument, {}, token);
    // The previous step's code, as the e2e tests enrol: the step +1 code used later is then unspent.
    const { confirmTotpEnrolment } = await graphql(
      stack.gatewayUrl,
      ConfirmTotpEnrolmentDocument,
      { input: { factorId: startTotpEnrolment.factorId, code: totpCode(startTotpEnrolment.secret, new Date(), -1) } },
      token,
    );
    if (confirmTotpEnrolment.factor.kind !== 'TOTP')
      throw new Error(`enrolment answered a ${confirmTotpEnrolment.factor.kind} factor`);
    return { ...user, secret: startTotpEnrolment.secret };
  });
  log(
    `tenant ${slug}: ${count} users without a factor, ${count} with an authenticator app (enrolled in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s); BCRYPT_COST ${runtime.config.passwords.bcryptCost}`,
  );

  // Each password check as the auth subgraph awaits it (the stack runs in this process, the
  // worker's logins one at a time): a login's time less its own check is what it costs beyond the
  // password, free of bcrypt's spread (~±5 ms at cost 10 here), which would drown a 5 ms figure.
  const { passwords } = runtime;
  const verify = passwords.verify.bind(passwords);
  const checks: number[] = [];
  passwords.verify = async (candidate, hash) => {
    const checkStarted = performance.now();
    try {
      return await verify(candidate, hash);
    } finally {
      checks.push(performance.now() - checkStarted);
    }
  };
  started = performance.now();
  const rounds = plain.map((user, i) => ({ plain: user, factor: enrolled[i] as SignInUser & { secret: string } }));
  const timings = await runInWorker<SignInTimings>(
    new URL('./mfa-worker.ts', import.meta.url),
    { url: stack.gatewayUrl, tenant: slug, rounds, warmup: signInWarmupUsers } satisfies SignInJob,
    'timed sign-ins',
  ).finally(() => {
    passwords.verify = verify;
  });
  // Two logins a round, each one check: even rounds the user without a factor first (mfa-worker.ts).
  if (checks.length !== 2 * rounds.length)
    throw new Error(`expected ${2 * rounds.length} password checks, saw ${checks.length}`);
  const timedRounds = rounds.map((_, i) => i).slice(signInWarmupUsers);
  const checkOf = (i: number, kind: 'plain' | 'factor'): number =>
    checks[2 * i + ((i % 2 === 0) === (kind === 'plain') ? 0 : 1)] as number;
  const plainChecks = timedRounds.map((i) => checkOf(i, 'plain'));
  const factorChecks = timedRounds.map((i) => checkOf(i, 'factor'));
  const ms = (n: number): string => n.toFixed(1);
  const p = (samples: readonly number[]) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) });
  const a = p(timings.plainLogin);
  const b = p(timings.factorLogin);
  const c = p(timings.completeSignIn);
  // A user with a factor waits for both requests: their sum, per user.
  const sums = timings.factorLogin.map((value, i) => value + (timings.completeSignIn[i] as number));
  const bc = p(sums);
  // The same without each login's own password check.
  const plainBeyond = p(timings.plainLogin.map((value, i) => value - (plainChecks[i] as number)));
  const factorBeyond = p(timings.factorLogin.map((value, i) => value - (factorChecks[i] as number)));
  const sumsBeyond = p(sums.map((value, i) => value - (factorChecks[i] as number)));
  const check = p([...plainChecks, ...factorChecks]);
  const refused = p(timings.refusedCompletion);
  for (const [label, s] of [
    ['login, no factor', a],
    ['login, TOTP factor', b],
    ['completeSignIn (TOTP)', c],
    ['login + completeSignIn', bc],
    ['password check', check],
    ['login, no factor, less the check', plainBeyond],
    ['login, TOTP, less the check', factorBeyond],
    ['both, less the check', sumsBeyond],
    ['completeSignIn refused, no read', refused],
  ] as const)
    log(`${label.padEnd(34)} p50 ${ms(s.p50)} ms  p99 ${ms(s.p99)} ms`);
  log(`${signInUsers} rounds timed in ${((performance.now() - started) / 1000).toFixed(1)} s (worker included)`);

  const cost = `cost ${runtime.config.passwords.bcryptCost}`;
  const noFactor = `login without a factor (${cost})`;
  const beyond = 'login without a factor, less its password check';
  const row = (figure: string, value: number, baselineLabel: string, baseline: number): Row => ({
    figure,
    value,
    unit: 'ms',
    baselineLabel,
    baseline,
    ratio: ratio(value, baseline),
  });
  const figures: Row[] = [
    row('login with a TOTP factor (password + challenge opened): p50', b.p50, noFactor, a.p50),
    row('login with a TOTP factor (password + challenge opened): p99', b.p99, noFactor, a.p99),
    row('completeSignIn with a TOTP code: p50', c.p50, noFactor, a.p50),
    row('completeSignIn with a TOTP code: p99', c.p99, noFactor, a.p99),
    row('login + completeSignIn (per user): p50', bc.p50, noFactor, a.p50),
    row('login + completeSignIn (per user): p99', bc.p99, noFactor, a.p99),
    row('password check (bcrypt, as the server awaits it): p50', check.p50, noFactor, a.p50),
    row('login + completeSignIn, less the password check: p50', sumsBeyond.p50, beyond, plainBeyond.p50),
    row('login + completeSignIn, less the password check: p99', sumsBeyond.p99, beyond, plainBeyond.p99),
    row(
      'what the challenge adds: p50 of both less the check - p50 of the login less it',
      sumsBeyond.p50 - plainBeyond.p50,
      'goal: at most',
      5,
    ),
    row('the same from the raw times: p50 (login + completeSignIn) - p50 login', bc.p50 - a.p50, 'goal: at most', 5),
    row(
      'a second request by itself: completeSignIn refused before any read, p50',
      refused.p50,
      'what the challenge adds (less the check), p50',
      sumsBeyond.p50 - plainBeyond.p50,
    ),
    row(
      'what the challenge adds beyond a second request: the above less it',
      sumsBeyond.p50 - plainBeyond.p50 - refused.p50,
      'goal: at most',
      5,
    ),
  ];
  return {
    rows: figures,
    details: {
      timings,
      loginPlain: a,
      loginWithFactor: b,
      completeSignIn: c,
      loginPlusComplete: bc,
      sumOfP50s: b.p50 + c.p50,
      passwordChecks: { plain: plainChecks, factor: factorChecks },
      refusedCompletion: refused,
      lessTheCheck: { loginPlain: plainBeyond, loginWithFactor: factorBeyond, loginPlusComplete: sumsBeyond },
      bcryptCost: runtime.config.passwords.bcryptCost,
    },
  };
}
