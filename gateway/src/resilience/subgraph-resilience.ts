import { setTimeout as sleep } from 'node:timers/promises';
import { SUBGRAPH_NAMES, type Config, type Logger, type SubgraphName } from '@tradesage/core';
import { isQueryRequest } from './idempotent-request.ts';
import { RetryBudget } from './retry-budget.ts';
import {
  BreakerOpenError,
  SubgraphBreakers,
  type BreakerState,
  type BreakerStateChange,
  type BreakerWindow,
} from './subgraph-breakers.ts';

export type SubgraphCallSettings = Config['subgraphCalls'];

/**
 * How one attempt at a subgraph ended: `ok` (any answer below 500, the subgraph's own refusals
 * included, and a 5xx answer with `Retry-After`: the subgraph saying deliberately when to come
 * back, as it does when its database is down), `server_error` (any other 5xx answer), `timeout` (no answer within the subgraph's deadline),
 * `unreachable` (no connection, or it broke before an answer), `rejected` (the breaker refused it; it
 * never left the gateway).
 */
export type AttemptOutcome = 'ok' | 'server_error' | 'timeout' | 'unreachable' | 'rejected';

export interface SubgraphAttempt {
  readonly subgraph: SubgraphName;
  /** 1 for a call's first attempt, 2 and more for its retries. */
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly durationMs: number;
}

/** Why the gateway has no answer from a subgraph: the client is told only which subgraph. */
export type UnavailableReason = Extract<AttemptOutcome, 'timeout' | 'unreachable' | 'rejected'>;

export class SubgraphUnavailableError extends Error {
  readonly subgraph: SubgraphName;
  readonly reason: UnavailableReason;
  constructor(subgraph: SubgraphName, reason: UnavailableReason, options: { cause?: unknown } = {}) {
    super(`no answer from the ${subgraph} subgraph (${reason})`, options);
    this.name = 'SubgraphUnavailableError';
    this.subgraph = subgraph;
    this.reason = reason;
  }
}

type AttemptResult =
  { outcome: 'ok' | 'server_error'; response: Response } | { outcome: UnavailableReason; error: unknown };

/** An answer of 500 and above: the subgraph's breaker counts it as a failure. */
class ServerErrorAnswer extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super(`answered HTTP ${response.status}`);
    this.response = response;
  }
}

/**
 * The gateway's calls to its subgraphs: each with that subgraph's deadline, through that
 * subgraph's circuit breaker, and retried when that is safe and affordable:
 *
 * - only a query (never a mutation: see isQueryRequest), only when the subgraph could not be
 *   reached or answered 503, at most `retries` times, each after a random wait up to
 *   `backoffMs` × 2^(n-1) (full jitter, so retries of many calls do not arrive together), and
 *   only while the subgraph's retry budget allows (RetryBudget: retries add at most
 *   `budgetPercent`% to its calls);
 * - never after a timeout: the subgraph's deadline covers the whole call, retries and waits
 *   included, so a client never waits longer than that for one subgraph; and a subgraph that does
 *   not answer in time is more likely overloaded than unlucky.
 *
 * Also the registry other parts of the gateway read: breaker states and their changes, and every
 * attempt with its outcome and duration (metrics hook onto `onStateChange` and `onAttempt`).
 */
export class SubgraphResilience {
  readonly breakers: SubgraphBreakers;
  readonly #settings: SubgraphCallSettings;
  readonly #budgets: ReadonlyMap<SubgraphName, RetryBudget>;
  readonly #attemptListeners = new Set<(attempt: SubgraphAttempt) => void>();
  readonly #logger: Logger;

  constructor(settings: SubgraphCallSettings, logger: Logger, subgraphs: readonly SubgraphName[] = SUBGRAPH_NAMES) {
    this.#settings = settings;
    this.#logger = logger;
    this.breakers = new SubgraphBreakers(subgraphs, settings.breaker, logger);
    this.#budgets = new Map(subgraphs.map((name) => [name, new RetryBudget(settings.retry.budgetPercent)]));
  }

  state(subgraph: SubgraphName): BreakerState {
    return this.breakers.state(subgraph);
  }

