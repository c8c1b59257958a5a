import os from 'node:os';
import { Piscina } from 'piscina';
import { AppError } from '../errors.ts';

/** Default queued hashes per thread: ~2 s of waiting at cost 12 (~260 ms a hash). */
const QUEUE_PER_THREAD = 8;

type Task = { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; hash: string };

/**
 * bcrypt reads at most 72 bytes; longer input would be silently truncated, so it is refused
 * (PASSWORD_TOO_LONG), never pre-hashed: see password-policy.ts, which refuses it with a clear
 * message before anything is hashed. This check is the last line of defence.
 */
export const BCRYPT_MAX_BYTES = 72;

/**
 * The form a password is checked, counted and hashed in: Unicode NFC (NIST SP 800-63B-4
 * §3.1.1.2), so "é" typed as one code point or as "e" + combining accent is the same password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * bcrypt (bcryptjs) on a worker-thread pool sized to the CPU count, with a bounded queue:
 * a login storm gets BUSY with a retry hint instead of unbounded latency, and the event
 * loop stays responsive.
 */
export class PasswordHasher {
  readonly #pool: Piscina<Task, string | boolean>;
  readonly cost: number;
  /** A hash of a random password, verified against when the user does not exist, so timing does not reveal it. */
  #dummyHash: Promise<string> | undefined;

  constructor(options: { cost: number; threads?: number | undefined; maxQueue?: number | undefined }) {
    this.cost = options.cost;
    const threads = options.threads ?? Math.max(1, os.availableParallelism());
    this.#pool = new Piscina({
      filename: new URL('./password-worker.mjs', import.meta.url).href,
      minThreads: 1,
      maxThreads: threads,
      // Bounded so a storm waits seconds, not minutes: past it callers get BUSY and retry.
      maxQueue: options.maxQueue ?? threads * QUEUE_PER_THREAD,
      idleTimeout: 30_000,
      // Strict first-in first-out. Piscina's default sends a queued task it cannot place yet to the
      // back of the queue each time a worker frees up, so under a storm some logins wait far longer
      // than the queue bound implies (seen: 25 s with 21 queued at cost 12), past the gateway timeout.
      stricterFIFO: true,
    });
  }

  async hash(password: string): Promise<string> {
    const normalized = normalizePassword(password);
    assertLength(normalized);
    return (await this.#run({ op: 'hash', password: normalized, cost: this.cost })) as string;
  }

  async verify(candidate: string, hash: string | null | undefined): Promise<boolean> {
    const password = normalizePassword(candidate);
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
      // Still spend the time of a real comparison.
      await this.#run({ op: 'verify', password: 'x', hash: await this.dummyHash() });
      return false;
    }
    if (!hash) {
      await this.#run({ op: 'verify', password, hash: await this.dummyHash() });
      return false;
    }
    return (await this.#run({ op: 'verify', password, hash })) as boolean;
  }

  /** True when the hash was made with a different cost than configured (upgrade on login). */
  needsRehash(hash: string): boolean {
    const match = /^\$2[aby]\$(\d{2})\$/.exec(hash);
    return !match || Number(match[1]) !== this.cost;
  }

  dummyHash(): Promise<string> {
    this.#dummyHash ??= this.#run({ op: 'hash', password: crypto.randomUUID(), cost: this.cost }) as Promise<string>;
    return this.#dummyHash;
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }

  async #run(task: Task): Promise<string | boolean> {
    if (this.#pool.queueSize >= this.#pool.options.maxQueue) throw busy();
    try {
      return await this.#pool.run(task);
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw busy();
      throw error;
    }
  }
}

function assertLength(password: string): void {
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
    throw new AppError('PASSWORD_TOO_LONG', `Password must be at most ${BCRYPT_MAX_BYTES} bytes`, {
      details: { field: 'password', maxBytes: BCRYPT_MAX_BYTES },
    });
  }
}

function busy(): AppError {
  return new AppError('BUSY', 'The service is busy, please retry shortly', { details: { retryAfterSeconds: 1 } });
}
