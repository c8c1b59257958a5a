import { performance } from 'node:perf_hooks';
import { ReplyError } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from './dependency-breaker.ts';
import { createLogger } from './logger.ts';
import type { BreakerState } from './observability/metrics.ts';
import { RateCounter } from './rate-limit.ts';
import { createRedis, redisSettled, type RedisConnection, type RedisSettings } from './redis.ts';
import { PrivateRedis } from './testing/private-redis.ts';

// Redis's breaker against a redis-server of the test's own that the test freezes (SIGSTOP: the
// connection stays open and nothing answers), kills and restarts. The requirement: once a stall
// is detected, it costs a request at most 100 ms — the open breaker refuses at once, without
// sending — and the breaker closes again by itself once Redis answers its probe.
// Timing bounds are generous: the machine has 2 cores and runs other test files meanwhile.

const logger = createLogger({ level: 'silent', name: 'redis-breaker-test' });
/** What "refused at once" means here (the requirement's bound per request). */
const AT_ONCE_MS = 100;
/** The breaker's `minCalls`: failures needed in the window before it may open. */
const MIN_CALLS = 5;
/** Failures in a row that open a breaker (dependency-breaker.ts' default). */
const FAILURES_IN_A_ROW = 3;

const servers: PrivateRedis[] = [];
const connections: RedisConnection[] = [];

afterEach(async () => {
  for (const { redis, breaker } of connections.splice(0)) {
    breaker.close();
    redis.disconnect();
  }
  for (const server of servers.splice(0)) await server.dispose();
});

async function privateRedis(): Promise<PrivateRedis> {
  const server = await PrivateRedis.start();
  servers.push(server);
  return server;
}

interface Watched extends RedisConnection {
  /** Every transition of the breaker, with performance.now() when it happened. */
  readonly transitions: { state: BreakerState; at: number }[];
  /** Resolves at the next transition to `state` (performance.now() of it). */
  next(state: BreakerState, timeoutMs?: number): Promise<number>;
}