  states(): Record<SubgraphName, BreakerState> {
    return this.breakers.states();
  }

  window(subgraph: SubgraphName): BreakerWindow {
    return this.breakers.window(subgraph);
  }

  onStateChange(listener: (change: BreakerStateChange) => void): () => void {
    return this.breakers.onStateChange(listener);
  }

  /** Calls `listener` after every attempt at any subgraph; returns the function that stops it. */
  onAttempt(listener: (attempt: SubgraphAttempt) => void): () => void {
    this.#attemptListeners.add(listener);
    return () => this.#attemptListeners.delete(listener);
  }

  close(): void {
    this.breakers.close();
  }

  /**
   * `fetch` for one subgraph's calls over `base`. Resolves with the subgraph's answer (a 5xx one
   * included, once no retry is left); rejects with SubgraphUnavailableError when there is none.
   * The caller's signal is the call's deadline (fetcherWithTimeout): it covers every attempt and
   * the waits between them.
   */
  fetcher(subgraph: SubgraphName, base: typeof fetch): typeof fetch {
    const budget = this.#budgets.get(subgraph);
    if (!budget) throw new Error(`no retry budget for subgraph "${subgraph}"`);
    const { retries, backoffMs } = this.#settings.retry;
    const call = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const deadline = init?.signal ?? undefined;
      budget.deposit();
      let repeatable: boolean | undefined;
      for (let attempt = 1; ; attempt++) {
        const result = await this.#attempt(subgraph, attempt, deadline, () => base(input, init));
        const retryable =
          result.outcome === 'unreachable' || (result.outcome === 'server_error' && result.response.status === 503);
        // Cheapest checks first; the budget is spent only on a retry that happens.
        if (retryable && attempt <= retries && (repeatable ??= isQueryRequest(init?.body)) && budget.withdraw()) {
          if ('response' in result) await result.response.body?.cancel();
          if (await waitedOut(Math.random() * backoffMs * 2 ** (attempt - 1), deadline)) continue;
          throw new SubgraphUnavailableError(subgraph, 'timeout');
        }
        if ('response' in result) return result.response;
        throw new SubgraphUnavailableError(subgraph, result.outcome, { cause: result.error });
      }
    };
    return call as typeof fetch;
  }

  async #attempt(
    subgraph: SubgraphName,
    attempt: number,
    deadline: AbortSignal | undefined,
    send: () => Promise<Response>,
  ): Promise<AttemptResult> {
    const started = performance.now();
    let result: AttemptResult;
    try {
      const response = await this.breakers.run(subgraph, async () => {
        const answer = await send();
        // A 503 with Retry-After is the subgraph working and refusing for now (its database is
        // down: every subgraph shares it): opening this subgraph's breaker, or retrying at once,
        // would only keep the client from it longer once the database is back.
        if (answer.status >= 500 && !answer.headers.has('retry-after')) throw new ServerErrorAnswer(answer);
        return answer;
      });
      result = { outcome: 'ok', response };
    } catch (error) {
      if (error instanceof ServerErrorAnswer) result = { outcome: 'server_error', response: error.response };
      else if (error instanceof BreakerOpenError) result = { outcome: 'rejected', error };
      else result = { outcome: deadline?.aborted ? 'timeout' : 'unreachable', error };
    }
    this.#emitAttempt({ subgraph, attempt, outcome: result.outcome, durationMs: performance.now() - started });
    return result;
  }

  #emitAttempt(attempt: SubgraphAttempt): void {
    for (const listener of this.#attemptListeners) {
      try {
        listener(attempt);
      } catch (error) {
        this.#logger.error({ err: error, subgraph: attempt.subgraph }, 'subgraph attempt listener failed');
      }
    }
  }
}

/** Waits `ms`; false when the deadline passes first. */
async function waitedOut(ms: number, deadline: AbortSignal | undefined): Promise<boolean> {
  if (deadline?.aborted) return false;
  try {
    await sleep(ms, undefined, deadline ? { signal: deadline } : {});
    return true;
  } catch (error) {
    if (deadline?.aborted) return false;
    throw error;
  }
}
