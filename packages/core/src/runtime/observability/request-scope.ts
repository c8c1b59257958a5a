import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of code runs for, carried through every await of that request: the logger
 * adds its id to each line written meanwhile and the tracer to each span, so no call site has to
 * pass it on. Entered by the gateway and by each subgraph once the body is read (an async context
 * entered earlier would be lost in the body parser's stream callbacks).
 */
export interface RequestScope {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request this code runs for; undefined outside any request (start-up, jobs). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
