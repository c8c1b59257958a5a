import { runInWorker } from './worker.ts';

/** Requests timed one after another (serialisable: it crosses to a child process, sequential-worker.ts). */
export interface SequentialJob {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Sent with POST; GET without one. */
  readonly body?: string;
  /** Untimed requests first (the first answers of a new shape run cold code). */
  readonly warmup: number;
  readonly count: number;
  /** Every answer must have a status in this range and hold `body`; the run fails otherwise. */
  readonly expect: { readonly statusFrom: number; readonly statusTo: number; readonly body?: string };
}

/** Each timed request's latency in ms, send to last byte. */
export function runSequential(job: SequentialJob): Promise<number[]> {
  return runInWorker(new URL('./sequential-worker.ts', import.meta.url), job, `timed requests (${job.name})`);
}
