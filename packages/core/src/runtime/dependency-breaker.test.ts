import { afterEach, describe, expect, it } from 'vitest';
import { DependencyBreaker, DependencyUnavailableError } from './dependency-breaker.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ level: 'silent', name: 'breaker-test' });
const opened: DependencyBreaker[] = [];

afterEach(() => {
  for (const breaker of opened.splice(0)) breaker.close();
});

function breaker(options: Partial<ConstructorParameters<typeof DependencyBreaker>[0]> = {}): DependencyBreaker {
  const made = new DependencyBreaker(
    { name: 'redis', resetMs: 60_000, probe: () => Promise.reject(new Error('still down')), ...options },
    logger,
  );
  opened.push(made);
  return made;
}

const ok = (b: DependencyBreaker) => b.observe(Promise.resolve('ok'));
const failing = (b: DependencyBreaker) =>
  b.observe(Promise.reject(new Error('Command timed out'))).catch(() => 'failed');

describe('DependencyBreaker', () => {
  it('opens on failures in a row, though its window is full of the successes from before the stall', async () => {
    const b = breaker();
    for (let i = 0; i < 500; i++) await ok(b);
    await failing(b);
    await failing(b);
    expect(b.state).toBe('closed');
    await failing(b);
    expect(b.state).toBe('open');
    expect(b.available).toBe(false);
    // Refused at once from then on, without calling.
    let called = false;
    await expect(
      b.run(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(called).toBe(false);
  });

  it('a success between failures starts the count again; errors that are not failures never count', async () => {
    // The window's share alone would open it here (2 of 3 failed): this test is about failures in a row.
    const b = breaker({ errorPercent: 99, isFailure: (error) => (error as Error).message !== 'WRONGTYPE' });
    for (let round = 0; round < 10; round++) {
      await failing(b);
      await failing(b);
      await ok(b);
    }
    for (let i = 0; i < 10; i++) await b.observe(Promise.reject(new Error('WRONGTYPE'))).catch(() => undefined);
    expect(b.state).toBe('closed');
  });

  it('opens on the share of failures in its window too (a dependency failing often, never three in a row)', async () => {
    const b = breaker({ minCalls: 10, errorPercent: 50 });
    for (let i = 0; i < 12; i++) {
      await failing(b);
      await failing(b);
      await ok(b);
    }
    expect(b.state).toBe('open');
  });

  it("closes after its own probe succeeds once the reset interval has passed, never through a request's call", async () => {
    let probes = 0;
    const b = breaker({
      resetMs: 100,
      probe: async () => {
        probes += 1;
      },
    });
    for (let i = 0; i < 3; i++) await failing(b);
    expect(b.state).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(probes).toBe(1);
    expect(b.state).toBe('closed');
  });
});
