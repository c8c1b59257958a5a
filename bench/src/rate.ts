import { runInWorker } from './worker.ts';

/** A fixed-rate run (serialisable: it crosses to a child process, rate-worker.ts). */
export interface RateJob {
  readonly url: string;
  /** Requests per second, sent evenly spaced. */
  readonly rate: number;
  readonly seconds: number;
  /** Connections the sender may open; a request due while all are busy waits (and that counts). */
  readonly maxSockets: number;
  readonly timeoutMs: number;
  /** Sent in turn; a good answer is HTTP 200 whose body holds `expect` and no `"errors"`. */
  readonly requests: ReadonlyArray<{
    readonly name: string;
    readonly headers: Record<string, string>;
    readonly body: string;
    readonly expect: string;
  }>;
}

export interface RateResult {
  readonly sent: number;
  /** From the first request due to the last answer. */
  readonly wallSeconds: number;
  /** Every request's latency from the moment it was due, in ms. */
  readonly latenciesMs: number[];
  readonly latenciesByNameMs: Record<string, number[]>;
  /** Failed requests by request name (transport errors, timeouts, non-200, errors in the body). */
  readonly failures: Record<string, number>;
  readonly failureExamples: string[];
  /** The sender's own worst lag behind its schedule (a busy machine delays the sender too). */
  readonly worstSendLagMs: number;
  /** The worst latency of the requests due in each second of the run: when a stall happened. */
  readonly worstBySecondMs: number[];
}

export function failedCount(result: RateResult): number {
  return Object.values(result.failures).reduce((sum, n) => sum + n, 0);
}

export function runRate(job: RateJob): Promise<RateResult> {
  return runInWorker(new URL('./rate-worker.ts', import.meta.url), job, 'fixed-rate load generator');
}
