import { fork, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Load generators run in a child process, so their own work does not compete with the servers'
 * event loop: the parent sends one job and the child answers once, with the result or the error.
 */
type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

/** In the parent: forks `worker` (a URL of a file beside this one), sends `job`, resolves with its result. */
export function runInWorker<T>(worker: URL, job: Serializable, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // fork reuses this process's execArgv, so the child gets the same TypeScript loader (tsx).
    const child = fork(fileURLToPath(worker), { serialization: 'json' });
    let settled = false;
    child.once('message', (reply: Reply<T>) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`${what} failed: ${reply.error}`));
    });
    child.once('error', (error) => {
      settled = true;
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`${what} exited (${signal ?? code}) before reporting`));
    });
    child.send(job);
  });
}

/** In the child: runs the one job it is sent, answers, and exits. */
export function serveJob<J, T>(run: (job: J) => Promise<T>): void {
  process.once('message', (job: J) => {
    run(job).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.(
          { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          () => process.exit(1),
        ),
    );
  });
}
