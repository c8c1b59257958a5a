import type { Config, Logger, SubgraphName } from '@tradesage/core';
import CircuitBreaker from 'opossum';

/**
 * One circuit breaker per subgraph (opossum), so that a subgraph that is down or stalled costs its
 * callers nothing but a fast error instead of a deadline each, and gets room to recover:
 *
 * - closed: calls go through; each failure (no answer, the deadline, a 5xx) is counted in a rolling
 *   window. Once the window holds `minCalls` calls and more than `errorPercent`% of them failed, it opens.
 * - open: every call fails at once, without reaching the subgraph, for `resetMs`.
 * - half_open: one call (the probe) goes through, every other call still fails at once; the probe's
 *   success closes the breaker, its failure opens it for another `resetMs`.
 *
 * This registry is how the rest of the gateway sees the breakers: `state(name)` for health reports
 * and metrics, `onStateChange` for whoever wants each transition.
 */

export type BreakerState = 'closed' | 'open' | 'half_open';

export type BreakerSettings = Config['subgraphCalls']['breaker'];

export interface BreakerStateChange {
  readonly subgraph: SubgraphName;
  readonly state: BreakerState;
}

/** What a breaker counted in its rolling window. */
export interface BreakerWindow {
  /** Calls that reached the subgraph. */
  readonly calls: number;
  readonly failures: number;
  /** Calls refused by the open breaker, never sent. */
  readonly rejected: number;
}

/** Thrown for a call the breaker refused: it never reached the subgraph. */
export class BreakerOpenError extends Error {
  readonly subgraph: SubgraphName;
  constructor(subgraph: SubgraphName) {
    super(`the ${subgraph} subgraph's circuit breaker is open`);
    this.name = 'BreakerOpenError';
    this.subgraph = subgraph;
  }
}

type Attempt<T> = () => Promise<T>;

export class SubgraphBreakers {
  readonly #breakers = new Map<SubgraphName, CircuitBreaker<[Attempt<unknown>], unknown>>();
  readonly #listeners = new Set<(change: BreakerStateChange) => void>();
  readonly #logger: Logger;

  constructor(subgraphs: readonly SubgraphName[], settings: BreakerSettings, logger: Logger) {
    this.#logger = logger;
    for (const subgraph of subgraphs) {
      const breaker = new CircuitBreaker((attempt: Attempt<unknown>) => attempt(), {
        name: subgraph,
        // The deadline is the caller's (it aborts the request itself); opossum's own would only
        // stop waiting and leave the socket busy.
        timeout: false,
        errorThresholdPercentage: settings.errorPercent,
        volumeThreshold: settings.minCalls,
        rollingCountTimeout: settings.windowMs,
        rollingCountBuckets: 10,
        resetTimeout: settings.resetMs,
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      });
      breaker.on('open', () => this.#changed(subgraph, 'open'));
      breaker.on('halfOpen', () => this.#changed(subgraph, 'half_open'));
      breaker.on('close', () => this.#changed(subgraph, 'closed'));
      this.#breakers.set(subgraph, breaker);
    }
  }

  /**
   * Runs one attempt at the subgraph through its breaker. A rejection of `attempt` counts as a
   * failure; while the breaker is open (or half-open with its probe out) `attempt` is not run and
   * a BreakerOpenError is thrown instead.
   */
  async run<T>(subgraph: SubgraphName, attempt: Attempt<T>): Promise<T> {
    const breaker = this.#breaker(subgraph);
    try {
      return (await breaker.fire(attempt)) as T;
    } catch (error) {
      if (error instanceof Error && CircuitBreaker.isOurError(error)) throw new BreakerOpenError(subgraph);
      throw error;
    }
  }

  state(subgraph: SubgraphName): BreakerState {
    const breaker = this.#breaker(subgraph);
    return breaker.opened || breaker.isShutdown ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** Every subgraph's state, in the order the registry was given them. */
  states(): Record<SubgraphName, BreakerState> {
    return Object.fromEntries([...this.#breakers.keys()].map((name) => [name, this.state(name)])) as Record<
      SubgraphName,
      BreakerState
    >;
  }

  window(subgraph: SubgraphName): BreakerWindow {
    const stats = this.#breaker(subgraph).stats;
    return { calls: stats.fires - stats.rejects, failures: stats.failures, rejected: stats.rejects };
  }

  /** Calls `listener` on every transition of any breaker; returns the function that stops it. */
  onStateChange(listener: (change: BreakerStateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the breakers' timers; every later call is refused. */
  close(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
  }

  #breaker(subgraph: SubgraphName): CircuitBreaker<[Attempt<unknown>], unknown> {
    const breaker = this.#breakers.get(subgraph);
    if (!breaker) throw new Error(`no circuit breaker for subgraph "${subgraph}"`);
    return breaker;
  }

  #changed(subgraph: SubgraphName, state: BreakerState): void {
    const window = this.window(subgraph);
    if (state === 'open') this.#logger.warn({ subgraph, ...window }, 'subgraph circuit breaker opened');
    else this.#logger.info({ subgraph, state }, 'subgraph circuit breaker changed state');
    for (const listener of this.#listeners) {
      try {
        listener({ subgraph, state });
      } catch (error) {
        // A listener (metrics, alerts) must never break the breaker that called it.
        this.#logger.error({ err: error, subgraph }, 'circuit breaker listener failed');
      }
    }
  }
}
