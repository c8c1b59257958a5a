import { isUuid } from '@tradesage/prisma';
import { BadInputError } from './errors.ts';

/**
 * Keyset pagination of lists ordered by (time, id), the one way every list of this API pages:
 * stable while rows are added, and the cursor is opaque to clients.
 */

/** A list's `first` argument: `fallback` when absent, else an integer 1..max (BAD_USER_INPUT naming `first`). */
function pageSize(first: number | null | undefined, fallback: number, max: number): number {
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
function pageOf<R, N = R>(
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

/** A list field's paging arguments, as the client sent them. */
export interface PageArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

/** How a list pages: its default and largest `first`, and the kind of its row ids. */
export interface PageShape<K extends CursorIdKind> {
  readonly size: readonly [fallback: number, max: number];
  readonly ids: K;
}

/** Where a page starts: the (time, id) of the last row of the page before. */
export type PageStart<K extends CursorIdKind> = { readonly at: Date; readonly id: K extends 'uuid' ? string : bigint };

/** The keys of a row that hold a time: what a list can be ordered by. */
export type TimeKeyOf<R> = { [P in keyof R]: R[P] extends Date ? P : never }[keyof R];

/** A checked page request: read `take` rows from `start`, then hand them to `of`. */
export interface PageRequest<K extends CursorIdKind> {
  /** One row more than the page holds: that row only tells that another page follows. */
  readonly take: number;
  readonly start: PageStart<K> | null;
  /** The page of the rows read, with cursors on (`orderedBy`, id). */
  of<R extends { readonly id: string | bigint }, N = R>(
    rows: readonly R[],
    orderedBy: TimeKeyOf<R>,
    nodeOf?: (row: R) => N,
  ): Page<N>;
}

/** Checks a list's `first` and `after` (BAD_USER_INPUT naming the argument) before anything is read. */
export function pageRequest<K extends CursorIdKind>(args: PageArgs, shape: PageShape<K>): PageRequest<K> {
  const size = pageSize(args.first, shape.size[0], shape.size[1]);
  const start = args.after ? (decodeCursor(args.after, shape.ids as CursorIdKind & 'uuid') as PageStart<K>) : null;
  return {
    take: size + 1,
    start,
    of: (rows, orderedBy, nodeOf) => pageOf(rows, size, (row) => encodeCursor(row[orderedBy] as Date, row.id), nodeOf),
  };
}
