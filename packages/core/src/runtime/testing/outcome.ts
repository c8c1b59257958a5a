import { findAppError } from '../errors.ts';

/**
 * What `run` returns, or else the code of the AppError it throws ('thrown' for any other error):
 * so a test can compare a whole table of inputs and outcomes in one assertion.
 */
export function outcomeOf<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    return findAppError(error)?.code ?? 'thrown';
  }
}
