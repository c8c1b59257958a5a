import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from './dependency-breaker.ts';
import { findAppError } from './errors.ts';
import { isRedisUnavailable } from './redis-unavailable.ts';

describe('isRedisUnavailable', () => {
  it("knows Redis's breaker refusing and ioredis giving up on a command", () => {
    expect(isRedisUnavailable(new DependencyUnavailableError('redis'))).toBe(true);
    expect(isRedisUnavailable(new Error('Command timed out'))).toBe(true);
    expect(isRedisUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).toBe(true);
  });

  it("is not the database's breaker, a reply error, or a message that merely mentions a timeout", () => {
    expect(isRedisUnavailable(new DependencyUnavailableError('postgres'))).toBe(false);
    expect(isRedisUnavailable(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(
      false,
    );
    expect(isRedisUnavailable(new Error('Command timed out while parsing your input'))).toBe(false);
    expect(isRedisUnavailable('Command timed out')).toBe(false);
  });

  it('is SERVICE_UNAVAILABLE for the client, with when to retry and nothing of why', () => {
    const error = findAppError(new Error('wrapped', { cause: new DependencyUnavailableError('redis') }));
    expect(error?.code).toBe('SERVICE_UNAVAILABLE');
    expect(error?.details).toEqual({ retryAfterSeconds: 1 });
    expect(error?.message).not.toMatch(/redis|breaker/i);
  });
});
