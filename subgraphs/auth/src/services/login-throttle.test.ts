import crypto from 'node:crypto';
import { createLogger } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, LoginThrottle, throttleDelayMs } from './login-throttle.ts';

const logger = createLogger({ level: 'silent', name: 'test' });

/** An in-memory throttle whose delays are recorded instead of waited. */
function throttle() {
  const delays: number[] = [];
  const instance = new LoginThrottle(undefined, logger, {
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { instance, delays };
}

/** The retry hint of a RATE_LIMITED refusal, in seconds (fails the test on any other outcome). */
function retryAfter(refused: { code?: string; details?: Record<string, unknown> } | null): unknown {
  expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
  return refused?.details?.['retryAfterSeconds'];
}

const tenant = () => crypto.randomUUID();

async function codeOf(promise: Promise<unknown>): Promise<{ code?: string; details?: Record<string, unknown> } | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error as { code?: string; details?: Record<string, unknown> };
  }
}

describe('login throttling per address', () => {
  it('delays attempts from the 10th failure on, doubling from 250 ms up to 2 s', () => {
    expect([0, 9, 10, 11, 12, 13, 14, 29].map(throttleDelayMs)).toEqual([0, 0, 250, 500, 1000, 2000, 2000, 2000]);
  });

  it('waits (with a timer) before checking once an address has 10 failures', async () => {
    const { instance, delays } = throttle();
    const t = tenant();
    for (let i = 0; i < 9; i++) await instance.afterFailure(t, '198.51.100.1', 'victim@example.com');
    expect(await instance.beforeAttempt(t, '198.51.100.1')).toEqual({ delayedMs: 0 });
    await instance.afterFailure(t, '198.51.100.1', 'victim@example.com');
    expect(await instance.beforeAttempt(t, '198.51.100.1')).toEqual({ delayedMs: 250 });
    await instance.afterFailure(t, '198.51.100.1', 'victim@example.com');
    await instance.beforeAttempt(t, '198.51.100.1');
    expect(delays).toEqual([250, 500]);
    // Another address and another tenant are not affected.
    expect(await instance.beforeAttempt(t, '198.51.100.2')).toEqual({ delayedMs: 0 });
    expect(await instance.beforeAttempt(tenant(), '198.51.100.1')).toEqual({ delayedMs: 0 });
  });

  it('refuses an address with RATE_LIMITED and a retry hint after 30 failures, for 15 minutes', async () => {
    const { instance } = throttle();
    const t = tenant();
    const blocks = [];
    for (let i = 0; i < LOGIN_THROTTLE.rejectAfterFailures - 1; i++)
      blocks.push((await instance.afterFailure(t, '203.0.113.9', 'a@example.com')).blocked);
    expect(blocks.every((b) => b === null)).toBe(true);
    expect(await codeOf(instance.beforeAttempt(t, '203.0.113.9'))).toBeNull();
    expect((await instance.afterFailure(t, '203.0.113.9', 'a@example.com')).blocked).toEqual({
      reason: 'address_failures',
      seconds: 900,
    });
    const wait = retryAfter(await codeOf(instance.beforeAttempt(t, '203.0.113.9')));
    expect(wait).toBeGreaterThan(890);
    expect(wait).toBeLessThanOrEqual(900);
  });
});

describe('password spraying', () => {
  it('refuses an address that failed on more than 20 distinct accounts within an hour', async () => {
    const { instance } = throttle();
    const t = tenant();
    for (let i = 0; i < LOGIN_THROTTLE.sprayAccounts; i++) {
      expect((await instance.afterFailure(t, '192.0.2.7', `user${i}@example.com`)).blocked).toBeNull();
    }
    expect(await codeOf(instance.beforeAttempt(t, '192.0.2.7'))).toBeNull();
    expect((await instance.afterFailure(t, '192.0.2.7', 'user-21@example.com')).blocked).toEqual({
      reason: 'spraying',
      seconds: 3600,
    });
    expect(retryAfter(await codeOf(instance.beforeAttempt(t, '192.0.2.7')))).toBeGreaterThan(3500);
  });

  it('counts an account once however often it is tried, and case variants as one account', async () => {
    const { instance } = throttle();
    const t = tenant();
    for (let i = 0; i < 25; i++)
      await instance.afterFailure(t, '192.0.2.8', i % 2 ? 'Same@Example.com' : 'same@example.com');
    expect(await codeOf(instance.beforeAttempt(t, '192.0.2.8'))).toBeNull();
  });
});

describe('attempts per minute (the tenant setting rateLimits.loginAttemptsPerMinute)', () => {
  it('allows the tenant its own number of attempts per address, then refuses with scope login', async () => {
    const { instance } = throttle();
    const t = tenant();
    for (let i = 0; i < 3; i++) expect(await codeOf(instance.beforeAttempt(t, '198.51.100.30', 3))).toBeNull();
    const refused = await codeOf(instance.beforeAttempt(t, '198.51.100.30', 3));
    expect(retryAfter(refused)).toBeLessThanOrEqual(LOGIN_THROTTLE.attemptWindowSeconds);
    expect(refused?.details).toMatchObject({ scope: 'login', limit: 3, windowSeconds: 60 });
    // Another address, and another tenant, have budgets of their own.
    expect(await codeOf(instance.beforeAttempt(t, '198.51.100.31', 3))).toBeNull();
    expect(await codeOf(instance.beforeAttempt(tenant(), '198.51.100.30', 3))).toBeNull();
    // A tenant that allows more lets the same address on (the count is one, the limit its own).
    expect(await codeOf(instance.beforeAttempt(t, '198.51.100.30', 10))).toBeNull();
  });

  it('defaults to 20 attempts, and an attempt given back does not count', async () => {
    const { instance } = throttle();
    const t = tenant();
    for (let i = 0; i < 20; i++) await instance.beforeAttempt(t, '198.51.100.32');
    await instance.refundAttempt(t, '198.51.100.32');
    expect(await codeOf(instance.beforeAttempt(t, '198.51.100.32'))).toBeNull();
    expect(retryAfter(await codeOf(instance.beforeAttempt(t, '198.51.100.32')))).toBeGreaterThan(0);
  });
});