async function connect(server: PrivateRedis, settings: RedisSettings): Promise<Watched> {
  const connection = createRedis(server.url, logger, { keyPrefix: 'breaker-test:', ...settings });
  connections.push(connection);
  const transitions: { state: BreakerState; at: number }[] = [];
  const waiting = new Set<{ state: BreakerState; resolve: (at: number) => void }>();
  connection.breaker.onStateChange((state) => {
    const at = performance.now();
    transitions.push({ state, at });
    for (const waiter of waiting) {
      if (waiter.state !== state) continue;
      waiting.delete(waiter);
      waiter.resolve(at);
    }
  });
  await redisSettled(connection.redis, 5_000);
  expect(connection.redis.status).toBe('ready');
  return {
    ...connection,
    transitions,
    next: (state, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const waiter = {
          state,
          resolve: (at: number) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        const timer = setTimeout(() => {
          waiting.delete(waiter);
          reject(new Error(`breaker did not become ${state} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.add(waiter);
      }),
  };
}

interface Outcome<T> {
  readonly ms: number;
  readonly value?: T;
  readonly error?: unknown;
}

async function timed<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const value = await call();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** Calls per command name the server has executed since its last CONFIG RESETSTAT. */
async function commandCalls(server: PrivateRedis): Promise<Record<string, number>> {
  const direct = server.client();
  try {
    const info = await direct.info('commandstats');
    const calls: Record<string, number> = {};
    for (const [, command, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (command && count) calls[command] = Number(count);
    }
    return calls;
  } finally {
    direct.disconnect();
  }
}

async function resetCommandStats(server: PrivateRedis): Promise<void> {
  const direct = server.client();
  try {
    await direct.config('RESETSTAT');
  } finally {
    direct.disconnect();
  }
}

/** Waits until the server has executed `count` calls of `command` (what was sent while frozen). */
async function executed(server: PrivateRedis, command: string, count: number): Promise<void> {
  await expect.poll(async () => (await commandCalls(server))[command] ?? 0, { timeout: 10_000 }).toBe(count);
}

/**
 * Sends MIN_CALLS EXISTS at once to a frozen server: each fails at its command deadline and the
 * breaker opens. Returns their outcomes and when the breaker opened.
 */
async function detectStall(watched: Watched): Promise<{ outcomes: Outcome<number>[]; openedAt: number }> {
  const opened = watched.next('open');
  const outcomes = await Promise.all(
    Array.from({ length: MIN_CALLS }, (_, i) => timed(() => watched.redis.exists(`detect:${i}`))),
  );
  const openedAt = await opened;
  expect(watched.breaker.state).toBe('open');
  return { outcomes, openedAt };
}

function expectRefusedAtOnce(outcome: Outcome<unknown>): void {
  expect(outcome.error).toBeInstanceOf(DependencyUnavailableError);
  expect(outcome.ms).toBeLessThan(AT_ONCE_MS);
}

const SET_SCRIPT = "return redis.call('SET', KEYS[1], ARGV[1])";

describe('the Redis breaker with a frozen redis-server', () => {
  it('opens after the first deadlines, then refuses GET, pipeline and eval at once without sending them', async () => {
    const server = await privateRedis();
    const timeoutMs = 250;
    const watched = await connect(server, { timeoutMs, breakerResetMs: 60_000 });
    await resetCommandStats(server);
    await server.freeze();

    // Detection: each of the first calls waits out the command deadline (REDIS_TIMEOUT_MS).
    for (const outcome of (await detectStall(watched)).outcomes) {
      expect((outcome.error as Error).message).toMatch(/Command timed out/);
      expect(outcome.ms).toBeGreaterThanOrEqual(timeoutMs - 5);
      expect(outcome.ms).toBeLessThan(timeoutMs + 1_000);
    }

    // After the detection: no request waits on the stalled Redis.
    expectRefusedAtOnce(await timed(() => watched.redis.get('refused:get')));
    const pipeline = await timed(() =>
      watched.redis.pipeline().set('refused:pipeline', '1').incr('refused:incr').exec(),
    );
    expect(pipeline.ms).toBeLessThan(AT_ONCE_MS);
    // A pipeline resolves with each command's error rather than rejecting.
    expect(pipeline.value?.map(([error]) => error)).toEqual([
      expect.any(DependencyUnavailableError),
      expect.any(DependencyUnavailableError),
    ]);
    expectRefusedAtOnce(await timed(() => watched.redis.eval(SET_SCRIPT, 1, 'refused:eval', '1')));
    expect(watched.breaker.window().rejected).toBeGreaterThanOrEqual(3);

    // None of them reached Redis: once it answers again it has run the detection's EXISTS (they
    // were written before the breaker opened) and nothing else of this client.
    await server.thaw();
    await executed(server, 'exists', MIN_CALLS);
    const calls = await commandCalls(server);
    for (const command of ['get', 'set', 'incr', 'eval', 'evalsha']) expect(calls[command]).toBeUndefined();
    const direct = server.client('breaker-test:');
    expect(await direct.exists('refused:pipeline', 'refused:incr', 'refused:eval')).toBe(0);
  });

  it('refuses every request while half-open (the probe is the only trial) and closes once Redis answers', async () => {
    const server = await privateRedis();
    const breakerResetMs = 1_000;
    const watched = await connect(server, { timeoutMs: 250, breakerResetMs });
    await resetCommandStats(server);
    await server.freeze();
    await detectStall(watched);

    // Still frozen when the breaker goes half-open: its probe waits out the deadline, and every
    // request made meanwhile is refused at once instead of being let through as a trial.
    const halfOpen = watched.next('half_open');
    const reopened = watched.next('open', 5_000);
    await halfOpen;
    const duringHalfOpen: Outcome<unknown>[] = [];
    while (watched.breaker.state === 'half_open') {
      duringHalfOpen.push(await timed(() => watched.redis.get('half-open')));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await reopened;
    expect(duringHalfOpen.length).toBeGreaterThan(0);
    for (const outcome of duringHalfOpen) expectRefusedAtOnce(outcome);

    // Thawed: the next probe, one reset period after the breaker opened again, closes it.
    const thawedAt = performance.now();
    const closed = watched.next('closed');
    await server.thaw();
    const closedAt = await closed;
    expect(closedAt - thawedAt).toBeLessThan(breakerResetMs + 750);
    expect(watched.breaker.state).toBe('closed');
    expect(watched.transitions.map(({ state }) => state)).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);

    // No GET reached Redis before the breaker closed; after, commands work again.
    expect((await commandCalls(server))['get']).toBeUndefined();
    expect(await watched.redis.set('after', 'v')).toBe('OK');
    expect(await watched.redis.get('after')).toBe('v');
    expect((await commandCalls(server))['get']).toBe(1);
  });

  it('closes within about REDIS_BREAKER_RESET_MS of a thaw that follows the detection', async () => {
    const server = await privateRedis();
    const breakerResetMs = 800;
    const watched = await connect(server, { timeoutMs: 200, breakerResetMs });
    await server.freeze();
    const { openedAt } = await detectStall(watched);
    const closed = watched.next('closed');
    await server.thaw();
    const closedAt = await closed;
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(breakerResetMs - 20);
    expect(closedAt - openedAt).toBeLessThan(breakerResetMs + 750);
    expect(await watched.redis.incr('works')).toBe(1);
  });
});

describe('the Redis breaker and reply errors', () => {
  it('never opens on reply errors (WRONGTYPE, a script error), however many', async () => {
    const server = await privateRedis();
    const watched = await connect(server, { timeoutMs: 250, breakerResetMs: 1_000 });
    await watched.redis.set('a-string', 'not a number');
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => timed(() => watched.redis.incr('a-string'))));
    for (const outcome of outcomes) {
      expect(outcome.error).toBeInstanceOf(ReplyError);
      expect((outcome.error as Error).message).toMatch(/^WRONGTYPE|not an integer/);
    }
    for (let i = 0; i < 20; i++) {
      const outcome = await timed(() => watched.redis.eval("return redis.error_reply('refused by script')", 0));
      expect(outcome.error).toBeInstanceOf(ReplyError);
    }
    expect(watched.breaker.state).toBe('closed');
    expect(watched.breaker.window().failures).toBe(0);
    expect(watched.transitions).toEqual([]);
    expect(await watched.redis.get('a-string')).toBe('not a number');
  });
});

describe('the Redis breaker with a killed redis-server', () => {
  it('opens on commands that fail at once, and closes again once Redis is back', async () => {
    const server = await privateRedis();
    const watched = await connect(server, { timeoutMs: 250, breakerResetMs: 500 });
    await server.kill();
    await expect.poll(() => watched.redis.status, { timeout: 5_000 }).not.toBe('ready');

    const opened = watched.next('open');
    const failures: Outcome<unknown>[] = [];
    while (watched.breaker.state === 'closed' && failures.length < 20) {
      failures.push(await timed(() => watched.redis.get('down')));
    }
    await opened;
    // Three failures in a row open it, whatever the window held before.
    expect(failures.length).toBe(FAILURES_IN_A_ROW);
    for (const outcome of failures) {
      expect((outcome.error as Error).message).toMatch(/Stream isn't writeable/);
      expect(outcome.ms).toBeLessThan(AT_ONCE_MS);
    }
    expectRefusedAtOnce(await timed(() => watched.redis.get('down')));

    const closed = watched.next('closed', 15_000);
    await server.start();
    await closed;
    expect(watched.breaker.state).toBe('closed');
    expect(await watched.redis.set('back', '1')).toBe('OK');
  });
});

describe('REDIS_TIMEOUT_MS and REDIS_BREAKER_RESET_MS', () => {
  it('a shorter command deadline fails a stalled command sooner', async () => {
    const server = await privateRedis();
    const quick = await connect(server, { timeoutMs: 150, breakerResetMs: 60_000 });
    const patient = await connect(server, { timeoutMs: 1_500, breakerResetMs: 60_000 });
    await server.freeze();
    const [fast, slow] = await Promise.all([timed(() => quick.redis.get('k')), timed(() => patient.redis.get('k'))]);
    for (const outcome of [fast, slow]) expect((outcome.error as Error).message).toMatch(/Command timed out/);
    expect(fast.ms).toBeGreaterThanOrEqual(150 - 5);
    expect(fast.ms).toBeLessThan(900);
    expect(slow.ms).toBeGreaterThanOrEqual(1_500 - 5);
    expect(slow.ms).toBeLessThan(3_500);
  });

  it('a shorter reset period closes the breaker sooner', async () => {
    const server = await privateRedis();
    const quick = await connect(server, { timeoutMs: 150, breakerResetMs: 300 });
    const patient = await connect(server, { timeoutMs: 150, breakerResetMs: 2_500 });
    await server.freeze();
    const [quickStall, patientStall] = await Promise.all([detectStall(quick), detectStall(patient)]);
    const quickClosed = quick.next('closed');
    const patientClosed = patient.next('closed');
    await server.thaw();
    const quickOpenMs = (await quickClosed) - quickStall.openedAt;
    const patientOpenMs = (await patientClosed) - patientStall.openedAt;
    expect(quickOpenMs).toBeGreaterThanOrEqual(300 - 20);
    expect(quickOpenMs).toBeLessThan(1_500);
    expect(patientOpenMs).toBeGreaterThanOrEqual(2_500 - 20);
    expect(patientOpenMs).toBeLessThan(4_000);
  });
});

describe('a rate limit counter while the breaker is open', () => {
  it('keeps counting in its in-memory insurance, each hit at once, never unlimited', async () => {
    const server = await privateRedis();
    const timeoutMs = 200;
    const watched = await connect(server, { timeoutMs, breakerResetMs: 60_000 });
    const points = 3;
    const counter = new RateCounter({ name: 'breaker-test', points, durationSeconds: 60 }, watched.redis, logger);
    expect((await counter.hit('subject')).count).toBe(1);
    await server.freeze();

    // The counter's own hits detect the stall: each waits out the deadline, then counts in memory.
    const hits: (Outcome<Awaited<ReturnType<RateCounter['hit']>>> & { open: boolean })[] = [];
    while (hits.length < 15) {
      const open = watched.breaker.state === 'open';
      hits.push({ ...(await timed(() => counter.hit('subject'))), open });
    }
    expect(watched.breaker.state).toBe('open');
    const whileOpen = hits.filter(({ open }) => open);
    expect(whileOpen.length).toBeGreaterThanOrEqual(15 - MIN_CALLS);
    for (const hit of whileOpen) expect(hit.ms).toBeLessThan(AT_ONCE_MS);
    for (const hit of hits.filter(({ open }) => !open)) expect(hit.ms).toBeGreaterThanOrEqual(timeoutMs - 5);

    // Counted, never "allowed because unavailable": the insurance's counts go up one per hit (it
    // did not see the first hit, made in Redis) and every hit beyond the points is exceeded.
    const counts = hits.map((hit) => hit.value?.count);
    expect(counts).toEqual(Array.from({ length: hits.length }, (_, i) => i + 1));
    for (const hit of hits) expect(hit.value?.exceeded).toBe((hit.value?.count ?? 0) > points);
    expect(hits.filter((hit) => hit.value?.exceeded).length).toBe(hits.length - points);
  });
});
