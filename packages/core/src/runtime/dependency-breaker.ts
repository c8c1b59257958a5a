import CircuitBreaker from 'opossum';
import type { Logger } from './logger.ts';
import type { BreakerState } from './observability/metrics.ts';

/** The dependencies every process has, each behind its own breaker. */
export type DependencyName = 'postgres' | 'redis';

/** A call the breaker refused without trying: the dependency is known to be down or stalled. */
export class DependencyUnavailableError extends Error {
  readonly dependency: DependencyName;
  constructor(dependency: DependencyName) {
    super(`${dependency} is unavailable (circuit breaker open)`);
    this.name = 'DependencyUnavailableError';
    this.dependency = dependency;
  }
}

export interface DependencyBreakerOptions {
  readonly name: DependencyName;
  /** How long the open breaker refuses before it runs `probe` (half-open). */
  readonly resetMs: number;
  /**
   * The half-open trial, never a request's own call: a request never waits on a dependency the
   * breaker believes down. Resolves when the dependency answers; its success closes the breaker.
   */
  readonly probe: () => Promise<unknown>;
  /** Which errors say the dependency failed (default: every error). A refused statement or a Redis reply error does not. */
  readonly isFailure?: (error: unknown) => boolean;
  /** The breaker opens when more than `errorPercent`% of the calls in the window failed... */
  readonly errorPercent?: number;
  /** ...once the window holds at least `minCalls` calls. */
  readonly minCalls?: number;
  readonly windowMs?: number;
  /**
   * ...or as soon as this many calls in a row failed (default 3). A window full of the successes
   * from before a stall would otherwise keep the breaker closed for seconds while every call waits
   * out its deadline.
   */
  readonly consecutiveFailures?: number;
}

/** What the breaker counted in its rolling window. */
export interface DependencyBreakerWindow {
  readonly calls: number;
  readonly failures: number;
  /** Calls refused while the breaker was open, never sent. */
  readonly rejected: number;
}

/**
 * The circuit breaker of one dependency of this process (opossum), so that a dependency that is
 * down or stalled costs a request a fast refusal instead of a deadline per call:
 *
 * - closed: calls go through (`observe` counts their outcome; each call keeps its own deadline,
 *   the client's command or connection timeout). It opens once `consecutiveFailures` calls in a
 *   row failed (a dependency that stopped answering), or once the window holds `minCalls` calls
 *   and more than `errorPercent`% failed (one that fails often).
 * - open: `available` is false; callers skip the dependency (Postgres instead of Redis, the memory
 *   limiter instead of Redis counters, 503 instead of the database) without waiting at all.
 * - half_open after `resetMs`: the breaker runs `probe` once. Success closes it, failure opens it
 *   for another `resetMs`. Requests keep being refused while the probe runs: none of them is the trial.
 */
export class DependencyBreaker {
  readonly name: DependencyName;
  readonly #breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  readonly #listeners = new Set<(state: BreakerState) => void>();
  readonly #logger: Logger;
  readonly #probe: () => Promise<unknown>;
  #rejected = 0;
  #failuresInARow = 0;

  constructor(options: DependencyBreakerOptions, logger: Logger) {
    this.name = options.name;
    this.#logger = logger;
    this.#probe = options.probe;
    const isFailure = options.isFailure ?? (() => true);
    this.#breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      name: options.name,
      // Each call has its own deadline (ioredis' command timeout, pg's connection timeout).
      timeout: false,
      errorThresholdPercentage: options.errorPercent ?? 50,
      volumeThreshold: options.minCalls ?? 5,
      rollingCountTimeout: options.windowMs ?? 10_000,
      rollingCountBuckets: 10,
      resetTimeout: options.resetMs,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // opossum: true means "not a failure".
      errorFilter: (error: unknown) => !isFailure(error),
    });
    const consecutiveFailures = options.consecutiveFailures ?? 3;
    this.#breaker.on('failure', () => {
      this.#failuresInARow += 1;
      if (this.#failuresInARow >= consecutiveFailures && this.#breaker.closed) this.#breaker.open();
    });
    this.#breaker.on('success', () => {
      this.#failuresInARow = 0;
    });
    this.#breaker.on('open', () => this.#changed('open'));
    this.#breaker.on('halfOpen', () => {
      this.#changed('half_open');
      // The trial: opossum lets exactly one call through while half-open.
      this.#breaker.fire(() => this.#probe()).catch(() => undefined);
    });
    this.#breaker.on('close', () => this.#changed('closed'));
  }

  get state(): BreakerState {
    const breaker = this.#breaker;
    return breaker.opened || breaker.isShutdown ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** Closed: calls may go to the dependency. Otherwise callers take their fallback at once. */
  get available(): boolean {
    return this.#breaker.closed && !this.#breaker.isShutdown;
  }

  /**
   * Counts the outcome of a call already made to the dependency, and returns it unchanged. The
   * caller checked `available` first (`run` does both).
   */
  observe<T>(call: Promise<T>): Promise<T> {
    this.#breaker.fire(() => call).catch(() => undefined);
    return call;
  }

  /** Makes the call when the breaker is closed, counting its outcome; refuses at once otherwise. */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (!this.available) return Promise.reject(this.refusal());
    return this.observe(call());
  }

  /** The error of a refused call (counted in the window's `rejected`). */
  refusal(): DependencyUnavailableError {
    this.#rejected += 1;
    return new DependencyUnavailableError(this.name);
  }

  window(): DependencyBreakerWindow {
    const stats = this.#breaker.stats;
    return { calls: stats.fires, failures: stats.failures, rejected: this.#rejected };
  }

  /** Calls `listener` on every transition; returns the function that stops it. */
  onStateChange(listener: (state: BreakerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the breaker's timers (process shutdown); it then refuses every call. */
  close(): void {
    this.#breaker.shutdown();
  }

  #changed(state: BreakerState): void {
    if (state === 'open') this.#logger.warn({ dependency: this.name, ...this.window() }, 'dependency breaker opened');
    else this.#logger.info({ dependency: this.name, state }, 'dependency breaker changed state');
    for (const listener of this.#listeners) {
      try {
        listener(state);
      } catch (error) {
        // A listener (metrics, the cache's trust) must never break the breaker that called it.
        this.#logger.error({ err: (error as Error).message, dependency: this.name }, 'breaker listener failed');
      }
    }
  }
}
