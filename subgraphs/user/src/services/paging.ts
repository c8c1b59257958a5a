import { BadInputError } from '@tradesage/core';

/** A list's `first` argument: `fallback` when absent, else an integer 1..max (BAD_USER_INPUT naming `first`). */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max)
    throw new BadInputError('BAD_USER_INPUT', `first must be between 1 and ${max}`, { field: 'first' });
  return size;
}
