import { isUuid } from '@tradesage/prisma';
import { BadInputError } from './errors.ts';

/**
 * Keyset pagination of lists ordered by (time, id), the one way every list of this API pages:
 * stable while rows are added, and the cursor is opaque to clients.
 */

/** A list's `first` argument: `fallback` when absent, else an integer 1..max (BAD_USER_INPUT naming `first`). */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max)
    throw new BadInputError('BAD_USER_INPUT', `first must be between 1 and ${max}`, { field: 'first' });
  return size;
}

export interface Page<N> {
  readonly edges: Array<{ readonly cursor: string; readonly node: N }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** A page from `rows`, read with one row more than `size`: that row only tells that another page follows. */
export function pageOf<R, N = R>(
  rows: readonly R[],
  size: number,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => N = (row) => row as unknown as N,
): Page<N> {
  const edges = rows.slice(0, size).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The cursor of a row: base64url of "<ISO time>|<id>". */
export function encodeCursor(at: Date, id: string | bigint): string {
  return Buffer.from(`${at.toISOString()}|${id.toString()}`, 'utf8').toString('base64url');
}

/** Row ids are UUIDs, or serial numbers (append-only logs). */
export type CursorIdKind = 'uuid' | 'serial';

const SERIAL = /^\d{1,19}$/;

/** The (time, id) a cursor names; BAD_USER_INPUT naming `after` when it is not a cursor of this kind. */
export function decodeCursor(cursor: string, kind: 'uuid'): { at: Date; id: string };
export function decodeCursor(cursor: string, kind: 'serial'): { at: Date; id: bigint };
export function decodeCursor(cursor: string, kind: CursorIdKind): { at: Date; id: string | bigint } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(time ?? '');
  const validId = id !== undefined && (kind === 'uuid' ? isUuid(id) : SERIAL.test(id));
  if (!validId || Number.isNaN(at.getTime())) {
    throw new BadInputError('BAD_USER_INPUT', 'after is not a valid cursor', { field: 'after' });
  }
  return { at, id: kind === 'uuid' ? id : BigInt(id) };
}
