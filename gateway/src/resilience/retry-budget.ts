/**
 * How many retries one subgraph's calls may add, so that retries cannot multiply the load on a
 * subgraph that is already failing (the "retry budget" of Finagle and Apollo Router). Every call
 * earns `percent`/100 of a retry and every retry spends a whole one; a reserve of `reserve` retries,
 * refilled by those earnings and never above it, lets a quiet gateway retry a passing blip. Over any
 * stretch of time, retries <= reserve + percent% of calls.
 *
 * Counted in hundredths of a retry, so ten calls at 10% earn exactly one (no floating-point drift).
 */
export class RetryBudget {
  readonly #earnedPerCall: number;
  readonly #capacity: number;
  #balance: number;

  constructor(percent: number, reserve = RETRY_RESERVE) {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError('percent: 0..100');
    this.#earnedPerCall = percent;
    this.#capacity = reserve * 100;
    this.#balance = this.#capacity;
  }

  /** A call (its first attempt) earns its share of a retry. */
  deposit(): void {
    this.#balance = Math.min(this.#capacity, this.#balance + this.#earnedPerCall);
  }

  /** Spends one retry; false (and nothing spent) when the budget has none left. */
  withdraw(): boolean {
    if (this.#balance < 100) return false;
    this.#balance -= 100;
    return true;
  }
}

/** Retries a gateway may make before its calls have earned any: a blip on a quiet gateway. */
export const RETRY_RESERVE = 10;
